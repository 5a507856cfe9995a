// The static export's service worker. Pages: the network first, the cache when offline.
// Everything else (content-hashed assets and audio, never changed in place): the cache first.
// Audio asks for byte ranges: they are cut from the whole cached file (206).
const CACHE = "reader";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (event) => {
  const request = event.request;
  // A request that asks not to be stored (the quick exit's forget) goes by, untouched: the
  // cache the exit is deleting must not be opened again for it.
  if (request.method !== "GET" || request.cache === "no-store" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(respond(request));
});

async function respond(request) {
  const cache = await caches.open(CACHE);
  const url = request.url.split("#")[0];
  const cached = await cache.match(url);
  const range = request.headers.get("range");
  if (cached && range) return slice(cached, range);
  if (cached && request.mode !== "navigate") return cached;
  try {
    const response = await fetch(request);
    if (response.status === 200 && !range) await cache.put(url, response.clone());
    return response;
  } catch (error) {
    if (cached) return cached;
    throw error;
  }
}

async function slice(response, range) {
  const blob = await response.blob();
  const match = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  let start = match && match[1] !== "" ? Number(match[1]) : NaN;
  let end = match && match[2] !== "" ? Number(match[2]) : blob.size - 1;
  if (match && Number.isNaN(start)) { start = Math.max(blob.size - end, 0); end = blob.size - 1; } // bytes=-N
  if (!match || start >= blob.size || start > end) {
    return new Response(null, { status: 416, headers: { "Content-Range": `bytes */${blob.size}` } });
  }
  end = Math.min(end, blob.size - 1);
  return new Response(blob.slice(start, end + 1), {
    status: 206,
    headers: {
      "Content-Type": response.headers.get("Content-Type") || "audio/mpeg",
      "Content-Range": `bytes ${start}-${end}/${blob.size}`,
      "Content-Length": String(end - start + 1),
      "Accept-Ranges": "bytes",
    },
  });
}

// In a static export served over http(s): a service worker, and this page, its assets and its
// audio put in the cache, so a visited article reads and plays offline. (file:// has neither
// service workers nor caches; the page works there without them.)

const CACHE = "reader";

export async function keepOffline() {
  const manifest = document.querySelector('link[rel="manifest"]');
  if (!manifest || !("serviceWorker" in navigator) || !location.protocol.startsWith("http")) return;
  const root = new URL(".", manifest.href);
  await navigator.serviceWorker.register(new URL("sw.js", root), { scope: root.pathname });
  const wanted = [location.href.split("#")[0], manifest.href,
    ...[...document.querySelectorAll('link[rel="stylesheet"], script[src], #player audio, track')]
      .map((element) => element.href || element.src)];
  const cache = await caches.open(CACHE);
  for (const url of wanted) {
    if (!(await cache.match(url))) await cache.add(url);
  }
  document.documentElement.dataset.offline = "ready";
}

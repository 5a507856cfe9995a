// Everything the reader's pages may keep in this browser, and how to remove it. Nothing is
// kept unless the reader chooses it: "Remember" keeps the settings and the place reached in
// localStorage; "Keep for offline" (a static export over http(s)) keeps a service worker and
// its Cache Storage. The quick exit removes all of it; nothing else on this origin is touched.

export const SETTINGS_KEY = "reader-settings";
export const CACHE = "reader";

/** The folder the site lives in: a static export may sit under a sub-path. */
export function siteRoot() {
  const manifest = document.querySelector('link[rel="manifest"]');
  return manifest ? new URL(".", manifest.href) : new URL("/", location.href);
}

/** The service worker registered for this site, if any. */
export async function offlineRegistration() {
  if (!("serviceWorker" in navigator) || !location.protocol.startsWith("http")) return undefined;
  const registrations = await navigator.serviceWorker.getRegistrations();
  return registrations.find((registration) => registration.scope === siteRoot().href);
}

/** The offline copy: the site's service worker and its cache. */
export async function removeOffline() {
  const work = [(async () => (await offlineRegistration())?.unregister())()];
  if (location.protocol.startsWith("http") && "caches" in window) work.push(caches.delete(CACHE));
  await Promise.allSettled(work);
}

/** All the reader stored in this browser: settings, place, offline copy. */
export async function forgetEverything() {
  try {
    localStorage.removeItem(SETTINGS_KEY);
  } catch { /* storage refused (private window, file://): nothing was kept */ }
  await removeOffline();
}

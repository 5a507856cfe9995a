// Everything the reader's pages may keep in this browser, and how to remove it. Nothing is
// kept unless the reader chooses it: "Remember" keeps the settings and the place reached in
// localStorage; "Keep for offline" (a static export over http(s)) keeps a service worker and
// its Cache Storage. The quick exit removes all of it, and asks the server to clear the
// browser's HTTP cache and storage for this site (Clear-Site-Data).

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

/** The browser's HTTP cache for this site, which no script can reach: the server's answer to
 * this request carries Clear-Site-Data. A static host answers it only if told to (its headers
 * file); over file:// there is no cache to clear. */
async function clearSiteData() {
  if (!location.protocol.startsWith("http")) return;
  await fetch(new URL("forget", siteRoot()), { cache: "no-store" });
}

/** All the reader stored in this browser: settings, place, offline copy, cached files. */
export async function forgetEverything() {
  try {
    localStorage.removeItem(SETTINGS_KEY);
  } catch { /* storage refused (private window, file://): nothing was kept */ }
  await clearSiteData().catch(() => {});   // first: nothing may open the cache after it is deleted
  await removeOffline();
}

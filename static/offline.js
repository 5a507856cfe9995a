// The offline copy, only when the reader asks for it ("Keep this article … offline"): a
// service worker, and this page, its assets and its audio in Cache Storage, so that it reads
// and plays without a network. Offered where it can work, a static export served over
// http(s) (the live server has no manifest; file:// has no service workers). Unticking
// removes all of it, and so does the quick exit.
import { CACHE, offlineRegistration, removeOffline, siteRoot } from "./storage.js";

async function keep() {
  const manifest = document.querySelector('link[rel="manifest"]');
  await navigator.serviceWorker.register(new URL("sw.js", siteRoot()), { scope: siteRoot().pathname });
  const wanted = [location.href.split("#")[0], manifest.href,
    ...[...document.querySelectorAll('link[rel="stylesheet"], script[src], #player audio, track')]
      .map((element) => element.href || element.src)];
  const cache = await caches.open(CACHE);
  for (const url of wanted) {
    if (!(await cache.match(url))) await cache.add(url);
  }
  document.documentElement.dataset.offline = "ready";
}

export async function offline(say) {
  const box = document.getElementById("keep-offline");
  const offered = box && document.querySelector('link[rel="manifest"]') && "serviceWorker" in navigator
    && location.protocol.startsWith("http");
  if (!offered) return;
  box.closest("[hidden]")?.removeAttribute("hidden");
  box.checked = Boolean(await offlineRegistration());
  box.addEventListener("change", async () => {
    if (box.checked) {
      await keep();
      say("offlineKept");
    } else {
      await removeOffline();
      delete document.documentElement.dataset.offline;
      say("offlineRemoved");
    }
  });
  if (box.checked) await keep(); // kept before: this page joins the copy
}

// Quick exit, following GOV.UK's "Exit this page": the button, or Shift pressed three times
// within 5 seconds, hides the page at once, removes everything the reader stored in this
// browser, and replaces the page (no new history entry) with a neutral site. If the browser
// later restores this page from its cache (Back), it stays hidden and leaves again.
// Moving between the reader's own pages replaces the history entry too, so that Back after
// the quick exit never shows a reader page.
import { forgetEverything, siteRoot } from "./storage.js";

// Every exit button (the sticky one, and one inside any dialog, which makes the page behind
// it inert) leaves the same way.
const destination = document.querySelector(".exit-this-page").href;
const FORGET_AT_MOST_MS = 1000; // the page is blank meanwhile; leaving must not wait longer
let exited = false;

async function exit(event) {
  event?.preventDefault();
  exited = true;
  document.documentElement.classList.add("is-exiting"); // blank at once, before navigation
  document.title = "";
  await Promise.race([forgetEverything().catch(() => {}),
    new Promise((resolve) => { setTimeout(resolve, FORGET_AT_MOST_MS); })]);
  leave();
}

/** Framed on a publisher's page (the embed page), the whole tab leaves, not just the frame:
 * the click or the Shift presses are the user activation that lets a frame navigate its top. */
function leave() {
  if (window.top !== window) {
    try {
      window.top.location.replace(destination);
      return;
    } catch {
      // the top refused (a sandboxed frame): at least this frame leaves
    }
  }
  window.location.replace(destination);
}

/** A plain click on a link to this page's own parts (the skip link, a sentence) or to another
 * page of this site: go there in place of this history entry, so that Back after the quick
 * exit never returns to the reader. A fragment replaced still scrolls, sets :target and moves
 * the keyboard's starting point, as the link would. */
function ownPage(event) {
  const link = event.target.closest("a[href]");
  if (!link || link.hasAttribute("download") || link.target || event.button !== 0
      || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return null;
  const url = new URL(link.href, location.href);
  return url.href.startsWith(siteRoot().href) || url.href.split("#")[0] === location.href.split("#")[0]
    ? url : null;
}

document.addEventListener("click", (event) => {
  if (event.target.closest(".exit-this-page")) {
    exit(event);
    return;
  }
  const url = ownPage(event);
  if (url && !event.defaultPrevented) {
    event.preventDefault();
    window.location.replace(url.href);
  }
});

let presses = [];
document.addEventListener("keyup", (event) => {
  if (event.key !== "Shift") {
    presses = [];
    return;
  }
  const now = Date.now();
  presses = presses.filter((t) => now - t < 5000).concat(now);
  if (presses.length >= 3) exit();
});

window.addEventListener("pageshow", (event) => {
  if (event.persisted && exited) exit();
});

// Quick exit, following GOV.UK's "Exit this page": the button, or Shift pressed three times
// within 5 seconds, hides the page at once and replaces it (no new history entry) with a
// neutral site. If the browser later restores this page from its cache (Back), it stays
// hidden and leaves again. Nothing is stored anywhere.

// Every exit button (the sticky one, and one inside any dialog, which makes the page behind
// it inert) leaves the same way.
const destination = document.querySelector(".exit-this-page").href;
let exited = false;

function exit(event) {
  event?.preventDefault();
  exited = true;
  document.documentElement.classList.add("is-exiting"); // blank at once, before navigation
  document.title = "";
  window.location.replace(destination);
}

document.addEventListener("click", (event) => {
  if (event.target.closest(".exit-this-page")) exit(event);
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

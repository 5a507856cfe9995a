// The content note comes first: the article and its player stay hidden until the reader
// chooses to continue. Without JavaScript the note is shown above the article instead.
// An article whose source has no content note opens at once.
const note = document.getElementById("content-note");
const gated = ["player-intro", "player", "options", "article"].map((id) => document.getElementById(id));

if (note) gated.forEach((element) => { element.hidden = true; });
note?.querySelector("a").addEventListener("click", (event) => {
  event.preventDefault();
  gated.forEach((element) => { element.hidden = false; });
  note.hidden = true;
  const heading = document.querySelector("#article h1");
  heading.tabIndex = -1;
  heading.focus();
  document.dispatchEvent(new CustomEvent("reader:continue"));   // a link to a sentence goes there now
});

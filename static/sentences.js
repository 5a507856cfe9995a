// The article's sentences: click or Enter plays from one. For the keyboard the article is a
// single tab stop (a roving tabindex): Tab reaches the sentence being read, the up and down
// arrows move between sentences. Selecting text and following links still work while playing.
// A link to a sentence (…/#p3.s1) opens the article there: in view, marked, focused and ready
// to play from its start, never playing by itself; "Copy link" gives the link to the sentence
// that has the tab stop (the one being read, or the last one moved to).

import { linkedId } from "./fragment.js";

export function sentences(timeline, player, article, announce, say) {
  const spoken = [...article.querySelectorAll(".s[data-start]")];
  let stop = spoken[0];

  function rove(element) {
    if (!element || element === stop) return;
    stop.tabIndex = -1;
    element.tabIndex = 0;
    stop = element;
  }

  /** The start of the clicked sentence, or of its twin when the other column was clicked. */
  function startOf(target) {
    if (target.closest("a")) return null;
    let sentence = target.closest(".s");
    if (sentence && !sentence.dataset.start) sentence = document.getElementById(sentence.dataset.match ?? "");
    return sentence?.dataset.start ? Number(sentence.dataset.start) : null;
  }

  function playFrom(ms) {
    timeline.seek(ms, true);
    player.dispatchEvent(new CustomEvent("reader:navigate"));
    timeline.audio.addEventListener("playing", () => announce(true), { once: true });
  }

  article.addEventListener("click", (event) => {
    if (String(window.getSelection()).length > 0) return; // the reader is selecting text
    const ms = startOf(event.target);
    if (ms !== null) playFrom(ms);
  });

  article.addEventListener("keydown", (event) => {
    const here = spoken.indexOf(event.target);
    if (here < 0 || event.ctrlKey || event.altKey || event.metaKey) return;
    // Stopped after a sentence (the "Listening" setting): Space goes on from there.
    if (event.key === " " && player.dataset.waiting) timeline.audio.play();
    else if (event.key === "Enter" || event.key === " ") playFrom(Number(event.target.dataset.start));
    else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      const next = spoken[Math.min(Math.max(here + (event.key === "ArrowDown" ? 1 : -1), 0), spoken.length - 1)];
      rove(next);
      next.focus();
    } else return;
    event.preventDefault();
  });

  article.addEventListener("focusin", (event) => { if (spoken.includes(event.target)) rove(event.target); });
  player.addEventListener("reader:sentence", (event) => {
    const sentence = timeline.sentences[event.detail.index];
    if (sentence) rove(document.getElementById(sentence.id));
  });

  spoken.forEach((element) => { element.tabIndex = -1; });
  stop.tabIndex = 0;
  linked(timeline, player, article);
  copyLink(() => stop, say);
}

/** Open the article at a sentence, as a link to it does (and a search result): marked, in
 * view, focused (and so the article's tab stop) and ready to play from its start, never
 * playing by itself. */
export function openSentence(sentence, timeline, player) {
  document.querySelector(".is-linked")?.classList.remove("is-linked");
  sentence.classList.add("is-linked");
  sentence.focus({ preventScroll: true });
  sentence.scrollIntoView({ block: "center" });
  timeline.seek(Number(sentence.dataset.start));
  player.dispatchEvent(new CustomEvent("reader:navigate"));
}

/** Open at the sentence the address names, once the article is shown (after a content note). */
function linked(timeline, player, article) {
  const id = linkedId();
  const sentence = id && document.getElementById(id);
  if (!sentence || !sentence.matches(".s[data-start]") || !article.contains(sentence)) return;
  const go = () => openSentence(sentence, timeline, player);
  if (article.hidden) document.addEventListener("reader:continue", go, { once: true });
  else go();
}

function copyLink(current, say) {
  const button = document.getElementById("copy-link");
  if (!button) return;
  button.hidden = false;
  button.addEventListener("click", async () => {
    const link = `${location.href.split("#")[0]}#${current().id}`;
    try {
      await navigator.clipboard.writeText(link);
      say("linkCopied");
    } catch {   // no clipboard here (file://, or refused): the address bar shows the link instead
      history.replaceState(history.state, "", `#${current().id}`);
      say("linkInAddress");
    }
  });
}

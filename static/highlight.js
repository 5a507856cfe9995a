// Marks the word and the sentence being spoken (and, in the bilingual view, the matching
// sentence of the other language), as far as the reader's highlight setting asks (the root's
// data-highlight: "word", the default, marks both; "sentence" only sentences; "none" nothing). It follows the audio clock with requestAnimationFrame while
// playing (timeupdate alone fires about 4 times a second) and re-syncs on seek, pause and rate
// change. Visual only: nothing is announced per word. Tells the page of each new sentence with
// a "reader:sentence" event on the player.
import { lastStarted } from "./timeline.js";

/** What the reader asked to see marked: "word" (and sentence), "sentence" or "none". */
const marking = () => document.documentElement.dataset.highlight ?? "word";

export function highlight(timeline, player) {
  const { audio, sentences, words } = timeline;
  const shown = { word: null, sentence: null, match: null };   // the element id carrying each mark
  let current = null;                                           // the sentence being read (id)
  // A highlight computed in one animation frame is on screen during the next, while the audio
  // plays on: aim at the middle of that frame (half a frame of media time, more at 2x).
  let frameMs = 1000 / 60;
  let lastFrame = null;

  function show(kind, id, className) {
    if (shown[kind] === id) return;
    if (shown[kind]) document.getElementById(shown[kind])?.classList.remove(className);
    if (id) document.getElementById(id)?.classList.add(className);
    shown[kind] = id;
  }

  function update() {
    const playing = timeline.playing;
    const ms = audio.currentTime * 1000 + (playing ? (frameMs / 2) * audio.playbackRate : 0);
    const index = timeline.current() < 0 ? -1 : lastStarted(sentences, ms);
    const sentence = sentences[index] ?? null;
    const w = index < 0 ? null : words[lastStarted(words, ms)];
    if ((sentence?.id ?? null) !== current) {
      current = sentence?.id ?? null;
      if (sentence) player.dataset.passage = timeline.passageOf(index).id;
      player.dispatchEvent(new CustomEvent("reader:sentence", { detail: { index, playing } }));
    }
    const mode = marking();
    const match = current && document.getElementById(current)?.dataset.match;
    show("sentence", mode === "none" ? null : current, "is-current-sentence");
    show("match", mode === "none" ? null : match || null, "is-matching-sentence");
    // An estimated sentence (word times guessed, not found in the audio) is highlighted whole,
    // and so is a sentence while it is at a word a narration's aligner was unsure of.
    const sure = w && ms < w.end_ms && !sentence?.estimated && !w.estimated;
    show("word", sure && mode === "word" ? w.id : null, "is-current-word");
  }

  function tick(now) {
    if (lastFrame !== null && now - lastFrame < 100) frameMs = 0.9 * frameMs + 0.1 * (now - lastFrame);
    lastFrame = now;
    update();
    if (!audio.paused) requestAnimationFrame(tick);
    else lastFrame = null;
  }

  audio.addEventListener("play", () => {
    timeline.started = true;
    update();
    requestAnimationFrame(tick);
  });
  for (const name of ["seeked", "pause", "ratechange", "loadedmetadata", "timeupdate", "ended"]) {
    audio.addEventListener(name, update);
  }
  // A new highlight setting shows at once, playing or paused.
  new MutationObserver(update).observe(document.documentElement, { attributeFilter: ["data-highlight"] });
  player.dataset.passage = timeline.passages[0].id;
  return update;
}

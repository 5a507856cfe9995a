// Marks the word and the sentence being spoken (and, in the bilingual view, the matching
// sentence of the other language). It follows the audio clock with requestAnimationFrame while
// playing (timeupdate alone fires about 4 times a second) and re-syncs on seek, pause and rate
// change. Visual only: nothing is announced per word. Tells the page of each new sentence with
// a "reader:sentence" event on the player.
import { lastStarted } from "./timeline.js";

export function highlight(timeline, player) {
  const { audio, sentences, words } = timeline;
  const marked = { word: null, sentence: null, match: null };
  // A highlight computed in one animation frame is on screen during the next, while the audio
  // plays on: aim at the middle of that frame (half a frame of media time, more at 2x).
  let frameMs = 1000 / 60;
  let lastFrame = null;

  function setMark(kind, id, className) {
    if (marked[kind] === id) return false;
    if (marked[kind]) document.getElementById(marked[kind])?.classList.remove(className);
    if (id) document.getElementById(id)?.classList.add(className);
    marked[kind] = id;
    return true;
  }

  function update() {
    const playing = timeline.playing;
    const ms = audio.currentTime * 1000 + (playing ? (frameMs / 2) * audio.playbackRate : 0);
    const index = timeline.current() < 0 ? -1 : lastStarted(sentences, ms);
    const sentence = sentences[index] ?? null;
    const w = index < 0 ? null : words[lastStarted(words, ms)];
    if (setMark("sentence", sentence?.id ?? null, "is-current-sentence")) {
      const match = sentence && document.getElementById(sentence.id)?.dataset.match;
      setMark("match", match || null, "is-matching-sentence");
      if (sentence) player.dataset.passage = timeline.passageOf(index).id;
      player.dispatchEvent(new CustomEvent("reader:sentence", { detail: { index, playing } }));
    }
    // An estimated sentence (word times guessed, not found in the audio) is highlighted whole,
    // and so is a sentence while it is at a word a narration's aligner was unsure of.
    const sure = w && ms < w.end_ms && !sentence?.estimated && !w.estimated;
    setMark("word", sure ? w.id : null, "is-current-word");
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
  player.dataset.passage = timeline.passages[0].id;
  return update;
}

// Skipping while listening (the "Skip while listening" setting, the root's data-skip): photo
// captions, pull quotes (the article says them again in its own words) and "more stories"
// notes are passed over as the audio reaches them, as Thorium's "skippability" does. Off by
// default: a caption is all a listener learns of the photo, so it is heard unless asked.
// A passage the reader chose (clicked, linked, searched) is played even so.

import { lastStarted } from "./timeline.js";

const SKIPPABLE = new Set(["caption", "pullquote", "more"]);
const skipping = () => document.documentElement.dataset.skip === "on";

export function skip(timeline) {
  const { audio, passages, sentences } = timeline;
  let chosen = -1;          // the passage the listener moved into: never skipped

  function passageAt(ms) {
    const index = lastStarted(sentences, ms);
    return index < 0 ? -1 : sentences[index].passage;
  }

  function watch() {
    if (audio.paused) return;
    const here = passageAt(audio.currentTime * 1000);
    if (skipping() && here >= 0 && here !== chosen && SKIPPABLE.has(passages[here].kind)) {
      const next = passages.findIndex((p, i) => i > here && !SKIPPABLE.has(p.kind));
      if (next < 0) audio.currentTime = audio.duration;
      else audio.currentTime = passages[next].sentences[0].start_ms / 1000;
    }
    requestAnimationFrame(watch);
  }

  audio.addEventListener("play", () => requestAnimationFrame(watch));
  // A listener's own move (not ours: ours land on a passage that is never skipped), known as
  // it starts: the audio may play a frame before the seek is done.
  audio.addEventListener("seeking", () => { chosen = passageAt(audio.currentTime * 1000 + 1); });
}

// Pace: the reader's "Listening" setting (the root's data-pace). "sentence" stops the audio at
// the end of each sentence until Space or Play goes on; "repeat" (listen and repeat, for
// learners) stops there for a silence as long as the sentence (or 1.5 or 2 times, the "Silence
// to repeat in" setting), shows "Your turn", then goes on. "Play the sentence again" (R) plays
// the sentence being read, or the one just finished, at the "Play again" speed. The audio clock
// is watched every animation frame while playing, so a stop comes within a frame of the end.
import { lastStarted } from "./timeline.js";

const pacing = () => document.documentElement.dataset.pace ?? "continuous";

export function pace(timeline, player) {
  const { audio, sentences } = timeline;
  const turn = document.getElementById("pace-turn");
  const setting = (id) => Number(document.getElementById(id)?.value ?? 1);
  let finished = -1;        // the sentence the audio last stopped after (it may go on from there)
  let waiting = null;       // the timer of a learner's silence
  let normalRate = null;    // the speed to go back to after a slower repeat

  function endWaiting() {
    clearTimeout(waiting);
    waiting = null;
    turn.hidden = true;
    delete player.dataset.waiting;
  }

  function stopAfter(index) {
    const sentence = sentences[index];
    finished = index;
    audio.pause();
    restoreRate();
    player.dataset.waiting = "true";
    if (pacing() !== "repeat") return;
    turn.hidden = false;
    waiting = setTimeout(() => { endWaiting(); audio.play(); },
      (sentence.end_ms - sentence.start_ms) * setting("repeat-time"));
  }

  function restoreRate() {
    if (normalRate === null) return;
    audio.playbackRate = normalRate;
    normalRate = null;
  }

  function watch() {
    if (audio.paused) return;
    const index = lastStarted(sentences, audio.currentTime * 1000);
    const sentence = sentences[index];
    if (sentence && index !== finished && audio.currentTime * 1000 >= sentence.end_ms) {
      if (pacing() !== "continuous") { stopAfter(index); return; }
      finished = index;
      restoreRate();
    }
    requestAnimationFrame(watch);
  }

  /** Play the sentence being read again (the one just finished, while the page waits). */
  function repeat() {
    const here = player.dataset.waiting ? finished : timeline.current();
    const sentence = sentences[Math.max(here, 0)];
    endWaiting();
    const slower = setting("repeat-rate");
    if (slower < 1 && normalRate === null) {
      normalRate = audio.playbackRate;
      audio.playbackRate = Math.max(0.5, Math.round(normalRate * slower * 10) / 10);
    }
    timeline.seek(sentence.start_ms, true);
    player.dispatchEvent(new CustomEvent("reader:navigate"));
  }

  audio.addEventListener("play", () => {
    endWaiting();
    requestAnimationFrame(watch);
  });
  // A move along the article (a click, a link, previous/next) starts afresh from where it lands.
  audio.addEventListener("seeking", () => {
    const index = lastStarted(sentences, audio.currentTime * 1000 + 1);
    finished = audio.currentTime * 1000 >= (sentences[index]?.end_ms ?? 0) ? index : -1;
    endWaiting();
  });
  return { repeat };
}

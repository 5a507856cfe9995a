// The sleep timer (the "Sleep timer" setting, never remembered): after the minutes chosen, the
// audio plays on to the end of the paragraph it is in, fades out over its last seconds and
// stops; the status line says so, for a screen reader too. "At the end of this paragraph"
// stops at the end of the paragraph being read, "At the end of the article" with the same fade
// and words. Choosing again starts the count again.

const FADE_MS = 4000;   // of the article's time: the fade is as long at any speed

export function sleep(timeline, say) {
  const { audio } = timeline;
  const choice = document.getElementById("sleep-timer");
  if (!choice) return;
  let timer = null;
  let stopAt = null;      // ms: the end of the paragraph to stop at, once the time is up

  function endOfPassage() {
    const passage = timeline.passageOf(Math.max(timeline.current(), 0));
    return passage.sentences[passage.sentences.length - 1].end_ms;
  }

  function clear() {
    clearTimeout(timer);
    timer = null;
    stopAt = null;
    audio.volume = 1;
  }

  function stop() {
    audio.pause();
    clear();
    choice.value = "off";
    say("sleepStopped");
  }

  function watch() {
    if (stopAt === null || audio.paused) return;
    const ms = audio.currentTime * 1000;
    if (ms >= stopAt) { stop(); return; }
    audio.volume = Math.min(1, Math.max(0, (stopAt - ms) / FADE_MS));
    requestAnimationFrame(watch);
  }

  function timeUp(atTheEnd = false) {
    timer = null;
    const last = timeline.sentences[timeline.sentences.length - 1];
    stopAt = atTheEnd ? last.end_ms : endOfPassage();
    requestAnimationFrame(watch);
  }

  choice.addEventListener("change", () => {
    clear();
    if (choice.value === "off") { say("sleepOff"); return; }
    if (choice.value === "passage" || choice.value === "article") {
      timeUp(choice.value === "article");
      say(choice.value === "article" ? "sleepArticle" : "sleepPassage");
      return;
    }
    timer = setTimeout(timeUp, Number(choice.value) * 60_000);
    say("sleepMinutes", { minutes: choice.selectedOptions[0].text });
  });
  audio.addEventListener("play", () => { if (stopAt !== null) requestAnimationFrame(watch); });
  audio.addEventListener("ended", () => { if (stopAt !== null) stop(); });
  // Moved to another paragraph while waiting for the end of one: stop at the end of the new one.
  audio.addEventListener("seeked", () => {
    if (stopAt !== null && choice.value !== "article") stopAt = endOfPassage();
  });
}

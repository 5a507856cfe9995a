// The player's controls: play/pause, previous/next sentence and paragraph, play the sentence
// again (its action comes from pace.js), speed, position, and the shortcuts dialog. Single-key shortcuts act only while the focus is in the player
// (WCAG 2.1.4), so they never take keys from a screen reader or from the page. The status line
// speaks only after a listener's action ("Playing: Paragraph 3"), never per word.

function clock(ms) {
  const s = Math.floor(ms / 1000);
  const mm = String(Math.floor(s / 60) % 60), ss = String(s % 60).padStart(2, "0");
  return s >= 3600 ? `${Math.floor(s / 3600)}:${mm.padStart(2, "0")}:${ss}` : `${mm}:${ss}`;
}

export function controls(timeline, player, say, announce) {
  const { audio } = timeline;
  const group = player.querySelector("#player-controls");
  const rate = group.querySelector("#player-rate");
  const seek = group.querySelector("#player-seek");
  const time = group.querySelector("#player-time");
  const help = document.getElementById("player-help");
  // The speed range is the select's own (its options come from the server's one list).
  const rates = [...rate.options].map((option) => Number(option.value));
  const [rateMin, rateMax] = [Math.min(...rates), Math.max(...rates)];
  const duration = () => Math.round((Number.isFinite(audio.duration) ? audio.duration : Number(seek.max)) * 1000);

  function go(ms) {
    timeline.seek(ms);
    player.dispatchEvent(new CustomEvent("reader:navigate"));
    audio.addEventListener("seeked", () => announce(timeline.playing), { once: true });
  }

  function setRate(value, spoken) {
    const r = Math.round(Math.min(Math.max(value, rateMin), rateMax) * 10) / 10;
    audio.playbackRate = r;
    rate.value = String(r);
    if (spoken) say("rate", { rate: rate.options[rate.selectedIndex].text });
  }

  const actions = {
    toggle() {
      if (timeline.playing) { audio.pause(); announce(false); return; }
      audio.play().then(() => announce(true));
    },
    "previous-sentence": () => go(timeline.sentenceTarget(-1)),
    "next-sentence": () => go(timeline.sentenceTarget(+1)),
    "previous-passage": () => go(timeline.passageTarget(-1)),
    "next-passage": () => go(timeline.passageTarget(+1)),
    help() { help.showModal(); },
  };

  function showState() {
    const playing = timeline.playing;
    group.querySelectorAll("[data-when]").forEach((e) => { e.hidden = (e.dataset.when === "playing") !== playing; });
    group.querySelector(".play").classList.toggle("is-playing", playing);
    const now = audio.currentTime * 1000, total = duration();
    time.textContent = `${clock(now)} / ${clock(total)}`;
    if (document.activeElement !== seek) {   // never move the slider under the listener's hand
      seek.max = String(Math.round(total / 1000));
      seek.value = String(Math.round(now / 1000));
      seek.setAttribute("aria-valuetext", `${clock(now)} / ${clock(total)}`);
    }
  }

  group.addEventListener("click", (event) => {
    const action = event.target.closest("[data-action]")?.dataset.action;
    if (action) actions[action]();
  });
  rate.addEventListener("change", () => setRate(Number(rate.value), false));
  audio.addEventListener("ratechange", () => { rate.value = String(audio.playbackRate); });
  seek.addEventListener("input", () => {
    timeline.seek(Number(seek.value) * 1000);
    seek.setAttribute("aria-valuetext", `${clock(seek.value * 1000)} / ${clock(duration())}`);
    player.dispatchEvent(new CustomEvent("reader:navigate"));
  });
  for (const name of ["play", "pause", "ended", "timeupdate", "seeked", "loadedmetadata"]) {
    audio.addEventListener(name, showState);
  }
  help.addEventListener("close", () => group.querySelector('[data-action="help"]').focus());

  group.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.altKey || event.metaKey) return;
    const inField = event.target.matches("select, input");
    const key = event.key;
    let handled = true;
    if (key === "k" || key === "K") actions.toggle();
    else if (key === "r" || key === "R") actions.repeat();
    else if (key === "?") actions.help();
    else if ((key === "-" || key === "_") && !inField) setRate(audio.playbackRate - 0.1, true);
    else if ((key === "+" || key === "=") && !inField) setRate(audio.playbackRate + 0.1, true);
    else if ((key === "ArrowLeft" || key === "ArrowRight") && !inField) {
      const step = key === "ArrowLeft" ? -1 : 1;
      actions[`${step < 0 ? "previous" : "next"}-${event.shiftKey ? "passage" : "sentence"}`]();
    } else handled = false;
    if (handled) event.preventDefault();
  });

  audio.controls = false;   // the reader's controls replace the browser's
  group.hidden = false;
  showState();
  return actions;
}

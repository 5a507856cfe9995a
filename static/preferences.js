// The reading settings (text, highlight and colours, pace), discreet mode and the opt-in memory.
// A setting marked data-look is also set on the root element (data-highlight="none"…), where
// the stylesheet and the other scripts read it. Nothing is written to this device unless the
// reader ticks "Remember": then the settings and the place reached in each language are kept
// in localStorage, and unticking erases them at once (so does the quick exit).
import { SETTINGS_KEY } from "./storage.js";

function load() {
  try { return JSON.parse(localStorage.getItem(SETTINGS_KEY)); } catch { return null; }
}

function store(value) {
  try {
    if (value) localStorage.setItem(SETTINGS_KEY, JSON.stringify(value));
    else localStorage.removeItem(SETTINGS_KEY);
  } catch { /* storage refused (private window): the reader simply forgets */ }
}

export function preferences(timeline, player, say) {
  const { audio } = timeline;
  const panel = document.getElementById("display-settings");
  const remember = panel.querySelector("#remember");
  const discreet = panel.querySelector("#discreet");
  const fields = [...panel.querySelectorAll("[data-setting]")];
  const lang = player.dataset.lang;
  const root = document.documentElement.style;

  function apply() {
    const [size, spacing] = [panel.querySelector("#text-size").value, panel.querySelector("#line-spacing").value];
    root.setProperty("--text-scale", String(Number(size) / 100));
    root.setProperty("--line-height", spacing);
    fields.filter((field) => field.hasAttribute("data-look")).forEach((field) => {
      document.documentElement.dataset[field.dataset.setting] = field.value;
    });
  }

  function save() {
    // Leaving by the quick exit: what it removed must not be written again on the way out.
    if (!remember.checked || document.documentElement.classList.contains("is-exiting")) return;
    const saved = load() ?? { positions: {} };
    fields.forEach((field) => { saved[field.dataset.setting] = field.value; });
    saved.rate = audio.playbackRate;
    if (discreet) saved.discreet = discreet.checked;
    if (timeline.started) saved.positions = { ...saved.positions, [lang]: Math.round(audio.currentTime * 1000) };
    store(saved);
  }

  function restore(saved) {
    remember.checked = true;
    fields.forEach((field) => { if (saved[field.dataset.setting]) field.value = saved[field.dataset.setting]; });
    if (saved.rate) audio.playbackRate = saved.rate;
    if (discreet && typeof saved.discreet === "boolean" && saved.discreet !== discreet.checked) {
      discreet.checked = saved.discreet;
      discreet.dispatchEvent(new Event("change"));
    }
    audio.defaultPlaybackRate = audio.playbackRate;
    const position = saved.positions?.[lang];
    if (position > 0) timeline.seek(position);
  }

  fields.forEach((field) => field.addEventListener("change", () => { apply(); save(); }));
  discreet?.addEventListener("change", save);
  remember.addEventListener("change", () => {
    store(null);
    save();
    say(remember.checked ? "remembered" : "forgotten");
  });
  audio.addEventListener("ratechange", save);
  audio.addEventListener("pause", save);
  audio.addEventListener("seeked", save);
  window.addEventListener("pagehide", save);

  const saved = load();
  if (saved) restore(saved);
  // A device set to ask for more contrast gets the high-contrast colours until told otherwise.
  else if (window.matchMedia("(prefers-contrast: more)").matches) panel.querySelector("#contrast").value = "high";
  apply();
  panel.hidden = false;
}

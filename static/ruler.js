// The reading ruler (the "Line focus" setting, the root's data-ruler): everything below the
// player but a band of one or three lines is dimmed. The band follows the word being heard;
// paused, it follows the sentence the keyboard (or a click) moved to. Two shades above and
// below the band, out of the accessibility tree and letting clicks through.
import { lastStarted } from "./timeline.js";

const lines = () => ({ one: 1, three: 3 })[document.documentElement.dataset.ruler] ?? 0;

export function ruler(timeline, player, article) {
  const { audio, words } = timeline;
  const [above, below] = ["above", "below"].map((side) => {
    const shade = document.createElement("div");
    shade.className = `ruler-shade ruler-${side}`;
    shade.setAttribute("aria-hidden", "true");
    shade.hidden = true;
    document.body.append(shade);
    return shade;
  });
  let focused = null;       // the sentence the keyboard moved to, while paused

  /** The element whose line the band is on: the word heard, else the sentence moved to. */
  function target() {
    if (timeline.playing || !focused) {
      if (timeline.current() < 0) return focused;
      const word = words[lastStarted(words, audio.currentTime * 1000)];
      return word ? document.getElementById(word.id) : null;
    }
    return focused;
  }

  function place() {
    const count = lines();
    const element = count ? target() : null;
    above.hidden = below.hidden = !element;
    if (!element) return;
    const line = element.getClientRects()[0] ?? element.getBoundingClientRect();
    const height = parseFloat(getComputedStyle(element).lineHeight) || line.height;
    const middle = (line.top + line.bottom) / 2;
    const top = middle - (height * count) / 2;
    const floor = Math.max(player.getBoundingClientRect().bottom, 0);
    above.style.top = `${floor}px`;
    above.style.height = `${Math.max(top - floor, 0)}px`;
    below.style.top = `${Math.max(top + height * count, floor)}px`;
  }

  function tick() {
    place();
    if (timeline.playing) requestAnimationFrame(tick);
  }

  audio.addEventListener("play", () => { focused = null; requestAnimationFrame(tick); });
  for (const name of ["pause", "seeked", "ended"]) audio.addEventListener(name, place);
  article.addEventListener("focusin", (event) => {
    if (!event.target.matches(".s[data-start]")) return;
    focused = event.target;
    place();
  });
  window.addEventListener("scroll", place, { passive: true });
  window.addEventListener("resize", place);
  new MutationObserver(place).observe(document.documentElement, { attributeFilter: ["data-ruler", "style"] });
}

// Keeps the sentence being read in view, below the sticky player, without animation if the
// reader asked for reduced motion. When the reader scrolls away, it stops following and offers
// "Back to the current position"; it follows again after that, or after any move in the player.

export function follow(timeline, player) {
  const back = document.getElementById("back-to-current");
  const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
  let following = true;
  let ourScrollUntil = 0;   // scroll events before this moment are our own

  const currentElement = () => {
    const sentence = timeline.sentences[timeline.current()];
    return sentence ? document.getElementById(sentence.id) : null;
  };

  function inView(element) {
    const box = element.getBoundingClientRect();
    const top = player.getBoundingClientRect().bottom;
    return box.bottom > Math.max(top, 0) && box.top < window.innerHeight;
  }

  function fullyInView(element) {
    const box = element.getBoundingClientRect();
    return box.top >= player.getBoundingClientRect().bottom && box.bottom <= window.innerHeight;
  }

  /** Scroll so `element` sits in the middle of the room the sticky player leaves (its top
   *  near the player if it is taller than that room). */
  function bringIntoView(element) {
    if (!element || fullyInView(element)) return;
    const smooth = !reducedMotion.matches;
    const top = Math.max(player.getBoundingClientRect().bottom, 0);
    const box = element.getBoundingClientRect();
    const margin = Math.max((window.innerHeight - top - box.height) / 2, 8);
    ourScrollUntil = performance.now() + (smooth ? 1000 : 100);
    window.scrollTo({ top: window.scrollY + box.top - top - margin, behavior: smooth ? "smooth" : "auto" });
  }

  function resume() {
    following = true;
    back.hidden = true;
  }

  window.addEventListener("scroll", () => {
    if (performance.now() < ourScrollUntil) return;
    const element = currentElement();
    if (!element || !timeline.started) return;
    following = inView(element);
    back.hidden = following;
  }, { passive: true });

  window.addEventListener("scrollend", () => { ourScrollUntil = 0; });

  player.addEventListener("reader:sentence", (event) => {
    if (following && event.detail.playing) bringIntoView(currentElement());
  });

  // A sentence taller than the screen (large text, a phone): keep the spoken word in view too.
  timeline.audio.addEventListener("timeupdate", () => {
    const word = document.querySelector(".is-current-word");
    if (following && timeline.playing && word && performance.now() > ourScrollUntil) bringIntoView(word);
  });

  player.addEventListener("reader:navigate", () => {
    resume();
    timeline.audio.addEventListener("seeked", () => bringIntoView(currentElement()), { once: true });
  });

  back.addEventListener("click", () => {
    resume();
    const element = currentElement();
    bringIntoView(element);
    element?.focus({ preventScroll: true });
  });
}

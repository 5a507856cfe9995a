// The reader's player: the article is one audio file; this highlights the word and the
// sentence being spoken. It follows the audio clock with requestAnimationFrame while playing
// (timeupdate alone fires about 4 times a second), and re-syncs on seek, pause and rate change.
// The highlight is visual only: no live region, nothing is announced per word.

const player = document.getElementById("player");
const audio = player.querySelector("audio");
const article = document.getElementById("article");

const map = await (await fetch(player.dataset.timings)).json();
const sentences = map.passages.flatMap((p) => p.sentences); // times are in the article's audio
const words = sentences.flatMap((s) => s.words);
const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");

let marked = { word: null, sentence: null };
// A highlight computed in one animation frame is on screen during the next, while the audio
// plays on: aim at the middle of that frame (half a frame of media time, more at 2x).
let frameMs = 1000 / 60;
let lastFrame = null;

/** The last item that started at or before `ms` (binary search over start_ms). */
function lastStarted(items, ms) {
  let lo = 0, hi = items.length - 1, found = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid].start_ms <= ms) { found = items[mid]; lo = mid + 1; } else { hi = mid - 1; }
  }
  return found;
}

function setMark(kind, id, className) {
  if (marked[kind] === id) return false;
  if (marked[kind]) document.getElementById(marked[kind])?.classList.remove(className);
  if (id) document.getElementById(id)?.classList.add(className);
  marked[kind] = id;
  return true;
}

/** Keep a newly marked sentence in view (below the sticky player), without animation if the
 *  reader asked for reduced motion. */
function keepInView(id) {
  const element = id && document.getElementById(id);
  if (!element) return;
  const box = element.getBoundingClientRect();
  const top = player.getBoundingClientRect().bottom;
  if (box.top < top || box.bottom > window.innerHeight) {
    element.scrollIntoView({ block: "center", behavior: reducedMotion.matches ? "auto" : "smooth" });
  }
}

/** Mark the sentence being read and the word being spoken (none during pauses). */
function update() {
  const playing = !audio.paused && !audio.ended;
  const ms = audio.currentTime * 1000 + (playing ? (frameMs / 2) * audio.playbackRate : 0);
  const idle = audio.ended || (audio.paused && audio.currentTime === 0); // nothing played yet, or done
  const sentence = idle ? null : lastStarted(sentences, ms);
  const word = idle ? null : lastStarted(words, ms);
  if (setMark("sentence", sentence?.id ?? null, "is-current-sentence") && playing) keepInView(sentence?.id);
  // An estimated sentence (word times guessed, not found in the audio) is highlighted whole.
  const sure = word && ms < word.end_ms && !sentence?.estimated;
  setMark("word", sure ? word.id : null, "is-current-word");
  if (sentence) player.dataset.passage = sentence.id.slice(0, sentence.id.lastIndexOf("."));
}

function tick(now) {
  if (lastFrame !== null && now - lastFrame < 100) frameMs = 0.9 * frameMs + 0.1 * (now - lastFrame);
  lastFrame = now;
  update();
  if (!audio.paused) requestAnimationFrame(tick);
  else lastFrame = null;
}

/** Play from `ms` in the article (once the audio's length is known, a seek is possible). */
function playFrom(ms) {
  const start = () => {
    audio.currentTime = ms / 1000;
    audio.play();
  };
  if (audio.readyState >= HTMLMediaElement.HAVE_METADATA) start();
  else audio.addEventListener("loadedmetadata", start, { once: true });
}

function sentenceStart(event) {
  const sentence = event.target.closest(".s");
  if (!sentence || event.target.closest("a")) return null;
  return Number(sentence.dataset.start);
}

article.addEventListener("click", (event) => {
  if (String(window.getSelection()).length > 0) return; // the reader is selecting text
  const ms = sentenceStart(event);
  if (ms !== null) playFrom(ms);
});

article.addEventListener("keydown", (event) => {
  if (event.key !== "Enter" && event.key !== " ") return;
  const ms = sentenceStart(event);
  if (ms === null) return;
  event.preventDefault();
  playFrom(ms);
});

audio.addEventListener("play", () => {
  update();
  requestAnimationFrame(tick);
});
for (const name of ["seeked", "pause", "ratechange", "loadedmetadata", "timeupdate", "ended"]) {
  audio.addEventListener(name, update);
}

player.dataset.passage = map.passages[0].id;
document.getElementById("player-keys").hidden = false;
player.dataset.ready = "true";

// The article's timeline: its sentences and words in the order they are spoken, times in
// milliseconds of the one article audio, and the moves a listener makes along it.

/** The index of the last item that started at or before `ms` (-1 if none): binary search. */
export function lastStarted(items, ms) {
  let lo = 0, hi = items.length - 1, found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid].start_ms <= ms) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
  }
  return found;
}

export class Timeline {
  constructor(map, audio) {
    this.audio = audio;
    this.passages = map.passages;
    this.sentences = map.passages.flatMap((p, index) => p.sentences.map((s) => ({ ...s, passage: index })));
    this.words = this.sentences.flatMap((s) => s.words);
    this.started = false;   // nothing is marked until the listener first plays or moves
  }

  get playing() { return !this.audio.paused && !this.audio.ended; }

  /** The sentence being read (index), or -1 before the first play and after the end. */
  current() {
    if (!this.started || this.audio.ended) return -1;
    return lastStarted(this.sentences, this.audio.currentTime * 1000 + 1); // 1 ms: seeks land a hair early
  }

  passageOf(index) { return index < 0 ? null : this.passages[this.sentences[index].passage]; }

  /** Move to `ms`; playing goes on playing, paused stays paused (or starts if `play`). */
  seek(ms, play = false) {
    this.started = true;
    const go = () => {
      this.audio.currentTime = ms / 1000;
      if (play) this.audio.play();
    };
    if (this.audio.readyState >= HTMLMediaElement.HAVE_METADATA) go();
    else this.audio.addEventListener("loadedmetadata", go, { once: true });
  }

  /** Where "previous/next sentence" (step -1/+1) and "previous/next paragraph" lead, in ms. */
  sentenceTarget(step) {
    const index = Math.min(Math.max(this.current() + step, 0), this.sentences.length - 1);
    return this.sentences[index].start_ms;
  }

  passageTarget(step) {
    const here = this.current();
    const passage = here < 0 ? (step > 0 ? -1 : 0) : this.sentences[here].passage;
    const index = Math.min(Math.max(passage + step, 0), this.passages.length - 1);
    return this.passages[index].sentences[0].start_ms;
  }
}

// The phone's lock screen, a headset's buttons, a car's screen (Media Session API): the
// article's title, publication and picture (in discreet mode only the publication's name and
// its own picture: anyone who picks up the phone reads the lock screen), play and pause as the page's own, previous and next
// by paragraph, and seeking. Paragraphs rather than sentences: without the text in view, a
// paragraph is a step a listener can follow; a headset press that moves by one sentence is
// hardly heard to have done anything.

const SEEK_STEP_S = 10;

export function mediaSession(timeline, player, actions) {
  if (!("mediaSession" in navigator)) return;
  const { audio } = timeline;
  const session = navigator.mediaSession;
  const publication = player.dataset.publication;
  const title = document.querySelector("#article h1")?.textContent.trim() || document.title;
  function describe() {
    const neutral = document.documentElement.dataset.discreet === "on";
    const [artwork, type] = neutral ? [player.dataset.neutralArtwork, player.dataset.neutralArtworkType]
      : [player.dataset.artwork, player.dataset.artworkType];
    session.metadata = new MediaMetadata({
      title: neutral ? publication : title,
      artist: publication,
      album: publication,
      artwork: [{ src: new URL(artwork, location.href).href, type }],
    });
  }
  describe();
  player.addEventListener("reader:discreet", describe);
  const seekBy = (seconds) => timeline.seek(Math.max(0, (audio.currentTime + seconds) * 1000));
  const handlers = {
    play: () => audio.play(),
    pause: () => audio.pause(),
    previoustrack: actions["previous-passage"],
    nexttrack: actions["next-passage"],
    seekbackward: (details) => seekBy(-(details.seekOffset || SEEK_STEP_S)),
    seekforward: (details) => seekBy(details.seekOffset || SEEK_STEP_S),
    seekto: (details) => timeline.seek(details.seekTime * 1000),
  };
  for (const [action, handler] of Object.entries(handlers)) {
    try {
      session.setActionHandler(action, handler);
    } catch { /* an action this browser does not offer */ }
  }
  function position() {
    session.playbackState = audio.paused ? "paused" : "playing";
    if (Number.isFinite(audio.duration) && "setPositionState" in session) {
      session.setPositionState({ duration: audio.duration, playbackRate: audio.playbackRate,
        position: Math.min(audio.currentTime, audio.duration) });
    }
  }
  for (const name of ["play", "pause", "seeked", "ratechange", "loadedmetadata"]) audio.addEventListener(name, position);
}

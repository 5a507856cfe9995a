// The phone's lock screen, a headset's buttons, a car's screen (Media Session API): the
// article's title, publication and picture, play and pause as the page's own, previous and next
// by paragraph, and seeking. Paragraphs rather than sentences: without the text in view, a
// paragraph is a step a listener can follow; a headset press that moves by one sentence is
// hardly heard to have done anything.

const SEEK_STEP_S = 10;

export function mediaSession(timeline, player, actions) {
  if (!("mediaSession" in navigator)) return;
  const { audio } = timeline;
  const session = navigator.mediaSession;
  const publication = player.dataset.publication;
  session.metadata = new MediaMetadata({
    title: document.querySelector("#article h1")?.textContent.trim() || document.title,
    artist: publication,
    album: publication,
    artwork: [{ src: new URL(player.dataset.artwork, location.href).href, type: player.dataset.artworkType }],
  });
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

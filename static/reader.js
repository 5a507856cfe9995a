// The reader's page: the article is one audio file and its timing map. Each part is a module;
// they talk through the audio element and two events on the player: "reader:sentence" (a new
// sentence is being read) and "reader:navigate" (the listener moved).
import { controls } from "./controls.js";
import { discreet } from "./discreet.js";
import { follow } from "./follow.js";
import { highlight } from "./highlight.js";
import { mediaSession } from "./media-session.js";
import { offline } from "./offline.js";
import { pace } from "./pace.js";
import { preferences } from "./preferences.js";
import { ruler } from "./ruler.js";
import { search } from "./search.js";
import { sentences } from "./sentences.js";
import { skip } from "./skip.js";
import { sleep } from "./sleep.js";
import { Timeline } from "./timeline.js";

const player = document.getElementById("player");
const status = document.getElementById("player-status");
// A static export carries its map in the page (file:// allows no fetch); the server serves it.
const embedded = document.getElementById("timings");
const map = embedded ? JSON.parse(embedded.textContent) : await (await fetch(player.dataset.timings)).json();
const timeline = new Timeline(map, player.querySelector("audio"));

/** A polite status message in the interface language, on a listener's action only. */
function say(message, values = {}) {
  let text = status.dataset[message];
  for (const [name, value] of Object.entries(values)) text = text.replace(`{${name}}`, value);
  status.textContent = text;
}

/** "Playing: Paragraph 3" or "Paused: Paragraph 3", where the listener now is. */
function announce(playing) {
  const passage = timeline.passageOf(timeline.current());
  const label = passage && document.querySelector(`#article [data-passage="${passage.id}"]`)?.dataset.label;
  if (label) say(playing ? "playing" : "paused", { place: label });
}

discreet(player, say);   // first: the tab and the lock screen are neutral before anything plays
highlight(timeline, player);
const actions = controls(timeline, player, say, announce);
actions.repeat = pace(timeline, player).repeat;
sentences(timeline, player, document.getElementById("article"), announce, say);
follow(timeline, player);
mediaSession(timeline, player, actions);
preferences(timeline, player, say);
skip(timeline);
ruler(timeline, player, document.getElementById("article"));
sleep(timeline, say);
search(timeline, player, document.getElementById("article"), say);

document.getElementById("player-keys").hidden = false;
player.dataset.ready = "true";
offline(say);

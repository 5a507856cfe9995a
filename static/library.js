// The library's index. A link from the days of one article, /en/#p3.s1, named a sentence of
// that article, now the library's first: such a link goes on to it, replacing this history
// entry (Back does not return to the index in between).
import { linkedId } from "./fragment.js";

const list = document.querySelector("[data-first]");
const wanted = linkedId();
if (list && /^[\w.-]+$/.test(wanted) && !document.getElementById(wanted)) {
  location.replace(list.dataset.first + location.hash);
}

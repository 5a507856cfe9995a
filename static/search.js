// Search in the article: type a word, see each sentence of the page's language that holds it,
// and go to one (in view, marked, focused and ready to play from its start, as a link to a
// sentence opens it; never playing by itself). Text and query are folded alike before they are
// compared: case, ё and е, accents, and Kazakh's two scripts (Cyrillic is read through the same
// 2021 Latin table the Latin pages are made with, which the server puts in data-letters), so
// "Қазақ", "қазақ", "Qazaq" and "qazaq" find one another.

import { openSentence } from "./sentences.js";

const MAX_RESULTS = 50;

/** `text` folded for comparing, and for each folded character the span of `text` it came from
 * (a letter that folds to nothing, as ь does, joins the one before it). */
export function fold(text, letters) {
  let folded = "";
  const from = [], to = [];
  for (let i = 0; i < text.length; i++) {
    let c = text[i].toLowerCase();
    if (c === "ё") c = "е";
    c = letters[c] ?? c;
    c = c.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/ı/g, "i");
    if (!c && to.length) to[to.length - 1] = i + 1;
    for (const part of c) { folded += part; from.push(i); to.push(i + 1); }
  }
  return { folded, from, to };
}

/** A text made ready to search: its folded form beside it. */
export function searchable(text, letters, more = {}) {
  return { text, ...fold(text, letters), ...more };
}

/** The entries holding `query` (folded as they are), each with where it starts. */
function holding(entries, query) {
  return entries.map((entry) => [entry, entry.folded.indexOf(query)]).filter(([, at]) => at >= 0);
}

/** The entry's text with what matched in a <mark>, as nodes to append. */
function marked(entry, at, length) {
  const [start, end] = [entry.from[at], entry.to[at + length - 1]];
  const mark = document.createElement("mark");
  mark.textContent = entry.text.slice(start, end);
  return [entry.text.slice(0, start), mark, entry.text.slice(end)];
}

/** A search form over `entries`: on typing (after a pause) and on Enter, `results` lists up to
 * MAX_RESULTS entries holding the words, each the <li> `item(entry, markedText)` makes, and
 * `told(count)` says how many there are. */
export function searchForm(form, letters, entries, results, item, told) {
  const input = form.querySelector("input");
  let last = "";
  const find = () => {
    const query = fold(input.value.trim(), letters).folded;
    if (query === last) return;
    last = query;
    results.replaceChildren();
    if (!query) return;
    const found = holding(entries, query);
    for (const [entry, at] of found.slice(0, MAX_RESULTS)) results.append(item(entry, marked(entry, at, query.length)));
    told(found.length);
  };
  form.addEventListener("submit", (event) => { event.preventDefault(); last = null; find(); });
  input.addEventListener("input", () => { clearTimeout(input.timer); input.timer = setTimeout(find, 250); });
  form.hidden = false;
}

export function search(timeline, player, article, say) {
  const form = document.getElementById("article-search");
  if (!form) return;
  const results = document.getElementById("search-results");
  const letters = JSON.parse(form.dataset.letters);
  const sentences = [...article.querySelectorAll(".s[data-start]")].map((element) => (
    searchable(element.textContent, letters, { element })));

  searchForm(form, letters, sentences, results, (sentence, text) => {
    const button = document.createElement("button");
    button.type = "button";
    button.append(...text);
    button.addEventListener("click", () => openSentence(sentence.element, timeline, player));
    const item = document.createElement("li");
    item.append(button);
    return item;
  }, (count) => say(count ? "searchFound" : "searchNone", { count }));
}

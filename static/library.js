// The library's index. A link from the days of one article, /en/#p3.s1, named a sentence of
// that article, now the library's first: such a link goes on to it, replacing this history
// entry (Back does not return to the index in between). And the search of every article's
// sentences: each result is a link to its sentence, which opens ready to play.
import { linkedId } from "./fragment.js";
import { holding, marked, searchable, whenTyped } from "./search.js";

const LIBRARY_RESULTS = 50;

const list = document.querySelector("[data-first]");
const wanted = linkedId();
if (list && /^[\w.-]+$/.test(wanted) && !document.getElementById(wanted)) {
  location.replace(list.dataset.first + location.hash);
}

const form = document.getElementById("library-search");
if (form) {
  const letters = JSON.parse(form.dataset.letters);
  const status = document.getElementById("library-search-status");
  const results = document.getElementById("library-results");
  const sentences = JSON.parse(document.getElementById("search-index").textContent).flatMap((article) => (
    article.sentences.map(([id, text]) => searchable(text, letters, { href: `${article.url}#${id}`, title: article.title }))));
  whenTyped(form, letters, (query) => {
    results.replaceChildren();
    if (!query) return;
    const found = holding(sentences, query);
    for (const [sentence, at] of found.slice(0, LIBRARY_RESULTS)) {
      const link = document.createElement("a");
      link.href = sentence.href;
      link.append(...marked(sentence, at, query.length));
      const item = document.createElement("li");
      const title = document.createElement("span");
      title.className = "result-title";
      title.textContent = sentence.title;
      item.append(title, " ", link);
      results.append(item);
    }
    const text = status.dataset[found.length ? "searchFound" : "searchNone"];
    status.textContent = text.replace("{count}", found.length);
  });
}

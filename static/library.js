// The library's index. A link from the days of one article, /en/#p3.s1, named a sentence of
// that article, now the library's first: such a link goes on to it, replacing this history
// entry (Back does not return to the index in between). And the search of every article's
// sentences: each result is a link to its sentence, which opens ready to play.
import { linkedId } from "./fragment.js";
import { searchable, searchForm } from "./search.js";

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
  searchForm(form, letters, sentences, results, (sentence, text) => {
    const link = document.createElement("a");
    link.href = sentence.href;
    link.append(...text);
    const title = document.createElement("span");
    title.className = "result-title";
    title.textContent = sentence.title;
    const item = document.createElement("li");
    item.append(title, " ", link);
    return item;
  }, (count) => { status.textContent = status.dataset[count ? "searchFound" : "searchNone"].replace("{count}", count); });
}

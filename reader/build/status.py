"""`reader status`: what each language has — translations by state, audio built or not —
and the check that a published language is complete and reviewed."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field

from ..library import ArticleRef
from ..settings import PUBLISHED, Settings
from ..source import read_article
from ..speech.engines import FALLBACK
from ..speech.pronounce import lexicon, without_entry
from ..translation import catalog as po
from ..translation import glossary
from ..translation.translate import HUMAN, MACHINE, MISSING, REVIEWED, SOURCE, STALE, UNREVIEWED
from .integrity import current_map
from .plan import Plan, built_engines, plan

STATES = (REVIEWED, UNREVIEWED, MACHINE, STALE, MISSING)


@dataclass(frozen=True)
class LanguageStatus:
    article: str                          # its slug
    lang: str
    published: bool
    engine: str
    passages: int                         # spoken passages (each has audio)
    translations: dict[str, int]          # state → count ({"source": n} for English), notes included
    needs_work: dict[str, list[str]]      # machine / stale / missing → passage ids
    audio_built: int
    glossary_misses: list[dict] = field(default_factory=list)
    voice: str = ""                       # the built audio's voice, with its dataset and licence
    unheard: list[str] = field(default_factory=list)   # abbreviations and years with no lexicon entry
    narration: dict = field(default_factory=dict)      # a narrator's recording: words aligned, unsure, missing…

    def problems(self) -> list[str]:
        """Why a published language is not ready, one line each."""
        where = f"{self.article}: {self.lang}"
        lines = [f"{where}: {state}: {' '.join(ids)}" for state, ids in self.needs_work.items()]
        lines += [f"{where}: {m['passage']} lacks the glossary form of {m['term']!r} ({m['expected']})"
                  for m in self.glossary_misses]
        lines += [f"{where}: {word!r} has no entry in the pronunciation lexicon ({self.lang}.toml): "
                  "give its spoken form, or the word itself once heard to be right" for word in self.unheard]
        return lines


def collect(settings: Settings, article: ArticleRef, langs: Iterable[str] = ()) -> list[LanguageStatus]:
    """One article's languages."""
    built = built_engines(article)
    engines = {lang: engine.name for lang, engine in built.items()}
    the_plan = plan(settings, article, langs, engines=engines)
    missing_audio = {job.key for job in the_plan.missing(settings.audio)}
    terms = glossary.load(settings.glossary)
    english = {p.id: p.text for p in read_article(article.source).passages}
    result = []
    for lang, jobs in the_plan.jobs.items():
        translations = [job.translation for job in jobs] + the_plan.notes.get(lang, [])  # notes need translating too
        states = Counter(t.status for t in translations)
        counts = {SOURCE: states[SOURCE]} if states[SOURCE] else {s: states.get(s, 0) for s in STATES}
        needs_work = {s: [t.passage_id for t in translations if t.status == s]
                      for s in (MACHINE, STALE, MISSING)}
        result.append(LanguageStatus(article.slug, lang, lang in PUBLISHED, engines.get(lang, FALLBACK.name),
                                     len(jobs), counts,
                                     {s: ids for s, ids in needs_work.items() if ids},
                                     sum(job.key not in missing_audio for job in jobs),
                                     glossary_misses(terms, english, jobs),
                                     credit(article, lang),
                                     words_without_entry(settings, jobs),
                                     narration_report(the_plan, lang)))
    return result


def credit(article: ArticleRef, lang: str) -> str:
    """What the built language credits (the narrator, or the voice), from its map."""
    timing = current_map(article, lang)
    return timing.engine.credit if timing else ""


def narration_report(the_plan: Plan, lang: str) -> dict:
    """How well the language's recording was aligned: its file, words placed, unsure and in
    sentences not found, and the three sentences that matched worst."""
    narration = the_plan.narrations.get(lang)
    if narration is None:
        return {}
    report: dict = {"file": narration.path.name, "narrator": narration.narrator}
    if narration.record is None:
        return {**report, "aligned": None}          # not aligned yet: the next build does
    ids = {job.translation.passage_id: [s.id for s in job.sentences] for job in the_plan.jobs[lang]}
    places = [(sentence_id, place) for pid, sentences in narration.record.passages.items()
              for sentence_id, place in zip(ids.get(pid, []), sentences, strict=False)]
    worst = sorted(places, key=lambda item: -item[1].cost if item[1].found else float("-inf"))[:3]
    return {**report, **narration.record.counts(),
            "unmatched_passages": [pid for pid in narration.record.passages if not narration.record.usable(pid)],
            "worst": [{"sentence": sid, "cost": round(p.cost, 2) if p.found else None} for sid, p in worst]}


def words_without_entry(settings: Settings, jobs) -> list[str]:

    found: set[str] = set()
    for job in jobs:
        words_lexicon = lexicon(settings.pronunciation, job.translation.lang)
        for sentence in job.sentences:
            found |= without_entry(job.translation.text, [w.span for w in sentence.words], words_lexicon)
    return sorted(found)


def glossary_misses(terms, english: dict[str, str], jobs) -> list[dict]:
    misses = []
    for job in jobs:
        t = job.translation
        if t.status in (*HUMAN, MACHINE):
            for term in glossary.misses(terms, english[t.passage_id], t.text, job.page_lang):
                misses.append({"passage": t.passage_id, "term": term.en, "expected": term.forms[job.page_lang]})
    return misses


def as_json(statuses: list[LanguageStatus]) -> list[dict]:
    return [asdict(s) for s in statuses]


def as_text(statuses: list[LanguageStatus]) -> Iterator[str]:
    article = None
    for s in statuses:
        if s.article != article:
            article = s.article
            yield f"{article}:"
        if SOURCE in s.translations:
            translations = "source language"
        else:
            translations = ", ".join(f"{s.translations[state]} {state}" for state in STATES)
        published = " (published)" if s.published else ""
        notes = sum(s.translations.values()) - s.passages
        texts = f"{s.passages} passages" + (f" + {notes} note{'s' if notes > 1 else ''}" if notes else "")
        yield (f"  {s.lang}{published}: {texts}; {translations}; "
               f"audio {s.audio_built}/{s.passages} built ({s.voice or s.engine})")
        for state, ids in s.needs_work.items():
            yield f"    {state}: {' '.join(ids)}"
        for m in s.glossary_misses:
            yield f"    glossary: {m['passage']} lacks {m['expected']!r} for {m['term']!r}"
        if s.unheard:
            yield f"    no lexicon entry: {' '.join(s.unheard)}"
        if s.narration:
            yield "    " + narration_line(s.narration)


def narration_line(n: dict) -> str:
    if n.get("aligned") is None:
        return f"narration {n['file']}: not aligned yet (reader build aligns it)"
    line = (f"narration {n['file']}: {n['aligned']} of {n['words']} words aligned, {n['unsure']} unsure, "
            f"{n['missing_words']} in {n['missing_sentences']} sentence(s) not found")
    if n["unmatched_passages"]:
        line += f"; spoken instead: {' '.join(n['unmatched_passages'])}"
    return line + "; worst: " + ", ".join(f"{w['sentence']} ({w['cost'] if w['cost'] is not None else 'not found'})"
                                          for w in n["worst"])


def check(statuses: list[LanguageStatus], settings: Settings) -> list[str]:
    """Why a published language is not ready: its article's translations, and its interface
    strings' placeholders (a broken one would make its pages fail)."""

    lines = [line for s in statuses if s.published for line in s.problems()]
    for lang in sorted({s.lang for s in statuses if s.published}):
        path = settings.ui_catalog(lang)
        if path.exists():
            lines += po.placeholder_problems(po.load(path, lang), str(path))
    return lines

"""`reader check speech`: how well a recogniser follows what was built, per passage and
language (reader/check/speech.py)."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import ReaderError
from ..library import ArticleRef
from ..settings import LANGUAGES, Settings
from .options import article_option


@click.group()
def check() -> None:
    """Checks of what is built."""


def percent(rate: float) -> str:
    return f"{rate * 100:.1f} %"


@check.command()
@click.option("--lang", "langs", multiple=True, type=click.Choice(LANGUAGES), help="Language to check; repeat for "
              "several (default: all).")
@article_option
@click.option("--asr", "model", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="A Whisper model in CTranslate2 form (a folder with model.bin and tokenizer.json).")
@click.option("--threshold", type=click.FloatRange(0, 100), default=None,
              help="Exit 1 if a language's character error rate is above this many per cent (for CI).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON, for scripts.")
@click.pass_obj
def speech(settings: Settings, langs: tuple[str, ...], article: str | None, model: Path, threshold: float | None,
           as_json: bool) -> None:
    """Transcribe every built passage with a Whisper model and score it against its text:
    word and character error rates per passage and language, and the words most misheard."""
    import json

    from ..check.speech import load_model

    if not model.is_dir():
        raise ReaderError(f"{model}: no such folder; give a Whisper model in CTranslate2 form")
    recogniser = load_model(model)
    results = []
    for one in settings.library().select(article):
        for lang in langs or LANGUAGES:
            results.append(listen(recogniser, settings, one, lang))
    if as_json:
        click.echo(json.dumps([r.as_json() for r in results], ensure_ascii=False, indent=2))
    else:
        for r in results:
            echo_language(r)
    over = [r for r in results if threshold is not None and r.total.cer * 100 > threshold]
    for r in over:
        click.echo(f"Not understood enough: {r.article} {r.lang}: CER {percent(r.total.cer)} is above "
                   f"{threshold:g} %", err=True)
    if over:
        sys.exit(1)


def listen(recogniser, settings: Settings, article: ArticleRef, lang: str):
    """One article's language, with a progress bar over its passages."""
    from ..check.speech import check_language

    bars: list = []

    def start(total: int) -> None:
        bars.append(click.progressbar(length=total, label=f"Listening to {article.slug} ({lang})", file=sys.stderr))
        bars[0].__enter__()

    try:
        return check_language(recogniser, settings, article, lang, on_start=start, on_passage=lambda: bars[0].update(1))
    finally:
        if bars:
            bars[0].__exit__(None, None, None)


def echo_language(r) -> None:
    t, n = r.total, r.total_without_numbers
    click.echo(f"{r.article} {r.lang}: CER {percent(t.cer)}, WER {percent(t.wer)} (without numbers: CER "
               f"{percent(n.cer)}, WER {percent(n.wer)}), {len(r.passages)} passages")
    for p in sorted(r.passages, key=lambda p: -p.cer):
        if p.cer == 0:
            continue
        heard = ", ".join(f"{written} → {said or '(nothing)'}" for written, said in p.misheard[:5])
        line = f"  {p.passage}: CER {percent(p.cer)}, WER {percent(p.wer)}"
        click.echo(line + (f"; misheard: {heard}" if heard else ""))
    if r.most_misheard:
        click.echo("  most misheard: " + ", ".join(f"{word} ({count})" for word, count in r.most_misheard))

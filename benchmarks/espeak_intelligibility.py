"""Making espeak-ng as intelligible as it can be (issue 19, item 4): the interview built with
other settings of the default voice, one language and one setting at a time, each heard by
Whisper base (`reader check speech`'s code), printed as CER and WER beside the reader's own
setting.

    python benchmarks/espeak_intelligibility.py [--langs en,kk,ru] [--rates 175,150,130]
        [--variants m3,f3,klatt,klatt4] [--gaps 10,30] [--noise 5]

- rates: words a minute;
- variants: espeak-ng's voice variants (ru+klatt4), at the reader's rate;
- gaps: a pause between words, in ms, at the reader's rate;
- noise: the reader's rate ± this many words a minute, a change no listener would notice: how
  far such a change moves the figures is how far apart two settings must be to differ at all.

Needs the Whisper base model that benchmarks/real_voices.py installs into --cache. A recogniser
is not a person: the figures say what is followed best, not what is most pleasant, so rates
below 130 words a minute are not tried. Each build and hearing is deterministic: a run again
gives the same figures.
"""
from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from build import fresh_copy, print_rows, timed  # noqa: E402
from real_voices import fetch  # noqa: E402

from reader.build.run import build  # noqa: E402
from reader.check.speech import check_language, load_model  # noqa: E402
from reader.speech.espeak_ng import EspeakEngine  # noqa: E402


@contextlib.contextmanager
def setting(table: dict, lang: str, value) -> Iterator[None]:
    """One of the engine's per-language settings changed for a build (worker processes are
    forked, so they see it too), then put back."""
    saved = dict(table)
    table[lang] = value
    try:
        yield
    finally:
        table.clear()
        table.update(saved)


def heard(model, lang: str, table: dict, value) -> tuple[float, float, float]:
    """CER, WER and build seconds of the interview in `lang` built with that setting."""
    settings = fresh_copy(Path(tempfile.mkdtemp(prefix="reader-ear-")) / "p")
    with setting(table, lang, value):
        seconds, _ = timed(build, settings, [lang], engine="espeak")
    result = check_language(model, settings, lang)
    return result.total.cer, result.total.wer, seconds


def trials(lang: str, args: argparse.Namespace) -> list[tuple[str, dict, object]]:
    """(what is tried, the engine's table it sets, the value) for one language."""
    rate = EspeakEngine.RATES[lang]
    voice = EspeakEngine.VOICES[lang]
    found = [(f"at {r} words a minute" + (" (the reader's)" if r == rate else ""), EspeakEngine.RATES, r)
             for r in args.rates]
    if args.noise:
        found += [(f"at {r} words a minute (the reader's ± {args.noise}: the noise)", EspeakEngine.RATES, r)
                  for r in (rate - args.noise, rate + args.noise)]
    found += [(f"variant {voice}+{v}", EspeakEngine.VOICES, f"{voice}+{v}") for v in args.variants]
    found += [(f"{g} ms between words", EspeakEngine.WORD_GAPS_MS, g) for g in args.gaps]
    return found


def numbers(raw: str) -> list[int]:
    return [int(n) for n in raw.split(",") if n]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=REPO / ".cache" / "real-models")
    parser.add_argument("--langs", default="en,kk,ru")
    parser.add_argument("--rates", type=numbers, default="175,150,130")
    parser.add_argument("--variants", type=lambda raw: [v for v in raw.split(",") if v], default="m3,f3,klatt,klatt4")
    parser.add_argument("--gaps", type=numbers, default="10,30")
    parser.add_argument("--noise", type=int, default=5)
    args = parser.parse_args()
    _, whisper = fetch(args.cache)
    model = load_model(whisper)
    rows = []
    for lang in args.langs.split(","):
        for name, table, value in trials(lang, args):
            cer, wer, seconds = heard(model, lang, table, value)
            rows.append((f"espeak-ng {lang} {name}: Whisper base CER / WER", f"{cer:.1%} / {wer:.1%} "
                         f"(built in {seconds:.1f} s)", "lower is better"))
            print(*rows[-1][:2], sep=": ", file=sys.stderr, flush=True)
    print_rows(rows)


if __name__ == "__main__":
    main()

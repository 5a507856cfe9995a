"""Making espeak-ng as intelligible as it can be (issue 19, item 4): the interview built at
several speaking rates per language, each heard by Whisper base (`reader check speech`'s code),
printed as CER and WER per language and rate, beside the rate the reader uses.

    python benchmarks/espeak_rates.py [--cache DIR] [--rates 175,150,130] [--langs kk,ru]

Needs the Whisper base model that benchmarks/real_voices.py installs into DIR. A recogniser
is not a person: the figures say which rate is followed best, not which is most pleasant, so
rates below 130 words a minute are not tried.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from build import fresh_copy, print_rows, timed  # noqa: E402
from real_voices import fetch  # noqa: E402

from reader.build.run import build  # noqa: E402
from reader.check.speech import check_language, load_model  # noqa: E402
from reader.speech.espeak_ng import EspeakEngine  # noqa: E402


def heard_at(model, lang: str, rate: int) -> tuple[float, float, float]:
    """CER, WER and build seconds of the interview in `lang` spoken at `rate` words a minute."""
    settings = fresh_copy(Path(tempfile.mkdtemp(prefix=f"reader-rate-{rate}-")) / "p")
    saved = dict(EspeakEngine.RATES)
    EspeakEngine.RATES[lang] = rate          # worker processes are forked: they see it too
    try:
        seconds, _ = timed(build, settings, [lang], engine="espeak")
    finally:
        EspeakEngine.RATES.clear()
        EspeakEngine.RATES.update(saved)
    result = check_language(model, settings, lang)
    return result.total.cer, result.total.wer, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=REPO / ".cache" / "real-models")
    parser.add_argument("--rates", default="175,150,130")
    parser.add_argument("--langs", default="en,kk,ru")
    args = parser.parse_args()
    _, whisper = fetch(args.cache)
    model = load_model(whisper)
    rows = []
    for lang in args.langs.split(","):
        for rate in [int(r) for r in args.rates.split(",")]:
            cer, wer, seconds = heard_at(model, lang, rate)
            used = " (the reader's rate)" if EspeakEngine.RATES[lang] == rate else ""
            rows.append((f"espeak-ng {lang} at {rate} words a minute{used}: Whisper base CER / WER",
                         f"{cer:.1%} / {wer:.1%} (built in {seconds:.1f} s)", "lower is better"))
    print_rows(rows)


if __name__ == "__main__":
    main()

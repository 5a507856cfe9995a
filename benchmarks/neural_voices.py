"""What neural voices cost (issue 13), printed as one table: real-time factors and build times
with Piper voices of the real VITS architecture, medium (en, ru) and high (kk) size.

    python benchmarks/neural_voices.py    # needs torch (CPU build: pip install torch==2.13.0)

No voice can be downloaded here, so the voices are built from Piper's own training code
(piper.train.vits, shipped in piper-tts) with random weights and exported to ONNX as Piper
exports a trained one. Their cost per second of audio is a real voice's; their sound is
noise, and their durations are not a trained voice's, so the real-time factor of a real
voice will differ somewhat. Runs in a temporary copy of the project.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

import numpy as np  # noqa: E402
from build import fresh_copy, loudness, timed  # noqa: E402

from reader.build.run import build  # noqa: E402
from reader.build.work import synthesise  # noqa: E402
from reader.settings import Settings  # noqa: E402

# Piper's medium and high training settings (piper.train.vits.lightning defaults and its
# "high" quality): the generator's upsampling stack is what differs.
SIZES = {
    "medium": dict(resblock="2", resblock_kernel_sizes=(3, 5, 7), resblock_dilation_sizes=((1, 2), (2, 6), (3, 12)),
                   upsample_rates=(8, 8, 4), upsample_initial_channel=256, upsample_kernel_sizes=(16, 16, 8)),
    "high": dict(resblock="1", resblock_kernel_sizes=(3, 7, 11),
                 resblock_dilation_sizes=((1, 3, 5), (1, 3, 5), (1, 3, 5)),
                 upsample_rates=(8, 8, 2, 2), upsample_initial_channel=512, upsample_kernel_sizes=(16, 16, 4, 4)),
}
VOICES = {"en": ("en_US-random-medium", "en-us", "medium"), "ru": ("ru_RU-random-medium", "ru", "medium"),
          "kk": ("kk_KZ-random-high", "kk", "high")}


def export_voice(folder: Path, name: str, espeak_voice: str, size: str) -> tuple[Path, float]:
    """A random-weight VITS voice as Piper exports one; returns it and its parameters (millions)."""
    import torch
    from piper.phoneme_ids import DEFAULT_PHONEME_ID_MAP
    from piper.train.vits.models import SynthesizerTrn

    torch.manual_seed(1234)
    model = SynthesizerTrn(n_vocab=256, spec_channels=513, segment_size=32, inter_channels=192, hidden_channels=192,
                           filter_channels=768, n_heads=2, n_layers=6, kernel_size=3, p_dropout=0.1, **SIZES[size])
    model.eval()
    parameters = sum(p.numel() for p in model.parameters()) / 1e6
    with torch.no_grad():
        model.dec.remove_weight_norm()

    def infer(text, text_lengths, scales, sid=None):
        return model.infer(text, text_lengths, noise_scale=scales[0], length_scale=scales[1],
                           noise_scale_w=scales[2], sid=sid)[0].unsqueeze(1)

    model.forward = infer  # type: ignore[method-assign]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.onnx"
    example = (torch.randint(0, 256, (1, 50)), torch.LongTensor([50]), torch.FloatTensor([0.667, 1.0, 0.8]), None)
    torch.onnx.export(model, example, str(path), opset_version=15, dynamo=False,
                      input_names=["input", "input_lengths", "scales", "sid"], output_names=["output"],
                      dynamic_axes={"input": {0: "batch", 1: "phonemes"}, "input_lengths": {0: "batch"},
                                    "output": {0: "batch", 2: "time"}})
    config = {"audio": {"sample_rate": 22050, "quality": size}, "espeak": {"voice": espeak_voice},
              "phoneme_type": "espeak", "num_symbols": 256, "num_speakers": 1,
              "inference": {"noise_scale": 0.667, "length_scale": 1, "noise_w": 0.8},
              "phoneme_id_map": DEFAULT_PHONEME_ID_MAP, "language": {"family": name[:2]},
              "dataset": "random weights"}
    path.with_name(path.name + ".json").write_text(json.dumps(config), encoding="utf-8")
    return path, parameters


def synthesis_alone(settings: Settings) -> dict[str, tuple[float, float]]:
    """Per language: seconds of pure synthesis (each passage spoken alone, in this process, with
    every core; loading the voice not counted) and seconds of audio made."""
    from reader.build.plan import installed_voices, plan
    from reader.speech.engines import get_engine

    voices = installed_voices(settings)
    jobs = plan(settings, settings.library().only(), engines={lang: "piper" for lang in voices}).jobs
    out = Path(tempfile.mkdtemp(prefix="reader-alone-"))
    result = {}
    for lang, lang_jobs in jobs.items():
        get_engine("piper", voices[lang].path, os.cpu_count() or 1)._load()  # type: ignore[attr-defined]
        seconds = audio = 0.0
        for job in lang_jobs:
            spent, _ = timed(synthesise, job, out, os.cpu_count() or 1)
            seconds += spent
            audio += json.loads((out / f"{job.key}.json").read_text())["duration_ms"] / 1000
        result[lang] = (seconds, audio)
    return result


def session_settings(settings: Settings, lang: str = "en", passages: int = 6) -> list[tuple[str, str, str]]:
    """The medium voice on the first passages under other onnxruntime settings: time, and how
    far its samples move from the build's setting (1 thread per worker, all graph optimisations)."""
    from reader.build.plan import installed_voices, plan
    from reader.speech.piper_tts import PiperEngine

    voice = installed_voices(settings)[lang]
    jobs = plan(settings, settings.library().only(), [lang], engines={lang: "piper"}).jobs[lang][:passages]
    sentences = [(j.translation.text[s.span[0]:s.span[1]],
                  [(w.span[0] - s.span[0], w.span[1] - s.span[0]) for w in s.words], spoken)
                 for j in jobs for s, spoken in zip(j.sentences, j.spoken, strict=True)]
    rows, reference = [], None
    for threads, level in ((1, "ORT_ENABLE_ALL"), (2, "ORT_ENABLE_ALL"), (1, "ORT_ENABLE_BASIC"),
                           (1, "ORT_DISABLE_ALL")):
        engine = PiperEngine(voice.path, threads)
        engine._load().session = engine.session(engine.prepared_model(), level)
        start = time.perf_counter()
        pcm = np.concatenate([engine.speak(text, words, lang, spoken).pcm for text, words, spoken in sentences])
        spent = time.perf_counter() - start
        reference = pcm if reference is None else reference
        same = pcm.size == reference.size
        moved = int(np.abs(pcm.astype(np.int32) - reference).max()) if same else None
        rows.append((f"{lang} medium voice, {len(sentences)} sentences, {threads} thread(s), {level}",
                     f"{pcm.size / 22050 / spent:.1f}x real time; samples "
                     + ("identical" if moved == 0 else f"differ by up to {moved}" if same else "of another length")
                     + " against 1 thread, ORT_ENABLE_ALL", ""))
    return rows


def main() -> None:
    logging_off()
    folder = Path(tempfile.mkdtemp(prefix="reader-voices-"))
    rows = []
    exported = {lang: export_voice(folder / lang, *VOICES[lang]) for lang in VOICES}
    for lang, (path, parameters) in exported.items():
        rows.append((f"voice for {lang}: {path.stem}", f"{parameters:.1f} M parameters, "
                     f"{path.stat().st_size / 2**20:.0f} MiB", "random weights, Piper's VITS"))
    settings = fresh_copy(Path(tempfile.mkdtemp(prefix="reader-bench-")) / "p")
    from reader.speech.voices import install
    for path, _ in exported.values():
        install(path, settings.voice_folder)
    alone = synthesis_alone(settings)
    for lang, (seconds, audio) in alone.items():
        rows.append((f"real-time factor, {lang} ({VOICES[lang][2]}), each passage alone, {os.cpu_count()} threads",
                     f"{audio / seconds:.1f}x real time ({audio / 60:.1f} min of audio in {seconds:.1f} s)", ""))
    rows += session_settings(settings)
    pure = sum(seconds for seconds, _ in alone.values())
    cold, _ = timed(build, settings, engine="piper")
    rows.append(("cold build, en + kk + ru with Piper voices (2 worker processes x "
                 f"{max(1, (os.cpu_count() or 1) // 2)} onnxruntime thread)",
                 f"{cold:.1f} s; pure synthesis of the same passages alone {pure:.1f} s ({cold / pure:.2f}x)",
                 "within 10 % of pure synthesis"))
    for lang in VOICES:
        timing = json.loads(settings.library().only().timing_map(lang).read_text(encoding="utf-8"))
        rows.append((f"loudness of the article, {lang}, Piper voice (decoded MP3, BS.1770-4)",
                     loudness(settings, timing), "-16 LUFS, <= -1 dBTP"))
    noop, _ = timed(build, settings, engine="piper")
    command = [str(Path(sys.executable).parent / "reader"), "--root", str(settings.root), "build", "--engine", "piper"]
    process = statistics.median(timed(subprocess.run, command, capture_output=True, check=True)[0] for _ in range(5))
    rows.append(("no-op rebuild with Piper voices, in-process / as a process (median of 5)",
                 f"{noop * 1000:.0f} ms / {process:.2f} s", "as fast as with espeak-ng (0.3 s)"))
    source = settings.source
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("lawyer", "attorney", 1), encoding="utf-8")
    edit, report = timed(build, settings, engine="piper")
    rows.append(("rebuild after editing one English passage", f"{edit:.1f} s, {report.synthesised} passage(s) spoken",
                 "only what changed"))
    width = max(len(r[0]) for r in rows)
    print(f"{'figure'.ljust(width)} | measured | target")
    for name, value, target in rows:
        print(f"{name.ljust(width)} | {value} | {target}")


def logging_off() -> None:
    import logging
    import warnings

    logging.getLogger("piper").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore")


if __name__ == "__main__":
    t0 = time.perf_counter()
    main()
    print(f"(benchmark ran {time.perf_counter() - t0:.0f} s)")

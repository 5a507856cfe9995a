"""Piper voices as files the operator installs: `<name>.onnx` with its `<name>.onnx.json`
config and, when the voice came with one, its `MODEL_CARD` (kept as `<name>.card`), which
names the dataset and the licence; `<name>.sha256` keeps its digest. Installed voices live
in the project's `voices/` folder (ignored by git); the product never downloads one.
"""
from __future__ import annotations

import hashlib
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..errors import ReaderError
from ..files import atomic_write
from ..settings import LANGUAGES
from ..text_files import read_text
from .voice_checks import CARD_LIMIT, check_card_size, check_config, check_no_external_data, read_card_text

FIX = "download both files of the voice again (e.g. from huggingface.co/rhasspy/piper-voices)"
ONNX_MAGIC = b"\x08"   # an ONNX model is a protobuf ModelProto: its first field is ir_version (field 1, varint)


@dataclass(frozen=True)
class Voice:
    """An installed (or about to be installed) Piper voice, as `reader voices list` shows it."""

    path: Path                # the .onnx file
    name: str                 # kk_KZ-issai-high
    lang: str                 # the reader's language it speaks: en, kk or ru
    quality: str              # x_low, low, medium or high
    sample_rate: int
    speakers: int
    dataset: str              # as its config or model card names it
    licence: str              # as its model card says; "unknown" if nothing does
    sha256: str               # of the model and its config: in every audio key it speaks

    @property
    def config(self) -> Path:
        return config_path(self.path)


def config_path(model: Path) -> Path:
    return model.with_name(model.name + ".json")


def card_path(model: Path) -> Path:
    return model.with_name(model.name.removesuffix(".onnx") + ".card")


def read_card(path: Path) -> dict[str, str]:
    """The `* Key: value` lines of a Piper MODEL_CARD (its dataset URL and License); at most
    CARD_LIMIT bytes of it are read (install refuses a larger one)."""
    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        return read_card_text(handle.read(CARD_LIMIT).decode("utf-8", errors="replace"))


def read_voice(model: Path, card: Path | None = None, remember: bool = False, whole: bool = False) -> Voice:
    """The voice at `model`, checked: its config beside it parses and every field a build uses
    has its type and range (speech/voice_checks.py), and names a language the reader has; the
    model file looks like ONNX (`whole`: parsed, and holding no external data, as at install).
    Any fault is one line naming the file and the fix. `remember`: keep its digest beside it
    (an installed voice, in the product's own folder)."""
    config = config_path(model)
    if model.suffix != ".onnx":
        raise ReaderError(f"{model}: not a Piper voice (expected a .onnx file with its .onnx.json beside it)")
    if not model.is_file():
        raise ReaderError(f"{model}: no such voice file")
    if not config.is_file():
        raise ReaderError(f"{config}: missing; a Piper voice is two files, the .onnx and its .onnx.json: {FIX}")
    try:
        checked = check_config(json.loads(read_text(config)))
    except (ValueError, KeyError, TypeError, RecursionError) as exc:
        raise ReaderError(f"{config}: not a Piper voice config ({exc}): {FIX}") from None
    with model.open("rb") as handle:
        head = handle.read(1)
    if head != ONNX_MAGIC or model.stat().st_size < 64:
        raise ReaderError(f"{model}: not an ONNX model (damaged or cut short): {FIX}")
    if whole:
        load_model(model)
    if checked.family not in LANGUAGES:
        raise ReaderError(f"{config}: the voice speaks {checked.family!r}; "
                          f"the reader needs one of {', '.join(LANGUAGES)}")
    details = read_card(card or card_path(model))
    name = model.name.removesuffix(".onnx")
    quality = checked.quality or (name.rsplit("-", 1)[-1] if "-" in name else "unknown")
    named = checked.dataset or (name.split("-")[1] if name.count("-") >= 2 else name)
    dataset = f"{named}, {details['url']}" if details.get("url") else named
    licence = details.get("license") or details.get("licence") or "unknown"
    return Voice(model, name, checked.family, quality, checked.sample_rate, checked.speakers, dataset, licence,
                 voice_digest(model, config, remember))


def load_model(model: Path):
    """The voice's ONNX model, parsed and checked to hold all its data itself."""
    try:
        import onnx
    except ImportError:
        raise ReaderError(f"{model}: Piper voices need the piper-tts and onnx packages: "
                          "pip install 'reader[voices]' (make run installs them)") from None
    try:
        parsed = onnx.load_from_string(model.read_bytes())
    except Exception as exc:   # onnx's own DecodeError and friends
        raise ReaderError(f"{model}: not a loadable ONNX model ({str(exc)[:80]}); "
                          "download the voice again and reinstall it") from None
    try:
        check_no_external_data(parsed)
    except ValueError as exc:
        raise ReaderError(f"{model}: refused: {exc}") from None
    return parsed


def voice_digest(model: Path, config: Path, remember: bool) -> str:
    """SHA-256 of the model and its config. A voice is 60-120 MB, and hashing it at every build
    would cost a no-op rebuild half a second: the digest is kept beside it (NAME.sha256) with
    the sizes and times it was taken at, and taken again when either file changed."""
    stamp = [[path.stat().st_size, path.stat().st_mtime_ns] for path in (model, config)]
    saved = model.with_name(model.name.removesuffix(".onnx") + ".sha256")
    try:
        known = json.loads(saved.read_text(encoding="utf-8"))
        if known["stamp"] == stamp and re.fullmatch(r"[0-9a-f]{64}", known["sha256"]):
            return known["sha256"]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    digest = hashlib.sha256()
    for path in (model, config):
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):   # noqa: B023 (read in this iteration)
                digest.update(block)
    if remember:
        try:
            atomic_write(saved, json.dumps({"stamp": stamp, "sha256": digest.hexdigest()}).encode())
        except ReaderError:
            pass                          # read-only: hash again next time
    return digest.hexdigest()


def installed(folder: Path) -> list[Voice]:
    """Every voice in the folder, by name."""
    return [read_voice(model, remember=True) for model in sorted(folder.glob("*.onnx"))] if folder.is_dir() else []


def chosen(found: list[Voice], preferred: tuple[str, ...], folder: Path) -> dict[str, Voice]:
    """Of the voices found in `folder`, the one that speaks each language: the one named in
    `preferred` (READER_VOICES), else the first by name."""
    voices: dict[str, Voice] = {}
    for voice in found:
        if voice.lang not in voices or voice.name in preferred:
            voices[voice.lang] = voice
    unknown = [name for name in preferred if name not in {v.name for v in found}]
    if unknown:
        raise ReaderError(f"READER_VOICES names {unknown[0]!r}, which is not installed in {folder} "
                          "(reader voices list shows what is)")
    return voices


def install(model: Path, folder: Path) -> tuple[Voice, bool]:
    """Copy a checked voice (model, config, and its MODEL_CARD if one lies beside it) into the
    folder. Returns the installed voice and whether anything was copied. A different file
    already installed under the same name is never replaced; a copy that fails (a full disk)
    leaves nothing behind."""
    card = model.parent / "MODEL_CARD"
    if card.is_file():
        check_card_size(card.stat().st_size, str(card))
    voice = read_voice(model, card if card.is_file() else None, whole=True)
    if folder.exists() and not folder.is_dir():
        raise ReaderError(f"{folder}: is a file, where the reader keeps its voices; move it away first")
    target = folder / model.name
    pairs = [(model, target), (voice.config, config_path(target))]
    if card.is_file():
        pairs.append((card, card_path(target)))
    for source, destination in pairs:
        if destination.exists() and (not destination.is_file() or not same_bytes(destination, source)):
            raise ReaderError(f"{destination}: a different voice file of that name is installed; "
                              "remove it first if you mean to replace it (reader voices remove)")
    copied = False
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for source, destination in pairs:
            if not destination.exists():
                copy_whole(source, destination)
                copied = True
    except OSError as exc:
        if copied:   # the voice is not half installed: what this call copied goes again
            for _, destination in pairs:
                destination.unlink(missing_ok=True)
        raise ReaderError(f"{folder}: cannot install {voice.name} ({exc.strerror or exc}); nothing was installed") \
            from None
    return read_voice(target, remember=True), copied


def same_bytes(one: Path, other: Path) -> bool:
    return one.stat().st_size == other.stat().st_size and one.read_bytes() == other.read_bytes()


def copy_whole(source: Path, destination: Path) -> None:
    """Copy under a temporary name, then rename: never a half-written voice file."""
    partial = destination.with_name(destination.name + ".part")
    try:
        shutil.copyfile(source, partial)
        partial.replace(destination)
    finally:
        partial.unlink(missing_ok=True)


def remove(name: str, folder: Path) -> list[Path]:
    """The installed voice's files (model, config, card, digest): the ones install wrote."""
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", name) or name.endswith(".onnx"):
        raise ReaderError(f"{name!r}: not a voice name; reader voices list shows the installed ones")
    model = folder / f"{name}.onnx"
    if not model.is_file():
        raise ReaderError(f"{name}: no such voice installed in {folder} (reader voices list shows what is)")
    files = [model, config_path(model), card_path(model), model.with_name(f"{name}.sha256")]
    removed = [path for path in files if path.is_file()]
    for path in removed:
        path.unlink()
    return removed

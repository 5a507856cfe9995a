"""A Piper voice is data from elsewhere: its config, its model and its card are checked field by
field before anything uses them, so that a crafted or broken voice is refused in one line at
install (and again at load) instead of failing every later build, or reading other files.
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import ReaderError

SAMPLE_RATES = range(8_000, 192_001)
ESPEAK_VOICE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{1,8})*", re.IGNORECASE)   # en-us, kk, ru, cmn-latn-pinyin
SPECIAL_IDS = ("^", "$", "_")            # start, end and pad: the engine puts them around every sentence
MAX_SPEAKERS = 10_000
MAX_SYMBOLS = 100_000
CARD_LIMIT = 64 * 1024                   # a MODEL_CARD is a page of text; it is read at every build
CARD_FIELD_LIMIT = 300                   # what `voices list`, the page footer and the EPUB show of a field


@dataclass(frozen=True)
class VoiceConfig:
    """What the reader and piper use of a voice's `.onnx.json`, each field checked."""

    sample_rate: int
    espeak_voice: str
    family: str                # the language the config names, else the espeak voice's
    quality: str | None
    dataset: str | None
    speakers: int


def _integer(value: Any, allowed: range, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in allowed:
        raise ValueError(f"{what} must be a whole number from {allowed.start} to {allowed.stop - 1}, not {value!r}")
    return value


def _text(value: Any, what: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > CARD_FIELD_LIMIT:
        raise ValueError(f"{what} must be a short text, not {str(value)[:40]!r}")
    return value


def _object(data: dict, key: str, required: bool = True) -> dict:
    value = data.get(key) if not required else data[key]
    if value is None and not required:
        return {}
    if not isinstance(value, dict):
        raise ValueError(f"{key!r} must be an object, not {str(value)[:40]!r}")
    return value


def _phoneme_id_map(value: Any, symbols: int) -> None:
    if not isinstance(value, dict) or not value:
        raise ValueError("phoneme_id_map must be a non-empty object")
    for phoneme, ids in value.items():
        if not isinstance(ids, list) or not ids or not all(
                isinstance(i, int) and not isinstance(i, bool) and 0 <= i < symbols for i in ids):
            raise ValueError(f"phoneme_id_map[{phoneme!r}] must be a list of ids from 0 to {symbols - 1}, "
                             f"not {str(ids)[:40]}")
    missing = [p for p in SPECIAL_IDS if p not in value]
    if missing:
        raise ValueError(f"phoneme_id_map lacks {missing[0]!r}, which starts, ends or pads every sentence")


def _inference(value: dict) -> None:
    for key in ("noise_scale", "length_scale", "noise_w"):
        number = value.get(key, 1.0)
        if isinstance(number, bool) or not isinstance(number, int | float) or not (
                math.isfinite(number) and 0 <= number <= 10):
            raise ValueError(f"inference.{key} must be a number from 0 to 10, not {number!r}")


def check_config(data: Any) -> VoiceConfig:
    """Every field a build will use, with its type and range; ValueError names the first fault."""
    if not isinstance(data, dict):
        raise ValueError("the config must be a JSON object")
    audio, espeak = _object(data, "audio"), _object(data, "espeak")
    rate = _integer(audio.get("sample_rate"), SAMPLE_RATES, "audio.sample_rate")
    espeak_voice = espeak.get("voice")
    if not isinstance(espeak_voice, str) or not ESPEAK_VOICE.fullmatch(espeak_voice):
        raise ValueError("espeak.voice must be a language code such as 'kk' or 'en-us', "
                         f"not {str(espeak_voice)[:40]!r}")
    symbols = _integer(data.get("num_symbols"), range(1, MAX_SYMBOLS + 1), "num_symbols")
    speakers = _integer(data.get("num_speakers", 1), range(1, MAX_SPEAKERS + 1), "num_speakers")
    _phoneme_id_map(data.get("phoneme_id_map"), symbols)
    _inference(_object(data, "inference", required=False))
    if data.get("phoneme_type", "espeak") != "espeak":
        raise ValueError(f"phoneme_type must be 'espeak' (the reader times words by espeak-ng's phonemes), "
                         f"not {str(data.get('phoneme_type'))[:40]!r}")
    _integer(data.get("hop_length", 256), range(1, 4097), "hop_length")
    _integer(data.get("default_speaker_id", 0), range(0, speakers), "default_speaker_id")
    speaker_map = data.get("speaker_id_map") or {}
    if not isinstance(speaker_map, dict) or not all(
            isinstance(i, int) and not isinstance(i, bool) and 0 <= i < speakers for i in speaker_map.values()):
        raise ValueError(f"speaker_id_map must map names to speaker ids from 0 to {speakers - 1}")
    language = _object(data, "language", required=False)
    family = _text(language.get("family"), "language.family") or espeak_voice.split("-")[0]
    return VoiceConfig(rate, espeak_voice, family.lower(), _text(audio.get("quality"), "audio.quality"),
                       _text(data.get("dataset"), "dataset"), speakers)


def check_no_external_data(model: Any) -> None:
    """ONNX lets a tensor's bytes live in another file, at a path the model names. A model run
    from memory resolves it against the working directory: a crafted voice could read any
    file (a key, a password file) into the audio it speaks. A Piper voice is one file: refuse."""
    from onnx import TensorProto

    for tensor in _graph_tensors(model.graph, model.functions):
        if tensor.data_location == TensorProto.EXTERNAL or tensor.external_data:
            raise ValueError(f"tensor {tensor.name[:40]!r} keeps its data in another file; "
                             "a voice must be one self-contained .onnx file")


def _graph_tensors(graph: Any, functions: Any = ()) -> Iterator[Any]:
    """Every tensor a model holds: initializers, sparse ones, and node attributes, in
    subgraphs and functions too."""
    yield from graph.initializer
    for sparse in graph.sparse_initializer:
        yield from (sparse.values, sparse.indices)
    for node in [*graph.node, *(node for function in functions for node in function.node)]:
        for attribute in node.attribute:
            if attribute.HasField("t"):
                yield attribute.t
            yield from attribute.tensors
            if attribute.HasField("g"):
                yield from _graph_tensors(attribute.g)
            for subgraph in attribute.graphs:
                yield from _graph_tensors(subgraph)


def read_card_text(text: str) -> dict[str, str]:
    """The `* Key: value` lines of a Piper MODEL_CARD (its dataset URL and License), line by
    line in linear time, each value cut to what can be shown."""
    fields = {}
    for line in text.splitlines():
        line = line.strip()
        if not line.startswith("*") or ":" not in line:
            continue
        key, value = line[1:].split(":", 1)
        key, value = key.strip().lower(), value.strip()
        if key and value and len(key) <= 40 and all(c.isalpha() or c == " " for c in key):
            fields[key] = value[:CARD_FIELD_LIMIT]
    return fields


def check_card_size(size: int, origin: str) -> None:
    if size > CARD_LIMIT:
        raise ReaderError(f"{origin}: a model card of {size:,} bytes; a Piper MODEL_CARD is a page of text "
                          f"(at most {CARD_LIMIT // 1024} KiB): not this voice's card?")

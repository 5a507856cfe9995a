"""Piper's neural voices (ONNX, on the CPU) as a speech engine, with word times from the voice
itself.

A VITS voice decides how many frames each phoneme id lasts (its `w_ceil` tensor, exposed as
an extra output by piper's own patch, in memory). So the sample where a word starts is the sum
of the frames before its first phoneme, times the hop: the model's own timing, not a guess.
Where a model has no such tensor, its words are found by forced alignment against espeak-ng
(speech/align.py) and the sentence is marked estimated, as for gTTS.

The phonemes are made here (piper's espeak-ng phonemizer, the sentence in context) and given
to the model directly, so that each word's phonemes are known (speech/phoneme_words.py), and
so that no per-sentence peak normalisation (piper's default) makes some sentences louder.

A VITS voice draws random noise (RandomNormalLike) for its durations and its sound, and
onnxruntime's generator runs on from one sentence to the next: a sentence would sound
different depending on what was said before it, and no build would repeat. So those nodes
are replaced by slices of noise the engine passes in, drawn from a seed made of the
sentence's own phoneme ids: the same sentence, the same samples, whatever came before.
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..errors import ReaderError
from ..segment import Span
from .align import words_by_alignment
from .base import Utterance
from .phoneme_words import word_starts
from .pronounce import spoken_text
from .voices import Voice, load_model, read_voice

BOS, EOS, PAD = "^", "$", "_"
NOISE_CHANNELS = 192      # VITS's widest noise (the prior's channels); the durations take 2 of them
NOISE_FRAMES_PER_ID = 40  # room for 0.46 s per phoneme id at 22.05 kHz; more is asked for if a voice needs it


class PiperEngine:
    """One installed voice; its model is loaded on first use, in the process that speaks."""

    name = "piper"

    def __init__(self, model: Path, threads: int = 0) -> None:
        from importlib.metadata import PackageNotFoundError, version

        self.voice_info: Voice = read_voice(model)
        try:
            self.version = version("piper-tts")
        except PackageNotFoundError:
            raise ReaderError(f"{model}: Piper voices need the piper-tts package: pip install 'reader[voices]' "
                              "(make run installs it)") from None
        self.threads = threads or os.cpu_count() or 1   # the build gives each worker its share
        self._voice = None
        self._aligned = False
        self._noise_inputs: list[str] = []

    def voice(self, lang: str) -> str:
        if lang != self.voice_info.lang:
            raise ReaderError(f"Piper voice {self.voice_info.name} speaks {self.voice_info.lang}, not {lang}")
        return self.voice_info.name

    def _load(self):
        """The PiperVoice, with its duration tensor exposed when the model has one."""
        if self._voice is not None:
            return self._voice
        import json

        from piper import PiperVoice
        from piper.config import PiperConfig

        session = self.session(self.prepared_model())
        config = PiperConfig.from_dict(json.loads(self.voice_info.config.read_bytes()))
        self._voice = PiperVoice(session=session, config=config)
        return self._voice

    def prepared_model(self) -> bytes:
        """The model as the engine runs it: its durations an output, its noise an input."""
        from piper.patch_voice_with_alignment import add_alignment_output

        model = load_model(self.voice_info.path)   # checked again: no data outside the file
        try:
            add_alignment_output(model)
            self._aligned = True
        except ValueError:      # no Ceil tensor: word times by forced alignment instead
            self._aligned = False
        self._noise_inputs = seeded_noise(model)
        return model.SerializeToString()

    def session(self, model: bytes, optimisation: str = "ORT_ENABLE_ALL"):
        """An onnxruntime session on the CPU with this engine's share of the cores (the
        benchmark compares graph optimisation levels with `optimisation`)."""
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = self.threads
        options.inter_op_num_threads = 1
        options.graph_optimization_level = getattr(onnxruntime.GraphOptimizationLevel, optimisation)
        try:
            return onnxruntime.InferenceSession(model, sess_options=options, providers=["CPUExecutionProvider"])
        except Exception as exc:
            raise ReaderError(f"{self.voice_info.path}: onnxruntime cannot run this voice ({exc})") from None

    def phonemes(self, text: str) -> list[str]:
        """The text's phonemes as the voice would make them, sentences joined by a space."""
        voice = self._load()
        result: list[str] = []
        for sentence in voice.phonemize(text):
            result += ([" "] if result else []) + sentence
        return result

    def speak(self, text: str, words: Sequence[Span], lang: str,
              spoken: Sequence[str] | None = None) -> Utterance:

        self.voice(lang)
        spoken = list(spoken or [text[a:b] for a, b in words])
        phonemes = self.phonemes(spoken_text(text, words, spoken, lang))
        first_phoneme = word_starts(phonemes, [self._word_phonemes(w) for w in spoken])
        ids, first_id = phoneme_ids(phonemes, self._load().config.phoneme_id_map)
        pcm, id_samples = self._run(ids)
        if id_samples is None:   # no duration tensor: words found by forced alignment, marked estimated

            return words_by_alignment(text, words, lang, spoken, pcm, self.voice_info.sample_rate)
        before = np.concatenate(([0], np.cumsum(id_samples)))
        starts = tuple(None if k is None else min(int(before[first_id[k]]), pcm.size) for k in first_phoneme)
        return Utterance(pcm, self.voice_info.sample_rate, starts)

    def _word_phonemes(self, word: str) -> list[str]:
        return _cached_word_phonemes(self, word)

    def _run(self, ids: list[int]) -> tuple[np.ndarray, np.ndarray | None]:
        voice = self._load()
        config = voice.config
        inputs = {"input": np.array([ids], dtype=np.int64), "input_lengths": np.array([len(ids)], dtype=np.int64),
                  "scales": np.array([config.noise_scale, config.length_scale, config.noise_w_scale], np.float32)}
        if config.num_speakers > 1:
            inputs["sid"] = np.array([config.default_speaker_id], dtype=np.int64)
        room = NOISE_FRAMES_PER_ID * len(ids)
        while True:
            inputs.update(noise(self._noise_inputs, ids, room))
            try:
                result = voice.session.run(None, inputs)
                break
            except Exception as exc:   # onnxruntime's own errors: a slice of the noise was too short
                if not self._noise_inputs or room > 1_000 * len(ids):
                    raise ReaderError(f"{self.voice_info.path}: the voice failed on {len(ids)} phoneme ids "
                                      f"({type(exc).__name__})") from None
                room *= 4
        audio = np.asarray(result[0], dtype=np.float32).reshape(-1)
        pcm = np.clip(np.round(audio * 32767), -32767, 32767).astype(np.int16)
        if len(result) < 2 or not self._aligned:
            return pcm, None
        per_id = np.asarray(result[1]).reshape(-1)     # frames of each phoneme id (w_ceil)
        return pcm, (per_id * config.hop_length).astype(np.int64)


@lru_cache(maxsize=4096)
def _cached_word_phonemes(engine: PiperEngine, word: str) -> list[str]:
    return engine.phonemes(word)


def phoneme_ids(phonemes: Sequence[str], id_map) -> tuple[list[int], list[int]]:
    """Piper's ids for the phonemes (BOS, each phoneme followed by PAD, EOS) and where each
    phoneme's ids begin. A phoneme the voice does not know is skipped, as piper does, and
    begins where the next one does."""
    ids = [*id_map[BOS], *id_map[PAD]]
    first = []
    for phoneme in phonemes:
        first.append(len(ids))
        if phoneme in id_map:
            ids += [*id_map[phoneme], *id_map[PAD]]
    ids += id_map[EOS]
    return ids, first


def seeded_noise(model) -> list[str]:
    """Replace each RandomNormalLike (or RandomUniformLike) node by a slice, of its input's
    shape, of a new graph input, scaled and shifted as the node's attributes say. Returns
    "input:kind" for each: what to feed, drawn how."""
    from onnx import TensorProto, helper

    specs = []
    for index, node in enumerate(list(model.graph.node)):
        if node.op_type not in ("RandomNormalLike", "RandomUniformLike"):
            continue
        attributes = {a.name: helper.get_attribute_value(a) for a in node.attribute}
        if node.op_type == "RandomNormalLike":
            shift, spread = attributes.get("mean", 0.0), attributes.get("scale", 1.0)
        else:
            shift, spread = attributes.get("low", 0.0), attributes.get("high", 1.0) - attributes.get("low", 0.0)
        name = f"reader_noise_{index}"
        model.graph.input.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, [1, NOISE_CHANNELS, "F"]))
        new = [helper.make_node("Constant", [], [f"{name}_{key}"],
                                value=helper.make_tensor(f"{name}_{key}", kind, [len(values)], values))
               for key, kind, values in (("origin", TensorProto.INT64, [0, 0, 0]),
                                         ("spread", TensorProto.FLOAT, [float(spread)]),
                                         ("shift", TensorProto.FLOAT, [float(shift)]))]
        new += [helper.make_node("Shape", [node.input[0]], [f"{name}_shape"]),
                helper.make_node("Slice", [name, f"{name}_origin", f"{name}_shape"], [f"{name}_slice"]),
                helper.make_node("Mul", [f"{name}_slice", f"{name}_spread"], [f"{name}_scaled"]),
                helper.make_node("Add", [f"{name}_scaled", f"{name}_shift"], list(node.output))]
        position = list(model.graph.node).index(node)
        model.graph.node.remove(node)
        for made in reversed(new):
            model.graph.node.insert(position, made)
        specs.append(f"{name}:{node.op_type}")
    return specs


def noise(inputs: list[str], ids: list[int], frames: int) -> dict[str, np.ndarray]:
    """Each noise input's values for this sentence, from a seed of its phoneme ids. Drawn frame
    by frame (all channels of frame 0, then frame 1…), so a longer buffer starts the same."""
    import hashlib

    seed = int.from_bytes(hashlib.sha256(np.asarray(ids, dtype=np.int64).tobytes()).digest()[:8], "little")
    values = {}
    for n, spec in enumerate(inputs):
        name, kind = spec.split(":")
        generator = np.random.Generator(np.random.PCG64([seed, n]))
        drawn = (generator.standard_normal((frames, NOISE_CHANNELS)) if kind == "RandomNormalLike"
                 else generator.random((frames, NOISE_CHANNELS)))
        values[name] = drawn.astype(np.float32).T[None]
    return values

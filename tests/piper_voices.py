"""Synthetic Piper voices, built in the tests (no voice can be downloaded here).

The graph has a real Piper voice's interface: inputs `input` [1, N] int64, `input_lengths`,
`scales` (and `sid` for a multi-speaker voice), output `audio` [1, 1, T], and a Ceil node
holding each phoneme id's frames, as a VITS export does. Here phoneme id i lasts
DURATION(i) frames of HOP samples, and the sound is a quiet tone, silent during word gaps
(id 3, " ", and the PAD after it), so a word's onset can be found in the audio itself.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

HOP = 256
SPACE_ID = 3


def duration(phoneme_id: int) -> int:
    """Frames for one phoneme id: (id mod 3) + 2, which the graph computes as ceil(id mod 3 + 1.5)."""
    return phoneme_id % 3 + 2


def _const(name, value):
    from onnx import TensorProto, helper

    arr = np.asarray(value)
    kind = TensorProto.FLOAT if arr.dtype == np.float32 else TensorProto.INT64
    return helper.make_node("Constant", [], [name],
                            value=helper.make_tensor(name, kind, arr.shape, arr.flatten().tolist()))


def build_voice(folder: Path, name: str = "kk_KZ-synthetic-medium", espeak_voice: str = "kk",
                family: str = "kk", with_durations: bool = True, speakers: int = 1, rate: int = 22050,
                amplitude: float = 0.3, card: str | None = None, noisy: bool = False,
                default_speaker: int = 0) -> Path:
    """Write NAME.onnx and NAME.onnx.json (and MODEL_CARD if given) into folder; returns the .onnx.
    `noisy`: the sound is shaped by RandomNormalLike, as a VITS voice's is by its noise."""
    import onnx
    from onnx import TensorProto as T
    from onnx import helper as h
    from piper.phoneme_ids import DEFAULT_PHONEME_ID_MAP

    nodes = [
        _const("three", np.array(3, np.int64)), h.make_node("Mod", ["input", "three"], ["m"]),
        h.make_node("Cast", ["m"], ["mf"], to=T.FLOAT),
        _const("half", np.array(1.5, np.float32)), h.make_node("Add", ["mf", "half"], ["wf"]),
        h.make_node("Ceil" if with_durations else "Round", ["wf"], ["w_ceil"]),   # frames per id
        _const("flat", np.array([-1], np.int64)), h.make_node("Reshape", ["w_ceil", "flat"], ["dur"]),
        h.make_node("Reshape", ["input", "flat"], ["ids"]),
        _const("axis0", np.array(0, np.int64)), h.make_node("CumSum", ["dur", "axis0"], ["ends"]),
        h.make_node("Sub", ["ends", "dur"], ["starts"]),
        h.make_node("ReduceSum", ["dur"], ["frames"], keepdims=0),
        _const("zero", np.array(0.0, np.float32)), _const("one", np.array(1.0, np.float32)),
        h.make_node("Range", ["zero", "frames", "one"], ["f"]),
        _const("col", np.array([-1, 1], np.int64)), h.make_node("Reshape", ["f", "col"], ["f_col"]),
        h.make_node("GreaterOrEqual", ["f_col", "starts"], ["begun"]),
        h.make_node("Cast", ["begun"], ["begun_i"], to=T.INT64),
        _const("axis1", np.array([1], np.int64)),
        h.make_node("ReduceSum", ["begun_i", "axis1"], ["count"], keepdims=0),
        _const("one_i", np.array(1, np.int64)), h.make_node("Sub", ["count", "one_i"], ["which"]),
        h.make_node("Gather", ["ids", "which"], ["frame_id"], axis=0),
        _const("space", np.array(SPACE_ID, np.int64)), h.make_node("Equal", ["frame_id", "space"], ["is_space"]),
        # the PAD after a space is silent too: a word's sound begins with its first phoneme
        _const("none", np.array([-1], np.int64)), _const("s0", np.array([0], np.int64)),
        _const("s_end", np.array([-1], np.int64)), h.make_node("Slice", ["ids", "s0", "s_end"], ["head"]),
        h.make_node("Concat", ["none", "head"], ["previous_ids"], axis=0),
        h.make_node("Gather", ["previous_ids", "which"], ["frame_previous"], axis=0),
        _const("pad", np.array(0, np.int64)), h.make_node("Equal", ["frame_id", "pad"], ["is_pad"]),
        h.make_node("Equal", ["frame_previous", "space"], ["after_space"]),
        h.make_node("And", ["is_pad", "after_space"], ["pad_after_space"]),
        h.make_node("Or", ["is_space", "pad_after_space"], ["gap"]),
        h.make_node("Not", ["gap"], ["voiced"]), h.make_node("Cast", ["voiced"], ["voiced_f"], to=T.FLOAT),
        _const("amp", np.array(amplitude, np.float32)), h.make_node("Mul", ["voiced_f", "amp"], ["level"]),
        h.make_node("Reshape", ["level", "col"], ["level_col"]),
        _const("hop_shape", np.array([1, HOP], np.int64)), h.make_node("Expand", ["level_col", "hop_shape"], ["lv"]),
        h.make_node("Reshape", ["lv", "flat"], ["envelope"]),
        _const("hop", np.array(float(HOP), np.float32)), h.make_node("Mul", ["frames", "hop"], ["n"]),
        h.make_node("Range", ["zero", "n", "one"], ["t"]),
        _const("freq", np.array(0.06, np.float32)), h.make_node("Mul", ["t", "freq"], ["phase"]),
        h.make_node("Sin", ["phase"], ["tone"]), h.make_node("Mul", ["tone", "envelope"], ["a"]),
        _const("shape", np.array([1, 1, -1], np.int64)),
    ]
    if speakers > 1:   # each speaker louder than the last: speaker n at (n + 1) times the amplitude
        at = next(i for i, node in enumerate(nodes) if node.output[0] == "level")
        nodes[at:at] = [h.make_node("Cast", ["sid"], ["sid_f"], to=T.FLOAT),
                        _const("unit_gain", np.array(1.0, np.float32)),
                        h.make_node("Add", ["sid_f", "unit_gain"], ["speaker_gain"]),
                        h.make_node("Mul", ["amp", "speaker_gain"], ["speaker_amp"])]
        nodes[at + 4] = h.make_node("Mul", ["voiced_f", "speaker_amp"], ["level"])
    if noisy:
        nodes += [h.make_node("Reshape", ["a", "shape"], ["a3"]),
                  h.make_node("RandomNormalLike", ["a3"], ["wobble"], scale=0.2),
                  _const("unit", np.array(1.0, np.float32)), h.make_node("Add", ["wobble", "unit"], ["gain"]),
                  h.make_node("Mul", ["a3", "gain"], ["output"])]
    else:
        nodes.append(h.make_node("Reshape", ["a", "shape"], ["output"]))
    inputs = [h.make_tensor_value_info("input", T.INT64, [1, "N"]),
              h.make_tensor_value_info("input_lengths", T.INT64, [1]),
              h.make_tensor_value_info("scales", T.FLOAT, [3])]
    if speakers > 1:
        inputs.append(h.make_tensor_value_info("sid", T.INT64, [1]))
    graph = h.make_graph(nodes, "synthetic-piper", inputs, [h.make_tensor_value_info("output", T.FLOAT, [1, 1, "T"])])
    model = h.make_model(graph, opset_imports=[h.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.onnx"
    onnx.save(model, str(path))
    config = {"audio": {"sample_rate": rate, "quality": name.rsplit("-", 1)[-1]}, "espeak": {"voice": espeak_voice},
              "phoneme_type": "espeak", "num_symbols": 256, "num_speakers": speakers,
              "default_speaker_id": default_speaker,
              "inference": {"noise_scale": 0.667, "length_scale": 1, "noise_w": 0.8},
              "phoneme_id_map": DEFAULT_PHONEME_ID_MAP, "language": {"code": name.split("-")[0], "family": family},
              "dataset": name.split("-")[1]}
    (folder / f"{name}.onnx.json").write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
    if card is not None:
        (folder / "MODEL_CARD").write_text(card, encoding="utf-8")
    return path


def expected_starts(phonemes: list[str], id_map: dict) -> list[int]:
    """Where each phoneme begins, in samples, by the voice's known durations: BOS and PAD
    first, then each phoneme's ids and a PAD (Piper's layout)."""
    cursor = sum(duration(i) for i in [*id_map["^"], *id_map["_"]])
    starts = []
    for phoneme in phonemes:
        starts.append(cursor * HOP)
        if phoneme in id_map:
            cursor += sum(duration(i) for i in [*id_map[phoneme], *id_map["_"]])
    return starts

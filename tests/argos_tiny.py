"""Tiny random-weight argostranslate packages, built offline in well under a second: enough
to run argostranslate's real code (install, pivot, CTranslate2 decoding), not to translate."""
from __future__ import annotations

import io
import json
import random
import zipfile
from pathlib import Path

WORDS = ("the court women children law case violence silence justice truth reported "
         "сот әйелдер балалар заң іс зорлық үнсіздік әділдік ақиқат суд женщины дети закон дело насилие "
         "молчание правда").split()
D, FF, HEADS, LAYERS = 32, 64, 2, 1


def sentencepiece_model() -> bytes:
    import sentencepiece as spm

    rng = random.Random(0)
    sentences = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 12))) + "." for _ in range(400)]
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(sentence_iterator=iter(sentences), model_writer=model, vocab_size=120,
                                   model_type="unigram", character_coverage=1.0, hard_vocab_limit=False,
                                   minloglevel=2)
    return model.getvalue()


def fill(spec, vocab_size: int, rng, scope: str = "") -> None:
    """Give every weight of a CTranslate2 Transformer spec a random array of the right shape."""
    import numpy as np
    from ctranslate2.specs import common_spec, model_spec

    for name, value in list(spec.__dict__.items()):
        full = f"{scope}/{name}"
        if isinstance(value, list):
            for i, sub in enumerate(value):
                if isinstance(sub, model_spec.LayerSpec):
                    fill(sub, vocab_size, rng, f"{full}_{i}")
        elif isinstance(value, model_spec.LayerSpec):
            fill(value, vocab_size, rng, full)
        elif value is None:
            if isinstance(spec, common_spec.LayerNormSpec):
                array = np.ones(D) if name == "gamma" else np.zeros(D)
            elif isinstance(spec, common_spec.EmbeddingsSpec) or "projection" in full:
                array = rng.normal(0, 0.5, (vocab_size, D))
            elif "ffn/linear_0" in full:
                array = rng.normal(0, 0.1, (FF, D))
            elif "ffn/linear_1" in full:
                array = rng.normal(0, 0.1, (D, FF))
            elif "self_attention/linear_0" in full:
                array = rng.normal(0, 0.1, (3 * D, D))
            elif "/attention/linear_1" in full:
                array = rng.normal(0, 0.1, (2 * D, D))
            else:
                array = rng.normal(0, 0.1, (D, D))
            setattr(spec, name, array.astype(np.float32))


def build_model(from_code: str, to_code: str, outdir: Path, version: str = "0.0.1") -> Path:
    """outdir/translate-FROM_TO.argosmodel, a zip holding translate-FROM_TO/{metadata.json,
    sentencepiece.model, model/} as argostranslate.package.install_from_path expects."""
    import numpy as np
    import sentencepiece as spm
    from ctranslate2.specs import transformer_spec

    name = f"translate-{from_code}_{to_code}"
    work = outdir / f"build-{name}" / name
    (work / "model").mkdir(parents=True)
    proto = sentencepiece_model()
    (work / "sentencepiece.model").write_bytes(proto)
    processor = spm.SentencePieceProcessor(model_proto=proto)
    vocab = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    spec = transformer_spec.TransformerSpec.from_config(LAYERS, HEADS)
    fill(spec, len(vocab), np.random.default_rng(0))
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    spec.validate()
    spec.optimize(quantization=None)
    spec.save(str(work / "model"))
    meta = {"package_version": version, "argos_version": "1.9.0", "type": "translate",
            "from_code": from_code, "from_name": from_code, "to_code": to_code, "to_name": to_code, "links": []}
    (work / "metadata.json").write_text(json.dumps(meta))
    out = outdir / f"{name}.argosmodel"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(work.rglob("*")):
            archive.write(path, path.relative_to(work.parent))
    return out

"""A tiny Whisper model in CTranslate2 form, built offline from numpy arrays (about 0.2 s), that
faster-whisper loads and decodes with its real code: random weights, except the decoder's
position table, which spells `said` (each string a segment, half a second each). So whatever
the audio and the language, every 30 s window is heard as `said`: the tests know what the ear
hears. Facts this rests on (measured in ../shared/recipes/whisper_tiny_ct2.py):
- ids follow Whisper's multilingual layout: 50257 text ids (the last one "", which ctranslate2
  4.7+ reads as "multilingual"), then <|endoftext|>, <|startoftranscript|>, 99 languages, the
  task and control tokens, <|notimestamps|>, and <|0.00|> … <|30.00|>;
- tokenizer.json must be in the folder, or faster-whisper fetches openai/whisper-tiny's;
- config.json needs suppress_ids_begin and alignment_heads;
- the script assumes the prompt <|startoftranscript|> <|lang|> <|transcribe|> in every window,
  which condition_on_previous_text=False (the check's setting) gives."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

LANGS = ("en zh de es ru ko fr ja pt tr pl ca nl ar sv it id hi fi vi he uk el ms cs ro da hu ta "
         "no th ur hr bg lt la mi ml cy sk te fa lv bn sr az sl kn et mk br eu is hy ne mn bs kk "
         "sq sw gl mr pa si km sn yo so af oc ka be tg sd gu am yi lo uz fo ht ps tk nn mt sa lb "
         "my bo tl mg as tt haw ln ha ba jw su").split()
TEXT_IDS = 50257
SPECIALS = (["<|endoftext|>", "<|startoftranscript|>"] + [f"<|{code}|>" for code in LANGS]
            + ["<|translate|>", "<|transcribe|>", "<|startoflm|>", "<|startofprev|>", "<|nocaptions|>",
               "<|notimestamps|>"] + [f"<|{i * 0.02:.2f}|>" for i in range(1501)])
WIDTH, FFN, HEADS, LAYERS, MELS = 64, 256, 2, 1, 80
# What the tokenizer learns from; the words said must be made of its merges (as these are).
CORPUS = ["сәлем әлем бүгін біз кітап оқимыз және әңгіме жазамыз",
          "привет мир сегодня мы читаем книгу и пишем рассказ",
          "hello world today we read a book and write a story"]


def tokenizer(corpus: list[str]):
    """Byte-level BPE learnt from the corpus, padded with filler words to Whisper's text ids."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

    byte_level = pre_tokenizers.ByteLevel(add_prefix_space=False)
    learnt = Tokenizer(models.BPE())
    learnt.pre_tokenizer = byte_level
    learnt.train_from_iterator(corpus * 20, trainers.BpeTrainer(
        vocab_size=400, initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False))
    vocab = learnt.get_vocab()
    merges = [tuple(m.split(" ")) if isinstance(m, str) else tuple(m)
              for m in json.loads(learnt.to_str())["model"]["merges"]]
    syllables = [byte_level.pre_tokenize_str(c + v)[0][0] for c in "бгджзклмнпрстшқ" for v in "аәеиоөұүыі"]
    n = 0
    while len(vocab) < TEXT_IDS - 1:
        word, k = "Ġ", n
        while True:
            word, k = word + syllables[k % len(syllables)], k // len(syllables)
            if k == 0 and len(word) > 5:
                break
        n += 1
        vocab.setdefault(word, len(vocab))
    vocab[""] = TEXT_IDS - 1
    tok = Tokenizer(models.BPE(vocab, merges))
    tok.pre_tokenizer, tok.decoder = byte_level, decoders.ByteLevel()
    tok.add_special_tokens(SPECIALS)
    assert tok.token_to_id("<|kk|>") == 50316 and tok.token_to_id("<|notimestamps|>") == 50363
    return tok


def build_whisper(folder: Path, said: tuple[str, ...] = (" сәлем әлем бүгін", " привет мир")) -> Path:
    """Write the model into `folder`; returns it."""
    from ctranslate2.specs import whisper_spec

    folder.mkdir(parents=True, exist_ok=True)
    tok = tokenizer(CORPUS)
    size = tok.get_vocab_size()
    rng = np.random.default_rng(0)

    def weights(*shape, std=0.1):
        return rng.normal(0, std, shape).astype(np.float32)

    def linear(spec, n_out, n_in):
        spec.weight, spec.bias = weights(n_out, n_in), np.zeros(n_out, np.float32)

    def norm(spec):
        spec.gamma, spec.beta = np.ones(WIDTH, np.float32), np.zeros(WIDTH, np.float32)

    def block(layer, cross):
        norm(layer.self_attention.layer_norm)
        linear(layer.self_attention.linear[0], 3 * WIDTH, WIDTH)
        linear(layer.self_attention.linear[1], WIDTH, WIDTH)
        if cross:
            norm(layer.attention.layer_norm)
            linear(layer.attention.linear[0], WIDTH, WIDTH)
            linear(layer.attention.linear[1], 2 * WIDTH, WIDTH)
            linear(layer.attention.linear[2], WIDTH, WIDTH)
        norm(layer.ffn.layer_norm)
        linear(layer.ffn.linear_0, FFN, WIDTH)
        linear(layer.ffn.linear_1, WIDTH, FFN)

    spec = whisper_spec.WhisperSpec(LAYERS, HEADS, LAYERS, HEADS)
    encoder, decoder = spec.encoder, spec.decoder
    encoder.conv1.weight, encoder.conv1.bias = weights(WIDTH, MELS, 3), np.zeros(WIDTH, np.float32)
    encoder.conv2.weight, encoder.conv2.bias = weights(WIDTH, WIDTH, 3), np.zeros(WIDTH, np.float32)
    angle = np.arange(1500)[:, None] / 10000 ** (np.arange(WIDTH // 2)[None] / (WIDTH // 2 - 1))
    encoder.position_encodings.encodings = np.hstack([np.sin(angle), np.cos(angle)]).astype(np.float32)
    norm(encoder.layer_norm)
    for layer in encoder.layer:
        block(layer, cross=False)
    decoder.embeddings.weight = embedding = weights(size, WIDTH, std=0.5)
    decoder.projection.weight = embedding
    stamps = [tok.token_to_id(f"<|{i * 0.5:.2f}|>") for i in range(len(said) + 1)]
    script: list[int] = []
    for i, text in enumerate(said):
        script += [stamps[i]] + tok.encode(text).ids + [stamps[i + 1]]
    script.append(tok.token_to_id("<|endoftext|>"))
    positions = weights(448, WIDTH)
    positions[2:], positions[2:2 + len(script)] = 10 * embedding[script[-1]], 10 * embedding[script]
    decoder.position_encodings.encodings = positions
    norm(decoder.layer_norm)
    for layer in decoder.layer:
        block(layer, cross=True)
    spec.register_vocabulary([tok.id_to_token(i) for i in range(size)])
    config = spec.config
    config.suppress_ids = sorted({tok.encode(s).ids[0] for s in '"#()*+/:;<=>@[\\]^_`{|}~'})
    config.suppress_ids_begin = [tok.token_to_id("Ġ"), tok.token_to_id("<|endoftext|>")]
    config.lang_ids = [tok.token_to_id(f"<|{code}|>") for code in LANGS]
    config.alignment_heads = [[LAYERS - 1, h] for h in range(HEADS)]
    spec.validate()
    spec.optimize(quantization="float16")
    spec.save(str(folder))
    tok.save(str(folder / "tokenizer.json"))
    (folder / "preprocessor_config.json").write_text(json.dumps(
        {"feature_size": MELS, "sampling_rate": 16000, "hop_length": 160, "chunk_length": 30, "n_fft": 400}))
    return folder

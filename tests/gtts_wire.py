"""Google Translate TTS responses in the wire format gTTS 2.5 parses (batchexecute: a
`jQ1olc` line carrying the MP3 as base64). No real response can be recorded offline, so each
is built here around real MP3 bytes: espeak-ng's f3 voice at 24 kHz, 32 kbps, as Google sends."""
from __future__ import annotations

import base64
import io
import json
import urllib.parse

import numpy as np
import requests


def request_text(prepared) -> tuple[str, str]:
    """The text and language gTTS put in its request body (f.req=[[["jQ1olc","[text,lang,…]"…]]])."""
    body = urllib.parse.unquote(prepared.body.split("f.req=", 1)[1].rstrip("&"))
    text, lang = json.loads(json.loads(body)[0][0][1])[:2]
    return text, lang


KNOWN_STARTS_MS: dict[str, list[float]] = {}   # text sent → each word's start in the audio answered


def google_mp3(text: str, lang: str) -> bytes:
    import soundfile
    from measure import Rendering

    from reader.segment import segment
    from reader.speech.align import resample

    words = [w.span for s in segment(text, lang, "g") for w in s.words]
    utterance = Rendering(variant="f3").speak(text, words, lang)  # another voice than the aligner's reference
    KNOWN_STARTS_MS[text] = [start * 1000 / utterance.sample_rate for start in utterance.word_starts]
    pcm = resample(utterance.pcm, utterance.sample_rate, 24000)
    buffer = io.BytesIO()
    soundfile.write(buffer, pcm.astype(np.int16), 24000, format="MP3", subtype="MPEG_LAYER_III")
    return buffer.getvalue()


def response(prepared, status: int = 200, body: bytes | None = None) -> requests.Response:
    if body is None:
        audio = base64.b64encode(google_mp3(*request_text(prepared))).decode("ascii")
        record = [["wrb.fr", "jQ1olc", json.dumps([audio]), None, None, None, "generic"]]
        body = (")]}'\n\n" + json.dumps(record, separators=(",", ":"))
                + "\n").encode()
    r = requests.Response()
    r.status_code, r._content, r._content_consumed = status, body, True
    r.request, r.url = prepared, prepared.url
    return r

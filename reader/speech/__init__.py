"""Speech: a sentence and its words → PCM and each word's start. Engines behind one
interface (base.py): espeak-ng offline (espeak_ng.py), gTTS online (google.py) with forced
alignment (align.py); how to say each word (pronounce.py); the engine table, one entry per engine (engines.py)."""

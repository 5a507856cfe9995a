"""Stage 5, build: what a build must do (plan.py), speaking it (run.py), timings (timing.py),
MP3 encoding (audio.py), each language's article audio (article_audio.py), knowing built files
whole (integrity.py), removing unused ones (prune.py), and the status report (status.py)."""

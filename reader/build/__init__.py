"""The build: what a build must do (plan.py, stamps.py), speaking it on workers (run.py,
speaking.py, workers.py, cluster.py), timings (timing.py), each language's article audio mixed,
normalised and encoded to MP3 (article_audio.py, loudness.py) and tagged (tags.py), knowing
built files whole (integrity.py), removing unused ones (prune.py), and the status report
(status.py)."""

"""Building on a Dask cluster (issue 20): a generated library built from cold on this machine
(one process, then two) and on a local cluster of one and of two workers (`dask scheduler`
and `dask worker --nthreads 1 --no-nanny`, processes on 127.0.0.1). Prints the throughput
(seconds of speech built per second), the cost per job of going through the cluster, and the
build process's own CPU time per job, which bounds what more workers can give.

    python benchmarks/cluster.py [--articles 20]

All of it shares this machine's cores: the scheduler, the workers and the build itself.
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from build import generated_library, print_rows, timed  # noqa: E402
from dask_processes import dask_cluster  # noqa: E402

from reader.build.run import build  # noqa: E402
from reader.settings import LANGUAGES, Settings  # noqa: E402


def speech_seconds(settings: Settings) -> float:
    """Seconds of article audio the library holds, every article in every language."""
    return sum(json.loads(a.timing_map(lang).read_text(encoding="utf-8"))["duration_ms"] / 1000
               for a in settings.library() for lang in LANGUAGES)


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def one_build(count: int, workers: int = 2, scheduler: str = "") -> tuple[float, float, float, int]:
    """Wall seconds, speech seconds, this process's CPU seconds, and jobs (passages + articles)."""
    settings = generated_library(Path(tempfile.mkdtemp(prefix="reader-cluster-")) / "p", count)
    cpu = cpu_seconds()
    seconds, report = timed(build, settings, workers=workers, engine="espeak", scheduler=scheduler)
    jobs = report.synthesised + count * len(LANGUAGES)
    return seconds, speech_seconds(settings), cpu_seconds() - cpu, jobs


def figures(count: int) -> list[tuple[str, str, str]]:
    rows, walls, cpus = [], {}, {}
    runs = [("this machine, one process", 1, 0), ("this machine, 2 processes", 2, 0),
            ("local cluster, 1 worker", 0, 1), ("local cluster, 2 workers", 0, 2)]
    for name, workers, cluster_workers in runs:
        if cluster_workers:
            with dask_cluster(Path(tempfile.mkdtemp(prefix="reader-dask-")), cluster_workers) as cluster:
                wall, speech, cpu, jobs = one_build(count, scheduler=cluster.address)
        else:
            wall, speech, cpu, jobs = one_build(count, workers)
        walls[name], cpus[name] = wall, cpu
        rows.append((f"library of {count} articles, cold build, {name}",
                     f"{wall:.1f} s: {speech / wall:.0f} s of speech a second ({speech / 60:.0f} min, {jobs} jobs); "
                     f"the build process's own CPU {cpu:.1f} s ({cpu / jobs * 1000:.0f} ms a job)", ""))
    extra = walls["local cluster, 1 worker"] - walls["this machine, one process"]
    rows.append(("cost of the cluster per job (1 worker against one process)",
                 f"{extra / jobs * 1000:+.0f} ms", ""))
    one = "local cluster, 1 worker"
    rows.append(("workers before the build's own process is the limit (a worker's time a job / the build's CPU a job)",
                 f"about {walls[one] / cpus[one]:.0f}", "with espeak-ng; far more with a neural voice's longer jobs"))
    rows.append(("2 workers against 1", f"{walls['local cluster, 1 worker'] / walls['local cluster, 2 workers']:.2f}x",
                 "on 2 cores shared with the scheduler and the build"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20)
    print_rows(figures(parser.parse_args().articles))


if __name__ == "__main__":
    main()

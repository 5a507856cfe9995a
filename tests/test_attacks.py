"""The benchmark's attack harness (benchmarks/attacks.py), asserted on: every attack is refused
in one line without a traceback, loses nothing, and no response names the Host it was given."""
import sys

from conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
from attacks import run_attacks  # noqa: E402  (the benchmark's harness, asserted on here)


def test_every_attack_is_refused_in_one_line_and_loses_nothing(built):
    outcome = run_attacks(built.root)
    assert outcome.tried >= 30
    assert outcome.tracebacks == [] and outcome.lost == [] and outcome.not_refused == [] and outcome.reflected == []

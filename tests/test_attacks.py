"""The attack harness (attack_harness.py, whose figure the benchmark prints), asserted on: every
attack is refused in one line without a traceback, loses nothing, and no response names the
Host it was given."""
from attack_harness import run_attacks


def test_every_attack_is_refused_in_one_line_and_loses_nothing(built):
    outcome = run_attacks(built.root)
    assert outcome.tried >= 50
    assert outcome.tracebacks == [] and outcome.lost == [] and outcome.not_refused == [] and outcome.reflected == []

"""The lock (requirements/*.txt, made by `make lock`) agrees with pyproject.toml, and this
environment is the lock: what CI tests is what a new machine installs next month."""
from __future__ import annotations

import re
import tomllib
from importlib import metadata

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from projects import REPO

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+?)\s*\\?$")
PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
EXTRAS = PROJECT["project"]["optional-dependencies"]


def pins(name: str) -> dict[str, str]:
    """Locked versions by canonical name; every pin must carry at least one hash."""
    lines = (REPO / "requirements" / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    found = {}
    for number, line in enumerate(lines):
        match = PIN.match(line)
        if match:
            following = lines[number + 1] if number + 1 < len(lines) else ""
            assert "--hash=sha256:" in following, f"requirements/{name}.txt: {match[1]} has no hash"
            found[canonicalize_name(match[1])] = match[2]
    return found


def requirements_of(lock: str) -> list[str]:
    """What pyproject.toml (and requirements/*.in) ask of each lock."""
    if lock == "build":
        return PROJECT["build-system"]["requires"]
    if lock == "app":
        return PROJECT["project"]["dependencies"] + EXTRAS["voices"] + EXTRAS["production"]
    extra_in = (REPO / "requirements" / "test.in").read_text(encoding="utf-8").splitlines()
    return PROJECT["project"]["dependencies"] + EXTRAS["test"] + [r for r in extra_in if r and not r.startswith("#")]


@pytest.mark.parametrize("lock", ["test", "app", "build"])
def test_every_requirement_is_locked_to_a_version_it_allows(lock):
    locked = pins(lock)
    for text in requirements_of(lock):
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{text!r} is not in requirements/{lock}.txt: run `make lock`"
        assert requirement.specifier.contains(locked[name], prereleases=True), \
            f"requirements/{lock}.txt pins {name}=={locked[name]}, pyproject.toml asks {text!r}: run `make lock`"


@pytest.mark.parametrize("lock", ["app", "build"])
def test_the_locks_agree_with_the_test_lock(lock):
    """make run and the Dockerfile run the versions make test tested."""
    tested = pins("test")
    differ = {n: (v, tested[n]) for n, v in pins(lock).items() if n in tested and tested[n] != v}
    assert not differ, f"requirements/{lock}.txt differs from test.txt: {differ}"


def test_torch_is_the_cpu_build():
    assert pins("test")["torch"].endswith("+cpu")


def test_this_environment_is_the_lock():
    """A package installed at another version than the lock's means `make test` did not
    install from the lock, and the suite is not testing what a new machine gets."""
    wrong = {}
    for name, version in {**pins("test"), **pins("build")}.items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = None
        if installed != version:
            wrong[name] = (installed, version)
    assert not wrong, f"installed vs locked: {wrong}"

"""Shared fixtures: the project's training data, responses and seed documents, read once.

Also the test tiers (pyproject.toml's markers): every test is marked with exactly one of
``unit``, ``integration``, ``stack`` and ``browser``, and a session runs them in that order.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests import sources, stack
from tests.databases import postgres_database
from tests.stack import ROOT

__all__ = ["ROOT", "Project", "normalise"]


TIERS = ("unit", "integration", "stack", "browser")
# Fixtures that start the assistant: only the tiers that run it may use them.
STACK_FIXTURES = {"server"}


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects: an unmarked test would run in no tier
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Checks that each test has exactly one tier, then orders them: unit first, browser last.

    Raises:
        pytest.UsageError: a test has no tier, several, or starts the assistant outside ``stack``
            and ``browser``.
    """
    problems: dict[str, None] = {}  # in order, once each
    for item in items:
        tiers = [tier for tier in TIERS if item.get_closest_marker(tier)]
        if not tiers:
            problems[f"{item.path.name}: tests without a tier"] = None
        elif len(tiers) > 1:
            problems[f"{item.nodeid}: several tiers {tiers}"] = None
        elif STACK_FIXTURES & set(getattr(item, "fixturenames", ())) and tiers[0] in TIERS[:2]:
            problems[f"{item.nodeid}: uses the running assistant but is marked {tiers[0]}"] = None
    if problems:
        raise pytest.UsageError(
            "each test needs exactly one tier marker, e.g. `pytestmark = pytest.mark.unit` "
            f"(tiers: {', '.join(TIERS)}; see pyproject.toml):\n  " + "\n  ".join(problems)
        )
    items.sort(key=lambda item: next(TIERS.index(t) for t in TIERS if item.get_closest_marker(t)))


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path} is not a YAML mapping"
    return data


def _examples(block: str) -> list[str]:
    return [line[2:].strip() for line in block.splitlines() if line.startswith("- ")]


def normalise(text: str) -> str:
    """Lower-case and collapse punctuation and spaces, to compare examples."""
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


@dataclass(frozen=True)
class Project:
    """What the tests need to know about the assistant's data."""

    training: dict[str, list[str]]
    heldout: dict[str, list[str]]
    responses: dict[str, list[dict[str, Any]]]
    domain: dict[str, Any]
    rules: list[dict[str, Any]]
    topic_files: dict[str, Path]

    @property
    def topic_intents(self) -> list[str]:
        """Full retrieval intents such as ``treatment/goals``."""
        return sorted(name for name in self.training if "/" in name)


def _nlu_files() -> Iterator[Path]:
    """Every training-data file with NLU examples (Rasa reads all of data/)."""
    for path in sorted((ROOT / "data").rglob("*.yml")):
        if "nlu" in _load(path):
            yield path


@pytest.fixture(scope="session")
def project() -> Project:
    training: dict[str, list[str]] = {}
    responses: dict[str, list[dict[str, Any]]] = {}
    topic_files: dict[str, Path] = {}
    for path in _nlu_files():
        data = _load(path)
        for item in data.get("nlu", []):
            training.setdefault(item["intent"], []).extend(_examples(item["examples"]))
            topic_files[item["intent"]] = path
        responses.update(data.get("responses", {}))
    domain = _load(ROOT / "domain.yml")
    responses.update(domain.get("responses", {}))
    heldout: dict[str, list[str]] = {}
    for item in _load(ROOT / "tests" / "nlu_heldout.yml")["nlu"]:
        heldout.setdefault(item["intent"], []).extend(_examples(item["examples"]))
    rules = _load(ROOT / "data" / "rules.yml")["rules"]
    return Project(training, heldout, responses, domain, rules, topic_files)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[stack.Server]:
    """The assistant as `make run` starts it, shared by the end-to-end tests of the session.

    Stopped at the end with Ctrl-C; if either process does not stop, the session errors.
    """
    running = stack.start(tmp_path_factory.mktemp("stack"))
    try:
        yield running
    finally:
        try:
            stack.ctrl_c_stops_both(running)
        finally:
            stack.stop(running.process)


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The source documents' folder; skips (fails with REQUIRE_SOURCES=1) when they are absent."""
    if not sources.source_files():
        if sources.required():
            pytest.fail(f"REQUIRE_SOURCES=1: {sources.missing_message()}")
        pytest.skip(sources.missing_message())
    return sources.sources_dir()


@pytest.fixture(scope="session")
def seed_text(seeds_dir: Path) -> str:
    files = sorted(seeds_dir.glob("*.txt"))
    return "\n".join(path.read_text(encoding="utf-8") for path in files)


@pytest.fixture(params=["sqlite", "postgresql"])
def sql_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new, empty SQL database for the tracker store: SQLite, then the machine's PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'tracker.db'}"
    else:
        with postgres_database() as url:
            yield url

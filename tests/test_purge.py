"""Retention: `make purge DAYS=N` deletes conversations idle for more than N days, on SQLite and
PostgreSQL, from the same SQL tracker store Rasa writes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import create_engine

from runtime.purge import purge
from tests.conftest import ROOT

pytestmark = pytest.mark.integration

DAY = 86_400
NOW = time.time()


async def save(store: SQLTrackerStore, sender: str, *ages_in_days: float) -> None:
    events = []
    for age in ages_in_days:
        events += [
            UserUttered("hello", timestamp=NOW - age * DAY),
            ActionExecuted("utter_greet", timestamp=NOW - age * DAY + 1),
        ]
    await store.save(DialogueStateTracker.from_events(sender, events))


async def test_old_conversations_go_and_recent_ones_stay(sql_url: str) -> None:
    store = SQLTrackerStore(Domain.empty(), host=sql_url)
    await save(store, "old", 90, 60)
    await save(store, "just-old", 31)
    await save(store, "old-but-active", 200, 2)  # an old start with a recent message stays whole
    await save(store, "new", 1)
    engine = create_engine(sql_url, future=True)
    assert purge(engine, days=30, now=NOW) == 2
    assert await store.retrieve("old") is None
    assert await store.retrieve("just-old") is None
    kept = await store.retrieve("old-but-active")
    assert kept is not None and len(kept.events) == 4  # nothing removed from a kept one
    assert await store.retrieve("new") is not None
    assert purge(engine, days=30, now=NOW) == 0
    engine.dispose()
    store.engine.dispose()


def run_purge(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "runtime.purge", *args],
        cwd=ROOT,
        env={**os.environ, "TRACKER_STORE_URL": url},
        capture_output=True,
        text=True,
        timeout=120,
    )


async def test_command_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    assert "nothing to delete" in run_purge(url, "--days", "30").stdout
    store = SQLTrackerStore(Domain.empty(), host=url)
    await save(store, "old", 45)
    result = run_purge(url, "--days", "30")
    assert result.returncode == 0
    assert "Deleted 1 conversation(s) idle for more than 30 days" in result.stdout
    assert run_purge(url, "--days", "-1").returncode == 2
    assert run_purge(url).returncode == 2  # --days is required

"""runtime/tracker_store.py: a long conversation is read from its recent turns and current slots,
gives the policies the same states as the whole history, and is stored whole and exactly once,
on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import FailSafeTrackerStore, SQLTrackerStore, create_tracker_store
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    AllSlotsReset,
    BotUttered,
    Event,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import read_endpoint_config

from runtime.tracker_store import RecentTurnsSQLTrackerStore
from tests.conftest import ROOT

pytestmark = pytest.mark.integration

WINDOW = 5
TURNS = 40


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(ROOT / "domain.yml")


class Collecting(EventBroker):
    """An event broker that keeps what it was given."""

    def __init__(self) -> None:
        self.published: list[dict[str, Any]] = []

    def publish(self, event: dict[str, Any]) -> None:
        self.published.append(event)

    @classmethod
    async def from_endpoint_config(cls, *args: Any, **kwargs: Any) -> Collecting:
        return cls()


def session_start(at: float) -> list[Event]:
    return [
        ActionExecuted("action_session_start", timestamp=at),
        SessionStarted(timestamp=at),
        ActionExecuted("action_listen", timestamp=at),
    ]


def turn(number: int, at: float) -> list[Event]:
    """One user turn; some turns set slots (a drug early on, the helpline state later)."""
    events: list[Event] = [
        UserUttered(f"message {number}", {"name": "ask_drug_info", "confidence": 1.0}, timestamp=at)
    ]
    if number == 2:
        events += [SlotSet("drug", "palbociclib", at), SlotSet("drug_class", "cdk46", at)]
    if number == 7:
        events.append(SlotSet("helpline_open", True, at))
    if number == TURNS - 3:
        events.append(SlotSet("helpline_open", False, at))
    action = "action_describe_drug" if number % 3 else "utter_greet"
    events += [
        ActionExecuted(action, timestamp=at),
        BotUttered(f"answer {number}", timestamp=at),
        ActionExecuted("action_listen", timestamp=at),
    ]
    return events


async def converse(
    store: RecentTurnsSQLTrackerStore, sender: str, events_per_turn: list[list[Event]]
) -> list[Event]:
    """Each turn as Rasa's processor runs it: read, add the turn's events, save."""
    written: list[Event] = []
    for events in events_per_turn:
        tracker = await store.get_or_create_tracker(sender, append_action_listen=False)
        for event in events:
            tracker.update(event)
        await store.save(tracker)
        written += events
    return written


def conversation(turns: int = TURNS) -> list[list[Event]]:
    return [session_start(1000.0)] + [turn(n, 1000.0 + n) for n in range(1, turns + 1)]


async def stored_events(url: str, domain: Domain, sender: str) -> list[dict[str, Any]]:
    plain = SQLTrackerStore(domain, host=url)
    full = await plain.retrieve_full_tracker(sender)
    plain.engine.dispose()
    assert full is not None
    return [event.as_dict() for event in full.events]


async def test_long_conversation_reads_a_window_with_the_current_slots(
    sql_url: str, domain: Domain
) -> None:
    store = RecentTurnsSQLTrackerStore(domain, host=sql_url, recent_user_turns=WINDOW)
    written = await converse(store, "long", conversation())

    full = DialogueStateTracker.from_events("long", written, domain.slots)
    recent = await store.retrieve("long")
    assert recent is not None
    assert len(recent.events) < len(full.events) / 4  # a window, not the history
    assert recent.current_slot_values() == full.current_slot_values()
    assert recent.current_slot_values()["drug"] == "palbociclib"  # set at turn 2 of 40
    assert recent.current_slot_values()["helpline_open"] is False
    texts = [e.text for e in recent.events if isinstance(e, UserUttered)]
    assert texts == [f"message {n}" for n in range(TURNS - WINDOW + 1, TURNS + 1)]
    # The policies see the same recent states as with the whole history.
    assert recent.past_states(domain)[-8:] == full.past_states(domain)[-8:]
    # Every event is stored once, in order.
    assert await stored_events(sql_url, domain, "long") == [e.as_dict() for e in written]
    store.engine.dispose()


async def test_same_cost_at_turn_300_as_at_turn_30(sql_url: str, domain: Domain) -> None:
    store = RecentTurnsSQLTrackerStore(domain, host=sql_url, recent_user_turns=WINDOW)
    await converse(store, "short", conversation(30))
    await converse(store, "longer", conversation(300))
    short, longer = await store.retrieve("short"), await store.retrieve("longer")
    assert short is not None and longer is not None
    assert len(longer.events) == len(short.events)
    store.engine.dispose()


async def test_a_short_conversation_is_read_whole(sql_url: str, domain: Domain) -> None:
    store = RecentTurnsSQLTrackerStore(domain, host=sql_url, recent_user_turns=WINDOW)
    written = await converse(store, "short", conversation(3))
    recent = await store.retrieve("short")
    assert recent is not None
    from_session_start = written[1:]  # as Rasa's store reads it: from SessionStarted on
    assert isinstance(from_session_start[0], SessionStarted)
    assert [e.as_dict() for e in recent.events] == [e.as_dict() for e in from_session_start]
    store.engine.dispose()


@pytest.mark.parametrize("reset", [Restarted, AllSlotsReset])
async def test_slots_reset_before_the_window_stay_reset(
    sql_url: str, domain: Domain, reset: type[Event]
) -> None:
    turns = conversation()
    turns.insert(10, [reset(timestamp=1009.5)])  # after the drug (turn 2), before the window
    store = RecentTurnsSQLTrackerStore(domain, host=sql_url, recent_user_turns=WINDOW)
    written = await converse(store, "reset", turns)
    full = DialogueStateTracker.from_events("reset", written, domain.slots)
    recent = await store.retrieve("reset")
    assert recent is not None
    assert recent.current_slot_values() == full.current_slot_values()
    assert recent.current_slot_values()["drug"] is None
    store.engine.dispose()


async def test_a_new_session_starts_the_window_again(sql_url: str, domain: Domain) -> None:
    turns = [*conversation(), session_start(5000.0), turn(1, 5001.0)]
    store = RecentTurnsSQLTrackerStore(domain, host=sql_url, recent_user_turns=WINDOW)
    await converse(store, "sessions", turns)
    recent = await store.retrieve("sessions")
    assert recent is not None
    assert [e.text for e in recent.events if isinstance(e, UserUttered)] == ["message 1"]
    store.engine.dispose()


async def test_the_event_broker_gets_every_event_once(sql_url: str, domain: Domain) -> None:
    broker = Collecting()
    store = RecentTurnsSQLTrackerStore(
        domain, host=sql_url, event_broker=broker, recent_user_turns=WINDOW
    )
    written = await converse(store, "broker", conversation(12))
    expected = [{"sender_id": "broker", **e.as_dict()} for e in written]
    assert broker.published == expected
    store.engine.dispose()


def test_recent_user_turns_must_be_positive(domain: Domain, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        RecentTurnsSQLTrackerStore(
            domain, host=f"sqlite:///{tmp_path / 't.db'}", recent_user_turns=0
        )


def test_endpoints_configure_this_store(
    domain: Domain, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A misspelt class path would make Rasa fall back to memory silently."""
    monkeypatch.setenv("TRACKER_STORE_URL", f"sqlite:///{tmp_path / 'tracker.db'}")
    for name, value in {
        "ACTION_SERVER_URL": "http://127.0.0.1:1/webhook",
        "LOCK_STORE_TYPE": "in_memory",
        "LOCK_STORE_URL": "",
    }.items():
        monkeypatch.setenv(name, value)
    config = read_endpoint_config(str(ROOT / "endpoints.yml"), "tracker_store")
    store = create_tracker_store(config, domain)
    inner = store._tracker_store if isinstance(store, FailSafeTrackerStore) else store
    assert type(inner) is RecentTurnsSQLTrackerStore
    assert inner.recent_user_turns == 20
    inner.engine.dispose()

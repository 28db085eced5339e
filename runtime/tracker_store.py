"""A SQL tracker store whose per-turn cost does not grow with the conversation.

Rasa 3.6's ``SQLTrackerStore`` reads every event of the conversation session on each turn (and
counts them all again to save the turn), and the policies then featurise that whole history: the
median turn took 45 ms at turn 1 and 384 ms at turn 300 of one conversation (py-spy: reading and
deserialising events, then the policies' state lists).

This store keeps every event in the database, exactly as Rasa writes them, and reads only what a
turn needs:

- the events since the ``recent_user_turns``-th last user message of the session (the rules look at
  the last turn or two, the memoised stories at 5 states, the follow-up policy at the previous
  answer, the SMS channel at the last buttons);
- plus the latest value of every slot set before that window (one ``slot`` event per slot name), so
  that the drug a person asked about, the helpline clock and any carried-over slot stay as they are;
- plus the session start and the last restart or slot reset before the window, so the tracker is
  rebuilt from the same boundaries Rasa uses.

Saving writes the events the tracker gained since it was read (their number is remembered on the
tracker object) instead of counting the stored session again; the event broker gets the same new
events. ``retrieve_full_tracker`` (the HTTP API's ``/conversations/<id>/tracker``, exports) still
reads everything.
"""

from __future__ import annotations

import itertools
import json
import logging
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import (
    AllSlotsReset,
    Event,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from runtime.patch_guard import RasaPatch

logger = logging.getLogger(__name__)

DEFAULT_RECENT_USER_TURNS = 20
STORED_EVENTS = "_mbc_stored_events"
"""Attribute on a tracker: how many of its events are already in the database."""

_BOUNDARIES = (SessionStarted.type_name, Restarted.type_name, AllSlotsReset.type_name)
# Overridden here (read and written as Rasa does, minus the whole-history reads).
_FIXES = "each turn read and counted the whole conversation (384 ms per turn at turn 300)"
_TEST = "tests/test_tracker_store.py"
RASA_PATCHES = (
    RasaPatch(
        "rasa.core.tracker_store:SQLTrackerStore.retrieve",
        "0d99846daced97d3dee3fae5eecfef6179c7afaeb872b68bbe064bbd65223641",
        _FIXES,
        _TEST,
    ),
    RasaPatch(
        "rasa.core.tracker_store:SQLTrackerStore.save",
        "57165e46eab3de0866e77f03df0bf7fd5eac2c1de617ed431b934c9a4edfeef6",
        _FIXES,
        _TEST,
    ),
    RasaPatch(
        "rasa.core.tracker_store:SQLTrackerStore._additional_events",
        "d22f99eb863acb07afee63d9fe3a04ca8464251e67a43eb7d36c2d65ffc1653f",
        "saving counted the stored session again on every turn (Rasa's save writes the rows)",
        _TEST,
    ),
    RasaPatch(
        "rasa.core.tracker_store:TrackerStore.stream_events",
        "efd3615f5340218a9edb4f386ed208d38f0d413d197eadc8b386d34fc8e4399c",
        "the event broker got new events by recounting the stored session",
        "tests/test_tracker_store.py::test_the_event_broker_gets_every_event_once",
    ),
    RasaPatch(
        "rasa.core.tracker_store:TrackerStore._stream_new_events",
        "a3990c70850759b80da1ecac9b2e585fa7c6a0ba6f1f741b401410186fd326e8",
        "publishing to the event broker (used as is by stream_events)",
        "tests/test_tracker_store.py::test_the_event_broker_gets_every_event_once",
    ),
)


class RecentTurnsSQLTrackerStore(SQLTrackerStore):
    """``SQLTrackerStore`` that rebuilds a tracker from its recent turns and current slots."""

    def __init__(
        self, *args: Any, recent_user_turns: int = DEFAULT_RECENT_USER_TURNS, **kwargs: Any
    ) -> None:
        """Connects like ``SQLTrackerStore``; ``recent_user_turns`` is the window read per turn.

        Raises:
            ValueError: ``recent_user_turns`` is below 1.
        """
        if int(recent_user_turns) < 1:
            raise ValueError("recent_user_turns must be at least 1")
        self.recent_user_turns = int(recent_user_turns)
        super().__init__(*args, **kwargs)
        self._create_indexes()

    def _create_indexes(self) -> None:
        """Indexes for the lookups of a turn (created once; SQLite and PostgreSQL syntax).

        Plain DDL rather than ``sa.Index`` objects: those would attach themselves to Rasa's shared
        table definition and be created a second time by every later store's ``create_all``.
        """
        table = self.SQLEvent.__tablename__
        statements = (
            f"CREATE INDEX IF NOT EXISTS ix_{table}_sender_id_id ON {table} (sender_id, id)",
            f"CREATE INDEX IF NOT EXISTS ix_{table}_sender_type_id "
            f"ON {table} (sender_id, type_name, id)",
        )
        for statement in statements:
            try:
                with self.engine.begin() as connection:
                    connection.execute(sa.text(statement))
            except sa.exc.SQLAlchemyError as error:  # e.g. no right to create an index
                logger.warning("Could not create an index (%s): %s", statement, error)

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        """The tracker of the latest session, rebuilt from its recent turns and current slots."""
        with self.session_scope() as session:
            rows = self._recent_rows(session, sender_id)
            events = [json.loads(row.data) for row in rows]
        if not (self.domain and events):
            return None
        tracker = DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        setattr(tracker, STORED_EVENTS, len(tracker.events))
        return tracker

    def _recent_rows(self, session: Any, sender_id: str) -> list[Any]:
        """The stored rows that rebuild the current state, in the order they were written."""
        event = self.SQLEvent
        of_sender = event.sender_id == sender_id
        session_start = (
            session.query(sa.func.max(event.id))
            .filter(of_sender, event.type_name == SessionStarted.type_name)
            .scalar()
        ) or 0
        window_start = (
            session.query(event.id)
            .filter(of_sender, event.type_name == UserUttered.type_name, event.id >= session_start)
            .order_by(event.id.desc())
            .offset(self.recent_user_turns - 1)
            .limit(1)
            .scalar()
        )
        if window_start is None or window_start <= session_start:
            # A short session: all of it, as Rasa reads it.
            return list(
                session.query(event).filter(of_sender, event.id >= session_start).order_by(event.id)
            )
        boundary = (
            session.query(sa.func.max(event.id))
            .filter(
                of_sender,
                event.type_name.in_(_BOUNDARIES),
                event.id >= session_start,
                event.id < window_start,
            )
            .scalar()
        ) or session_start
        latest_slots = (
            session.query(sa.func.max(event.id))
            .filter(
                of_sender,
                event.type_name == SlotSet.type_name,
                event.id > boundary,
                event.id < window_start,
            )
            .group_by(event.action_name)
        )
        earlier = sa.or_(event.id == boundary, event.id.in_(latest_slots.scalar_subquery()))
        return list(
            session.query(event)
            .filter(of_sender, sa.or_(event.id >= window_start, earlier))
            .order_by(event.id)
        )

    async def stream_events(self, tracker: DialogueStateTracker) -> None:
        """Publishes the events not yet stored to the event broker, if one is configured."""
        stored = getattr(tracker, STORED_EVENTS, None)
        if self.event_broker is None or stored is None:
            await super().stream_events(tracker)
            return
        new_events = list(itertools.islice(tracker.events, stored, None))
        await self._stream_new_events(self.event_broker, new_events, tracker.sender_id)

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Rasa's save, writing the events the tracker gained since it was read."""
        await super().save(tracker)
        setattr(tracker, STORED_EVENTS, len(tracker.events))

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator[Event]:
        """Events after the stored ones (counted as Rasa does for a tracker read elsewhere)."""
        stored = getattr(tracker, STORED_EVENTS, None)
        if stored is None:
            return iter(super()._additional_events(session, tracker))
        return itertools.islice(tracker.events, stored, None)

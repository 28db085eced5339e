"""Escalation to the Komen Breast Care Helpline, with whether it is open right now."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.config import ConfigurationError
from actions.helpline.clock import (
    CLOCK_SLOT,
    configured_schedule,
    conversation_time,
    current_time,
)
from actions.helpline.schedule import Schedule
from actions.helpline.wording import closing_words, opening_words, weekly_hours

logger = logging.getLogger(__name__)

OPEN_SLOT = "helpline_open"

Clock = Callable[[], datetime]
ScheduleFactory = Callable[[], Schedule]


class ActionContactHelpline(Action):
    """How to reach a person: open now and until when, or closed and when it opens next."""

    def __init__(
        self, clock: Clock = current_time, schedule: ScheduleFactory = configured_schedule
    ) -> None:
        """Decides with ``clock()`` and ``schedule()`` (the configured ones by default)."""
        self._clock = clock
        self._schedule = schedule

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_contact_helpline"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """Sends the helpline's contact details for this moment and records open/closed.

        The moment is the conversation's ``helpline_clock`` slot when a tester set one, otherwise
        the action's clock.
        """
        try:
            schedule = self._schedule()
            now = conversation_time(tracker.get_slot(CLOCK_SLOT)) or self._clock()
            status = schedule.status(now)
        except ConfigurationError:
            # Without a trustworthy clock or hours, give the contact details and the regular
            # hours, and claim neither open nor closed.
            logger.exception("helpline clock or hours misconfigured")
            dispatcher.utter_message(response="utter_helpline")
            return [SlotSet(OPEN_SLOT, None)]
        hours = weekly_hours(schedule)
        if status.is_open:
            assert status.closes_at is not None
            dispatcher.utter_message(
                response="utter_helpline_open",
                closes=closing_words(status.closes_at, schedule.zone_label),
                hours=hours,
            )
        elif status.opens_at is not None:
            dispatcher.utter_message(
                response="utter_helpline_closed",
                opens=opening_words(status.now, status.opens_at, schedule.zone_label),
                hours=hours,
            )
        else:
            dispatcher.utter_message(response="utter_helpline_closed_no_reopening")
        return [SlotSet(OPEN_SLOT, status.is_open)]

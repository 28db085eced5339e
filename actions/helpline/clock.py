"""The helpline's clock and its hours.

"Now" is, in order: the conversation's ``helpline_clock`` slot (set by testers through the
token-protected HTTP API, e.g. an end-to-end test fixture; no user message can set it), then
``HELPLINE_NOW`` for the whole action server, then the real time.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from actions.config import helpline_file, helpline_now, parse_moment
from actions.helpline.schedule import Schedule, load_schedule

CLOCK_SLOT = "helpline_clock"


def current_time() -> datetime:
    """``HELPLINE_NOW`` when set, otherwise the real time (always timezone-aware).

    Raises:
        ConfigurationError: ``HELPLINE_NOW`` is set but invalid.
    """
    return helpline_now() or datetime.now(UTC)


def conversation_time(value: Any) -> datetime | None:
    """The moment fixed for one conversation in its ``helpline_clock`` slot, or None.

    Raises:
        ConfigurationError: the slot holds something other than an ISO 8601 time with an offset.
    """
    if value is None or value == "":
        return None
    return parse_moment(str(value), f"the slot {CLOCK_SLOT}", "reset the slot")


@lru_cache(maxsize=1)
def configured_schedule() -> Schedule:
    """The hours from the configured file, read once per process.

    Raises:
        ConfigurationError: the file is missing or invalid.
    """
    return load_schedule(helpline_file())

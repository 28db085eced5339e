"""The helpline's clock ("now": the real one, or ``HELPLINE_NOW`` for testers) and its hours."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache

from actions.config import helpline_file, helpline_now
from actions.helpline.schedule import Schedule, load_schedule


def current_time() -> datetime:
    """``HELPLINE_NOW`` when set, otherwise the real time (always timezone-aware).

    Raises:
        ConfigurationError: ``HELPLINE_NOW`` is set but invalid.
    """
    return helpline_now() or datetime.now(UTC)


@lru_cache(maxsize=1)
def configured_schedule() -> Schedule:
    """The hours from the configured file, read once per process.

    Raises:
        ConfigurationError: the file is missing or invalid.
    """
    return load_schedule(helpline_file())

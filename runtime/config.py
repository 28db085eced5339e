"""Settings of the Rasa server process, read from the environment when asked (never at import)."""

from __future__ import annotations

import os

from channels.config import data_dir

DEFAULT_ACTION_TIMEOUT_S = 10.0


class StartupError(RuntimeError):
    """Something the server needs is missing or unreachable; the message says what and where."""


def tracker_store_url() -> str:
    """SQLAlchemy URL of the conversations (``TRACKER_STORE_URL``; a SQLite file in DATA_DIR)."""
    return os.environ.get("TRACKER_STORE_URL") or f"sqlite:///{data_dir() / 'tracker.db'}"


def lock_store_type() -> str:
    """``in_memory`` for one process, or a lock store class for replicas (``LOCK_STORE_TYPE``)."""
    return os.environ.get("LOCK_STORE_TYPE") or "in_memory"


def lock_store_url() -> str:
    """Redis URL of the lock store (``LOCK_STORE_URL``), e.g. redis://127.0.0.1:6379/0."""
    return os.environ.get("LOCK_STORE_URL", "")


def action_timeout() -> float:
    """Seconds to wait for the action server before apologising (``ACTION_TIMEOUT``).

    Raises:
        StartupError: the value is not a positive number.
    """
    value = os.environ.get("ACTION_TIMEOUT") or str(DEFAULT_ACTION_TIMEOUT_S)
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0
    if seconds <= 0:
        raise StartupError(f"ACTION_TIMEOUT={value!r} must be a positive number of seconds")
    return seconds


def lock_lifetime() -> float:
    """Rasa's ticket lock lifetime in seconds (``TICKET_LOCK_LIFETIME``, Rasa's default 60)."""
    from rasa.core.lock_store import LOCK_LIFETIME

    return float(LOCK_LIFETIME)

"""Configuration of the action server, read from the environment when asked (never at import)."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from mbc_knowledge import DRUGS_FILE

ROOT = Path(__file__).resolve().parent.parent

DRUG_DATABASE_URL = "DRUG_DATABASE_URL"
DEFAULT_DRUG_DATABASE_URL = "sqlite://"  # in memory, built from the curated data at start
KNOWLEDGE_FILE = "KNOWLEDGE_FILE"
HELPLINE_FILE = "HELPLINE_FILE"
HELPLINE_NOW = "HELPLINE_NOW"


class ConfigurationError(ValueError):
    """A setting of the action server is invalid; the message says which and how to fix it."""


def drug_database_url() -> str:
    """The SQLAlchemy URL of the drug knowledge base (``DRUG_DATABASE_URL``)."""
    return os.environ.get(DRUG_DATABASE_URL) or DEFAULT_DRUG_DATABASE_URL


def knowledge_file() -> Path:
    """The drug catalogue's file (``KNOWLEDGE_FILE``, default knowledge/drugs.yml)."""
    return Path(os.environ.get(KNOWLEDGE_FILE) or DRUGS_FILE)


def helpline_file() -> Path:
    """The helpline's opening hours (``HELPLINE_FILE``, default knowledge/helpline.yml)."""
    return Path(os.environ.get(HELPLINE_FILE) or ROOT / "knowledge" / "helpline.yml")


def helpline_now() -> datetime | None:
    """The fixed "now" testers set in ``HELPLINE_NOW``, or None for the real clock.

    Raises:
        ConfigurationError: the value is not an ISO 8601 date and time with a UTC offset or ``Z``.
    """
    value = os.environ.get(HELPLINE_NOW, "").strip()
    return parse_moment(value, HELPLINE_NOW, "unset it") if value else None


def parse_moment(value: str, name: str, alternative: str) -> datetime:
    """An ISO 8601 date and time with a UTC offset, read from the setting ``name``.

    Raises:
        ConfigurationError: it is not one; the message names the setting and says what to write
            (or ``alternative`` to use the real clock).
    """
    example = "for example 2026-12-04T23:30:00Z or 2026-12-04T18:30:00-05:00"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ConfigurationError(
            f"{name}={value!r} is not an ISO 8601 date and time: use {example}, "
            f"or {alternative} to use the real clock."
        ) from None
    if moment.utcoffset() is None:
        raise ConfigurationError(
            f"{name}={value!r} has no UTC offset, so the time is ambiguous: "
            f"add Z or an offset, {example}."
        )
    return moment

"""The helpline's weekly opening hours and closure days, and whether it is open at a moment.

Every decision converts the moment to the helpline's own time zone with the IANA database
(``zoneinfo``), so daylight saving time is handled by the database and the server's zone is
irrelevant.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from actions.config import ConfigurationError

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# How far ahead to look for the next opening (closures could cover weeks).
SEARCH_DAYS = 366


@dataclass(frozen=True)
class Hours:
    """Opening and closing time of one day, local to the helpline."""

    opens: time
    closes: time


@dataclass(frozen=True)
class Status:
    """Whether the helpline is open at a moment, and the next change, local to the helpline.

    ``closes_at`` is set when open; ``opens_at`` when closed (None if no opening is known).
    """

    now: datetime
    is_open: bool
    closes_at: datetime | None = None
    opens_at: datetime | None = None


@dataclass(frozen=True)
class Schedule:
    """The helpline's weekly hours (by weekday, Monday = 0) and closure days."""

    zone: ZoneInfo
    zone_label: str
    hours: dict[int, Hours]
    closures: frozenset[date] = frozenset()

    def hours_on(self, day: date) -> Hours | None:
        """The hours of a calendar day, or None when the helpline is closed all day."""
        if day in self.closures:
            return None
        return self.hours.get(day.weekday())

    def status(self, moment: datetime) -> Status:
        """Open or closed at ``moment`` (timezone-aware), and until or from when.

        Raises:
            ValueError: ``moment`` has no time zone.
        """
        if moment.utcoffset() is None:
            raise ValueError("the moment must be timezone-aware")
        now = moment.astimezone(self.zone)
        today = self.hours_on(now.date())
        if today and today.opens <= now.time() < today.closes:
            return Status(now, True, closes_at=self._at(now.date(), today.closes))
        return Status(now, False, opens_at=self._next_opening(now))

    def _next_opening(self, now: datetime) -> datetime | None:
        for offset in range(SEARCH_DAYS):
            day = now.date() + timedelta(days=offset)
            hours = self.hours_on(day)
            if hours is None:
                continue
            opening = self._at(day, hours.opens)
            if opening > now:
                return opening
        return None

    def _at(self, day: date, clock: time) -> datetime:
        return datetime.combine(day, clock, tzinfo=self.zone)


def _clock(value: Any, where: str) -> time:
    try:
        return time.fromisoformat(str(value))
    except ValueError:
        raise ConfigurationError(f"{where}: {value!r} is not a time like 09:00") from None


def parse_schedule(data: dict[str, Any], source: str = "helpline hours") -> Schedule:
    """A Schedule from the mapping of knowledge/helpline.yml.

    Raises:
        ConfigurationError: a field is missing or invalid; the message names it.
    """
    if not data.get("timezone"):
        raise ConfigurationError(f"{source}: 'timezone' is missing")
    try:
        zone = ZoneInfo(str(data["timezone"]))
    except (ZoneInfoNotFoundError, ValueError):  # ZoneInfoNotFoundError is also a KeyError
        raise ConfigurationError(
            f"{source}: unknown time zone {data['timezone']!r} (use an IANA name such as "
            "America/New_York)"
        ) from None
    hours: dict[int, Hours] = {}
    for name, day in (data.get("hours") or {}).items():
        if str(name).lower() not in WEEKDAYS:
            raise ConfigurationError(f"{source}: {name!r} is not a day of the week")
        where = f"{source}, {name}"
        if not isinstance(day, dict) or not {"opens", "closes"} <= day.keys():
            raise ConfigurationError(f"{where}: give both 'opens' and 'closes'")
        opens, closes = _clock(day["opens"], where), _clock(day["closes"], where)
        if not opens < closes:
            raise ConfigurationError(f"{where}: it must open before it closes")
        hours[WEEKDAYS.index(str(name).lower())] = Hours(opens, closes)
    if not hours:
        raise ConfigurationError(f"{source}: 'hours' lists no open day")
    closures = set()
    for value in data.get("closures") or []:
        try:
            closures.add(value if isinstance(value, date) else date.fromisoformat(str(value)))
        except ValueError:
            raise ConfigurationError(
                f"{source}: closure {value!r} is not a date like 2026-12-25"
            ) from None
    label = str(data.get("timezone_label") or zone.key)
    return Schedule(zone, label, hours, frozenset(closures))


def load_schedule(path: Path) -> Schedule:
    """Reads and checks the hours file.

    Raises:
        ConfigurationError: the file is missing, not YAML, or has an invalid field.
    """
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ConfigurationError(f"cannot read the helpline hours from {path}: {error}") from None
    if not isinstance(data, dict):
        raise ConfigurationError(f"{path}: expected a mapping with timezone, hours, closures")
    return parse_schedule(data, str(path))

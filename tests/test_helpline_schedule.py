"""The helpline clock over a grid of moments: weekdays, weekends, both DST switches, UTC midnights.

Expected values are written out by hand from the published hours (Monday-Thursday 9 a.m.-7 p.m.,
Friday 9 a.m.-6 p.m., Eastern), not computed with the code under test.
"""

from __future__ import annotations

import os
import time as time_module
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from actions.config import ConfigurationError
from actions.helpline.schedule import Schedule, load_schedule, parse_schedule
from actions.helpline.wording import clock_time, opening_words, weekly_hours
from tests.conftest import ROOT

pytestmark = pytest.mark.unit

EASTERN = ZoneInfo("America/New_York")
SCHEDULE = load_schedule(ROOT / "knowledge" / "helpline.yml")
# A winter week (EST, UTC-5): Monday 2026-12-07 ... Sunday 2026-12-13.
WINTER_MONDAY = date(2026, 12, 7)
OPEN_UNTIL_7 = (True, "7 p.m. Eastern")
OPEN_UNTIL_6 = (True, "6 p.m. Eastern")
TODAY = (False, "today at 9 a.m. Eastern")
MONDAY = (False, "Monday at 9 a.m. Eastern")


def tomorrow(day: str) -> tuple[bool, str]:
    return False, f"tomorrow, {day}, at 9 a.m. Eastern"


# weekday (0 = Monday) -> {local time: (open?, "until" or "opens next" words)}
GRID: dict[int, dict[str, tuple[bool, str]]] = {
    0: {"08:59": TODAY, "09:00": OPEN_UNTIL_7, "17:59": OPEN_UNTIL_7, "18:00": OPEN_UNTIL_7,
        "18:59": OPEN_UNTIL_7, "19:00": tomorrow("Tuesday")},
    1: {"08:59": TODAY, "09:00": OPEN_UNTIL_7, "17:59": OPEN_UNTIL_7, "18:00": OPEN_UNTIL_7,
        "18:59": OPEN_UNTIL_7, "19:00": tomorrow("Wednesday")},
    2: {"08:59": TODAY, "09:00": OPEN_UNTIL_7, "17:59": OPEN_UNTIL_7, "18:00": OPEN_UNTIL_7,
        "18:59": OPEN_UNTIL_7, "19:00": tomorrow("Thursday")},
    3: {"08:59": TODAY, "09:00": OPEN_UNTIL_7, "17:59": OPEN_UNTIL_7, "18:00": OPEN_UNTIL_7,
        "18:59": OPEN_UNTIL_7, "19:00": tomorrow("Friday")},
    4: {"08:59": TODAY, "09:00": OPEN_UNTIL_6, "17:59": OPEN_UNTIL_6, "18:00": MONDAY,
        "18:59": MONDAY, "19:00": MONDAY},
    5: {"00:00": MONDAY, "08:59": MONDAY, "09:00": MONDAY, "12:00": MONDAY, "18:59": MONDAY,
        "23:59": MONDAY},
    6: {"00:00": tomorrow("Monday"), "09:00": tomorrow("Monday"), "18:00": tomorrow("Monday"),
        "23:59": tomorrow("Monday")},
}  # fmt: skip
CASES = [(day, clock, expected) for day, row in GRID.items() for clock, expected in row.items()]


def words(moment: datetime, schedule: Schedule = SCHEDULE) -> tuple[bool, str]:
    status = schedule.status(moment)
    if status.is_open:
        assert status.closes_at is not None
        return True, f"{clock_time(status.closes_at)} {schedule.zone_label}"
    assert status.opens_at is not None
    return False, opening_words(status.now, status.opens_at, schedule.zone_label)


@pytest.mark.parametrize(("weekday", "clock", "expected"), CASES)
def test_winter_week_grid(weekday: int, clock: str, expected: tuple[bool, str]) -> None:
    local = datetime.combine(
        WINTER_MONDAY + timedelta(days=weekday), time.fromisoformat(clock), EASTERN
    )
    assert words(local) == expected
    # The same instant given in UTC, as HELPLINE_NOW with Z would give it.
    assert words(local.astimezone(UTC)) == expected


@pytest.mark.parametrize(("weekday", "clock", "expected"), CASES)
def test_summer_week_grid(weekday: int, clock: str, expected: tuple[bool, str]) -> None:
    """The same answers in July, in daylight saving time (UTC-4)."""
    local = datetime.combine(
        date(2026, 7, 13) + timedelta(days=weekday), time.fromisoformat(clock), EASTERN
    )
    assert local.utcoffset() == timedelta(hours=-4)
    assert words(local.astimezone(UTC)) == expected


@pytest.mark.parametrize(
    ("utc", "expected"),
    [
        # The three checks.
        ("2026-12-03T23:30:00Z", OPEN_UNTIL_7),  # Thursday 18:30 EST
        ("2026-12-04T23:30:00Z", MONDAY),  # Friday 18:30 EST
        ("2026-07-16T23:30:00Z", tomorrow("Friday")),  # Thursday 19:30 EDT
        # Spring forward, Sunday 2026-03-08 02:00 EST -> 03:00 EDT.
        ("2026-03-06T22:59:00Z", OPEN_UNTIL_6),  # Friday 17:59 EST
        ("2026-03-06T23:00:00Z", MONDAY),  # Friday 18:00 EST
        ("2026-03-08T06:59:00Z", tomorrow("Monday")),  # 01:59 EST, the last minute before
        ("2026-03-08T07:00:00Z", tomorrow("Monday")),  # 03:00 EDT, the first minute after
        ("2026-03-09T12:59:00Z", TODAY),  # Monday 08:59 EDT
        ("2026-03-09T13:00:00Z", OPEN_UNTIL_7),  # Monday 09:00 EDT (08:00 in EST)
        ("2026-03-12T22:59:00Z", OPEN_UNTIL_7),  # Thursday 18:59 EDT
        ("2026-03-12T23:00:00Z", tomorrow("Friday")),  # Thursday 19:00 EDT (18:00 in EST)
        # Fall back, Sunday 2026-11-01 02:00 EDT -> 01:00 EST.
        ("2026-10-29T22:59:00Z", OPEN_UNTIL_7),  # Thursday 18:59 EDT
        ("2026-10-29T23:00:00Z", tomorrow("Friday")),  # Thursday 19:00 EDT
        ("2026-10-30T21:59:00Z", OPEN_UNTIL_6),  # Friday 17:59 EDT
        ("2026-10-30T22:00:00Z", MONDAY),  # Friday 18:00 EDT
        ("2026-11-01T05:30:00Z", tomorrow("Monday")),  # 01:30 EDT, the first time
        ("2026-11-01T06:30:00Z", tomorrow("Monday")),  # 01:30 EST, the second time
        ("2026-11-02T13:30:00Z", TODAY),  # Monday 08:30 EST (09:30 in EDT)
        ("2026-11-02T13:59:00Z", TODAY),  # Monday 08:59 EST
        ("2026-11-02T14:00:00Z", OPEN_UNTIL_7),  # Monday 09:00 EST
        ("2026-11-05T23:59:00Z", OPEN_UNTIL_7),  # Thursday 18:59 EST (19:59 in EDT)
        # UTC near midnight: the UTC date is already the next day.
        ("2026-12-03T23:59:59Z", OPEN_UNTIL_7),  # Thursday 18:59:59 EST
        ("2026-12-04T00:00:00Z", tomorrow("Friday")),  # Thursday 19:00 EST, Friday in UTC
        ("2026-12-05T00:30:00Z", MONDAY),  # Friday 19:30 EST, Saturday in UTC
        ("2026-12-07T04:59:00Z", tomorrow("Monday")),  # Sunday 23:59 EST, Monday in UTC
        ("2026-12-07T05:00:00Z", TODAY),  # Monday 00:00 EST
        ("2026-12-08T04:59:00Z", tomorrow("Tuesday")),  # Monday 23:59 EST
        # Other offsets: only the instant matters.
        ("2026-12-04T08:30:00+09:00", OPEN_UNTIL_7),  # Thursday 18:30 EST, from Tokyo
        ("2026-12-04T14:30:00-08:00", OPEN_UNTIL_6),  # Friday 17:30 EST, from California
        ("2026-12-04T15:30:00-08:00", MONDAY),  # Friday 18:30 EST, from California
    ],
)
def test_instants(utc: str, expected: tuple[bool, str]) -> None:
    assert words(datetime.fromisoformat(utc)) == expected


def test_next_opening_is_the_right_instant_across_dst() -> None:
    """Opening times are wall-clock 9 a.m. in New York, whatever the UTC offset that day."""
    before_spring = SCHEDULE.status(datetime.fromisoformat("2026-03-07T12:00:00Z"))
    assert before_spring.opens_at == datetime.fromisoformat("2026-03-09T13:00:00Z")
    before_fall = SCHEDULE.status(datetime.fromisoformat("2026-10-31T12:00:00Z"))
    assert before_fall.opens_at == datetime.fromisoformat("2026-11-02T14:00:00Z")
    open_summer = SCHEDULE.status(datetime.fromisoformat("2026-07-16T15:00:00Z"))
    assert open_summer.closes_at == datetime.fromisoformat("2026-07-16T23:00:00Z")


@pytest.fixture
def server_time_zone(request: pytest.FixtureRequest) -> Iterator[None]:
    previous = os.environ.get("TZ")
    os.environ["TZ"] = request.param
    time_module.tzset()
    yield
    if previous is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = previous
    time_module.tzset()


@pytest.mark.parametrize(
    "server_time_zone", ["Asia/Tokyo", "America/Los_Angeles", "UTC"], indirect=True
)
@pytest.mark.usefixtures("server_time_zone")
def test_server_time_zone_is_irrelevant() -> None:
    assert words(datetime.fromisoformat("2026-12-03T23:30:00Z")) == OPEN_UNTIL_7
    assert words(datetime.fromisoformat("2026-12-04T23:30:00Z")) == MONDAY


def test_naive_moments_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        SCHEDULE.status(datetime(2026, 12, 3, 18, 30))


# --- closures ---------------------------------------------------------------------------------


def with_closures(*days: str) -> Schedule:
    data: dict[str, Any] = {
        "timezone": "America/New_York",
        "timezone_label": "Eastern",
        "hours": {
            "monday": {"opens": "09:00", "closes": "19:00"},
            "friday": {"opens": "09:00", "closes": "18:00"},
        },
        "closures": list(days),
    }
    return parse_schedule(data)


def test_a_closure_day_is_closed_and_skipped() -> None:
    schedule = with_closures("2026-12-25")  # a Friday
    assert words(datetime(2026, 12, 25, 10, 0, tzinfo=EASTERN), schedule) == (
        False,
        "Monday at 9 a.m. Eastern",
    )
    assert words(datetime(2026, 12, 21, 19, 30, tzinfo=EASTERN), schedule) == (
        False,
        "Monday, December 28, at 9 a.m. Eastern",
    )


def test_closures_are_empty_by_default() -> None:
    assert SCHEDULE.closures == frozenset()


def test_no_opening_within_a_year() -> None:
    start = date(2026, 12, 1)
    schedule = with_closures(*(str(start + timedelta(days=n)) for n in range(400)))
    status = schedule.status(datetime(2026, 12, 2, 10, tzinfo=EASTERN))
    assert (status.is_open, status.opens_at) == (False, None)


# --- wording ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("clock", "words_"),
    [
        (time(9), "9 a.m."),
        (time(19), "7 p.m."),
        (time(18, 30), "6:30 p.m."),
        (time(12), "12 p.m."),
        (time(0, 5), "12:05 a.m."),
    ],
)
def test_clock_time(clock: time, words_: str) -> None:
    assert clock_time(clock) == words_


def test_weekly_hours_of_the_configured_file() -> None:
    assert weekly_hours(SCHEDULE) == (
        "Monday to Thursday 9 a.m. to 7 p.m. and Friday 9 a.m. to 6 p.m. Eastern"
    )


def test_weekly_hours_groups_only_consecutive_equal_days() -> None:
    schedule = parse_schedule(
        {
            "timezone": "Europe/London",
            "hours": {
                "monday": {"opens": "09:00", "closes": "17:00"},
                "tuesday": {"opens": "09:00", "closes": "17:00"},
                "thursday": {"opens": "09:00", "closes": "17:00"},
                "saturday": {"opens": "10:00", "closes": "12:30"},
            },
        }
    )
    assert weekly_hours(schedule) == (
        "Monday and Tuesday 9 a.m. to 5 p.m., Thursday 9 a.m. to 5 p.m. and "
        "Saturday 10 a.m. to 12:30 p.m. Europe/London"
    )


# --- configuration errors ---------------------------------------------------------------------

VALID: dict[str, Any] = {
    "timezone": "America/New_York",
    "hours": {"monday": {"opens": "09:00", "closes": "19:00"}},
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"timezone": "Mars/Olympus"}, "unknown time zone"),
        ({"timezone": "../../etc/passwd"}, "unknown time zone"),
        ({"timezone": None}, "'timezone' is missing"),
        ({"hours": {}}, "no open day"),
        ({"hours": {"funday": {"opens": "09:00", "closes": "10:00"}}}, "not a day of the week"),
        ({"hours": {"monday": {"opens": "09:00"}}}, "both 'opens' and 'closes'"),
        ({"hours": {"monday": {"opens": "19:00", "closes": "09:00"}}}, "open before it closes"),
        ({"hours": {"monday": {"opens": "9am", "closes": "19:00"}}}, "not a time"),
        ({"closures": ["next tuesday"]}, "not a date"),
    ],
)
def test_invalid_hours_are_refused_with_a_clear_message(
    change: dict[str, Any], message: str
) -> None:
    with pytest.raises(ConfigurationError, match=message):
        parse_schedule({**VALID, **change})


def test_missing_time_zone_is_named() -> None:
    with pytest.raises(ConfigurationError, match="'timezone' is missing"):
        parse_schedule({"hours": VALID["hours"]})


def test_unreadable_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="nowhere.yml"):
        load_schedule(tmp_path / "nowhere.yml")
    broken = tmp_path / "broken.yml"
    broken.write_text("hours: [", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="broken.yml"):
        load_schedule(broken)

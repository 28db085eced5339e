"""Times and days in the words the helpline answers use: "tomorrow, Friday, at 9 a.m. Eastern".

These are the values the domain's helpline responses are filled with; the sentences around them
live in domain.yml.
"""

from __future__ import annotations

from datetime import datetime, time

from actions.helpline.schedule import WEEKDAYS, Hours, Schedule


def clock_time(moment: time | datetime) -> str:
    """A time as people write it: "9 a.m.", "6:30 p.m.", "12 p.m."."""
    hour = moment.hour % 12 or 12
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{hour}{minutes} {'a.m.' if moment.hour < 12 else 'p.m.'}"


def day_name(moment: datetime) -> str:
    """The day of the week, capitalised: Monday ... Sunday."""
    return WEEKDAYS[moment.weekday()].capitalize()


def opening_words(now: datetime, opens_at: datetime, zone_label: str) -> str:
    """When the helpline opens next, relative to ``now`` (both local to the helpline).

    "today at 9 a.m. Eastern", "tomorrow, Friday, at 9 a.m. Eastern", "Monday at 9 a.m. Eastern"
    within the week, and "Monday, January 4, at 9 a.m. Eastern" further ahead.
    """
    at = f"at {clock_time(opens_at)} {zone_label}"
    days = (opens_at.date() - now.date()).days
    if days == 0:
        return f"today {at}"
    if days == 1:
        return f"tomorrow, {day_name(opens_at)}, {at}"
    if days < 7:
        return f"{day_name(opens_at)} {at}"
    return f"{day_name(opens_at)}, {opens_at:%B} {opens_at.day}, {at}"


def closing_words(closes_at: datetime, zone_label: str) -> str:
    """When the helpline closes today: "7 p.m. Eastern"."""
    return f"{clock_time(closes_at)} {zone_label}"


def weekly_hours(schedule: Schedule) -> str:
    """The regular hours: "Monday to Thursday 9 a.m. to 7 p.m. and Friday 9 a.m. to 6 p.m. Eastern".

    Consecutive days with the same hours are grouped.
    """
    runs: list[tuple[int, int, Hours]] = []
    for weekday in sorted(schedule.hours):
        hours = schedule.hours[weekday]
        if runs and runs[-1][1] == weekday - 1 and runs[-1][2] == hours:
            runs[-1] = (runs[-1][0], weekday, hours)
        else:
            runs.append((weekday, weekday, hours))
    parts = []
    for first, last, hours in runs:
        days = WEEKDAYS[first].capitalize()
        if last != first:
            joiner = " and " if last == first + 1 else " to "
            days += joiner + WEEKDAYS[last].capitalize()
        parts.append(f"{days} {clock_time(hours.opens)} to {clock_time(hours.closes)}")
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"{listed} {schedule.zone_label}"

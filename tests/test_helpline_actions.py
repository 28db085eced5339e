"""action_contact_helpline on Trackers built in code, HELPLINE_NOW, the action server's start."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.config import ConfigurationError, helpline_now
from actions.helpline.actions import ActionContactHelpline
from actions.helpline.clock import configured_schedule
from actions.helpline.schedule import Schedule, load_schedule
from actions.helpline.wording import weekly_hours
from tests.conftest import ROOT, Project
from tests.stack import free_port

pytestmark = pytest.mark.unit

SCHEDULE = load_schedule(ROOT / "knowledge" / "helpline.yml")
HOURS = "Monday to Thursday 9 a.m. to 7 p.m. and Friday 9 a.m. to 6 p.m. Eastern"
THURSDAY_1830_EST = "2026-12-03T23:30:00Z"
FRIDAY_1830_EST = "2026-12-04T23:30:00Z"
THURSDAY_1930_EDT = "2026-07-16T19:30:00-04:00"


def tracker(clock_slot: str | None = None) -> Tracker:
    return Tracker(
        sender_id="test",
        slots={"helpline_open": None, "helpline_clock": clock_slot},
        latest_message={"text": "can i talk to a person", "intent": {"name": "contact_helpline"}},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


async def run(
    action: ActionContactHelpline, clock_slot: str | None = None
) -> tuple[list[dict[str, Any]], list[Any]]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker(clock_slot), {})
    return dispatcher.messages, events


def at(moment: str) -> ActionContactHelpline:
    return ActionContactHelpline(clock=lambda: datetime.fromisoformat(moment))


async def test_open_says_until_when() -> None:
    (message,), events = await run(at(THURSDAY_1830_EST))
    assert (message["response"], message["closes"], message["hours"]) == (
        "utter_helpline_open",
        "7 p.m. Eastern",
        HOURS,
    )
    assert events == [SlotSet("helpline_open", True)]


async def test_closed_on_friday_evening_until_monday() -> None:
    (message,), events = await run(at(FRIDAY_1830_EST))
    assert (message["response"], message["opens"]) == (
        "utter_helpline_closed",
        "Monday at 9 a.m. Eastern",
    )
    assert events == [SlotSet("helpline_open", False)]


async def test_closed_on_a_summer_thursday_evening_until_friday() -> None:
    (message,), events = await run(at(THURSDAY_1930_EDT))
    assert (message["response"], message["opens"]) == (
        "utter_helpline_closed",
        "tomorrow, Friday, at 9 a.m. Eastern",
    )
    assert events == [SlotSet("helpline_open", False)]


async def test_no_known_reopening() -> None:
    first = date(2026, 12, 4)
    closed_for_a_year = Schedule(
        SCHEDULE.zone,
        SCHEDULE.zone_label,
        SCHEDULE.hours,
        frozenset(first + timedelta(days=n) for n in range(400)),
    )
    action = ActionContactHelpline(
        clock=lambda: datetime.fromisoformat(FRIDAY_1830_EST), schedule=lambda: closed_for_a_year
    )
    (message,), events = await run(action)
    assert message["response"] == "utter_helpline_closed_no_reopening"
    assert events == [SlotSet("helpline_open", False)]


async def test_a_broken_clock_still_gives_the_contact_details() -> None:
    def broken() -> datetime:
        raise ConfigurationError("HELPLINE_NOW='soon' is not an ISO 8601 date and time")

    (message,), events = await run(ActionContactHelpline(clock=broken))
    assert message["response"] == "utter_helpline"
    assert events == [SlotSet("helpline_open", None)]


async def test_broken_hours_still_give_the_contact_details() -> None:
    def broken() -> Schedule:
        raise ConfigurationError("knowledge/helpline.yml: 'timezone' is missing")

    (message,), events = await run(ActionContactHelpline(schedule=broken))
    assert message["response"] == "utter_helpline"
    assert events == [SlotSet("helpline_open", None)]


async def test_default_clock_reads_helpline_now(monkeypatch: pytest.MonkeyPatch) -> None:
    action = ActionContactHelpline()
    monkeypatch.setenv("HELPLINE_NOW", FRIDAY_1830_EST)
    (message,), _ = await run(action)
    assert message["response"] == "utter_helpline_closed"
    monkeypatch.setenv("HELPLINE_NOW", THURSDAY_1830_EST)  # read again at every decision
    (message,), _ = await run(action)
    assert message["response"] == "utter_helpline_open"


async def test_the_conversation_clock_slot_wins_over_the_action_clock() -> None:
    # Friday 18:30 EST for the server, Thursday 18:30 EST for this conversation (an e2e fixture).
    (message,), events = await run(at(FRIDAY_1830_EST), clock_slot="2026-12-03T18:30:00-05:00")
    assert (message["response"], message["closes"]) == ("utter_helpline_open", "7 p.m. Eastern")
    assert events == [SlotSet("helpline_open", True)]
    (message,), _ = await run(at(THURSDAY_1830_EST), clock_slot=FRIDAY_1830_EST)
    assert (message["response"], message["opens"]) == (
        "utter_helpline_closed",
        "Monday at 9 a.m. Eastern",
    )


@pytest.mark.parametrize("value", ["friday", "2026-12-04T18:30"])
async def test_an_invalid_conversation_clock_claims_neither_open_nor_closed(value: str) -> None:
    (message,), events = await run(at(THURSDAY_1830_EST), clock_slot=value)
    assert message["response"] == "utter_helpline"
    assert events == [SlotSet("helpline_open", None)]


async def test_an_empty_conversation_clock_uses_the_action_clock() -> None:
    (message,), _ = await run(at(FRIDAY_1830_EST), clock_slot="")
    assert message["response"] == "utter_helpline_closed"


# --- HELPLINE_NOW ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "utc"),
    [
        ("2026-12-04T23:30:00Z", "2026-12-04T23:30:00+00:00"),
        ("2026-12-04T18:30:00-05:00", "2026-12-04T23:30:00+00:00"),
        ("2026-12-04T18:30-05:00", "2026-12-04T23:30:00+00:00"),
        ("  2026-07-16T19:30:00-04:00 ", "2026-07-16T23:30:00+00:00"),
    ],
)
def test_helpline_now_accepts_iso_8601_with_offset(
    monkeypatch: pytest.MonkeyPatch, value: str, utc: str
) -> None:
    monkeypatch.setenv("HELPLINE_NOW", value)
    moment = helpline_now()
    assert moment is not None
    assert moment == datetime.fromisoformat(utc)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("tomorrow", "not an ISO 8601"),
        ("2026-13-04T18:30:00Z", "not an ISO 8601"),
        ("2026-12-04T18:30:00", "no UTC offset"),
        ("2026-12-04", "no UTC offset"),
    ],
)
def test_helpline_now_refuses_what_it_cannot_place(
    monkeypatch: pytest.MonkeyPatch, value: str, message: str
) -> None:
    monkeypatch.setenv("HELPLINE_NOW", value)
    with pytest.raises(ConfigurationError, match=message):
        helpline_now()


@pytest.mark.parametrize("value", [None, "", "   "])
def test_helpline_now_unset_means_the_real_clock(
    monkeypatch: pytest.MonkeyPatch, value: str | None
) -> None:
    if value is None:
        monkeypatch.delenv("HELPLINE_NOW", raising=False)
    else:
        monkeypatch.setenv("HELPLINE_NOW", value)
    assert helpline_now() is None


# --- the domain's helpline texts agree with the configured hours ----------------------------


def test_static_helpline_answer_states_the_configured_hours(project: Project) -> None:
    """utter_helpline (used when the clock is broken) repeats the hours: they must match."""
    assert weekly_hours(configured_schedule()) == HOURS
    for variant in project.responses["utter_helpline"]:
        assert HOURS in variant["text"]


@pytest.mark.parametrize("response", ["utter_helpline_open", "utter_helpline_closed"])
def test_helpline_answers_say_what_they_must(project: Project, response: str) -> None:
    variants = project.responses[response]
    assert {variant.get("channel") for variant in variants} == {None, "socketio", "twilio"}
    for variant in variants:
        text = variant["text"]
        for phrase in ["1-877-465-6636", "helpline@komen.org", "Se habla español", "{hours}"]:
            assert phrase in text, f"{response} does not say {phrase!r}"
        if variant.get("channel") == "socketio":
            assert "](tel:+18774656636)" in text
    if response == "utter_helpline_open":
        assert all("open now, until {closes}" in v["text"] for v in variants)
    else:
        assert all("opens again {opens}" in v["text"] and "911" in v["text"] for v in variants)


# --- the action server: HELPLINE_NOW end to end, and refusal at start ------------------------


def env_with(**values: str) -> dict[str, str]:
    return {**os.environ, "RASA_TELEMETRY_ENABLED": "false", **values}


def test_invalid_helpline_now_stops_the_action_server_at_start() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "actions.server", "--port", str(free_port())],
        cwd=ROOT,
        env=env_with(HELPLINE_NOW="next friday"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "The action server cannot start: HELPLINE_NOW='next friday'" in result.stderr


def test_invalid_hours_file_stops_the_action_server_at_start(tmp_path: Any) -> None:
    hours = tmp_path / "helpline.yml"
    hours.write_text("timezone: Eastern\nhours: {}\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "actions.server", "--check"],
        cwd=ROOT,
        env=env_with(HELPLINE_FILE=str(hours)),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "unknown time zone 'Eastern'" in result.stderr


@contextmanager
def action_server(now: str) -> Iterator[int]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "actions.server", "--port", str(port)],
        cwd=ROOT,
        env=env_with(HELPLINE_NOW=now),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def call_helpline_action(port: int) -> dict[str, Any]:
    body = json.dumps(
        {
            "next_action": "action_contact_helpline",
            "sender_id": "test",
            "tracker": {"sender_id": "test", "slots": {}, "latest_message": {}, "events": []},
            "domain": {},
        }
    ).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/webhook", data=body, headers={"Content-Type": "application/json"}
    )
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                result: dict[str, Any] = json.loads(response.read())
                return result
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def test_helpline_now_reaches_the_running_action_server() -> None:
    """The issue's three clocks, each through a real action server started with HELPLINE_NOW."""
    clocks = [THURSDAY_1830_EST, FRIDAY_1830_EST, "2026-07-16T23:30:00Z"]
    with ExitStack() as stack:
        ports = [stack.enter_context(action_server(now)) for now in clocks]
        results = [call_helpline_action(port) for port in ports]
    messages = [result["responses"][0] for result in results]
    summary = [(m["response"], m.get("closes") or m["opens"]) for m in messages]
    assert summary == [
        ("utter_helpline_open", "7 p.m. Eastern"),
        ("utter_helpline_closed", "Monday at 9 a.m. Eastern"),
        ("utter_helpline_closed", "tomorrow, Friday, at 9 a.m. Eastern"),
    ]
    assert [r["events"][0]["value"] for r in results] == [True, False, False]

"""The end-to-end runner (python -m e2e): its format, its checks, its reports, on real stacks."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import textwrap
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from twilio.request_validator import RequestValidator

from e2e.__main__ import unknown_names
from e2e.cases import CaseFormatError, Step, load_cases, load_file
from e2e.client import SmsSettings, Stack, fixture_events
from e2e.report import details, junit, summary
from e2e.runner import (
    APOLOGIES,
    BotMessage,
    CaseResult,
    Turn,
    check_turn,
    reproduction,
    run_case,
    turn_from_events,
)
from tests.conftest import ROOT
from tests.stack import TWILIO_PUBLIC_URL, Server

pytestmark = pytest.mark.stack

CASES = ROOT / "tests" / "e2e"
FAMILIES = ("about_mbc", "biomarkers", "symptoms", "treatment", "side_effects", "trials",
            "palliative", "support", "caregiving", "costs")  # fmt: skip


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "cases.yml"
    path.write_text(textwrap.dedent(text))
    return path


# --- the suite's content ------------------------------------------------------------------


def test_the_suite_covers_what_testers_need() -> None:
    cases = load_cases([CASES])
    assert len(cases) >= 40
    utters = {step.name for case in cases for step in case.steps if step.kind == "utter"}
    for family in FAMILIES:
        assert any(name.startswith(f"utter_{family}/") for name in utters), family
    users = " | ".join(step.text for case in cases for step in case.steps if step.kind == "user")
    paths = ["ibrance", "tamoxifen", "herceptine", "tamoxifin", "parp inhibitors", "orserdu",
             "ibuprofen", "its side effects", "other drugs are in that class"]  # fmt: skip
    for message in paths:
        assert message in users, message
    clocks = {case.slots["helpline_clock"] for case in cases if "helpline_clock" in case.slots}
    assert len(clocks) >= 8
    assert any("2027-03-1" in clock for clock in clocks)  # daylight saving time starts
    assert any("2026-11-02" in clock for clock in clocks)  # and ends
    assert sum(case.channel == "twilio" for case in cases) >= 5
    assert "utter_offer_helpline" in utters and "utter_emergency" in utters


def test_every_name_the_suite_uses_is_in_the_domain(project: Any) -> None:
    domain = {"responses": project.responses, "slots": project.domain["slots"]}
    assert unknown_names(load_cases([CASES]), domain) == []


def test_unknown_names_are_reported_with_their_place(tmp_path: Path) -> None:
    path = write(tmp_path, """
        test_cases:
          - test_case: typo
            steps:
              - user: hi
              - utter: utter_gret
              - slot_was_set:
                  - helpline_opn: true
    """)  # fmt: skip
    problems = unknown_names(load_file(path), {"responses": {"utter_greet": []}, "slots": {}})
    assert problems == [
        f"{path}:6: response 'utter_gret' is not in the domain",
        f"{path}:7: slot 'helpline_opn' is not in the domain",
    ]


# --- the format -------------------------------------------------------------------------------


def test_a_case_in_rasa_pro_format_with_the_extensions(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        fixtures:
          - evening:
              - helpline_clock: "2026-12-03T18:30:00-05:00"
        metadata:
          - web:
              page: home
        test_cases:
          - test_case: open
            fixtures: [evening]
            metadata: web
            steps:
              - user: can I talk to a person?
              - utter: utter_helpline_open
              - slot_was_set:
                  - helpline_open: true
                  - helpline_clock
              - slot_was_not_set:
                  - drug
          - test_case: by SMS
            channel: twilio
            steps:
              - user: "1"
              - bot: "Reply: yes"
    """,
    )
    first, second = load_file(path)
    assert first.slots == {"helpline_clock": "2026-12-03T18:30:00-05:00"}
    assert first.metadata == {"page": "home"} and first.channel == "rest"
    assert [step.kind for step in first.steps] == [
        "user", "utter", "slot_was_set", "slot_was_not_set"
    ]  # fmt: skip
    assert first.steps[2].describe() == "slot_was_set: helpline_open: true, helpline_clock"
    assert first.steps[1].line == 14 and first.line == 9  # (the text starts with a newline)
    assert second.channel == "twilio" and second.steps[0].text == "1"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("cases: []", "needs a 'test_cases:' list"),
        ("test_cases:\n  - steps: [{user: hi}]", "every test case needs a name"),
        ("test_cases:\n  - test_case: a\n    steps: []", "test case 'a' needs a list of 'steps'"),
        ("test_cases:\n  - test_case: a\n    steps: [{utter: utter_greet}]",
         "must start with a user step"),
        ("test_cases:\n  - test_case: a\n    steps: [{user: hi, utter: x}]",
         "a step has exactly one of"),
        ("test_cases:\n  - test_case: a\n    steps: [{usr: hi}]", "a step has exactly one of"),
        ("test_cases:\n  - test_case: a\n    fixtures: [nope]\n    steps: [{user: hi}]",
         "unknown fixture 'nope'"),
        ("test_cases:\n  - test_case: a\n    channel: fax\n    steps: [{user: hi}]",
         "channel must be one of rest, twilio"),
        ("test_cases:\n  - test_case: a\n    colour: red\n    steps: [{user: hi}]",
         "unknown keys ['colour']"),
        ("test_cases:\n  - {test_case: a, steps: [{user: hi}]}\n"
         "  - {test_case: a, steps: [{user: hi}]}", "repeated: ['a']"),
        ("test_cases: [\n", "not valid YAML"),
    ],
)  # fmt: skip
def test_format_errors_say_where_and_what(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(CaseFormatError, match=re.escape(message)) as error:
        load_file(path)
    assert str(path) in str(error.value)


# --- the checks -------------------------------------------------------------------------------


def steps(*items: tuple[str, Any]) -> list[tuple[int, Step]]:
    made = []
    for number, (kind, value) in enumerate(items, 2):
        if kind == "bot":
            made.append((number, Step(kind, number, text=value)))
        elif kind == "utter":
            made.append((number, Step(kind, number, name=value)))
        else:
            made.append((number, Step(kind, number, slots=value)))
    return made


TURN = Turn(
    "what is ibrance?",
    [BotMessage("palbociclib is a CDK4/6 inhibitor.", "utter_drug_info"),
     BotMessage("Ask your care team.", "utter_drug_care_team")],
    [("drug", "palbociclib"), ("drug_class", "cdk46_inhibitors")],
)  # fmt: skip


def test_a_turn_that_holds() -> None:
    from e2e.cases import SlotCheck

    assertions = steps(
        ("utter", "utter_drug_info"), ("bot", "Ask your care team."),
        ("slot_was_set", (SlotCheck("drug", "palbociclib"), SlotCheck("drug_class"))),
        ("slot_was_not_set", (SlotCheck("helpline_open"), SlotCheck("drug", "olaparib"))),
    )  # fmt: skip
    assert check_turn(TURN, assertions) is None


def test_the_first_failing_step_with_expected_and_actual() -> None:
    from e2e.cases import SlotCheck

    failure = check_turn(TURN, steps(("utter", "utter_drug_info"), ("utter", "utter_greet")))
    assert failure is not None and failure.number == 3
    assert failure.expected == "utter_greet after the ones already matched"
    assert "[utter_drug_care_team] 'Ask your care team.'" in failure.actual
    # Order matters: the care-team message comes after the drug info, not before.
    failure = check_turn(
        TURN, steps(("utter", "utter_drug_care_team"), ("utter", "utter_drug_info"))
    )
    assert failure is not None and failure.number == 3
    failure = check_turn(TURN, steps(("slot_was_set", (SlotCheck("drug", "olaparib"),))))
    assert failure is not None and failure.expected == "slot set: drug: olaparib"
    assert "drug='palbociclib'" in failure.actual
    failure = check_turn(TURN, steps(("slot_was_not_set", (SlotCheck("drug"),))))
    assert failure is not None and failure.expected == "slot not set: drug"


def test_a_wrong_text_shows_where_it_differs() -> None:
    failure = check_turn(TURN, steps(("bot", "palbociclib is a CDK4/6 blocker.")))
    assert failure is not None
    assert "first differs at character 24" in failure.actual
    assert "CDK4/6 blocker.'" in failure.actual and "CDK4/6 inhibitor.'" in failure.actual


def test_turns_come_from_the_events_after_the_users_message() -> None:
    events: list[dict[str, Any]] = [
        {"event": "session_started"},
        {"event": "slot", "name": "helpline_clock", "value": "x"},  # carried over: not the answer
        {"event": "user", "text": "hi"},
        {"event": "action", "name": "utter_greet"},
        {"event": "bot", "text": "Hello", "metadata": {"utter_action": "utter_greet"}},
        {"event": "slot", "name": "helpline_open", "value": True},
    ]
    turn = turn_from_events("hi", events)
    assert turn.messages == [BotMessage("Hello", "utter_greet")]
    assert turn.slots == [("helpline_open", True)]
    # SMS: the texts the phone got, with the response names of the tracker.
    sms = turn_from_events("hi", events, ["Hello\n\nReply 1 for Symptoms."])
    assert sms.messages == [BotMessage("Hello\n\nReply 1 for Symptoms.", "utter_greet")]
    # An SMS keyword is answered by the channel: no events, no response name.
    assert turn_from_events("STOP", [], ["You will get no more messages."]).messages == [
        BotMessage("You will get no more messages.", None)
    ]


# --- apologies and fallbacks the case does not name -----------------------------------------


@dataclass(frozen=True)
class FakeStack(Stack):
    """A stack whose assistant answers each text with scripted (response name, text) messages.

    It keeps each conversation's events as Rasa's tracker would: the user message, an action and
    a bot event (with its ``utter_action``) per message, then ``action_listen``.
    """

    answers: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    conversations: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def say(self, sender: str, text: str, metadata: dict[str, Any] | None = None) -> list[str]:
        events = self.conversations.setdefault(sender, [])
        events.append({"event": "user", "text": text})
        for name, bot_text in self.answers[text]:
            events.append({"event": "action", "name": name})
            events.append({"event": "bot", "text": bot_text, "metadata": {"utter_action": name}})
        events.append({"event": "action", "name": "action_listen"})
        return [bot_text for _, bot_text in self.answers[text]]

    def events(self, conversation: str) -> list[dict[str, Any]]:
        return list(self.conversations.get(conversation, []))


DRUG_INFO = ("utter_drug_info", "palbociclib (brand name: Ibrance) is a CDK4/6 inhibitor.")
SORRY = ("utter_action_failed", "Sorry, something went wrong on my side.")
DEFER = ("utter_defer", "I'm not sure I understood.")


def fake_stack(answers: dict[str, list[tuple[str, str]]]) -> FakeStack:
    return FakeStack("http://localhost:5005", "token", answers=answers)


def run_one(
    tmp_path: Path, steps_yaml: str, answers: dict[str, list[tuple[str, str]]]
) -> CaseResult:
    """Runs a one-case file with these steps on a fake stack; the CaseResult."""
    path = tmp_path / "cases.yml"
    path.write_text("test_cases:\n  - test_case: one\n    steps:\n" + textwrap.indent(
        textwrap.dedent(steps_yaml).strip() + "\n", "      "
    ))  # fmt: skip
    (case,) = load_file(path)
    return run_case(fake_stack(answers), case)


def test_a_stray_apology_after_the_answer_fails_the_user_step(tmp_path: Path) -> None:
    result = run_one(tmp_path, """
        - user: what is ibrance
        - utter: utter_drug_info
    """, {"what is ibrance": [DRUG_INFO, SORRY]})  # fmt: skip
    failure = result.failure
    assert failure is not None and result.error is None
    assert failure.number == 1 and failure.step.kind == "user"
    assert failure.step.text == "what is ibrance" and failure.step.line == 4
    assert "utter_action_failed" in failure.expected
    assert "[utter_action_failed] 'Sorry, something went wrong on my side.'" in failure.actual
    assert "step 1 (" in details(result) and "failed: user: 'what is ibrance'" in details(result)


def test_an_apology_in_a_turn_without_steps_fails(tmp_path: Path) -> None:
    result = run_one(tmp_path, """
        - user: blorp
        - user: what is ibrance
        - utter: utter_drug_info
    """, {"blorp": [DEFER], "what is ibrance": [DRUG_INFO]})  # fmt: skip
    assert result.failure is not None
    assert (result.failure.number, result.failure.step.text) == (1, "blorp")
    assert "utter_defer" in result.failure.expected


@pytest.mark.parametrize("named", ["- utter: utter_defer", "- bot: I'm not sure I understood."])
def test_an_apology_the_case_names_passes(tmp_path: Path, named: str) -> None:
    result = run_one(tmp_path, f"""
        - user: blorp
        {named}
        - user: what is ibrance
        - utter: utter_drug_info
    """, {"blorp": [DEFER], "what is ibrance": [DRUG_INFO]})  # fmt: skip
    assert result.passed, result.failure


def test_each_apology_needs_its_own_step() -> None:
    turn = Turn("blorp", [BotMessage(*reversed(DEFER)), BotMessage(*reversed(DEFER))])
    assert check_turn(turn, steps(("utter", "utter_defer"))) is not None
    assert check_turn(turn, steps(("utter", "utter_defer"), ("utter", "utter_defer"))) is None


@pytest.mark.parametrize("name", sorted(APOLOGIES))
def test_every_apology_is_caught(name: str) -> None:
    turn = Turn("what is ibrance?", [*TURN.messages, BotMessage("Sorry.", name)])
    failure = check_turn(turn, steps(("utter", "utter_drug_info")), (1, Step("user", 3, "x")))
    assert failure is not None and failure.number == 1 and name in failure.expected
    assert check_turn(TURN, steps(("utter", "utter_drug_info"))) is None  # other messages: fine


def test_the_apologies_are_the_domains(project: Any) -> None:
    assert sorted(APOLOGIES - set(project.responses)) == []


# --- reports ----------------------------------------------------------------------------------


def test_junit_and_summary(tmp_path: Path) -> None:
    passed, failed = load_file(write(tmp_path, """
        test_cases:
          - {test_case: good, steps: [{user: hi}, {utter: utter_greet}]}
          - {test_case: bad, steps: [{user: hi}, {utter: utter_goodbye}]}
    """))  # fmt: skip
    results = [CaseResult(passed, "c1", 0.2), CaseResult(failed, "c2", 0.3)]
    results[1].failure = check_turn(
        Turn("hi", [BotMessage("Hello", "utter_greet")]), [(2, failed.steps[1])]
    )
    results[1].reproduction = ["curl -s http://localhost:5005/webhooks/rest/webhook ..."]
    assert summary(results, 1.25) == "1 passed, 1 failed in 1.2 s"
    report = tmp_path / "junit.xml"
    junit(results, report, 1.25)
    suite = ElementTree.parse(report).getroot().find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("2", "1", "0")
    cases = suite.findall("testcase")
    assert [case.get("name") for case in cases] == ["good", "bad"]
    assert cases[0].find("failure") is None
    failure = cases[1].find("failure")
    assert failure is not None
    assert failure.get("message") == "step 2: utter: utter_goodbye: expected utter_goodbye"
    assert "curl -s http://localhost:5005" in (failure.text or "")
    assert details(results[0]) == ""


def test_the_sms_replay_is_signed_for_what_it_sends(tmp_path: Path) -> None:
    (case,) = load_file(write(tmp_path, """
        fixtures:
          - clock: [{helpline_clock: "2026-12-03T18:30:00-05:00"}]
        test_cases:
          - {test_case: sms, channel: twilio, fixtures: [clock], steps: [{user: "what is ibrance"}]}
    """))  # fmt: skip
    stack = Stack("http://localhost:5005", "api", SmsSettings("twilio-token", "secret"))
    put, text, tracker = reproduction(stack, case)
    assert put.startswith('curl -s -X PUT "http://localhost:5005/conversations/sms-')
    assert '"helpline_clock"' in put and "$RASA_API_TOKEN" in put
    words = shlex.split(text)
    signature = words[words.index("-H") + 1].removeprefix("X-Twilio-Signature: ")
    fields = dict(
        words[i + 1].split("=", 1) for i, word in enumerate(words) if word == "--data-urlencode"
    )
    assert words[2] == "http://localhost:5005/webhooks/twilio/webhook"
    assert fields["Body"] == "what is ibrance" and fields["From"].startswith("+1555")
    assert RequestValidator("twilio-token").validate(words[2], fields, signature)
    conversation = put.split("/conversations/")[1].split("/")[0]
    assert conversation in tracker


def test_fixture_events_start_a_conversation_like_rasa() -> None:
    assert [event["event"] for event in fixture_events({"a": 1, "b": None})] == [
        "action", "session_started", "action", "slot", "slot"
    ]  # fmt: skip


# --- on real stacks ---------------------------------------------------------------------------


def run_e2e(*arguments: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "e2e", *arguments],
        cwd=ROOT, capture_output=True, text=True, timeout=600, env={**os.environ, **(env or {})},
    )  # fmt: skip


def test_against_a_running_stack_given_by_url(server: Server, tmp_path: Path) -> None:
    env = {
        "RASA_API_TOKEN": server.api_token,
        "TWILIO_AUTH_TOKEN": server.twilio_token,
        "SMS_ID_SECRET": server.sms_secret,
        "TWILIO_WEBHOOK_URL": TWILIO_PUBLIC_URL,
    }
    report = tmp_path / "junit.xml"
    # The stack's own clock says Thursday 18:30 (open); the cases' fixtures set other moments.
    result = run_e2e(
        "tests/e2e/helpline.yml", "tests/e2e/sms.yml", "--url", server.url, "--junit",
        str(report), env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^18 passed, 0 failed in [0-9.]+ s$", result.stdout, re.MULTILINE)
    assert ElementTree.parse(report).getroot().find("testsuite").get("tests") == "18"  # type: ignore[union-attr]


def test_a_wrong_token_is_a_clear_error(server: Server) -> None:
    result = run_e2e("tests/e2e/topics.yml", "--url", server.url, env={"RASA_API_TOKEN": "wrong"})
    assert result.returncode == 2
    assert "cannot use the stack's HTTP API" in result.stderr and "401" in result.stderr


def test_broken_drug_knowledge_and_hours_fail_readably(tmp_path: Path) -> None:
    """The suite on its own stack, with Ibrance's brand and Thursday's hours broken."""
    drugs = (ROOT / "knowledge" / "drugs.yml").read_text()
    broken_drugs = drugs.replace("brands: [Ibrance]}", "brands: [Ibrance-X]}")
    hours = (ROOT / "knowledge" / "helpline.yml").read_text()
    broken_hours = hours.replace('thursday: {opens: "09:00", closes: "19:00"}',
                                 'thursday: {opens: "09:00", closes: "18:00"}')  # fmt: skip
    assert broken_drugs != drugs and broken_hours != hours
    (tmp_path / "drugs.yml").write_text(broken_drugs)
    (tmp_path / "helpline.yml").write_text(broken_hours)
    report = tmp_path / "junit.xml"
    result = run_e2e(
        "tests/e2e", "-k", "Thursday", "--junit", str(report), "--logs", str(tmp_path / "logs"),
        env={"KNOWLEDGE_FILE": str(tmp_path / "drugs.yml"),
             "HELPLINE_FILE": str(tmp_path / "helpline.yml")},
    )  # fmt: skip
    out = result.stdout
    assert result.returncode == 1, out + result.stderr
    assert "FAIL  open on Thursday evening until 7 p.m." in out
    # repr() quotes: the answer has an apostrophe ("you're"), so it is shown in double quotes.
    assert '[utter_helpline_closed] "The Komen Breast Care Helpline is closed right now.' in out
    assert "Hours: Monday to Wednesday 9 a.m. to 7 p.m. and Thursday and Friday" in out
    assert re.search(r"^0 passed, 2 failed in", out, re.MULTILINE)
    result = run_e2e(
        "tests/e2e/drugs.yml", "-k", "brand name", "--logs", str(tmp_path / "logs"),
        env={"KNOWLEDGE_FILE": str(tmp_path / "drugs.yml")},
    )  # fmt: skip
    assert result.returncode == 1
    assert "step 2 (tests/e2e/drugs.yml:8) failed: bot: 'palbociclib (brand name: Ibrance)" in (
        result.stdout
    )
    assert "[utter_drug_info] 'palbociclib (brand name: Ibrance-X)" in result.stdout
    assert "replay by hand" in result.stdout
    assert "curl -s http://localhost:5005/webhooks/rest/webhook" in result.stdout


# --- the HTTP API: loopback only ----------------------------------------------------------------


def test_the_api_answers_direct_requests_from_this_machine(server: Server) -> None:
    query = urllib.parse.urlencode({"token": server.api_token})
    assert server.request(f"/domain?{query}").status == 200
    assert server.request("/domain?token=wrong").status == 401


@pytest.mark.parametrize("header", ["X-Forwarded-For", "Forwarded", "X-Real-IP"])
def test_the_api_refuses_proxied_requests(server: Server, header: str) -> None:
    query = urllib.parse.urlencode({"token": server.api_token})
    response = server.request(f"/conversations/x/tracker?{query}", headers={header: "1.2.3.4"})
    assert response.status == 403
    assert "only to requests from this machine" in response.body
    # The channels are not affected.
    assert server.request("/webhooks/rest/", headers={header: "1.2.3.4"}).status == 200


def test_the_api_refuses_other_addresses(server: Server) -> None:
    import socket

    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # no packet is sent: picks the outgoing interface
            address = probe.getsockname()[0]
    except OSError:
        address = ""
    if not address or address.startswith("127."):
        pytest.skip("this machine has no non-loopback address to call from")
    query = urllib.parse.urlencode({"token": server.api_token})
    url = f"http://{address}:{server.rasa_port}/domain?{query}"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(url, timeout=30)
    assert refused.value.code == 403

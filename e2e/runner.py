"""Runs test cases against a stack and checks every step against the conversation's tracker.

What the steps after a user message mean (as in Rasa Pro's end-to-end tests):

- ``bot`` / ``utter``: among the bot messages that answered that user message, in order, there is
  one with exactly this text / this response name (read from the tracker, not guessed from the
  text); later ``bot``/``utter`` steps must match later messages. Other messages not mentioned
  are allowed, except an apology or fallback (``APOLOGIES``: ``utter_action_failed``,
  ``utter_drug_lookup_failed``, ``utter_ask_rephrase``, ``utter_defer``): one that no ``bot`` or
  ``utter`` step of that turn matches fails the user step it answered, so a stray apology after
  a correct answer, or in a turn with no steps after it, is not missed.
- ``slot_was_set``: that answer set the slot (to the value, if one is given);
  ``slot_was_not_set``: it did not (to that value, if one is given).

Each case has its own conversation (a fresh sender id or phone number), so cases run at the same
time without sharing state; the steps of one case run in order.
"""

from __future__ import annotations

import difflib
import random
import re
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from e2e.cases import ANY_VALUE, Case, SlotCheck, Step
from e2e.client import Stack, StackError

# The responses that mean the assistant could not answer: a case must name them where it expects
# them (the domain's names; tests/test_e2e_runner.py checks they are in it).
APOLOGIES = frozenset(
    {"utter_action_failed", "utter_drug_lookup_failed", "utter_ask_rephrase", "utter_defer"}
)


@dataclass(frozen=True)
class BotMessage:
    """One message of the bot: its text and the domain response it came from (None: unknown)."""

    text: str
    response: str | None


@dataclass
class Turn:
    """What the assistant did in answer to one user message."""

    user: str
    messages: list[BotMessage] = field(default_factory=list)
    slots: list[tuple[str, Any]] = field(default_factory=list)

    def describe_messages(self) -> str:
        """The bot's messages of this turn, for a report."""
        if not self.messages:
            return "(no bot message)"
        return "\n".join(
            f"  [{message.response or 'response name not recorded'}] {message.text!r}"
            for message in self.messages
        )

    def describe_slots(self) -> str:
        """The slots set in this turn, for a report."""
        if not self.slots:
            return "(no slot set)"
        return ", ".join(f"{name}={value!r}" for name, value in self.slots)


@dataclass(frozen=True)
class Failure:
    """The first step that did not hold: which, where, what was expected and what happened."""

    step: Step
    number: int  # 1-based index in the case's steps
    expected: str
    actual: str


@dataclass
class CaseResult:
    """The outcome of one case."""

    case: Case
    conversation: str
    seconds: float = 0.0
    failure: Failure | None = None
    error: str | None = None  # the stack failed (not an assertion)
    turns: list[Turn] = field(default_factory=list)
    reproduction: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """No failing step and no error."""
        return self.failure is None and self.error is None


def _slot_matches(check: SlotCheck, name: str, value: Any) -> bool:
    return name == check.name and (check.value is ANY_VALUE or value == check.value)


def closest_difference(expected: str, messages: list[BotMessage]) -> str:
    """Where the most similar message first differs from ``expected`` ("" if none is close)."""
    best, score = None, 0.0
    for message in messages:
        ratio = difflib.SequenceMatcher(None, expected, message.text).ratio()
        if ratio > score:
            best, score = message, ratio
    if best is None or score < 0.6:
        return ""
    at = next(
        (i for i, (a, b) in enumerate(zip(expected, best.text, strict=False)) if a != b),
        min(len(expected), len(best.text)),
    )
    start = max(0, at - 30)
    return (
        f"\nclosest ({best.response}) first differs at character {at}:"
        f"\n  expected ...{expected[start : at + 40]!r}"
        f"\n  actual   ...{best.text[start : at + 40]!r}"
    )


def check_turn(
    turn: Turn, assertions: list[tuple[int, Step]], user: tuple[int, Step] | None = None
) -> Failure | None:
    """The first assertion about ``turn`` that does not hold, or None.

    Then an apology or fallback (``APOLOGIES``) that no ``bot``/``utter`` step matched fails
    ``user`` (number and step of the user message; default: the turn's message, numbered just
    before its first assertion).
    """
    cursor = 0
    matched: set[int] = set()
    for number, step in assertions:
        if step.kind in ("bot", "utter"):
            for index in range(cursor, len(turn.messages)):
                message = turn.messages[index]
                found = (
                    message.text == step.text
                    if step.kind == "bot"
                    else message.response == step.name
                )
                if found:
                    cursor = index + 1
                    matched.add(index)
                    break
            else:
                what = f"a bot message {step.text!r}" if step.kind == "bot" else step.name
                later = " after the ones already matched" if cursor else ""
                actual = f"bot messages answering {turn.user!r}:\n{turn.describe_messages()}"
                if step.kind == "bot":
                    actual += closest_difference(step.text, turn.messages[cursor:])
                return Failure(step, number, f"{what}{later}", actual)
        elif step.kind == "slot_was_set":
            for check in step.slots:
                if not any(_slot_matches(check, name, value) for name, value in turn.slots):
                    return Failure(
                        step, number, f"slot set: {check.describe()}",
                        f"slots set answering {turn.user!r}: {turn.describe_slots()}",
                    )  # fmt: skip
        elif step.kind == "slot_was_not_set":
            for check in step.slots:
                if any(_slot_matches(check, name, value) for name, value in turn.slots):
                    return Failure(
                        step, number, f"slot not set: {check.describe()}",
                        f"slots set answering {turn.user!r}: {turn.describe_slots()}",
                    )  # fmt: skip
    return unexpected_apology(turn, matched, user or _user_step(turn, assertions))


def unexpected_apology(turn: Turn, matched: set[int], user: tuple[int, Step]) -> Failure | None:
    """A failure of the user step when a bot message of ``turn`` not in ``matched`` apologises."""
    stray = [
        message.response
        for index, message in enumerate(turn.messages)
        if index not in matched and message.response in APOLOGIES
    ]
    if not stray:
        return None
    number, step = user
    return Failure(
        step, number,
        f"no apology or fallback the case does not name; got {', '.join(map(str, stray))} "
        "(name it with an 'utter:' or 'bot:' step if it is expected)",
        f"bot messages answering {turn.user!r}:\n{turn.describe_messages()}",
    )  # fmt: skip


def _user_step(turn: Turn, assertions: list[tuple[int, Step]]) -> tuple[int, Step]:
    number = assertions[0][0] - 1 if assertions else 0
    return number, Step("user", 0, text=turn.user)


def turn_from_events(
    user: str, new_events: list[dict[str, Any]], delivered: list[str] | None = None
) -> Turn:
    """The turn, from the tracker events the message added.

    Events before the user's message (a new session carrying slots over) are not part of the
    answer. Each bot event is one message: its text as the tracker has it (Rasa's REST channel
    then splits it into paragraphs) and its response name (``utter_action``).

    ``delivered`` (SMS): the texts the phone received. When they correspond one to one with the
    bot events, they are the texts checked (with the "Reply 1 for ..." options, in GSM-7). Without
    bot events (keywords such as STOP, answered by the channel itself) they are the messages,
    with no response name.
    """
    start = next((i for i, event in enumerate(new_events) if event.get("event") == "user"), None)
    answer = new_events[start + 1 :] if start is not None else []
    bots = [event for event in answer if event.get("event") == "bot" and event.get("text")]
    turn = Turn(user)
    turn.slots = [
        (str(event.get("name")), event.get("value"))
        for event in answer
        if event.get("event") == "slot"
    ]
    for event in bots:
        response = (event.get("metadata") or {}).get("utter_action")
        turn.messages.append(BotMessage(str(event["text"]), response))
    if delivered is not None:
        if len(delivered) == len(bots):
            turn.messages = [
                BotMessage(text, message.response)
                for text, message in zip(delivered, turn.messages, strict=True)
            ]
        elif not bots:
            turn.messages = [BotMessage(text, None) for text in delivered]
    return turn


def _conversation_name(case: Case) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", case.name.lower()).strip("-")[:40]
    return f"e2e-{slug}-{uuid.uuid4().hex[:8]}"


def _phone() -> str:
    return "+1555" + "".join(random.choice("0123456789") for _ in range(7))


def run_case(stack: Stack, case: Case, replay: Stack | None = None) -> CaseResult:
    """Runs one case in a new conversation and checks each step.

    ``replay``: the stack the replay commands address (default: ``stack``).
    """
    started = time.monotonic()
    phone = _phone() if case.channel == "twilio" else ""
    conversation = stack.sms_conversation(phone) if phone else _conversation_name(case)
    result = CaseResult(case, conversation)
    result.reproduction = reproduction(replay or stack, case)
    try:
        if case.slots:
            stack.set_slots(conversation, case.slots)
        seen = len(stack.events(conversation))
        groups = _groups(case)
        for user_number, user_step, assertions in groups:
            metadata = {**case.metadata, **user_step.metadata}
            delivered: list[str] | None = None
            if phone:
                delivered = stack.text(phone, user_step.text)
            else:
                stack.say(conversation, user_step.text, metadata)
            events = stack.events(conversation)
            turn = turn_from_events(user_step.text, events[seen:], delivered)
            seen = len(events)
            result.turns.append(turn)
            failure = check_turn(turn, assertions, (user_number, user_step))
            if failure is not None:
                result.failure = failure
                break
    except StackError as error:
        result.error = str(error)
    result.seconds = time.monotonic() - started
    return result


def _groups(case: Case) -> list[tuple[int, Step, list[tuple[int, Step]]]]:
    """Each user step, with its number, and the numbered assertions that follow it."""
    groups: list[tuple[int, Step, list[tuple[int, Step]]]] = []
    for number, step in enumerate(case.steps, 1):
        if step.kind == "user":
            groups.append((number, step, []))
        else:
            groups[-1][2].append((number, step))
    return groups


def reproduction(stack: Stack, case: Case) -> list[str]:
    """Shell commands that replay the case by hand in a new conversation."""
    commands = []
    if case.channel == "twilio":
        phone = _phone()
        conversation = stack.sms_conversation(phone)
        if case.slots:
            commands.append(stack.curl_set_slots(conversation, case.slots))
        commands += [
            stack.curl_text(phone, step.text) for step in case.steps if step.kind == "user"
        ]
    else:
        conversation = f"repro-{uuid.uuid4().hex[:8]}"
        if case.slots:
            commands.append(stack.curl_set_slots(conversation, case.slots))
        commands += [
            stack.curl_say(conversation, step.text, {**case.metadata, **step.metadata})
            for step in case.steps
            if step.kind == "user"
        ]
    commands.append(stack.curl_tracker(conversation))
    return commands


def run_all(
    stack: Stack,
    cases: list[Case],
    workers: int = 4,
    on_result: Callable[[CaseResult], None] | None = None,
    replay: Stack | None = None,
) -> list[CaseResult]:
    """Runs every case, ``workers`` at a time; results in the cases' order."""
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        futures = [pool.submit(run_case, stack, case, replay) for case in cases]
        results = []
        for future in futures:
            result = future.result()
            if on_result is not None:
                on_result(result)
            results.append(result)
    return results

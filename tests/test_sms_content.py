"""Every response as an SMS user gets it: GSM-7 only and at most 459 characters (3 parts).

The walk covers every response of the domain and the topic files. Responses with {placeholders}
are filled with every value the actions really produce (every drug and class of the knowledge
base, the helpline at every hour of a winter and a summer week), and buttons are counted as the
"Reply 1 for ..." line the SMS channel adds.

Each SMS is made by the channel's own code (TwilioSMSInput.generate and .compose) over Rasa's
templated NLG: the variant Rasa picks for the ``twilio`` channel, then the buttons' line.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

import pytest
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.config import ConfigurationError
from actions.drugs.actions import (
    ActionDescribeDrug,
    ActionDescribeDrugSideEffects,
    ActionListClassDrugs,
)
from actions.helpline.actions import ActionContactHelpline
from channels.config import SmsSettings
from channels.gsm7 import MAX_SMS_CHARS, gsm7_length, is_gsm7
from channels.twilio_sms import TwilioSMSInput
from tests.conftest import Project
from tests.drugs import KNOWLEDGE, sqlite_repository

pytestmark = pytest.mark.unit

MESSAGE_KEYS = {"text", "buttons", "elements", "custom", "template", "response", "image"}
MESSAGE_KEYS |= {"attachment", "json_message"}
PLACEHOLDER = re.compile(r"{(\w+)}")
REPOSITORY = sqlite_repository()


class SmsAgent:
    """What the SMS channel uses of Rasa's Agent to write an SMS: slots and Rasa's own NLG."""

    def __init__(self, project: Project) -> None:
        self.domain = Domain.empty()
        self.nlg = TemplatedNaturalLanguageGenerator(project.responses)


def identity(moment: datetime) -> datetime:
    return moment


def tracker(entities: list[dict[str, str]]) -> Tracker:
    return Tracker(
        "sms",
        {},
        {"text": "x", "intent": {"name": "x"}, "entities": entities},
        [],
        False,
        None,
        {},
        "action_listen",
    )


async def collect(action: Any, entities: list[dict[str, str]]) -> list[dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    await action.run(dispatcher, tracker(entities), {})
    return dispatcher.messages


async def action_samples() -> dict[str, list[dict[str, str]]]:
    """Response name -> every set of values the actions fill it with."""
    messages: list[dict[str, Any]] = []
    drug_actions = [
        ActionDescribeDrug(lambda: REPOSITORY),
        ActionDescribeDrugSideEffects(lambda: REPOSITORY),
        ActionListClassDrugs(lambda: REPOSITORY),
    ]
    for drug in KNOWLEDGE.drugs:
        for action in drug_actions:
            messages += await collect(action, [{"entity": "drug", "value": drug.generic}])
    for drug_class in KNOWLEDGE.classes:
        messages += await collect(
            drug_actions[2], [{"entity": "drug_class", "value": drug_class.id}]
        )
    for action in drug_actions:  # nothing named, and an unknown name
        messages += await collect(action, [])
    for week in (datetime(2026, 12, 7, tzinfo=UTC), datetime(2026, 7, 13, tzinfo=UTC)):
        for hour in range(7 * 24):
            moment = week + timedelta(hours=hour, minutes=30)
            messages += await collect(ActionContactHelpline(clock=partial(identity, moment)), [])

    def broken() -> datetime:
        raise ConfigurationError("broken")

    messages += await collect(ActionContactHelpline(clock=broken), [])
    samples: dict[str, list[dict[str, str]]] = defaultdict(list)
    for message in messages:
        values = {k: str(v) for k, v in message.items() if k not in MESSAGE_KEYS}
        if values not in samples[message["response"]]:
            samples[message["response"]].append(values)
    return samples


async def rendered(
    project: Project, samples: dict[str, list[dict[str, str]]]
) -> list[tuple[str, str]]:
    """(response name, SMS text) for every response and every set of values it is filled with."""
    channel = TwilioSMSInput(SmsSettings("token", None, "secret", "sqlite://"))
    agent = SmsAgent(project)
    result = []
    for name in project.responses:
        if name == "utter_sms_reply_options":
            continue  # counted with every response that has buttons
        template = str((await channel.generate(agent, name)).get("text") or "")
        fillings = samples.get(name, []) if PLACEHOLDER.search(template) else [{}]
        assert fillings, f"{name} has placeholders but no action fills it"
        for values in fillings:
            message = await channel.generate(agent, name, **values)
            assert not PLACEHOLDER.search(message["text"]), (name, values, message["text"])
            sms = await channel.compose(agent, message["text"], message.get("buttons"))
            result.append((name, sms))
    return result


@pytest.fixture(scope="module")
async def sms_texts(project: Project) -> list[tuple[str, str]]:
    return await rendered(project, await action_samples())


async def test_the_walk_covers_every_response(
    project: Project, sms_texts: list[tuple[str, str]]
) -> None:
    assert {name for name, _ in sms_texts} == set(project.responses) - {"utter_sms_reply_options"}


async def test_every_sms_is_gsm7(sms_texts: list[tuple[str, str]]) -> None:
    bad = {
        name: sorted({char for char in text if not is_gsm7(char)})
        for name, text in sms_texts
        if not is_gsm7(text)
    }
    assert bad == {}


async def test_every_sms_fits_three_parts(sms_texts: list[tuple[str, str]]) -> None:
    too_long = {
        name: gsm7_length(text) for name, text in sms_texts if gsm7_length(text) > MAX_SMS_CHARS
    }
    assert too_long == {}


async def test_no_markdown_in_sms(sms_texts: list[tuple[str, str]]) -> None:
    assert [name for name, text in sms_texts if "](" in text or "**" in text] == []


def test_web_only_variants_have_an_sms_variant(project: Project) -> None:
    """A response that differs on the web (tel: links) has its own SMS text."""
    for name, variants in project.responses.items():
        channels = {variant.get("channel") for variant in variants}
        if "socketio" in channels:
            assert "twilio" in channels, f"{name} has a web variant but no SMS variant"

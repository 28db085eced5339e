"""The Twilio SMS channel: signatures, TwiML, numbered replies, STOP/START/HELP and privacy.

Unit tests drive TwilioSMSInput.answer with a recording handler; the end-to-end tests post
Twilio-format requests, signed with twilio's own RequestValidator, to the running stack.
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

import pytest
from rasa.core.channels.channel import UserMessage

from channels.config import SmsSettings
from channels.gsm7 import gsm7_length, is_gsm7, to_gsm7
from channels.sms_ids import conversation_id
from channels.sms_state import OptOutStore
from channels.twilio_sms import TwilioSMSInput, keyword, twiml
from tests.conftest import Project
from tests.drugs import postgres_engine
from tests.stack import HELPLINE_HOURS, Http, Server

PHONE = "+15551234567"


def sms_variant(project: Project, name: str) -> str:
    variants = project.responses[name]
    (variant,) = [v for v in variants if v.get("channel") == "twilio"] or [
        v for v in variants if "channel" not in v
    ]
    text: str = variant["text"]
    return text


def messages(reply: Http) -> list[str]:
    """The <Message> texts of a TwiML answer, parsed with an XML parser."""
    assert reply.status == 200, reply.body
    assert reply.headers["content-type"].startswith("application/xml")
    root = ET.fromstring(reply.body)
    assert root.tag == "Response"
    assert all(child.tag == "Message" for child in root)
    return [child.text or "" for child in root]


def new_phone() -> str:
    return "+1555" + str(uuid.uuid4().int)[:7]


# --- pieces ------------------------------------------------------------------------------------


def test_conversation_id_hides_the_number() -> None:
    first = conversation_id(PHONE, "secret-a")
    assert first == conversation_id("+1 (555) 123-4567", "secret-a")  # same number, other format
    assert first != conversation_id(PHONE, "secret-b")
    assert first != conversation_id("+15551234568", "secret-a")
    assert re.fullmatch(r"sms-[0-9a-f]{40}", first)
    assert "5551234567" not in first


@pytest.mark.parametrize(
    ("body", "word"),
    [("stop", "STOP"), (" Stop. ", "STOP"), ("HELP!", "HELP"), ("stop please", "STOP PLEASE")],
)
def test_keyword(body: str, word: str) -> None:
    assert keyword(body) == word


def test_twiml_escapes_text() -> None:
    document = twiml(["a < b & c", '<script>alert("x")</script>'])
    root = ET.fromstring(document)
    assert [m.text for m in root] == ["a < b & c", '<script>alert("x")</script>']
    assert "<script>" not in document
    assert ET.fromstring(twiml([])).tag == "Response"


def test_gsm7() -> None:
    assert is_gsm7("Se habla español. Café? 1-877-465-6636 @ £5")
    assert not is_gsm7("it\u2019s")
    assert gsm7_length("[a]") == 5
    typographic = "\u201cIbrance\u00ae\u201d \u2013 ok\u2026 \U0001f600"
    assert to_gsm7(typographic) == '"Ibrance(R)" - ok... '


class FakeNlg:
    """Renders the domain's SMS variants, as Rasa's templated NLG would."""

    def __init__(self, project: Project) -> None:
        self.project = project

    async def generate(
        self, name: str, tracker: Any, channel: str, **values: Any
    ) -> dict[str, str]:
        assert channel == "twilio"
        return {"text": sms_variant(self.project, name).format(**values)}


class FakeAgent:
    def __init__(self, project: Project) -> None:
        self.nlg = FakeNlg(project)
        self.domain = type("Domain", (), {"slots": []})()
        self.tracker_store = self

    async def retrieve(self, sender_id: str) -> None:
        return None


@pytest.fixture
def channel() -> TwilioSMSInput:
    settings = SmsSettings("token", None, "secret", "sqlite://")
    return TwilioSMSInput(settings, OptOutStore.from_url("sqlite://"))


async def test_assistant_gets_a_hashed_id_and_no_number(
    channel: TwilioSMSInput, project: Project
) -> None:
    received: list[UserMessage] = []

    async def handler(message: UserMessage) -> None:
        received.append(message)
        await message.output_channel.send_text_message(message.sender_id, "hello")

    sender = conversation_id(PHONE, "secret")
    texts = await channel.answer("what is mbc", sender, FakeAgent(project), handler)
    assert texts == ["hello"]
    (message,) = received
    assert message.sender_id == sender
    assert message.input_channel == "twilio"
    assert message.output_channel.name() == "twilio"
    assert PHONE not in repr(message.__dict__) and "5551234567" not in repr(message.metadata)


async def test_stop_then_silence_until_start(channel: TwilioSMSInput, project: Project) -> None:
    agent, sender = FakeAgent(project), "sms-x"
    calls: list[str] = []

    async def handler(message: UserMessage) -> None:
        calls.append(message.text or "")

    assert await channel.answer("STOP", sender, agent, handler) == [
        sms_variant(project, "utter_sms_stopped")
    ]
    assert await channel.answer("what are the symptoms", sender, agent, handler) == []
    assert await channel.answer("stop", sender, agent, handler) == []  # one acknowledgement only
    assert await channel.answer("help", sender, agent, handler) == []
    assert calls == []  # nothing reached the assistant
    assert await channel.answer("Start", sender, agent, handler) == [
        sms_variant(project, "utter_sms_started")
    ]
    await channel.answer("what are the symptoms", sender, agent, handler)
    assert calls == ["what are the symptoms"]


async def test_yes_is_an_answer_unless_opted_out(channel: TwilioSMSInput, project: Project) -> None:
    calls: list[str] = []

    async def handler(message: UserMessage) -> None:
        calls.append(message.text or "")

    await channel.answer("yes", "sms-y", FakeAgent(project), handler)
    assert calls == ["yes"]


def test_opt_outs_survive_a_new_store(tmp_path: Any) -> None:
    url = f"sqlite:///{tmp_path / 'state' / 'sms.sqlite'}"
    OptOutStore.from_url(url).opt_out("sms-a")
    again = OptOutStore.from_url(url)
    assert again.is_opted_out("sms-a") and not again.is_opted_out("sms-b")
    again.opt_in("sms-a")
    assert OptOutStore.from_url(url).count() == 0


def test_opt_outs_on_postgresql() -> None:
    with postgres_engine() as engine:
        store = OptOutStore.from_url(engine.url.render_as_string(hide_password=False))
        store.opt_out("sms-p")
        store.opt_out("sms-p")
        assert store.is_opted_out("sms-p") and store.count() == 1
        store.opt_in("sms-p")
        assert not store.is_opted_out("sms-p")


async def test_unconfigured_channel_refuses(project: Project) -> None:
    channel = TwilioSMSInput(SmsSettings(None, None, None, "sqlite://"))
    assert channel.settings.missing == ["TWILIO_AUTH_TOKEN", "SMS_ID_SECRET"]


# --- end to end, against the running stack ------------------------------------------------------


@pytest.fixture
def phone() -> Iterator[str]:
    yield new_phone()


def test_signed_message_gets_twiml(server: Server, project: Project, phone: str) -> None:
    reply = server.sms({"From": phone, "To": "+15550000000", "Body": "what are the symptoms?"})
    assert messages(reply) == [sms_variant(project, "utter_symptoms/signs")]


@pytest.mark.parametrize(
    ("signature", "url"),
    [
        (None, None),  # unsigned
        ("bm90IGEgc2lnbmF0dXJl", None),  # forged
        ("sign", "http://127.0.0.1/webhooks/twilio/webhook"),  # signed for another URL
    ],
)
def test_unsigned_or_forged_is_403(
    server: Server, phone: str, signature: str | None, url: str | None
) -> None:
    params = {"From": phone, "Body": "hello"}
    reply = server.sms(params, signature, url) if url else server.sms(params, signature)
    assert reply.status == 403
    assert "X-Twilio-Signature" in reply.body


def test_tampered_body_is_403(server: Server, phone: str) -> None:
    from twilio.request_validator import RequestValidator

    from tests.stack import TWILIO_PUBLIC_URL

    signature = RequestValidator(server.twilio_token).compute_signature(
        TWILIO_PUBLIC_URL, {"From": phone, "Body": "hello"}
    )
    assert server.sms({"From": phone, "Body": "hello, changed"}, signature).status == 403


@pytest.mark.parametrize(
    "params", [{"From": "+15550001111"}, {"Body": "hi"}, {"From": "", "Body": "x"}]
)
def test_missing_body_or_from_is_400(server: Server, params: dict[str, str]) -> None:
    reply = server.sms(params)
    assert reply.status == 400
    assert "Missing Body or From" in reply.body


def test_numbered_replies(server: Server, project: Project, phone: str) -> None:
    (greeting,) = messages(server.sms({"From": phone, "Body": "hi"}))
    assert greeting.endswith(
        "Reply 1 for Symptoms, 2 for Treatments, 3 for Support, 4 for Costs, "
        "5 for Talk to a person."
    )
    assert messages(server.sms({"From": phone, "Body": "4"})) == [
        sms_variant(project, "utter_costs/financial_assistance")
        + "\n\nReply 1 for Talk to a person."
    ]
    (helpline,) = messages(server.sms({"From": phone, "Body": "1"}))
    assert helpline == sms_variant(project, "utter_helpline_open").format(
        closes="7 p.m. Eastern", hours=HELPLINE_HOURS
    )


def test_a_number_without_buttons_is_just_a_message(server: Server, project: Project) -> None:
    phone = new_phone()
    server.sms({"From": phone, "Body": "what are the symptoms?"})  # an answer without buttons
    assert messages(server.sms({"From": phone, "Body": "2"})) == [
        sms_variant(project, "utter_defer") + "\n\nReply 1 for Talk to a person."
    ]


def test_stop_start_help(server: Server, project: Project, phone: str) -> None:
    assert messages(server.sms({"From": phone, "Body": "HELP"})) == [
        sms_variant(project, "utter_sms_help")
    ]
    assert messages(server.sms({"From": phone, "Body": "STOP"})) == [
        sms_variant(project, "utter_sms_stopped")
    ]
    assert messages(server.sms({"From": phone, "Body": "what are the symptoms?"})) == []
    assert messages(server.sms({"From": phone, "Body": "START"})) == [
        sms_variant(project, "utter_sms_started")
    ]
    assert messages(server.sms({"From": phone, "Body": "what are the symptoms?"})) == [
        sms_variant(project, "utter_symptoms/signs")
    ]


def test_every_sms_answer_is_gsm7_and_short(server: Server, phone: str) -> None:
    for body in ["hi", "is xeloda chemo?", "which drugs are chemotherapy", "talk to a person"]:
        for text in messages(server.sms({"From": phone, "Body": body})):
            assert is_gsm7(text) and gsm7_length(text) <= 459, text


def test_the_phone_number_is_not_logged(server: Server, phone: str) -> None:
    server.sms({"From": phone, "Body": "hello"})
    digits = phone[-7:]
    for log in server.log_dir.glob("*.log"):
        assert digits not in log.read_text(encoding="utf-8", errors="replace"), log.name

"""The Twilio SMS channel: signatures, TwiML, numbered replies, STOP/START/HELP and privacy.

Unit tests drive TwilioSMSInput.answer with a recording handler; the webhook tests serve the
channel in this process (Rasa's own channel registration on a Sanic app, a stand-in for Rasa's
Agent) and post Twilio-format requests to it; the end-to-end tests post them, signed with twilio's
own RequestValidator, to the running stack.
"""

from __future__ import annotations

import json
import logging
import re
import socket
import uuid
import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from rasa.core.channels.channel import UserMessage, register
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, UserUttered
from sanic import Sanic
from twilio.request_validator import RequestValidator

from channels.config import SmsSettings
from channels.gsm7 import gsm7_length, is_gsm7, to_gsm7
from channels.sms_ids import conversation_id
from channels.sms_state import OptOutStore
from channels.twilio_sms import TwilioSMSInput, keyword, twiml
from tests.conftest import Project
from tests.drugs import postgres_engine
from tests.stack import HELPLINE_HOURS, Http, Server

pytestmark = pytest.mark.stack

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


# --- the webhook, served in this process -----------------------------------------------------

PUBLIC_URL = "https://sms.example.org/webhooks/twilio/webhook"  # what Twilio signs
TOKEN = "twilio-token"
# The number as Twilio sends it and as a person writes it; none of these may be kept anywhere.
FORMATTED = "+1 (555) 123-4567"
NUMBER_PARTS = (PHONE, "15551234567", "5551234567", "123-4567", "(555)")


class RasaStandIn:
    """What the SMS channel and Rasa's channel registration use of Rasa's Agent.

    ``handle_message`` keeps the UserMessage, then does with it what Rasa's processor does: the
    user event (sender id, text, channel, metadata) goes into Rasa's tracker store, and the
    answer (``utter_greet``, with its buttons) to the output channel and the tracker.
    """

    def __init__(self, project: Project) -> None:
        self.domain = Domain.empty()
        self.nlg = TemplatedNaturalLanguageGenerator(project.responses)
        self.tracker_store = InMemoryTrackerStore(self.domain)
        self.received: list[UserMessage] = []

    async def handle_message(self, message: UserMessage) -> None:
        self.received.append(message)
        tracker = await self.tracker_store.get_or_create_tracker(message.sender_id)
        tracker.update(
            UserUttered(
                message.text, input_channel=message.input_channel,
                message_id=message.message_id, metadata=message.metadata,
            )
        )  # fmt: skip
        assert message.output_channel is not None
        answer = await self.nlg.generate("utter_greet", tracker, message.output_channel.name())
        assert answer is not None
        await message.output_channel.send_response(message.sender_id, dict(answer))  # pops keys
        data, metadata = {"buttons": answer["buttons"]}, {"utter_action": "utter_greet"}
        tracker.update(BotUttered(answer["text"], data, metadata))
        await self.tracker_store.save(tracker)


@asynccontextmanager
async def webhook(channel: TwilioSMSInput, agent: RasaStandIn) -> AsyncIterator[str]:
    """The channel registered as Rasa registers it, served on a free port; its webhook URL.

    Sanic's test mode lets several apps start in one process (it keeps the original methods that
    its start-up optimisation rewrites).
    """
    Sanic.test_mode = True
    app = Sanic(f"sms-{uuid.uuid4().hex}")
    app.ctx.agent = agent
    register([channel], app, route="/webhooks/")
    listening = socket.socket()
    listening.bind(("127.0.0.1", 0))  # a free port, chosen by the system
    server = await app.create_server(sock=listening, return_asyncio_server=True, access_log=False)
    assert server is not None
    await server.startup()
    await server.start_serving()
    try:
        yield f"http://127.0.0.1:{listening.getsockname()[1]}/webhooks/twilio/webhook"
    finally:
        await server.close()
        listening.close()


async def post(url: str, params: dict[str, str], signature: str | None = None) -> tuple[int, str]:
    """A Twilio-format POST, signed for PUBLIC_URL unless a signature is given; status and body."""
    if signature is None:
        signature = RequestValidator(TOKEN).compute_signature(PUBLIC_URL, params)
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, data=params, headers={"X-Twilio-Signature": signature}) as reply,
    ):
        return reply.status, await reply.text()


def twiml_texts(status: int, body: str) -> list[str]:
    assert status == 200, body
    return [child.text or "" for child in ET.fromstring(body)]


async def test_the_webhook_gives_rasa_a_hashed_id_and_keeps_no_number(
    project: Project, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Through the webhook: the number reaches neither Rasa, its tracker store, nor any log."""
    caplog.set_level(logging.DEBUG)
    state = tmp_path / "sms.sqlite"
    channel = TwilioSMSInput(SmsSettings(TOKEN, PUBLIC_URL, "secret", f"sqlite:///{state}"))
    agent = RasaStandIn(project)
    async with webhook(channel, agent) as url:
        (greeting,) = twiml_texts(*await post(url, {"From": PHONE, "Body": "hi"}))
        assert greeting.endswith("5 for Talk to a person.")
        # The same number written another way is the same conversation: "1" picks its button.
        await post(url, {"From": FORMATTED, "To": "+15550000000", "Body": "1"})
        assert twiml_texts(*await post(url, {"From": PHONE, "Body": "STOP"})) == [
            sms_variant(project, "utter_sms_stopped")
        ]
        assert (await post(url, {"From": PHONE, "Body": "hi"}, "forged"))[0] == 403

    first, second = agent.received  # STOP and the forged request never reach Rasa
    (greet,) = [v for v in project.responses["utter_greet"] if "channel" not in v]
    assert (first.text, second.text) == ("hi", greet["buttons"][0]["payload"])
    assert re.fullmatch(r"sms-[0-9a-f]{40}", first.sender_id)
    assert second.sender_id == first.sender_id
    for message in agent.received:
        assert (message.input_channel, message.output_channel.name()) == ("twilio", "twilio")
        given = repr((message.sender_id, message.text, message.metadata, message.message_id))
        assert not [part for part in NUMBER_PARTS if part in given], given

    assert list(await agent.tracker_store.keys()) == [first.sender_id]
    tracker = await agent.tracker_store.retrieve(first.sender_id)
    assert tracker is not None
    assert [e.text for e in tracker.events if isinstance(e, UserUttered)] == ["hi", second.text]
    stored = json.dumps(agent.tracker_store.store)  # every event, as the store keeps it
    assert not [part for part in NUMBER_PARTS if part in stored]
    opt_outs = state.read_bytes()  # the SMS channel's own table: STOP is recorded by id
    assert first.sender_id.encode() in opt_outs
    assert not [part for part in NUMBER_PARTS if part.encode() in opt_outs]
    assert "invalid X-Twilio-Signature" in caplog.text  # the channel's log lines are captured
    assert not [part for part in NUMBER_PARTS if part in caplog.text]


async def test_unconfigured_channel_refuses(
    project: Project, caplog: pytest.LogCaptureFixture
) -> None:
    channel = TwilioSMSInput(SmsSettings(None, None, None, "sqlite://"))
    assert channel.settings.missing == ["TWILIO_AUTH_TOKEN", "SMS_ID_SECRET"]
    agent = RasaStandIn(project)
    async with webhook(channel, agent) as url:
        status, body = await post(url, {"From": PHONE, "Body": "hi"}, "anything")
        health_url = url.removesuffix("webhook")
        async with aiohttp.ClientSession() as session, session.get(health_url) as health:
            assert await health.json() == {"status": "disabled"}
    assert (status, body) == (503, "SMS is not configured on this server.")
    assert agent.received == []
    assert "SMS refused: TWILIO_AUTH_TOKEN, SMS_ID_SECRET not set" in caplog.text


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

"""Hostile and broken input over REST, socket.io and SMS: never a 5xx or a crash, always a clear
answer or a 4xx, and the assistant answers normally afterwards.

Runs against the shared stack (tests/conftest.py `server`).
"""

from __future__ import annotations

import json
import sqlite3
import urllib.parse
import uuid
from contextlib import closing
from typing import Any

import pytest
from twilio.request_validator import RequestValidator

from tests.conftest import Project
from tests.stack import TWILIO_PUBLIC_URL, Server, Socket

pytestmark = pytest.mark.stack

ZWSP = "\u200b\u200c\u200d\ufeff"
TEXTS = {
    "emoji": "\U0001f600\U0001f622\U0001f49d what is mbc \U0001f914",
    "right-to-left": "\u0645\u0627 \u0647\u0648 \u0633\u0631\u0637\u0627\u0646 "
    "\u0627\u0644\u062b\u062f\u064a\u061f",
    "rtl override": "\u202ewhat is mbc\u202c",
    "zero-width": f"what{ZWSP} is{ZWSP} ibrance{ZWSP}",
    "html": "<b>bold</b><img src=x onerror=alert(1)>",
    "script": "<script>alert('x')</script>",
    "sql drug": "what is ibrance'; DROP TABLE drug; --",
    "sql side effects": 'side effects of " OR 1=1 --',
    "format string": "what is %s%s%n {0} {sender} ${HOME}",
    "null byte": "what is\x00 mbc",
    "long word": "x" * 4000,
    "almost too long": "what are the symptoms? " * 200,
    "intent injection": '/ask_drug_info{"drug": "<script>"}',
    "unknown intent": "/no_such_intent",
    "slot injection": '/greet{"helpline_open": "yes", "drug": 5}',
    "only punctuation": "?!?!...,,,",
}


def error_message(reply: Any) -> str:
    return str(json.loads(reply.body)["error"])


def user_messages(server: Server) -> list[tuple[str, dict[str, Any]]]:
    """Every user message that reached Rasa, in order, as (conversation, event).

    Read from the stack's tracker store, so that a conversation no URL could name is seen too.
    """
    database = server.data_dir / "tracker.db"
    with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as connection:
        rows = connection.execute(
            "SELECT sender_id, data FROM events WHERE type_name = 'user' ORDER BY id"
        ).fetchall()
    return [(sender, json.loads(data)) for sender, data in rows]


# --- REST --------------------------------------------------------------------------------------

REST_BAD: list[tuple[str, bytes, str]] = [
    ("empty body", b"", "JSON object"),
    ("not JSON", b"hello there", "JSON object"),
    ("JSON list", b"[]", "JSON object"),
    ("JSON null", b"null", "JSON object"),
    ("JSON string", b'"hi"', "JSON object"),
    ("number sender", b'{"sender": 123, "message": "hi"}', "'sender'"),
    ("number message", b'{"sender": "a", "message": 5}', "'message'"),
    ("list message", b'{"sender": "a", "message": ["hi"]}', "'message'"),
    ("null message", b'{"sender": "a", "message": null}', "'message'"),
    ("no message", b'{"sender": "a"}', "'message'"),
    ("no sender", b'{"message": "hi"}', "'sender'"),
    ("empty sender", b'{"sender": "", "message": "hi"}', "'sender'"),
    ("huge sender", json.dumps({"sender": "s" * 10_000, "message": "hi"}).encode(), "'sender'"),
    ("control in sender", b'{"sender": "a\\nb", "message": "hi"}', "'sender'"),
    ("20 KB text", json.dumps({"sender": "a", "message": "w" * 20_000}).encode(), "too long"),
    ("metadata string", b'{"sender": "a", "message": "hi", "metadata": "x"}', "'metadata'"),
    ("nested JSON", b'{"sender": "a", "message": ' + b"[" * 5000 + b"]" * 5000 + b"}", ""),
]


@pytest.mark.parametrize(("case", "body", "says"), REST_BAD, ids=[c[0] for c in REST_BAD])
def test_rest_refuses_bad_requests_clearly(
    server: Server, case: str, body: bytes, says: str
) -> None:
    reply = server.request(
        "/webhooks/rest/webhook", body, {"Content-Type": "application/json"}, "POST"
    )
    assert 400 <= reply.status < 500, (case, reply.status, reply.body[:300])
    if says:
        assert says in error_message(reply)


@pytest.mark.parametrize("case", sorted(TEXTS))
def test_rest_answers_odd_texts(server: Server, case: str) -> None:
    replies = server.say(TEXTS[case], f"hostile-{uuid.uuid4().hex}")
    assert replies and all(reply.get("text") for reply in replies), case


@pytest.mark.parametrize("text", ["", "   ", "\n\t  \n"])
def test_rest_empty_message_asks_to_rephrase(server: Server, project: Project, text: str) -> None:
    (variant,) = project.responses["utter_ask_rephrase"]
    assert [r["text"] for r in server.say(text, f"hostile-{uuid.uuid4().hex}")] == [variant["text"]]


def test_rest_extra_fields_are_harmless(server: Server) -> None:
    body = {"sender": f"h-{uuid.uuid4().hex}", "message": "hello", "input_channel": "twilio",
            "metadata": {"a": [1, {"b": None}]}, "extra": True}  # fmt: skip
    reply = server.request(
        "/webhooks/rest/webhook", json.dumps(body).encode(),
        {"Content-Type": "application/json"}, "POST",
    )  # fmt: skip
    assert reply.status == 200 and "automated assistant" in reply.body


# --- socket.io ---------------------------------------------------------------------------------


SOCKET_BAD: list[tuple[str, Any]] = [
    ("string event", "hello"),
    ("number event", 42),
    ("null event", None),
    ("list event", ["hello"]),
    ("number message", {"message": 5, "session_id": "SESSION"}),
    ("no session id", {"message": "hello"}),
    ("path as session id", {"message": "hello", "session_id": "../../etc/passwd"}),
    ("huge session id", {"message": "hello", "session_id": "s" * 5000}),
]


@pytest.mark.parametrize(("case", "data"), SOCKET_BAD, ids=[c[0] for c in SOCKET_BAD])
def test_socket_drops_malformed_events_and_stays_up(server: Server, case: str, data: Any) -> None:
    socket = Socket(server)
    try:
        session = socket.start_session()
        if isinstance(data, dict) and data.get("session_id") == "SESSION":
            data = {**data, "session_id": session}
        before = user_messages(server)
        socket.send(data)
        assert socket.wait_for_reply() == [], case  # handled, without an answer
        assert user_messages(server) == before, case  # dropped: no conversation got a message
        socket.send({"message": "hello", "session_id": session})
        texts = " ".join(str(reply.get("text")) for reply in socket.wait_for_reply())
        assert "automated assistant" in texts, case
        new = [(sender, event["text"]) for sender, event in user_messages(server)[len(before) :]]
        assert new == [(session, "hello")]
    finally:
        socket.close()


def test_socket_metadata_that_is_not_json_is_ignored(server: Server) -> None:
    socket = Socket(server)
    try:
        session = socket.start_session()
        before = user_messages(server)
        socket.send({"message": "hello", "session_id": session, "metadata": "{oops"})
        texts = " ".join(str(reply.get("text")) for reply in socket.wait_for_reply())
        assert "automated assistant" in texts
        ((sender, event),) = user_messages(server)[len(before) :]
        assert (sender, event["text"]) == (session, "hello")
        assert "oops" not in json.dumps(event.get("metadata"))
    finally:
        socket.close()


@pytest.mark.parametrize("case", ["emoji", "right-to-left", "zero-width", "script", "sql drug"])
def test_socket_answers_odd_texts(server: Server, case: str) -> None:
    socket = Socket(server)
    try:
        session = socket.start_session()
        socket.send({"message": TEXTS[case], "session_id": session})
        assert socket.wait_for_reply(), case
    finally:
        socket.close()


def test_socket_long_text_is_cut_not_fatal(server: Server) -> None:
    socket = Socket(server)
    try:
        session = socket.start_session({"session_id": "not valid!"})  # replaced by a new id
        assert session != "not valid!"
        before = user_messages(server)
        socket.send({"message": "w" * 20_000, "session_id": session})
        assert socket.wait_for_reply()
        ((sender, event),) = user_messages(server)[len(before) :]
        assert sender == session
        assert event["text"] == "w" * 5000  # the web chat's limit (channels/webchat.py)
    finally:
        socket.close()


# --- SMS ---------------------------------------------------------------------------------------


def sms_ok(server: Server, params: dict[str, str]) -> str:
    reply = server.sms(params)
    assert reply.status == 200, reply.body[:300]
    return reply.body


@pytest.mark.parametrize(
    "body", ["", " ", TEXTS["emoji"], TEXTS["right-to-left"], TEXTS["zero-width"],
             TEXTS["script"], TEXTS["sql drug"], "w" * 20_000, "1", "99", "0"],
)  # fmt: skip
def test_sms_odd_bodies_get_twiml(server: Server, body: str) -> None:
    document = sms_ok(server, {"From": f"+1555{uuid.uuid4().int % 10**7:07d}", "Body": body})
    assert document.startswith("<?xml") and "<Response>" in document
    assert "<script>" not in document  # escaped in TwiML


def test_sms_huge_or_odd_sender(server: Server) -> None:
    for sender in ["+1" + "5" * 5000, "not a number", "\u202e+15551234567"]:
        assert "<Response>" in sms_ok(server, {"From": sender, "Body": "hello"})


def test_sms_json_body_is_refused(server: Server) -> None:
    """Validly signed, so that only the JSON body can be why it is refused."""
    body = '{"From": "15550001234", "Body": "hi"}'
    # A form parser reads this body as one parameter, named after the whole text, with no value:
    # signed as Twilio signs a form, over exactly that, the signature holds.
    fields = dict(urllib.parse.parse_qsl(body, keep_blank_values=True))
    signature = RequestValidator(server.twilio_token).compute_signature(TWILIO_PUBLIC_URL, fields)
    reply = server.request(
        "/webhooks/twilio/webhook", body.encode(),
        {"Content-Type": "application/json", "X-Twilio-Signature": signature}, "POST",
    )  # fmt: skip
    assert (reply.status, reply.body) == (400, "Missing Body or From: not a Twilio message.")
    # The same fields as a form are an ordinary message.
    assert "<Message>" in sms_ok(server, {"From": "15550001234", "Body": "hi"})


# --- afterwards --------------------------------------------------------------------------------


def test_everything_still_answers_normally(server: Server, project: Project) -> None:
    (variant,) = [v for v in project.responses["utter_symptoms/signs"] if "channel" not in v]
    replies = server.say("what are the symptoms?", f"after-{uuid.uuid4().hex}")
    assert "\n\n".join(r["text"] for r in replies) == variant["text"]
    socket = Socket(server)
    try:
        session = socket.start_session()
        socket.send({"message": "what are the symptoms?", "session_id": session})
        assert any("signs or symptoms" in str(r.get("text")) for r in socket.wait_for_reply())
    finally:
        socket.close()
    assert "people report symptoms" in sms_ok(server, {"From": "+15550009999", "Body": "symptoms?"})

"""Talking to a running assistant: its channels, and Rasa's HTTP API for what happened.

Messages go in through the channels users have: REST (``/webhooks/rest/webhook``) or the signed
Twilio SMS webhook. What the assistant did (response names, slots) is read back from the
conversation's tracker over Rasa's HTTP API, with its token, from this machine.
"""

from __future__ import annotations

import json
import shlex
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from twilio.request_validator import RequestValidator

from channels.sms_ids import conversation_id

TIMEOUT_S = 60


def fixture_events(slots: dict[str, Any]) -> list[dict[str, Any]]:
    """A conversation's first events, as Rasa writes them, then ``slots`` set.

    Without timestamps: Rasa stamps them in this order when it receives them.
    """
    return [
        {"event": "action", "name": "action_session_start"},
        {"event": "session_started"},
        {"event": "action", "name": "action_listen"},
        *({"event": "slot", "name": name, "value": value} for name, value in slots.items()),
    ]


class StackError(RuntimeError):
    """The assistant could not be reached or answered with an error."""


@dataclass(frozen=True)
class SmsSettings:
    """What signing SMS for the stack needs: its Twilio auth token and id secret."""

    auth_token: str = field(repr=False)
    id_secret: str = field(repr=False)
    signed_url: str = ""  # the URL Twilio signs (TWILIO_WEBHOOK_URL); default: the real one


@dataclass(frozen=True)
class Stack:
    """A running assistant: its base URL, API token and SMS settings."""

    url: str
    token: str = field(repr=False)
    sms: SmsSettings | None = None

    @property
    def sms_url(self) -> str:
        """The Twilio webhook's URL."""
        return f"{self.url}/webhooks/twilio/webhook"

    def _request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> bytes:
        request = urllib.request.Request(
            self.url + path, data=body, headers=headers or {}, method=method
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
                data: bytes = response.read()
                return data
        except urllib.error.HTTPError as error:
            detail = error.read().decode(errors="replace")[:300]
            raise StackError(
                f"{method} {path.split('?')[0]} answered {error.code}: {detail}"
            ) from None
        except (OSError, ValueError) as error:
            raise StackError(f"{method} {self.url}{path.split('?')[0]} failed: {error}") from None

    def _api(self, method: str, path: str, payload: Any = None) -> Any:
        query = urllib.parse.urlencode({"token": self.token})
        separator = "&" if "?" in path else "?"
        body = None if payload is None else json.dumps(payload).encode()
        headers = {"Content-Type": "application/json"} if body is not None else {}
        return json.loads(self._request(method, f"{path}{separator}{query}", body, headers))

    def check(self) -> dict[str, Any]:
        """The model's domain (also proves the API and its token work).

        Raises:
            StackError: the API is off, the token is wrong or the stack is down.
        """
        domain: dict[str, Any] = self._api("GET", "/domain")
        return domain

    def say(self, sender: str, text: str, metadata: dict[str, Any] | None = None) -> list[str]:
        """A REST message; the texts of the bot's answers."""
        payload: dict[str, Any] = {"sender": sender, "message": text}
        if metadata:
            payload["metadata"] = metadata
        body = self._request(
            "POST", "/webhooks/rest/webhook", json.dumps(payload).encode(),
            {"Content-Type": "application/json"},
        )  # fmt: skip
        return [str(reply["text"]) for reply in json.loads(body) if reply.get("text")]

    def sms_form(self, phone: str, text: str) -> tuple[dict[str, str], str]:
        """The form fields and ``X-Twilio-Signature`` of an SMS from ``phone``."""
        assert self.sms is not None
        params = {"From": phone, "To": "+15550000000", "Body": text, "MessageSid": "SM" + "0" * 32}
        signature = RequestValidator(self.sms.auth_token).compute_signature(
            self.sms.signed_url or self.sms_url, params
        )
        return params, signature

    def text(self, phone: str, text: str) -> list[str]:
        """An SMS through the signed Twilio webhook; the texts of the TwiML answer."""
        import xml.etree.ElementTree as ElementTree

        params, signature = self.sms_form(phone, text)
        body = self._request(
            "POST", "/webhooks/twilio/webhook", urllib.parse.urlencode(params).encode(),
            {"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature},
        )  # fmt: skip
        document = ElementTree.fromstring(body)
        return [message.text or "" for message in document.iter("Message")]

    def sms_conversation(self, phone: str) -> str:
        """The conversation id the SMS channel gives ``phone``."""
        assert self.sms is not None
        return conversation_id(phone, self.sms.id_secret)

    def set_slots(self, conversation: str, slots: dict[str, Any]) -> None:
        """Starts a conversation with these slots set (a test fixture), before its first message.

        The conversation is written whole (PUT): the events Rasa writes when a conversation
        starts, then the slots. Appending the slots alone (POST) would not do: Rasa's SQL tracker
        store reads a conversation from its latest session start *by timestamp*, and a POST
        timestamps the slots before it creates that session start, so they would be dropped.
        """
        path = f"/conversations/{urllib.parse.quote(conversation)}/tracker/events"
        self._api("PUT", path, fixture_events(slots))

    def events(self, conversation: str) -> list[dict[str, Any]]:
        """Every event of the conversation, from its tracker."""
        tracker = self._api(
            "GET", f"/conversations/{urllib.parse.quote(conversation)}/tracker?include_events=ALL"
        )
        events: list[dict[str, Any]] = tracker.get("events") or []
        return events

    # --- reproduction -------------------------------------------------------------------------

    def curl_set_slots(self, conversation: str, slots: dict[str, Any]) -> str:
        """The ``curl`` that starts the conversation with the fixtures' slots."""
        events = json.dumps(fixture_events(slots))
        url = f"{self.url}/conversations/{conversation}/tracker/events?token=$RASA_API_TOKEN"
        return (
            f'curl -s -X PUT "{url}" -H "Content-Type: application/json" -d {shlex.quote(events)}'
        )

    def curl_say(self, sender: str, text: str, metadata: dict[str, Any] | None) -> str:
        """The ``curl`` of one REST message."""
        payload: dict[str, Any] = {"sender": sender, "message": text}
        if metadata:
            payload["metadata"] = metadata
        return (
            f"curl -s {self.url}/webhooks/rest/webhook -H 'Content-Type: application/json' "
            f"-d {shlex.quote(json.dumps(payload))}"
        )

    def curl_text(self, phone: str, text: str) -> str:
        """The ``curl`` of one signed SMS webhook call."""
        params, signature = self.sms_form(phone, text)
        fields = " ".join(
            f"--data-urlencode {shlex.quote(f'{key}={value}')}" for key, value in params.items()
        )
        return f"curl -s {self.sms_url} -H 'X-Twilio-Signature: {signature}' {fields}"

    def curl_tracker(self, conversation: str) -> str:
        """The ``curl`` that shows the conversation's events."""
        return f'curl -s "{self.url}/conversations/{conversation}/tracker?token=$RASA_API_TOKEN"'

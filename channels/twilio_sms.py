"""SMS through Twilio's Messaging webhook, answered in the webhook response as TwiML.

- Every request must carry a valid ``X-Twilio-Signature`` (twilio's RequestValidator, the auth
  token from ``TWILIO_AUTH_TOKEN``, the URL from ``TWILIO_WEBHOOK_URL`` behind a proxy): otherwise
  403. A signed request without ``Body`` or ``From`` gets 400.
- The conversation id is a keyed hash of the phone number (``SMS_ID_SECRET``): Rasa's tracker store
  never sees the number.
- Buttons become "Reply 1 for ...": a reply of "1" is mapped to the first button's payload of the
  last bot message, read from the conversation's tracker.
- STOP (and Twilio's other opt-out words) gets one acknowledgement, then nothing until START; HELP
  gets a short description and the helpline. Their texts are domain responses.
- The opt-out records are read and written in a worker thread with a time bound
  (channels.sms_state.OptOutRecords): if their database fails or does not answer, that SMS gets
  ``utter_action_failed`` (sorry, and the helpline) and the log says why; other conversations go on.
- The output channel is named ``twilio``, so ``channel: twilio`` response variants apply; texts
  are kept to the GSM-7 alphabet.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from functools import cached_property
from typing import Any
from urllib.parse import parse_qs

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sanic import Blueprint, response
from sanic.request import Request, RequestParameters
from sanic.response import HTTPResponse
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from channels.config import SmsSettings, sms_settings
from channels.gsm7 import MAX_SMS_CHARS, gsm7_length, is_gsm7, to_gsm7
from channels.sms_ids import conversation_id
from channels.sms_state import OptOutRecords, OptOutStore, OptOutsUnavailable

logger = logging.getLogger(__name__)

CHANNEL = "twilio"
# Twilio's standard keywords (whole message, any case).
STOP_WORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"})
START_WORDS = frozenset({"START", "YES", "UNSTOP"})
HELP_WORDS = frozenset({"HELP", "INFO"})
NUMBER_CHOICE = re.compile(r"^\s*(\d{1,2})\s*[.)]?\s*$")
MAX_BODY_CHARS = 1600  # Twilio's own limit for one message


def keyword(body: str) -> str:
    """The message as a keyword candidate: trimmed, upper case, without final punctuation."""
    return body.strip().rstrip(".!").strip().upper()


def twiml(texts: list[str]) -> str:
    """A TwiML document with one <Message> per text (none: Twilio sends nothing)."""
    document = MessagingResponse()
    for text in texts:
        document.message(text)
    return str(document)


class TwilioSMSOutput(CollectingOutputChannel):
    """Collects the bot's messages for the TwiML answer; one whole response per message."""

    @classmethod
    def name(cls) -> str:
        """``twilio``, so that ``channel: twilio`` response variants are chosen."""
        return CHANNEL

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        """Keeps a response together (the REST channel splits it per paragraph)."""
        await self._persist_message(self._message(recipient_id, text=text.strip()))


class TwilioSMSInput(InputChannel):
    """The Twilio Messaging webhook at ``/webhooks/twilio/webhook``."""

    @classmethod
    def name(cls) -> str:
        """The channel's name (also its URL prefix)."""
        return CHANNEL

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> TwilioSMSInput:
        """Settings come from the environment (secrets do not belong in credentials.yml)."""
        return cls(sms_settings())

    def __init__(self, settings: SmsSettings, store: OptOutStore | None = None) -> None:
        """An SMS channel with these settings; the opt-out store is opened on first use."""
        self.settings = settings
        self._store = store
        self.opt_outs = OptOutRecords(lambda: self.store, settings.state_url)
        if settings.missing:
            logger.warning(
                "SMS channel disabled until %s set: it answers 503 meanwhile",
                " and ".join(settings.missing) + (" are" if len(settings.missing) > 1 else " is"),
            )

    @cached_property
    def store(self) -> OptOutStore:
        """The opt-out records."""
        return self._store or OptOutStore.from_url(self.settings.state_url)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """The webhook and a health route."""
        webhook = Blueprint("twilio_sms_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok" if not self.settings.missing else "disabled"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if self.settings.missing:
                logger.error("SMS refused: %s not set", ", ".join(self.settings.missing))
                return response.text("SMS is not configured on this server.", status=503)
            if not self._signed(request):
                logger.warning("SMS refused: missing or invalid X-Twilio-Signature")
                return response.text("Invalid or missing X-Twilio-Signature.", status=403)
            form = self._form(request)
            body, sender = form.get("Body"), form.get("From")
            if body is None or not sender:
                return response.text("Missing Body or From: not a Twilio message.", status=400)
            assert self.settings.id_secret is not None
            texts = await self.answer(
                body[:MAX_BODY_CHARS],
                conversation_id(sender, self.settings.id_secret),
                request.app.ctx.agent,
                on_new_message,
            )
            return response.text(twiml(texts), content_type="application/xml")

        return webhook

    @staticmethod
    def _form(request: Request) -> RequestParameters:
        """The POSTed parameters, empty ones included (Twilio signs those too: an empty Body).

        RequestParameters has the getlist() the validator uses for repeated parameters.
        """
        if "form" not in request.ctx.__dict__:
            parsed = parse_qs(request.body.decode("utf-8", "replace"), keep_blank_values=True)
            request.ctx.form = RequestParameters(parsed)
        form: RequestParameters = request.ctx.form
        return form

    def _signed(self, request: Request) -> bool:
        signature = request.headers.get("X-Twilio-Signature")
        if not signature:
            return False
        assert self.settings.auth_token is not None
        url = self.settings.webhook_url or request.url
        validator = RequestValidator(self.settings.auth_token)
        try:
            return bool(validator.validate(url, self._form(request), signature))
        except (TypeError, ValueError, UnicodeError):
            logger.warning("SMS refused: the request could not be checked", exc_info=True)
            return False

    async def answer(
        self,
        body: str,
        sender_id: str,
        agent: Any,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
    ) -> list[str]:
        """The SMS texts that answer ``body``: keywords first, then the assistant."""
        word = keyword(body)
        try:
            if await self.opt_outs.is_opted_out(sender_id):
                if word in START_WORDS:
                    await self.opt_outs.opt_in(sender_id)
                    return [await self.render(agent, "utter_sms_started")]
                return []  # opted out: nothing at all until START, not even to another STOP
            if word in STOP_WORDS:
                await self.opt_outs.opt_out(sender_id)
                return [await self.render(agent, "utter_sms_stopped")]
        except OptOutsUnavailable as error:  # never a frozen server; the person can try again
            logger.error("SMS not processed: %s", error)
            return [await self.render(agent, "utter_action_failed")]
        if word in HELP_WORDS:
            return [await self.render(agent, "utter_sms_help")]
        text = await self._chosen_payload(body, sender_id, agent) or body
        collector = TwilioSMSOutput()
        try:
            await on_new_message(UserMessage(text, collector, sender_id, input_channel=CHANNEL))
        except Exception:  # a failing part (database, lock) must not leave silence
            logger.exception("SMS could not be processed")
            return [await self.render(agent, "utter_action_failed")]
        texts = []
        for message in collector.messages:
            if message.get("text"):
                texts.append(await self._sms_text(agent, message["text"], message.get("buttons")))
        return texts

    async def generate(self, agent: Any, response_name: str, **values: Any) -> dict[str, Any]:
        """A domain response as Rasa generates it for SMS (its ``channel: twilio`` variant)."""
        tracker = DialogueStateTracker("sms", agent.domain.slots)
        generated = await agent.nlg.generate(response_name, tracker, CHANNEL, **values)
        return dict(generated or {})

    async def render(self, agent: Any, response_name: str, **values: Any) -> str:
        """The text of the SMS variant of a domain response."""
        return str((await self.generate(agent, response_name, **values)).get("text") or "")

    async def compose(self, agent: Any, text: str, buttons: list[dict[str, Any]] | None) -> str:
        """A bot message as one SMS: its text, then its buttons as a "Reply 1 for ..." line."""
        if buttons:
            options = ", ".join(
                f"{number} for {button['title']}" for number, button in enumerate(buttons, 1)
            )
            text += "\n\n" + await self.render(agent, "utter_sms_reply_options", options=options)
        return text

    async def _sms_text(self, agent: Any, text: str, buttons: list[dict[str, Any]] | None) -> str:
        text = await self.compose(agent, text, buttons)
        if not is_gsm7(text):
            logger.warning("SMS text had characters outside GSM-7; they were replaced")
            text = to_gsm7(text)
        if gsm7_length(text) > MAX_SMS_CHARS:
            logger.warning("SMS text of %d characters is longer than 3 parts", gsm7_length(text))
        return text

    async def _chosen_payload(self, body: str, sender_id: str, agent: Any) -> str | None:
        """The payload of button N of the last bot turn, when the message is just "N"."""
        match = NUMBER_CHOICE.match(body)
        if not match:
            return None
        tracker = await agent.tracker_store.retrieve(sender_id)
        if tracker is None:
            return None
        buttons: list[dict[str, Any]] = []
        for event in reversed(tracker.events):
            if isinstance(event, UserUttered):
                break
            if isinstance(event, BotUttered) and event.data.get("buttons"):
                buttons = event.data["buttons"]
                break
        index = int(match.group(1)) - 1
        if 0 <= index < len(buttons):
            return str(buttons[index]["payload"])
        return None

"""Rasa's REST channel with its input checked: bad requests get a 400 that says why.

The stock channel passes whatever JSON it gets to Rasa: a number as the sender, a list as the
message or a 10 KB sender id end in a 500 (or a database error in the tracker store). Here:

- the body must be a JSON object with ``sender`` (1-128 printable characters) and ``message``
  (a string of at most ``MAX_MESSAGE_CHARS``); ``metadata``, if given, an object;
- an empty or whitespace-only message gets the "could you say it another way" answer without
  reaching the model;
- the client cannot choose ``input_channel`` (it is always ``rest``).

Same URL as the stock channel: POST /webhooks/rest/webhook.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.shared.core.trackers import DialogueStateTracker
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

logger = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 5000
SENDER = re.compile(r"^[^\x00-\x1f\x7f]{1,128}$")


class InvalidRequest(ValueError):
    """What is wrong with a request, for the 400 answer."""


def parse_body(body: Any) -> tuple[str, str, dict[str, Any] | None]:
    """(sender, message, metadata) of a REST request body.

    Raises:
        InvalidRequest: a field is missing or has the wrong type or size.
    """
    if not isinstance(body, dict):
        raise InvalidRequest('expected a JSON object: {"sender": "...", "message": "..."}')
    sender, message, metadata = body.get("sender"), body.get("message"), body.get("metadata")
    if not isinstance(sender, str) or not SENDER.fullmatch(sender):
        raise InvalidRequest("'sender' must be a string of 1 to 128 printable characters")
    if not isinstance(message, str):
        raise InvalidRequest("'message' must be a string")
    if len(message) > MAX_MESSAGE_CHARS:
        raise InvalidRequest(f"'message' is too long: at most {MAX_MESSAGE_CHARS} characters")
    if metadata is not None and not isinstance(metadata, dict):
        raise InvalidRequest("'metadata' must be a JSON object")
    return sender, message, metadata


class CheckedRestInput(RestInput):
    """POST /webhooks/rest/webhook with checked input (see the module docstring)."""

    @classmethod
    def name(cls) -> str:
        """``rest``: the same URL and output channel as the stock channel."""
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """The health and webhook routes."""
        webhook = Blueprint("checked_rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                sender, message, metadata = parse_body(json_body(request))
            except InvalidRequest as error:
                return response.json({"error": str(error)}, status=400)
            collector = CollectingOutputChannel()
            if not message.strip():
                await say(request.app.ctx.agent, collector, sender, "utter_ask_rephrase")
            else:
                try:
                    await on_new_message(
                        UserMessage(
                            message, collector, sender, input_channel="rest", metadata=metadata
                        )
                    )
                except Exception:  # a failing part (database, lock) must not leave silence
                    logger.exception("message could not be processed")
                    await say(request.app.ctx.agent, collector, sender, "utter_action_failed")
            return response.json(collector.messages)

        return webhook


def json_body(request: Request) -> Any:
    """The parsed JSON body; invalid JSON is an InvalidRequest like any other bad body.

    Raises:
        InvalidRequest: the body is not JSON.
    """
    try:
        return request.json
    except Exception:  # sanic raises InvalidUsage; anything else is just as invalid
        raise InvalidRequest(
            'expected a JSON object: {"sender": "...", "message": "..."}'
        ) from None


async def say(agent: Any, collector: CollectingOutputChannel, sender: str, name: str) -> None:
    """Sends a domain response without involving the model."""
    tracker = DialogueStateTracker(sender, agent.domain.slots)
    generated = await agent.nlg.generate(name, tracker, collector.name())
    if generated:
        await collector.send_response(sender, generated)

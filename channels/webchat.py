"""The web chat: Rasa's socket.io channel made safe for the public, plus the page that uses it.

``WebChatInput.blueprint`` starts from Rasa 3.6's own (``super().blueprint()``: its socket.io server
and handlers) and changes only what needs it:
- Only allowed origins may open a socket (the stock channel disables Origin checks). By default
  that is the page's own origin; ``allowed_origins`` (credentials) or ``WEBCHAT_ALLOWED_ORIGINS``
  (comma-separated) adds others.
- Long-polling only: sanic 21.12's websocket code fails on Python 3.11 (see
  ../shared/notes/web-chat-on-rasa-3.6.md), so no websocket is offered or accepted.
- ``session_request`` is replaced: the stock one does not await ``enter_room`` (a coroutine in
  this python-socketio), so with session persistence replies never reached the session's room.
- The message handler is replaced: malformed events (wrong types, unknown session ids) are dropped
  with a log line, not a trace; long texts are cut; a failure gets an apology, not silence.
- ``connect`` is Rasa's: with ``jwt_key`` (and ``jwt_method``, default HS256) in the credentials,
  a socket is refused unless its ``auth`` carries a ``token`` signed with that key, as in Rasa.
  As in Rasa, the token only opens the socket; the conversation is still the session id (or the
  socket id without session persistence). An ``auth`` that is not an object is refused first.
- Session ids start with the replica's name (``REPLICA_ID``) so the load balancer keeps a session
  on its replica.
- The chat page itself (``build/web``, made by ``make web``) is served at ``/chat/`` (the stock
  blueprint's health route, which would take that URL, is not registered).

The output channel is the stock one, named ``socketio``: ``channel: socketio`` response variants
apply to the web chat.
"""

from __future__ import annotations

import json
import logging
import os
import re
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from rasa.shared.core.trackers import DialogueStateTracker
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from runtime.patch_guard import RasaPatch

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
ALLOWED_ORIGINS = "WEBCHAT_ALLOWED_ORIGINS"
WEB_DIR = "WEBCHAT_DIR"
# Session ids come from the browser; they name a conversation, so they must look like one.
SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
MAX_MESSAGE_CHARS = 5000
# Served from build/web; anything else is 404.
PAGE_FILES = {
    "index.html": "text/html; charset=utf-8",
    "webchat.js": "application/javascript; charset=utf-8",
    "chat.css": "text/css; charset=utf-8",
    "chat.js": "application/javascript; charset=utf-8",
}
# Nothing on the page may come from another site: no fonts, scripts, trackers or frames.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; form-action 'none'"
)
RASA_PATCHES = (
    RasaPatch(
        "rasa.core.channels.socketio:SocketIOInput.blueprint",
        "1246d69fa05c3b1f3dcc77d4ef78e992674cc3d9f7077e9793fd578563b9ee73",
        "unawaited enter_room, no Origin check, websockets failing on 3.11, traces on bad events",
        "tests/test_webchat_jwt.py, tests/test_webchat.py",
    ),
    RasaPatch(
        "rasa.core.channels.socketio:SocketIOInput.__init__",
        "d9f5d7dbc59ba16b80d0aadf971b73512185ed7229c4959e1da367fd43d496de",
        "from_credentials passes Rasa's options (jwt_key, jwt_method, metadata_key) by name",
        "tests/test_webchat_jwt.py",
    ),
)


def configured_origins(credentials_value: Any) -> list[str]:
    """Origins allowed besides the page's own: from credentials and ``WEBCHAT_ALLOWED_ORIGINS``."""
    values: list[str] = []
    if isinstance(credentials_value, str):
        values += credentials_value.split(",")
    elif isinstance(credentials_value, list):
        values += [str(value) for value in credentials_value]
    values += os.environ.get(ALLOWED_ORIGINS, "").split(",")
    return [value.strip().rstrip("/") for value in values if value.strip()]


def web_dir() -> Path:
    """Where the built page lives (``WEBCHAT_DIR``, default build/web)."""
    return Path(os.environ.get(WEB_DIR) or ROOT / "build" / "web")


def origin_check(extra_origins: list[str]) -> Callable[[str | None, dict[str, Any]], bool]:
    """An engine.io origin check: the page's own origin (from the Host header) or a listed one."""
    allowed = set(extra_origins)

    def is_allowed(origin: str | None, environ: dict[str, Any]) -> bool:
        if origin is None:
            return True  # not a browser: browsers always send Origin on cross-origin requests
        host = environ.get("HTTP_HOST", "")
        own = {f"http://{host}", f"https://{host}"} if host else set()
        if origin.rstrip("/") in own | allowed:
            return True
        logger.warning("web chat: refused a socket from origin %r", origin[:200])
        return False

    return is_allowed


def replica_id() -> str:
    """This Rasa replica's name behind the load balancer (``REPLICA_ID``, e.g. r1), or ""."""
    value = os.environ.get("REPLICA_ID", "")
    return value if re.fullmatch(r"[a-z0-9]{0,8}", value) else ""


def configure_engine(engine: Any, extra_origins: list[str], replica: str) -> None:
    """Makes Rasa's engine.io server safe here: origins, long-polling only, small bodies.

    With ``replica`` (e.g. r1), session ids start with it ("r1-..."): the load balancer sends a
    long-polling request to the replica named in its ``sid`` (nginx.conf in
    scripts/run_cluster.sh), so a socket.io session stays on the replica that holds it.
    """
    engine.cors_allowed_origins = origin_check(extra_origins)
    engine.transports = ["polling"]
    engine.allow_upgrades = False
    engine.max_http_buffer_size = 64 * 1024
    if replica:
        generate = engine.generate_id
        engine.generate_id = lambda: f"{replica}-{generate()}"


class WebChatInput(SocketIOInput):
    """Socket.io for the rasa-webchat widget, with an origin allow-list, and the chat page."""

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> WebChatInput:
        """Reads Rasa's socket.io options (``jwt_key`` included) plus ``allowed_origins``."""
        credentials = credentials or {}
        channel = cls(
            user_message_evt=credentials.get("user_message_evt", "user_uttered"),
            bot_message_evt=credentials.get("bot_message_evt", "bot_uttered"),
            namespace=credentials.get("namespace"),
            session_persistence=credentials.get("session_persistence", True),
            socketio_path=credentials.get("socketio_path", "/socket.io"),
            jwt_key=credentials.get("jwt_key"),
            jwt_method=credentials.get("jwt_method", "HS256"),
            metadata_key=credentials.get("metadata_key", "metadata"),
        )
        channel.allowed_origins = configured_origins(credentials.get("allowed_origins"))
        return channel

    allowed_origins: list[str] = []  # noqa: RUF012 (set per instance by from_credentials)

    def url_prefix(self) -> str:
        """The page is at /chat/ (the socket stays at ``socketio_path``)."""
        return "/chat"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Rasa's socket.io server and handlers, changed as the module docstring says; the page."""
        stock = super().blueprint(on_new_message)
        sio: AsyncServer = stock.ctx.sio
        configure_engine(sio.eio, self.allowed_origins, replica_id())
        # A blueprint of our own for the same server: the stock one's health route is not wanted.
        blueprint = SocketBlueprint(sio, self.socketio_path or "/socket.io", "webchat", __name__)
        rasa_connect = sio.handlers[self.namespace or "/"]["connect"]

        @blueprint.route("", methods=["GET"], strict_slashes=True)
        async def page_without_slash(_: Request) -> HTTPResponse:
            return response.redirect("/chat/")  # so that the page's relative links resolve

        @blueprint.route("/", methods=["GET"], strict_slashes=True)
        async def page(_: Request) -> HTTPResponse:
            return serve("index.html")

        @blueprint.route("/<name:str>", methods=["GET"])
        async def asset(_: Request, name: str) -> HTTPResponse:
            return serve(name)

        @sio.on("connect", namespace=self.namespace)
        async def connect(sid: str, environ: dict[str, Any], auth: Any = None) -> bool:
            if auth is not None and not isinstance(auth, dict):
                logger.warning("web chat: refused a socket whose auth is not an object")
                return False
            accepted = bool(await rasa_connect(sid, environ, auth))  # Rasa's JWT check
            if not accepted:
                logger.warning("web chat: refused a socket without a valid token (jwt_key is set)")
            return accepted

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: Any = None) -> None:
            requested = data.get("session_id") if isinstance(data, dict) else None
            session_id = requested if valid_session_id(requested) else uuid.uuid4().hex
            if self.session_persistence:
                await sio.enter_room(sid, session_id, namespace=self.namespace)
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: str, data: Any = None) -> None:
            message = self._user_message(sid, data)
            if message is None:
                return
            try:
                await on_new_message(message)
            except Exception:  # a failing part (database, lock) must not leave silence
                logger.exception("web chat message could not be processed")
                await apologise(message)

        return blueprint

    def _user_message(self, sid: str, data: Any) -> UserMessage | None:
        """The message of a ``user_uttered`` event, or None (logged) when it is malformed."""
        if not isinstance(data, dict) or not isinstance(data.get("message", ""), str):
            logger.warning("web chat: dropped a malformed message event from %s", sid)
            return None
        if self.session_persistence:
            sender_id = data.get("session_id")
            if not valid_session_id(sender_id):
                logger.warning("web chat: dropped a message without a valid session id")
                return None
        else:
            sender_id = sid
        metadata = data.get(self.metadata_key) or {}
        if isinstance(metadata, str):
            try:
                metadata = json.loads(metadata)
            except ValueError:
                metadata = {}
        if not isinstance(metadata, dict):
            metadata = {}
        assert self.sio is not None
        return UserMessage(
            data.get("message", "")[:MAX_MESSAGE_CHARS],
            SocketIOOutput(self.sio, self.bot_message_evt),
            sender_id,
            input_channel=self.name(),
            metadata=metadata,
        )


async def apologise(message: UserMessage) -> None:
    """Sends ``utter_action_failed`` (sorry, and the helpline) to the message's session."""
    from sanic import Sanic

    agent = Sanic.get_app().ctx.agent
    tracker = DialogueStateTracker(message.sender_id, agent.domain.slots)
    generated = await agent.nlg.generate("utter_action_failed", tracker, SocketIOOutput.name())
    if generated and message.output_channel is not None:
        await message.output_channel.send_response(message.sender_id, generated)


def valid_session_id(value: Any) -> bool:
    """A session id the browser may choose: 8-64 letters, digits, '-' or '_'."""
    return isinstance(value, str) and SESSION_ID.fullmatch(value) is not None


def serve(name: str) -> HTTPResponse:
    """A file of the built page, with headers that keep it to this site."""
    if name not in PAGE_FILES:
        return response.text("Not found", status=404)
    path = web_dir() / name
    if not path.is_file():
        logger.error("web chat: %s is missing; build the page with `make web`", path)
        return response.text("The chat page is not built: run `make web`.", status=503)
    return response.raw(
        path.read_bytes(),
        content_type=PAGE_FILES[name],
        headers={
            "Content-Security-Policy": CONTENT_SECURITY_POLICY,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            "Cache-Control": "no-cache",
        },
    )

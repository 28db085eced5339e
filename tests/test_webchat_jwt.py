"""The web chat's socket with and without ``jwt_key``: Rasa's own token check, honoured.

Each test serves the channel (registered as Rasa registers channels) from an in-process Sanic
server on a port of its own, and talks to it with python-socketio's client over long-polling, as
the page's widget does.
"""

from __future__ import annotations

import asyncio
import json
import socket
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import jwt
import pytest
from rasa.core.channels.channel import UserMessage, register
from rasa.core.channels.socketio import SocketIOInput
from sanic import Sanic

from channels.webchat import WebChatInput

pytestmark = pytest.mark.unit

KEY = "a-test-key-of-64-bytes-".ljust(64, "k")  # long enough for HS512 too
WAIT_S = 10  # the bound of a condition wait: reached only when the behaviour is broken
SESSION = "session-1234"


@pytest.fixture(autouse=True)
def sanic_test_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sanic 21.12 rewrites its own methods at each app's start unless in test mode."""
    monkeypatch.setattr(Sanic, "test_mode", True)


def token(key: str = KEY, algorithm: str = "HS256", **claims: Any) -> str:
    return jwt.encode({"user": {"username": "someone"}, **claims}, key, algorithm=algorithm)


@dataclass
class Served:
    """A running channel: its port and the messages that reached the assistant."""

    channel: WebChatInput
    port: int
    received: list[UserMessage] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


class Agent:
    """Stands in for Rasa's agent: records each message and answers it."""

    def __init__(self, served: list[Served]) -> None:
        self.served = served

    async def handle_message(self, message: UserMessage) -> None:
        (served,) = self.served
        served.received.append(message)
        assert message.output_channel is not None
        await message.output_channel.send_text_message(message.sender_id, "an answer")


@asynccontextmanager
async def serving(credentials: dict[str, Any]) -> AsyncIterator[Served]:
    channel = WebChatInput.from_credentials(credentials)
    app = Sanic(f"webchat_jwt_{uuid.uuid4().hex}")
    holder: list[Served] = []
    app.ctx.agent = Agent(holder)
    register([channel], app, route="/webhooks/")  # as `rasa run` registers its channels
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    served = Served(channel, int(listener.getsockname()[1]))
    holder.append(served)
    server = await app.create_server(sock=listener, return_asyncio_server=True, access_log=False)
    assert server is not None
    await server.startup()
    await server.before_start()
    await server.after_start()
    try:
        yield served
    finally:
        assert channel.sio is not None
        await channel.sio.shutdown()
        server.close()
        await server.wait_closed()
        # engine.io's per-socket pings sleep for the ping interval (25 s): not left behind.
        pings = [
            task
            for task in asyncio.all_tasks()
            if task.get_coro().__qualname__.startswith("AsyncSocket.")  # type: ignore[union-attr]
        ]
        for task in pings:
            task.cancel()
        await asyncio.gather(*pings, return_exceptions=True)


class Refused(Exception):
    """The server answered the socket.io connect with CONNECT_ERROR."""


class Socket:
    """A socket.io client over engine.io long-polling, as the page's widget talks to the server.

    Written out (aiohttp requests) rather than python-socketio's client, whose polling transport
    waits for a long-poll of up to 45 s to end when it closes.
    """

    def __init__(self, session: aiohttp.ClientSession, url: str) -> None:
        self.session = session
        self.url = f"{url}/socket.io/?EIO=4&transport=polling"
        self.sid = ""

    async def _get(self) -> list[str]:
        async with self.session.get(self.url, timeout=WAIT_S) as reply:
            assert reply.status == 200, await reply.text()
            return (await reply.text()).split("\x1e")

    async def _post(self, packet: str) -> None:
        async with self.session.post(self.url, data=packet, timeout=WAIT_S) as reply:
            assert reply.status == 200, await reply.text()

    async def open(self, auth: Any = None) -> None:
        """Handshake, then the socket.io connect with ``auth``.

        Raises:
            Refused: the server refused the connect.
        """
        (opened,) = await self._get()
        assert opened.startswith("0"), opened
        self.sid = json.loads(opened[1:])["sid"]
        self.url += "&sid=" + self.sid
        await self._post("40" + ("" if auth is None else json.dumps(auth)))
        (answer,) = await self._get()
        if answer.startswith("44"):
            raise Refused(answer)
        assert answer.startswith("40"), answer

    async def emit(self, event: str, data: Any) -> None:
        await self._post("42" + json.dumps([event, data]))

    async def receive(self, event: str) -> Any:
        """The data of the next ``event`` from the server (pings are answered)."""
        while True:
            for packet in await self._get():
                if packet == "2":
                    await self._post("3")
                elif packet.startswith("42") and json.loads(packet[2:])[0] == event:
                    return json.loads(packet[2:])[1]

    async def close(self) -> None:
        await self._post("1")


@asynccontextmanager
async def open_socket(served: Served, auth: Any = None) -> AsyncIterator[Socket]:
    """An open socket (raises Refused when the server refuses it)."""
    async with aiohttp.ClientSession() as session:
        client = Socket(session, served.url)
        await client.open(auth)
        try:
            yield client
        finally:
            await client.close()


async def chat(client: Socket, **extra: Any) -> Any:
    """A session and one message; returns the bot's reply."""
    await client.emit("session_request", {"session_id": SESSION})
    assert await client.receive("session_confirm") == SESSION
    await client.emit("user_uttered", {"message": "hello", "session_id": SESSION, **extra})
    return await client.receive("bot_uttered")


REFUSED_AUTH = {
    "no auth": None,
    "no token": {},
    "empty token": {"token": ""},
    "another key": {"token": token("another-key-of-at-least-32-bytes-long")},
    "not a token": {"token": "not.a.token"},
    "expired": {"token": token(exp=int(time.time()) - 60)},
    "auth not an object": "a string",
}


@pytest.mark.parametrize("auth", REFUSED_AUTH.values(), ids=REFUSED_AUTH.keys())
async def test_with_a_key_a_socket_without_a_valid_token_is_refused(
    auth: Any, caplog: pytest.LogCaptureFixture
) -> None:
    async with serving({"jwt_key": KEY}) as served:
        with pytest.raises(Refused):
            async with open_socket(served, auth):
                pass
        assert "web chat: refused a socket" in caplog.text
        assert served.received == []


async def test_with_a_key_a_valid_token_opens_the_socket_and_the_chat_works() -> None:
    async with serving({"jwt_key": KEY}) as served:
        async with open_socket(served, {"token": token()}) as client:
            assert await chat(client) == {"text": "an answer"}
        (message,) = served.received
        # As in Rasa's channel, the token opens the socket; the conversation is the session.
        assert message.sender_id == SESSION
        assert message.text == "hello"
        assert message.input_channel == "socketio"


async def test_jwt_method_is_honoured() -> None:
    async with serving({"jwt_key": KEY, "jwt_method": "HS512"}) as served:
        with pytest.raises(Refused):
            async with open_socket(served, {"token": token(algorithm="HS256")}):
                pass
        async with open_socket(served, {"token": token(algorithm="HS512")}) as client:
            assert await chat(client) == {"text": "an answer"}


async def test_without_a_key_sockets_open_as_before() -> None:
    async with serving({}) as served:
        async with open_socket(served) as client:  # no auth at all
            assert await chat(client, metadata={"page": "home"}) == {"text": "an answer"}
        (message,) = served.received
        assert message.sender_id == SESSION
        assert message.metadata == {"page": "home"}


async def test_metadata_key_is_honoured() -> None:
    async with serving({"metadata_key": "customData"}) as served:
        async with open_socket(served) as client:
            await chat(client, customData={"language": "en"}, metadata={"x": 1})
        (message,) = served.received
        assert message.metadata == {"language": "en"}


def test_from_credentials_reads_rasas_options() -> None:
    """Every option of Rasa's own channel reaches the channel, with Rasa's defaults."""
    credentials = {
        "user_message_evt": "u",
        "bot_message_evt": "b",
        "namespace": "/n",
        "session_persistence": False,
        "socketio_path": "/s",
        "jwt_key": KEY,
        "jwt_method": "HS512",
        "metadata_key": "m",
    }
    ours = WebChatInput.from_credentials(credentials)
    rasas = SocketIOInput.from_credentials(credentials)
    assert {**vars(rasas), "allowed_origins": []} == vars(ours)
    default = WebChatInput.from_credentials(None)
    assert (default.jwt_key, default.jwt_algorithm, default.metadata_key) == (
        None,
        "HS256",
        "metadata",
    )
    assert default.session_persistence  # the page keeps its conversation across reloads


def status(url: str, headers: dict[str, str]) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30):
            return 200
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.parametrize(
    ("transport", "origin", "expected"),
    [
        ("polling", None, 200),
        ("polling", "https://evil.example", 400),
        ("websocket", None, 400),  # sanic 21.12's websockets fail on Python 3.11
    ],
)
async def test_rasas_server_is_made_safe(transport: str, origin: str | None, expected: int) -> None:
    async with serving({}) as served:
        url = f"{served.url}/socket.io/?EIO=4&transport={transport}"
        headers = {"Origin": origin} if origin else {}
        assert await asyncio.to_thread(status, url, headers) == expected


async def test_session_ids_name_the_replica(monkeypatch: pytest.MonkeyPatch) -> None:
    """Behind the load balancer a session stays on its replica (scripts/run_cluster.sh)."""
    monkeypatch.setenv("REPLICA_ID", "r2")
    async with serving({}) as served, open_socket(served) as client:
        assert client.sid.startswith("r2-")
        assert await chat(client) == {"text": "an answer"}

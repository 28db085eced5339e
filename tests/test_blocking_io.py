"""A Redis or database that stops answering holds up the message waiting for it, not the server.

Rasa runs every conversation on one event loop. The lock store's Redis calls and the SMS
channel's opt-out queries must therefore not block it: here each talks to a server that accepts
connections, reads the request and never answers. While that call hangs, other work on the same
loop must go on (a coroutine counting its turns finishes first); then the call's time bound ends
the wait with a clear log line and a useful outcome for that one conversation.

Nothing is timed: progress is seen through events and counters; the bounds only shorten a test
that would otherwise wait for the hung server.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from rasa.core.channels.channel import UserMessage

from channels.config import SmsSettings
from channels.twilio_sms import TwilioSMSInput
from runtime.lock_store import AtomicRedisLockStore

pytestmark = pytest.mark.unit

WAIT_S = 10  # the bound of a condition wait: reached only when the behaviour is broken
HANG_S = 60.0  # a call's bound while the loop is watched: the hung server outlasts the test
SHORT_S = 0.3  # a call's bound when the test waits for it to end the call


class SilentServer:
    """A TCP server that accepts connections, reads what arrives and never answers.

    It closes every connection when the test ends (or after HANG_S), so that a call stuck on it
    ends too and no thread is left waiting.
    """

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.listener.getsockname()[1])
        self.received = threading.Event()  # some request arrived
        self._connections: list[socket.socket] = []
        self._lock = threading.Lock()
        self._closing = threading.Timer(HANG_S, self.close)
        self._closing.daemon = True

    def start(self) -> SilentServer:
        threading.Thread(target=self._accept, daemon=True).start()
        self._closing.start()
        return self

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return  # closed
            with self._lock:
                self._connections.append(connection)
            threading.Thread(target=self._read, args=(connection,), daemon=True).start()

    def _read(self, connection: socket.socket) -> None:
        try:
            while connection.recv(65536):
                self.received.set()
        except OSError:
            pass

    def close(self) -> None:
        self._closing.cancel()
        self.listener.close()
        with self._lock:
            for connection in self._connections:
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)
                connection.close()


@contextmanager
def silent_server() -> Iterator[SilentServer]:
    server = SilentServer().start()
    try:
        yield server
    finally:
        server.close()


async def until(event: threading.Event, what: str) -> None:
    """Lets the event loop run until ``event`` is set; fails after WAIT_S."""
    deadline = asyncio.get_running_loop().time() + WAIT_S
    while not event.is_set():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.01)


async def count_turns(turns: int = 100) -> int:
    """Another conversation's work: takes ``turns`` turns of the event loop."""
    done = 0
    for _ in range(turns):
        await asyncio.sleep(0)
        done += 1
    return done


async def assert_loop_runs_while_pending(hung: asyncio.Task[Any]) -> None:
    """The other work finishes while the hung call is still pending."""
    other = asyncio.create_task(count_turns())
    await asyncio.wait({hung, other}, timeout=WAIT_S, return_when=asyncio.FIRST_COMPLETED)
    assert other.done() and other.result() == 100, "the event loop was blocked"
    assert not hung.done(), "the call did not wait for the silent server"


async def cancel(task: asyncio.Task[Any]) -> None:
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)


# --- the lock store's Redis ---------------------------------------------------------------------


def redis_store(server: SilentServer, timeout: float) -> AtomicRedisLockStore:
    return AtomicRedisLockStore(url=f"redis://127.0.0.1:{server.port}/0", socket_timeout=timeout)


async def test_a_silent_redis_does_not_block_the_event_loop() -> None:
    with silent_server() as server:
        store = redis_store(server, HANG_S)
        entered = asyncio.Event()

        async def message() -> None:
            async with store.lock("conversation-a"):
                entered.set()

        hung = asyncio.create_task(message())
        await until(server.received, "the lock store's request to reach Redis")
        await assert_loop_runs_while_pending(hung)
        assert not entered.is_set()
        await cancel(hung)


async def test_a_silent_redis_ends_in_a_clear_log_and_the_message_goes_on(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with silent_server() as server:
        store = redis_store(server, SHORT_S)
        processed = False
        with caplog.at_level(logging.ERROR, logger="runtime.lock_store"):
            async with store.lock("conversation-b"):
                processed = True
        assert server.received.is_set()
        assert processed  # the person still gets an answer
        (record,) = caplog.records
        assert "the lock store's Redis" in record.getMessage()
        assert "processing this message without the conversation's lock" in record.getMessage()


async def test_a_ticket_issued_after_the_wait_gave_up_is_released(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Redis answers only after the bound: that ticket must not hold up the next message."""
    with silent_server() as server:
        store = redis_store(server, SHORT_S)
    answer = threading.Event()
    released: list[tuple[str, int]] = []
    release_seen = threading.Event()

    def late_issue(conversation_id: str, lock_lifetime: float = 0) -> int:
        if not answer.wait(WAIT_S):
            raise AssertionError("the message waited for Redis beyond the store's bound")
        return 7

    def cleanup(conversation_id: str, ticket_number: int) -> None:
        released.append((conversation_id, ticket_number))
        release_seen.set()

    monkeypatch.setattr(store, "issue_ticket", late_issue)
    monkeypatch.setattr(store, "cleanup", cleanup)
    async with store.lock("conversation-c"):
        assert released == []  # went ahead without the lock
    answer.set()  # Redis answers now, after the message stopped waiting
    await until(release_seen, "the late ticket to be released")
    assert released == [("conversation-c", 7)]


# --- the SMS opt-out records ------------------------------------------------------------------


class Agent:
    """Renders a response as its name, as far as the SMS channel's calls go."""

    def __init__(self) -> None:
        self.domain = type("Domain", (), {"slots": []})()
        self.nlg = self
        self.tracker_store = self

    async def generate(self, name: str, tracker: Any, channel: str, **values: Any) -> Any:
        return {"text": f"<{name}>"}

    async def retrieve(self, sender_id: str) -> None:
        return None


def sms_channel(server: SilentServer, timeout: float) -> TwilioSMSInput:
    url = f"postgresql://user:password@127.0.0.1:{server.port}/sms?sslmode=disable"
    channel = TwilioSMSInput(SmsSettings("token", None, "secret", url))
    channel.opt_outs.timeout = timeout
    return channel


async def test_a_silent_database_does_not_block_the_event_loop() -> None:
    received: list[UserMessage] = []

    async def handler(message: UserMessage) -> None:
        received.append(message)

    with silent_server() as server:
        channel = sms_channel(server, HANG_S)
        hung = asyncio.create_task(channel.answer("hello", "sms-a", Agent(), handler))
        await until(server.received, "the opt-out query to reach the database")
        await assert_loop_runs_while_pending(hung)
        assert received == []
        await cancel(hung)


async def test_a_silent_database_ends_in_an_apology_and_a_clear_log(
    caplog: pytest.LogCaptureFixture,
) -> None:
    received: list[UserMessage] = []

    async def handler(message: UserMessage) -> None:
        received.append(message)

    with silent_server() as server:
        channel = sms_channel(server, SHORT_S)
        with caplog.at_level(logging.ERROR, logger="channels.twilio_sms"):
            texts = await channel.answer("hello", "sms-b", Agent(), handler)
        assert server.received.is_set()
    assert texts == ["<utter_action_failed>"]  # sorry, and the helpline
    assert received == []  # not opted out? unknown: the message does not go on
    (record,) = caplog.records
    assert "SMS opt-out records did not answer within 0.3 s" in record.getMessage()


async def test_tickets_follow_the_arrival_order_of_a_conversations_messages() -> None:
    """The worker threads must not issue a later message's ticket before an earlier one's.

    The first issue waits (up to 2 s) for a second issue to start beside it: with the order kept,
    none does, and the tickets come out 1 then 2.
    """
    store = AtomicRedisLockStore(url="redis://127.0.0.1:1/0")  # never contacted
    issued: list[str] = []
    second_started = threading.Event()
    counter = iter(range(1, 10))

    def issue_ticket(conversation_id: str, lock_lifetime: float = 60) -> int:
        if issued:
            second_started.set()
        else:
            second_started.wait(timeout=2)
        ticket = next(counter)
        issued.append(f"ticket {ticket} issued; second started early: {second_started.is_set()}")
        return ticket

    store.issue_ticket = issue_ticket  # type: ignore[method-assign]
    store.serving = lambda conversation_id, ticket=0: ticket  # type: ignore[method-assign]
    store.cleanup = lambda conversation_id, ticket_number: None  # type: ignore[method-assign]
    order: list[int] = []

    async def message(number: int) -> None:
        async with store.lock("c1"):
            order.append(number)

    await asyncio.gather(message(1), message(2))
    assert issued == [
        "ticket 1 issued; second started early: False",
        "ticket 2 issued; second started early: True",
    ]
    assert order == [1, 2]
    assert store._issuing == {}

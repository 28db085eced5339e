"""A Redis lock store whose tickets are issued and released atomically.

Rasa 3.6's ``RedisLockStore`` issues a ticket by reading the conversation's lock, adding a ticket
in Python and writing it back. Two replicas doing that at once for one conversation can get the
same ticket and process two messages of the conversation together (rasa PR 11256): events get
lost or duplicated. Here each operation is one Lua script, which Redis runs atomically:

- ``{prefix}{conversation}:n`` is the ticket counter (INCR), ``:q`` the queue of tickets (a sorted
  set by ticket number) and ``:e`` their expiry times, on Redis's own clock so that the replicas'
  clocks do not matter. The lowest unexpired ticket is the one being served.
- A ticket lives ``lock_lifetime`` seconds (Rasa's TICKET_LOCK_LIFETIME, 60 by default), longer
  than the action timeout (runtime.config checks), so a slow action cannot lose its lock.

Rasa calls ``lock()`` on its event loop, so every Redis call of ``lock()`` runs in one of the
store's own worker threads and is awaited with a bound (``socket_timeout``, 5 s by default): a Redis
that stops answering holds up the message that is waiting for it, never the server and its other
conversations. If Redis is unreachable or does not answer in time, that message is processed
without the lock (logged, naming Redis and the bound) rather than failing: the user gets an answer,
and locking resumes by itself when Redis is back. A ticket that Redis issues after its message
stopped waiting is released at once, so it cannot hold up the conversation's next message.
The other methods (``issue_ticket``, ``serving``, ``cleanup``, ``get_lock``...) are the plain
synchronous ``LockStore`` interface, for tools and tests.

Use it in endpoints.yml: ``type: runtime.lock_store.AtomicRedisLockStore`` with ``url`` a Redis
URL (redis://host:port/db).
"""

from __future__ import annotations

import asyncio
import functools
import logging
import threading
from collections import deque
from collections.abc import AsyncGenerator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import redis
from rasa.core.lock import Ticket, TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, LockStore

from runtime.patch_guard import RasaPatch

logger = logging.getLogger(__name__)

DEFAULT_PREFIX = "mbc:lock:"
DEFAULT_TIMEOUT_S = 5.0
POLL_INTERVAL_S = 0.05  # Rasa polls every second; a queued message should not wait that long
WORKERS = 8  # threads per store for Redis calls; more calls queue (within their time bound)
RASA_PATCHES = (
    RasaPatch(
        "rasa.core.lock_store:LockStore.lock",
        "8b9b716c031a34445100c32e7123859553831d2ac4747ae2b47a581f137ea371",
        "ticket races between replicas (rasa PR 11256), and Redis calls blocking the event loop",
        "tests/test_lock_store.py, tests/test_blocking_io.py",
    ),
)
T = TypeVar("T")


# Shared by the scripts: drop expired tickets. KEYS[2] is a sorted set of waiting tickets scored
# by ticket number (the queue order), KEYS[3] a hash ticket -> expiry in ms (Redis's clock).
EXPIRE = """
local now = redis.call('TIME')
local now_ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local expiries = redis.call('HGETALL', KEYS[3])
for i = 1, #expiries, 2 do
  if tonumber(expiries[i + 1]) <= now_ms then
    redis.call('ZREM', KEYS[2], expiries[i])
    redis.call('HDEL', KEYS[3], expiries[i])
  end
end
"""
# KEYS counter, queue, expiries; ARGV[1] lifetime in ms. Returns the new ticket.
ISSUE = (
    EXPIRE
    + """
local ticket = redis.call('INCR', KEYS[1])
redis.call('ZADD', KEYS[2], ticket, ticket)
redis.call('HSET', KEYS[3], ticket, now_ms + tonumber(ARGV[1]))
for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], tonumber(ARGV[1]) * 2) end
return ticket
"""
)
# KEYS counter, queue, expiries; ARGV[1] a ticket or 0. Returns the ticket being served (the
# lowest unexpired one), false if none, or -1 if the given ticket has expired.
SERVING = (
    EXPIRE
    + """
if tonumber(ARGV[1]) > 0 and not redis.call('ZSCORE', KEYS[2], ARGV[1]) then return -1 end
local first = redis.call('ZRANGE', KEYS[2], 0, 0)
if #first == 0 then return false end
return tonumber(first[1])
"""
)
# KEYS counter, queue, expiries; ARGV[1] ticket. Removes it; deletes the lock when none is left.
RELEASE = (
    EXPIRE
    + """
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
if redis.call('ZCARD', KEYS[2]) == 0 then
  redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
  return 0
end
return redis.call('ZCARD', KEYS[2])
"""
)


class RedisUnavailable(Exception):
    """Redis failed or did not answer within the store's time bound; the message says which."""


class AtomicRedisLockStore(LockStore):
    """Ticket locks on Redis with atomic issue and release (see the module docstring)."""

    def __init__(
        self,
        endpoint_config: Any = None,
        url: str | None = None,
        key_prefix: str = DEFAULT_PREFIX,
        socket_timeout: float = DEFAULT_TIMEOUT_S,
    ) -> None:
        """Connects to ``url`` (or the endpoint configuration's ``url``); lazily, like redis-py.

        Raises:
            ValueError: no Redis URL is given.
        """
        kwargs = dict(getattr(endpoint_config, "kwargs", None) or {})
        url = url or getattr(endpoint_config, "url", None)
        if not url:
            raise ValueError("AtomicRedisLockStore needs a Redis URL (LOCK_STORE_URL)")
        self.key_prefix = str(kwargs.get("key_prefix", key_prefix))
        self.timeout = float(kwargs.get("socket_timeout", socket_timeout))
        self.red = redis.Redis.from_url(
            url,
            socket_timeout=self.timeout,
            socket_connect_timeout=self.timeout,
            health_check_interval=30,
        )
        self._workers = ThreadPoolExecutor(WORKERS, thread_name_prefix="redis-lock")
        # Per conversation, tickets are issued in the order messages arrived at this process: the
        # worker threads could otherwise issue a later message's ticket first.
        self._issuing: dict[str, tuple[asyncio.Lock, int]] = {}
        self._issue = self.red.register_script(ISSUE)
        self._serving = self.red.register_script(SERVING)
        self._release = self.red.register_script(RELEASE)
        super().__init__()

    def _keys(self, conversation_id: str) -> list[str]:
        base = self.key_prefix + conversation_id
        return [f"{base}:n", f"{base}:q", f"{base}:e"]

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        """A new ticket for the conversation, atomically."""
        milliseconds = max(1, int(lock_lifetime * 1000))
        return int(self._issue(keys=self._keys(conversation_id), args=[milliseconds]))

    def serving(self, conversation_id: str, ticket: int = 0) -> int | None:
        """The ticket whose holder may process the conversation now, if any.

        With ``ticket``, -1 means that ticket has expired.
        """
        value = self._serving(keys=self._keys(conversation_id), args=[ticket])
        return int(value) if value is not None else None

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        """Releases the ticket; the lock disappears when no ticket is left."""
        self._release(keys=self._keys(conversation_id), args=[ticket_number])

    async def _redis(self, call: Callable[[], T], what: str) -> T:
        """``call()`` in a worker thread, awaited for at most the store's time bound.

        Raises:
            RedisUnavailable: Redis failed or did not answer in time.
        """
        future = asyncio.get_running_loop().run_in_executor(self._workers, call)
        try:
            return await asyncio.wait_for(future, self.timeout)
        except TimeoutError:
            raise RedisUnavailable(
                f"the lock store's Redis did not answer within {self.timeout:g} s ({what})"
            ) from None
        except redis.RedisError as error:
            raise RedisUnavailable(f"the lock store's Redis failed ({what}): {error}") from None

    async def _take_ticket(self, conversation_id: str, lock_lifetime: float) -> int:
        """A ticket, in arrival order within this process (asyncio.Lock serves in order).

        Raises:
            RedisUnavailable: Redis failed or did not answer in time.
        """
        order, users = self._issuing.get(conversation_id, (asyncio.Lock(), 0))
        self._issuing[conversation_id] = (order, users + 1)
        try:
            async with order:
                return await self._issue_in_thread(conversation_id, lock_lifetime)
        finally:
            order, users = self._issuing[conversation_id]
            if users <= 1:
                del self._issuing[conversation_id]
            else:
                self._issuing[conversation_id] = (order, users - 1)

    async def _issue_in_thread(self, conversation_id: str, lock_lifetime: float) -> int:
        """A ticket, from a worker thread; one issued after the wait gave up is released.

        Raises:
            RedisUnavailable: Redis failed or did not answer in time.
        """
        state: dict[str, Any] = {"abandoned": False, "ticket": None}
        guard = threading.Lock()

        def issue() -> int:
            ticket = self.issue_ticket(conversation_id, lock_lifetime)
            with guard:
                state["ticket"] = ticket
                abandoned = state["abandoned"]
            if abandoned:  # its message went ahead without it: do not hold up the next one
                self._release_late(conversation_id, ticket)
            return ticket

        try:
            return await self._redis(issue, "issuing a ticket")
        except BaseException:
            with guard:
                state["abandoned"] = True
                ticket = state["ticket"]
            if ticket is not None:  # issued just as the wait gave up: release it now
                self._workers.submit(self._release_late, conversation_id, ticket)
            raise

    def _release_late(self, conversation_id: str, ticket: int) -> None:
        """Releases a ticket nobody waits for (in a worker thread); failures are only logged."""
        try:
            self.cleanup(conversation_id, ticket)
        except redis.RedisError as error:
            logger.error("could not release a late ticket; it expires by itself: %s", error)

    @asynccontextmanager
    async def lock(
        self,
        conversation_id: str,
        lock_lifetime: float = LOCK_LIFETIME,
        wait_time_in_seconds: float = POLL_INTERVAL_S,
    ) -> AsyncGenerator[TicketLock, None]:
        """Holds the conversation's lock while the message is processed.

        Raises:
            LockError: the ticket expired while waiting.
        """
        try:
            ticket = await self._take_ticket(conversation_id, lock_lifetime)
        except RedisUnavailable as error:
            logger.error("%s: processing this message without the conversation's lock", error)
            yield TicketLock(conversation_id)
            return
        try:
            yield await self._wait_for_turn(
                conversation_id, ticket, min(wait_time_in_seconds, POLL_INTERVAL_S)
            )
        finally:
            try:
                release = functools.partial(self.cleanup, conversation_id, ticket)
                await self._redis(release, "releasing a ticket")
            except RedisUnavailable as error:
                logger.error("%s: the ticket expires by itself after its lifetime", error)

    async def _wait_for_turn(self, conversation_id: str, ticket: int, poll: float) -> TicketLock:
        ask = functools.partial(self.serving, conversation_id, ticket)
        while True:
            try:
                serving = await self._redis(ask, "waiting for the lock")
            except RedisUnavailable as error:
                logger.error("%s: going ahead without the conversation's lock", error)
                return TicketLock(conversation_id)
            if serving is None or serving == -1:
                raise LockError(f"ticket {ticket} of a conversation expired while waiting")
            if serving == ticket:
                return TicketLock(conversation_id, deque([Ticket(ticket, 0.0)]))
            await asyncio.sleep(poll)

    # The generic LockStore interface, for tools that inspect locks.

    def get_lock(self, conversation_id: str) -> TicketLock | None:
        """The conversation's queue of tickets, or None."""
        _, queue, expiries = self._keys(conversation_id)
        numbers = [int(number) for number in self.red.zrange(queue, 0, -1)]
        if not numbers:
            return None
        expiry = {int(k): float(v) / 1000 for k, v in self.red.hgetall(expiries).items()}
        tickets = deque(Ticket(number, expiry.get(number, 0.0)) for number in numbers)
        return TicketLock(conversation_id, tickets)

    def delete_lock(self, conversation_id: str) -> None:
        """Removes the conversation's lock."""
        self.red.delete(*self._keys(conversation_id))

    def save_lock(self, lock: TicketLock) -> None:
        """Not supported: tickets change only through the atomic scripts.

        Raises:
            NotImplementedError: always.
        """
        raise NotImplementedError("AtomicRedisLockStore changes tickets only atomically")

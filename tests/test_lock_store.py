"""The atomic Redis lock store on the Redis at TEST_REDIS_URL, and Rasa's stock store beside it.

Nothing here waits on the clock: the race runs the stores' Redis commands in a fixed lock-step
order, waiting tickets are watched through the store's own answers, and a ticket's lifetime is
made to run out by moving its expiry on Redis's clock.
"""

from __future__ import annotations

import asyncio
import os
import threading
import uuid
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
import redis
from rasa.core.lock_store import LOCK_LIFETIME, LockError, LockStore, RedisLockStore
from redis.connection import parse_url

from runtime.config import action_timeout
from runtime.lock_store import AtomicRedisLockStore

pytestmark = pytest.mark.integration

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
THREADS, PER_THREAD = 16, 25
WAIT_S = 10  # the bound of a condition wait: reached only when the behaviour is broken


def conversation() -> str:
    return f"test-{uuid.uuid4().hex}"


def stock_store() -> RedisLockStore:
    """Rasa 3.6's RedisLockStore on TEST_REDIS_URL's server and database."""
    options = parse_url(REDIS_URL)
    return RedisLockStore(
        host=options.get("host", "localhost"),
        port=int(options.get("port", 6379)),
        db=int(options.get("db", 0)),
        username=options.get("username"),
        password=options.get("password"),
    )


@pytest.fixture
def store() -> AtomicRedisLockStore:
    store = AtomicRedisLockStore(url=REDIS_URL)
    try:
        store.red.ping()
    except Exception as error:  # a clear message instead of a long trace
        raise AssertionError(
            f"Redis is not reachable at {REDIS_URL} (set TEST_REDIS_URL): {error}"
        ) from error
    return store


# --- the race, forced: every Redis command in lock-step -----------------------------------------


class LockStep:
    """Runs the Redis commands of several threads strictly in turn: A's 1st, B's 1st, A's 2nd...

    Under this schedule a ticket issued by reading the lock in Python and writing it back is
    always interleaved with another (both read before either writes): the race of rasa PR 11256,
    every time. A thread that is done leaves the rotation.
    """

    def __init__(self, parties: int) -> None:
        self.commands: list[tuple[int, str]] = []
        self._active = list(range(parties))
        self._turn = 0
        self._changed = threading.Condition()

    def wrap(self, party: int, client: redis.Redis) -> None:
        """Makes ``client`` (the party's own connection) wait for the party's turn per command."""
        execute = client.execute_command

        def in_turn(*args: Any, **options: Any) -> Any:
            with self._changed:
                if not self._changed.wait_for(lambda: self._turn == party, timeout=WAIT_S):
                    raise AssertionError(f"party {party} never got its turn")
            try:
                return execute(*args, **options)
            finally:
                with self._changed:
                    self.commands.append((party, str(args[0])))
                    self._next(party, leaving=False)

        client.execute_command = in_turn

    def leave(self, party: int) -> None:
        with self._changed:
            self._next(party, leaving=True)

    def _next(self, party: int, leaving: bool) -> None:
        """Passes the turn on after ``party``'s command, or when ``party`` leaves the rotation."""
        position = self._active.index(party)
        if leaving:
            self._active.remove(party)
        else:
            position += 1
        if self._active and (not leaving or self._turn == party):
            self._turn = self._active[position % len(self._active)]
        self._changed.notify_all()


def issue_in_lock_step(
    make_store: Callable[[], LockStore], conversation_id: str, parties: int, each: int
) -> tuple[list[int], LockStep]:
    """``parties`` threads, each with its own store and connection, take ``each`` tickets."""
    schedule = LockStep(parties)
    stores = [make_store() for _ in range(parties)]
    for party, own in enumerate(stores):
        schedule.wrap(party, own.red)
    tickets: list[int] = []
    errors: list[BaseException] = []

    def work(party: int) -> None:
        try:
            for _ in range(each):
                tickets.append(stores[party].issue_ticket(conversation_id, 30))
        except BaseException as error:  # reported by the test, not lost in the thread
            errors.append(error)
        finally:
            schedule.leave(party)

    threads = [threading.Thread(target=work, args=(party,)) for party in range(parties)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return tickets, schedule


def test_in_lock_step_the_stock_store_hands_out_the_same_ticket_twice() -> None:
    """Rasa 3.6's RedisLockStore (rasa PR 11256): the forced interleaving shows its race."""
    cid = conversation()
    try:
        tickets, schedule = issue_in_lock_step(stock_store, cid, parties=2, each=1)
    finally:
        stock_store().delete_lock(cid)
    # Both read the (missing) lock, then both wrote it back with the same new ticket.
    assert [command for _, command in schedule.commands] == ["GET", "GET", "SET", "SET"]
    assert [party for party, _ in schedule.commands] == [0, 1, 0, 1]
    assert tickets == [0, 0]


def test_in_lock_step_the_atomic_store_hands_out_each_ticket_once(
    store: AtomicRedisLockStore,
) -> None:
    cid = conversation()
    try:
        tickets, schedule = issue_in_lock_step(
            lambda: AtomicRedisLockStore(url=REDIS_URL), cid, parties=4, each=5
        )
    finally:
        store.delete_lock(cid)
    assert {party for party, _ in schedule.commands} == {0, 1, 2, 3}  # all of them interleaved
    assert sorted(tickets) == list(range(1, 21))


def test_concurrent_tickets_are_unique(store: AtomicRedisLockStore) -> None:
    """Free-running threads, each with its own store and connection, at the same moment."""
    cid = conversation()
    tickets: list[int] = []
    start = threading.Barrier(THREADS)

    def work() -> None:
        own = AtomicRedisLockStore(url=REDIS_URL)
        start.wait()
        mine = [own.issue_ticket(cid, 30) for _ in range(PER_THREAD)]
        tickets.extend(mine)

    threads = [threading.Thread(target=work) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    store.delete_lock(cid)
    assert sorted(tickets) == list(range(1, THREADS * PER_THREAD + 1))
    assert not [ticket for ticket, count in Counter(tickets).items() if count > 1]


# --- the queue ---------------------------------------------------------------------------------


class Spy:
    """Records the tickets a store issues, and those it lets in or keeps waiting when asked."""

    def __init__(self, store: AtomicRedisLockStore, monkeypatch: pytest.MonkeyPatch) -> None:
        self.issued: list[int] = []
        self.granted: list[int] = []
        self.refused: list[int] = []
        issue, serving = store.issue_ticket, store.serving

        def issue_ticket(conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
            ticket = issue(conversation_id, lock_lifetime)
            self.issued.append(ticket)
            return ticket

        def asked(conversation_id: str, ticket: int = 0) -> int | None:
            answer = serving(conversation_id, ticket)
            if ticket:
                (self.granted if answer == ticket else self.refused).append(ticket)
            return answer

        monkeypatch.setattr(store, "issue_ticket", issue_ticket)
        monkeypatch.setattr(store, "serving", asked)

    @property
    def waiting(self) -> set[int]:
        return set(self.issued) - set(self.granted)


async def until(condition: Callable[[], object], what: str) -> None:
    """Waits (letting the event loop run) until ``condition()`` holds; fails after WAIT_S."""
    deadline = asyncio.get_running_loop().time() + WAIT_S
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.01)


def expire(store: AtomicRedisLockStore, conversation_id: str, ticket: int) -> None:
    """A fake clock: the ticket's expiry moves to the past on Redis's clock, as at its end."""
    _, _, expiries = store._keys(conversation_id)
    assert store.red.hexists(expiries, ticket), f"ticket {ticket} is not in the queue"
    store.red.hset(expiries, ticket, 0)


def test_queue_is_first_come_first_served(store: AtomicRedisLockStore) -> None:
    cid = conversation()
    first, second, third = (store.issue_ticket(cid, 30) for _ in range(3))
    assert store.serving(cid) == first
    store.cleanup(cid, first)
    assert store.serving(cid) == second
    store.cleanup(cid, third)  # a later ticket leaving early does not skip the queue
    assert store.serving(cid) == second
    store.cleanup(cid, second)
    assert store.serving(cid) is None
    assert store.red.exists(*store._keys(cid)) == 0  # nothing left behind


def test_a_shorter_lifetime_does_not_jump_the_queue(store: AtomicRedisLockStore) -> None:
    cid = conversation()
    first = store.issue_ticket(cid, 30)
    later = store.issue_ticket(cid, 1)
    assert store.serving(cid) == first
    lock = store.get_lock(cid)
    assert lock is not None and [t.number for t in lock.tickets] == [first, later]
    store.delete_lock(cid)


def test_an_expired_ticket_lets_the_next_one_in(store: AtomicRedisLockStore) -> None:
    cid = conversation()
    stuck = store.issue_ticket(cid, 30)
    waiting = store.issue_ticket(cid, 30)
    assert store.serving(cid) == stuck
    expire(store, cid, stuck)
    assert store.serving(cid) == waiting
    assert store.serving(cid, stuck) == -1  # its holder learns that it has lost the lock
    store.delete_lock(cid)


async def test_a_message_holds_its_ticket_longer_than_an_action_may_take(
    store: AtomicRedisLockStore,
) -> None:
    """With Rasa's default lifetime, the ticket outlives the action timeout on Redis's clock."""
    cid = conversation()
    async with store.lock(cid):
        lock = store.get_lock(cid)
        assert lock is not None and len(lock.tickets) == 1
        seconds, microseconds = store.red.time()
        left = lock.tickets[0].expires - (seconds + microseconds / 1e6)
        assert action_timeout() < left <= LOCK_LIFETIME
    assert store.get_lock(cid) is None


async def test_messages_of_one_conversation_are_processed_one_at_a_time(
    store: AtomicRedisLockStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While one message holds the lock, every queued one asks and is kept waiting."""
    cid = conversation()
    spy = Spy(store, monkeypatch)
    log: list[str] = []
    count = 5

    async def handle(name: str) -> None:
        async with store.lock(cid, lock_lifetime=30):
            log.append(f"{name} start")
            since = len(spy.refused)
            await until(
                lambda: len(spy.issued) == count and set(spy.refused[since:]) >= spy.waiting,
                f"the messages queued behind {name} to ask for the lock",
            )
            log.append(f"{name} end")

    tasks = []
    for number in range(count):  # one after another, so that the queue order is known
        tasks.append(asyncio.create_task(handle(f"m{number}")))
        await until(lambda: len(spy.issued) == len(tasks), f"m{number}'s ticket")
    await asyncio.wait_for(asyncio.gather(*tasks), WAIT_S * count)
    assert log == [f"m{n} {edge}" for n in range(count) for edge in ("start", "end")]
    assert spy.granted == spy.issued  # first come, first served
    assert len(spy.refused) >= count - 1
    assert store.serving(cid) is None


async def test_an_expired_wait_raises_lock_error(
    store: AtomicRedisLockStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    cid = conversation()
    holder = store.issue_ticket(cid, 30)
    spy = Spy(store, monkeypatch)

    async def message() -> None:
        async with store.lock(cid, lock_lifetime=30):
            pass  # never reached: the holder keeps the lock past this ticket's lifetime

    task = asyncio.create_task(message())
    await until(lambda: spy.refused, "the message to queue behind the holder")
    expire(store, cid, spy.issued[0])
    with pytest.raises(LockError):
        await asyncio.wait_for(task, WAIT_S)
    assert store.serving(cid) == holder  # the holder still has it
    store.cleanup(cid, holder)


async def test_without_redis_messages_are_still_processed() -> None:
    down = AtomicRedisLockStore(url="redis://127.0.0.1:1/0", socket_timeout=0.5)
    processed = False
    async with down.lock(conversation()):
        processed = True
    assert processed


def test_endpoint_configuration() -> None:
    from rasa.utils.endpoints import EndpointConfig

    store = LockStore.create(
        EndpointConfig(
            url=REDIS_URL, type="runtime.lock_store.AtomicRedisLockStore", key_prefix="x:"
        )
    )
    assert isinstance(store, AtomicRedisLockStore)
    assert store.key_prefix == "x:"
    with pytest.raises(ValueError, match="Redis URL"):
        AtomicRedisLockStore(url="")

"""The race test of the scale-out setup: many conversations, each sent many messages at once,
alternating between two Rasa replicas that share PostgreSQL (conversations) and Redis (locks).

Afterwards every conversation's tracker must hold each user message exactly once, every turn
whole (a user message, then its bot messages and actions, never mixed with another turn), and
the ``drug`` slot set by each turn to that turn's drug.

``python -m tests.race --lock-store atomic|stock`` starts a cluster (scripts/run_cluster.sh) on a
fresh PostgreSQL database and prints the figures; tests/test_cluster.py runs it for the atomic
lock store and asserts.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered

from tests.databases import postgres_database
from tests.stack import ROOT, free_port, launch, stop

# Brand names whose generic the drug lookup sets in the `drug` slot (one per message).
DRUGS = [
    ("Ibrance", "palbociclib"), ("Kisqali", "ribociclib"), ("Verzenio", "abemaciclib"),
    ("Herceptin", "trastuzumab"), ("Lynparza", "olaparib"), ("Xeloda", "capecitabine"),
    ("Faslodex", "fulvestrant"), ("Keytruda", "pembrolizumab"), ("Talzenna", "talazoparib"),
    ("Arimidex", "anastrozole"),
]  # fmt: skip
STAGGER_S = 0.05  # between the messages of one conversation, sent without waiting for replies


@dataclass
class Cluster:
    """A running scripts/run_cluster.sh."""

    process: subprocess.Popen[bytes]
    port: int
    replicas: list[int]
    tracker_store_url: str
    log_dir: Path


@dataclass
class RaceResult:
    """What the trackers held afterwards."""

    conversations: int
    messages: int
    seconds: float
    http_errors: int = 0
    lost: int = 0
    duplicated: int = 0
    broken_turns: int = 0
    wrong_slots: int = 0
    out_of_send_order: int = 0
    out_of_order_on_a_replica: int = 0
    problems: list[str] = field(default_factory=list)
    order_example: str = ""

    @property
    def ok(self) -> bool:
        return not (self.http_errors or self.lost or self.duplicated or self.broken_turns
                    or self.wrong_slots or self.out_of_order_on_a_replica)  # fmt: skip

    def summary(self) -> str:
        return (
            f"{self.conversations} conversations x {self.messages // self.conversations} "
            f"messages in {self.seconds:.1f} s: {self.http_errors} HTTP errors, {self.lost} lost, "
            f"{self.duplicated} duplicated, {self.broken_turns} broken turns, {self.wrong_slots} "
            f"wrong slots, {self.out_of_order_on_a_replica} out of order on a replica "
            f"({self.out_of_send_order} conversations whose two replicas interleaved differently "
            "from the send order)"
        )


@contextmanager
def cluster(lock_store: str, log_dir: Path) -> Iterator[Cluster]:
    """scripts/run_cluster.sh on free ports, a fresh PostgreSQL database and the machine's Redis."""
    with postgres_database() as url:
        port, replicas = free_port(), [free_port(), free_port()]
        env = {
            **os.environ,
            "CLUSTER_PORT": str(port),
            "REPLICA_PORTS": " ".join(map(str, replicas)),
            "ACTIONS_PORT": str(free_port()),
            "LOG_DIR": str(log_dir),
            "TRACKER_STORE_URL": url,
        }
        if lock_store == "stock":
            env |= {"LOCK_STORE_TYPE": "redis", "LOCK_STORE_URL": "127.0.0.1"}
        else:
            env |= {"LOCK_STORE_TYPE": "runtime.lock_store.AtomicRedisLockStore",
                    "LOCK_STORE_URL": "redis://127.0.0.1:6379/0"}  # fmt: skip
        process, _ = launch(["scripts/run_cluster.sh"], env, log_dir / "cluster.log")
        try:
            yield Cluster(process, port, replicas, url, log_dir)
        finally:
            stop(process, signal.SIGINT)


def post(port: int, sender: str, message: str) -> int:
    body = json.dumps({"sender": sender, "message": message}).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/webhooks/rest/webhook", data=body,
        headers={"Content-Type": "application/json"},
    )  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=180) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except OSError:
        return 0


def replica_of(conversation: int, message: int, replicas: int) -> int:
    """Which replica message ``message`` of conversation ``conversation`` goes to (alternating)."""
    return (conversation + message) % replicas


def fire(
    cluster: Cluster, conversations: int, messages: int
) -> tuple[dict[str, list[str]], int, float]:
    """Sends every message concurrently; returns the texts sent per conversation, in send order."""
    sent: dict[str, list[str]] = {}
    errors = 0
    guard = threading.Lock()
    threads = []
    start = time.monotonic()
    for c in range(conversations):
        sender = f"race-{uuid.uuid4().hex[:12]}"
        sent[sender] = [f"what is {DRUGS[m % len(DRUGS)][0]}" for m in range(messages)]
        for m, text in enumerate(sent[sender]):
            replica = cluster.replicas[replica_of(c, m, len(cluster.replicas))]

            def send(replica: int = replica, sender: str = sender, text: str = text,
                     delay: float = m * STAGGER_S) -> None:  # fmt: skip
                nonlocal errors
                time.sleep(delay)
                status = post(replica, sender, text)
                if status != 200:
                    with guard:
                        errors += 1

            threads.append(threading.Thread(target=send))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sent, errors, time.monotonic() - start


def check(tracker_store_url: str, sent: dict[str, list[str]], replicas: int = 2) -> RaceResult:
    """Reads every tracker back from PostgreSQL and counts what went wrong."""
    messages = sum(len(texts) for texts in sent.values())
    result = RaceResult(len(sent), messages, 0.0)
    store = SQLTrackerStore(Domain.empty(), host=tracker_store_url)
    generic_of = {brand.lower(): generic for brand, generic in DRUGS}
    for sender, texts in sent.items():
        tracker = asyncio.run(store.retrieve(sender))
        events = list(tracker.events) if tracker else []
        users = [e.text for e in events if isinstance(e, UserUttered)]
        for text in set(texts):
            expected, got = texts.count(text), users.count(text)
            result.lost += max(0, expected - got)
            result.duplicated += max(0, got - expected)
        received = [t for t in users if t in texts]
        if received != texts:
            result.out_of_send_order += 1
            if not result.order_example:
                order = [texts.index(t) + 1 for t in received]
                result.order_example = f"{sender}: processed in the order {order}"
        # The messages that went to one replica were sent 2 x STAGGER_S apart and must be
        # processed in that order (the lock is first come, first served).
        conversation = list(sent).index(sender)
        for replica in range(replicas):
            mine = [
                t for m, t in enumerate(texts) if replica_of(conversation, m, replicas) == replica
            ]
            if [t for t in received if t in mine] != mine:
                result.out_of_order_on_a_replica += 1
                result.problems.append(f"{sender}: replica {replica + 1} processed out of order")
        # Each turn: user message, then action(s), ending with action_listen, before the next one.
        turn_open = False
        drug_expected: str | None = None
        for event in events:
            if isinstance(event, UserUttered):
                if turn_open:
                    result.broken_turns += 1
                    result.problems.append(f"{sender}: a turn started inside another")
                turn_open = True
                brand = (event.text or "").rsplit(" ", 1)[-1].lower()
                drug_expected = generic_of.get(brand)
            elif isinstance(event, SlotSet) and event.key == "drug":
                if event.value != drug_expected:
                    result.wrong_slots += 1
                    result.problems.append(f"{sender}: drug {event.value} for {drug_expected}")
            elif isinstance(event, ActionExecuted) and event.action_name == "action_listen":
                turn_open = False
        if turn_open:
            result.broken_turns += 1
    store.engine.dispose()
    return result


def race(cluster: Cluster, conversations: int = 20, messages: int = 10) -> RaceResult:
    """Fires the messages, then checks the trackers."""
    sent, errors, seconds = fire(cluster, conversations, messages)
    result = check(cluster.tracker_store_url, sent, len(cluster.replicas))
    result.http_errors, result.seconds = errors, seconds
    return result


def main() -> int:
    """Runs the race against a fresh cluster with the chosen lock store and prints the figures."""
    parser = argparse.ArgumentParser(description="race test of the Rasa replicas")
    parser.add_argument("--lock-store", choices=["atomic", "stock"], default="atomic")
    parser.add_argument("--conversations", type=int, default=20)
    parser.add_argument("--messages", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    log_dir = ROOT / "logs" / f"race-{args.lock_store}"
    log_dir.mkdir(parents=True, exist_ok=True)
    failures = 0
    with cluster(args.lock_store, log_dir) as running:
        for number in range(1, args.rounds + 1):
            result = race(running, args.conversations, args.messages)
            failures += not result.ok
            print(f"{args.lock_store} lock store, round {number}: {result.summary()}")
            if result.order_example:
                print("  ", result.order_example)
            for problem in result.problems[:5]:
                print("  ", problem)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

"""The scale-out setup (`make run-cluster`): two Rasa replicas behind nginx, conversations in
PostgreSQL, locks in Redis, on the machine's real services; and the race test."""

from __future__ import annotations

import json
import re
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.race import Cluster, cluster, race
from tests.stack import Socket, joined

pytestmark = pytest.mark.stack

NGINX = Path("/usr/sbin/nginx")


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    assert NGINX.exists(), "nginx is not installed: `make nginx` installs Debian's package"
    with cluster("atomic", tmp_path_factory.mktemp("cluster")) as started:
        yield started


def say(port: int, turn: str, sender: str, message: str) -> str:
    """A REST message through nginx; ``turn`` in the query names it in nginx's access log."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/webhooks/rest/webhook?turn={turn}",
        data=json.dumps({"sender": sender, "message": message}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        return joined(json.loads(response.read()))


def replicas_of(cluster: Cluster, turns: list[str], timeout: float = 30) -> dict[str, str]:
    """Turn -> the replica (host:port) that served it, from nginx's access log.

    nginx writes a request's line once it has answered: waits until every turn has one.
    """
    deadline = time.monotonic() + timeout
    while True:
        log = (cluster.log_dir / "nginx-access.log").read_text(errors="replace")
        served = dict(re.findall(r"[?&]turn=([\w-]+) [^\n]* upstream=(\S+)$", log, re.MULTILINE))
        if set(turns) <= set(served) or time.monotonic() > deadline:
            return {turn: served.get(turn, "") for turn in turns}
        time.sleep(0.1)


def test_rest_through_nginx_alternates_replicas_and_keeps_the_conversation(
    running: Cluster,
) -> None:
    """Round-robin sends the turns to both replicas; the shared tracker keeps the context."""
    sender = f"cluster-{uuid.uuid4().hex}"
    turns = [f"{sender}-{number}" for number in range(4)]
    assert "palbociclib" in say(running.port, turns[0], sender, "what is ibrance?")
    for turn in turns[1:]:
        reply = say(running.port, turn, sender, "what are its side effects?")
        assert "the class of palbociclib" in reply
    served = replicas_of(running, turns)
    replicas = {f"127.0.0.1:{port}" for port in running.replicas}
    assert set(served.values()) == replicas, served  # each replica answered turns of this sender


def test_socketio_through_nginx_stays_on_its_replica(running: Cluster) -> None:
    socket = Socket(f"http://127.0.0.1:{running.port}")
    try:
        assert socket.client.get_sid() is not None
        engine_sid = socket.client.eio.sid
        assert engine_sid.startswith(("r1-", "r2-")), engine_sid
        session = socket.start_session()
        for _ in range(3):  # several polls, all routed to the replica that holds the session
            socket.send({"message": "hello", "session_id": session})
            replies = socket.wait_for_reply()
            assert any("automated assistant" in str(r.get("text")) for r in replies)
    finally:
        socket.close()


def test_race_twenty_conversations_ten_messages_each(running: Cluster) -> None:
    result = race(running, conversations=20, messages=10)
    print(f"atomic lock store: {result.summary()}")
    assert result.ok, f"{result.summary()}\n" + "\n".join(result.problems[:10])

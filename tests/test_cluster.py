"""The scale-out setup (`make run-cluster`): two Rasa replicas behind nginx, conversations in
PostgreSQL, locks in Redis, on the machine's real services; and the race test."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.race import Cluster, cluster, race
from tests.stack import Socket, joined, rest

NGINX = Path("/usr/sbin/nginx")


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    assert NGINX.exists(), "nginx is not installed: `make nginx` installs Debian's package"
    with cluster("atomic", tmp_path_factory.mktemp("cluster")) as started:
        yield started


def say(port: int, sender: str, message: str) -> str:
    return joined(rest(port, sender, message))


def test_rest_through_nginx_keeps_the_conversation(running: Cluster) -> None:
    """Round-robin sends the turns to both replicas; the shared tracker keeps the context."""
    sender = f"cluster-{uuid.uuid4().hex}"
    assert "palbociclib" in say(running.port, sender, "what is ibrance?")
    for _ in range(3):
        reply = say(running.port, sender, "what are its side effects?")
        assert "the class of palbociclib" in reply
    served = {
        replica: (running.log_dir / f"rasa-r{number}.log").stat().st_size
        for number, replica in enumerate(running.replicas, 1)
    }
    assert all(size > 0 for size in served.values())


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

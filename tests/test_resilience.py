"""Faults: action server down or slow, Redis restarting, Rasa restarting, parts missing at start.

These tests start their own Rasa (`python -m runtime.serve`, as scripts/run.sh does) with a
SQLite tracker store, the atomic lock store on a Redis server of their own (so that it can be
stopped and started), and an action server they start, stop and replace at will. Each test
first puts the parts in the state it needs, so any of them passes alone or in any order; none
measures time: "in time" means "while the slow part is still holding on".
"""

from __future__ import annotations

import http.server
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import redis

from tests.conftest import ROOT, Project
from tests.stack import free_port, joined, port_open, rest

pytestmark = pytest.mark.stack

MODEL = ROOT / "models" / "mbc.tar.gz"
ACTION_TIMEOUT_S = 3.0
LOCK_LIFETIME_S = 8


def wait_for(condition: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


def start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as output:
        return subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip


def stop(process: subprocess.Popen[bytes] | None) -> None:
    if process is not None and process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)


@dataclass
class Parts:
    """Rasa, its action server, a Redis server: each can be stopped and started."""

    tmp: Path
    rasa_port: int = field(default_factory=free_port)
    actions_port: int = field(default_factory=free_port)
    redis_port: int = field(default_factory=free_port)
    rasa: subprocess.Popen[bytes] | None = None
    actions: subprocess.Popen[bytes] | None = None
    redis_server: subprocess.Popen[bytes] | None = None

    @property
    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "ACTION_SERVER_URL": f"http://127.0.0.1:{self.actions_port}/webhook",
            "ACTION_TIMEOUT": str(ACTION_TIMEOUT_S),
            "TICKET_LOCK_LIFETIME": str(LOCK_LIFETIME_S),
            "TRACKER_STORE_URL": f"sqlite:///{self.tmp / 'tracker.db'}",
            "LOCK_STORE_TYPE": "runtime.lock_store.AtomicRedisLockStore",
            "LOCK_STORE_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "DATA_DIR": str(self.tmp),
        }

    def start_redis(self) -> None:
        server = shutil.which("redis-server")
        assert server, "redis-server is not installed"
        self.redis_server = start(
            [server, "--port", str(self.redis_port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"],
            self.env, self.tmp / "redis.log",
        )  # fmt: skip
        wait_for(lambda: port_open(self.redis_port), 30, "redis-server")

    def actions_up(self) -> None:
        """The real action server, started unless it already runs."""
        if self.actions is None or self.actions.poll() is not None:
            self.start_actions()

    def actions_down(self) -> None:
        """Nothing listens on the action server's port."""
        stop(self.actions)
        wait_for(lambda: not port_open(self.actions_port), 30, "the action server to stop")

    def redis_up(self) -> None:
        """The Redis server, started unless it already runs."""
        if self.redis_server is None or self.redis_server.poll() is not None:
            self.start_redis()

    def start_actions(self) -> None:
        self.actions = start(
            [sys.executable, "-m", "actions.server", "--port", str(self.actions_port)],
            self.env, self.tmp / "actions.log",
        )  # fmt: skip
        wait_for(lambda: port_open(self.actions_port), 120, "the action server")

    def start_rasa(self) -> None:
        self.rasa = start(
            [sys.executable, "-m", "runtime.serve", "--model", str(MODEL), "--port",
             str(self.rasa_port), "--credentials", "credentials.yml", "--endpoints",
             "endpoints.yml"],
            self.env, self.tmp / "rasa.log",
        )  # fmt: skip

        def ready() -> bool:
            assert self.rasa is not None and self.rasa.poll() is None, self.log("rasa.log")
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.rasa_port}/webhooks/rest/")
                return True
            except OSError:
                return False

        wait_for(ready, 240, "Rasa")

    def log(self, name: str) -> str:
        return (self.tmp / name).read_text(errors="replace")[-3000:]

    def say(self, message: str, sender: str) -> str:
        return joined(rest(self.rasa_port, sender, message))


@pytest.fixture(scope="module")
def parts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Parts]:
    assert MODEL.exists(), "no trained model: run `make train` first"
    running = Parts(tmp_path_factory.mktemp("resilience"))
    running.start_redis()
    running.start_rasa()  # no action server yet
    yield running
    for process in (running.rasa, running.actions, running.redis_server):
        stop(process)


def answer(project: Project, name: str) -> str:
    (variant,) = [v for v in project.responses[name] if "channel" not in v]
    text: str = variant["text"]
    return text


class SlowActionServer:
    """An action server that holds every request until released (then answers with nothing)."""

    def __init__(self, port: int) -> None:
        self.received = threading.Event()
        self.release = threading.Event()
        slow = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                slow.received.set()
                slow.release.wait(120)
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b'{"events": [], "responses": []}')

            def log_message(self, *args: Any) -> None:
                pass

        self.http = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.http.daemon_threads = True
        threading.Thread(target=self.http.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.release.set()
        self.http.shutdown()
        self.http.server_close()


def test_action_server_down_then_back(parts: Parts, project: Project) -> None:
    parts.actions_down()
    sender = f"t-{uuid.uuid4().hex}"
    assert parts.say("what is ibrance?", sender) == answer(project, "utter_action_failed")
    assert parts.say("what are the symptoms?", sender) == answer(project, "utter_symptoms/signs")
    parts.start_actions()
    reply = parts.say("what is ibrance?", sender)
    assert reply.startswith('palbociclib (brand name: Ibrance) is in the drug class "CDK4/6')


def test_slow_action_server_gets_an_apology_in_time(parts: Parts, project: Project) -> None:
    """The apology comes while the action server still holds the request: Rasa gave up on it."""
    parts.actions_down()
    slow = SlowActionServer(parts.actions_port)
    try:
        reply = parts.say("which drugs are parp inhibitors", f"t-{uuid.uuid4().hex}")
        # Only Rasa's action timeout can have ended the turn: the request is still held.
        assert slow.received.is_set(), "the action never reached the slow action server"
    finally:
        slow.close()
    assert reply == answer(project, "utter_action_failed")
    parts.start_actions()
    assert "olaparib (Lynparza)" in parts.say("which drugs are parp inhibitors", "t-after")


def test_redis_restart_while_running(parts: Parts, project: Project) -> None:
    parts.redis_up()
    sender = f"t-{uuid.uuid4().hex}"
    client = redis.Redis(port=parts.redis_port)
    before = client.info("commandstats").get("cmdstat_evalsha", {}).get("calls", 0)
    assert parts.say("hello", sender).startswith("Hi, I'm an automated assistant")
    assert client.info("commandstats")["cmdstat_evalsha"]["calls"] > before  # locks used
    stop(parts.redis_server)
    # Redis down: answers still come (processed without the lock, logged).
    assert parts.say("what are the symptoms?", sender) == answer(project, "utter_symptoms/signs")
    parts.start_redis()
    client = redis.Redis(port=parts.redis_port)  # a new server: its statistics start at zero
    assert parts.say("what is hospice care", sender) == answer(project, "utter_palliative/hospice")
    assert client.info("commandstats")["cmdstat_evalsha"]["calls"] > 0  # locks used again
    assert "without the conversation's lock" in parts.log("rasa.log")


def test_a_lock_that_never_frees_gets_an_apology_not_an_error(
    parts: Parts, project: Project
) -> None:
    """A conversation stuck behind a lock (a crashed replica's ticket): the user hears back."""
    from runtime.lock_store import AtomicRedisLockStore

    parts.redis_up()
    sender = f"t-{uuid.uuid4().hex}"
    store = AtomicRedisLockStore(url=f"redis://127.0.0.1:{parts.redis_port}/0")
    held = store.issue_ticket(sender, 600)  # held by "another replica" for ten minutes
    assert parts.say("what are the symptoms?", sender) == answer(project, "utter_action_failed")
    assert store.serving(sender) == held  # the apology came while the lock was still taken
    store.delete_lock(sender)
    assert parts.say("what are the symptoms?", sender) == answer(project, "utter_symptoms/signs")


def test_conversation_continues_after_rasa_restarts(parts: Parts, project: Project) -> None:
    parts.actions_up()
    sender = f"t-{uuid.uuid4().hex}"
    assert parts.say("what is ibrance?", sender).startswith("palbociclib")
    assert parts.say("blorp zzkx", sender) == answer(project, "utter_defer")
    stop(parts.rasa)
    parts.start_rasa()
    # Slots (the drug) and context (one misunderstanding already) survived the restart.
    assert parts.say("what are its side effects?", sender).startswith(
        "The sources I use don't list typical side effects for CDK4/6 inhibitors, the class of "
        "palbociclib"
    )
    reply = parts.say("qqvx plimf", f"{sender}-other")  # another conversation: first miss
    assert reply == answer(project, "utter_defer")


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"TRACKER_STORE_URL": "postgresql://postgres@127.0.0.1:1/test"},
            "the tracker store's database at postgresql://postgres@127.0.0.1:1/test "
            "(TRACKER_STORE_URL) is unreachable",
        ),
        (
            {"LOCK_STORE_TYPE": "runtime.lock_store.AtomicRedisLockStore",
             "LOCK_STORE_URL": "redis://127.0.0.1:1/0"},
            "the lock store's Redis at redis://127.0.0.1:1/0 (LOCK_STORE_URL) is unreachable",
        ),
        ({"ACTION_TIMEOUT": "90"}, "ACTION_TIMEOUT (90 s) must be shorter than the lock lifetime"),
    ],
)  # fmt: skip
def test_missing_parts_stop_the_start_with_a_clear_message(
    env: dict[str, str], message: str, tmp_path: Path
) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "runtime.serve", "--model", str(MODEL), "--endpoints",
         "endpoints.yml", "--port", str(free_port())],
        cwd=ROOT,
        env={**os.environ, "TRACKER_STORE_URL": f"sqlite:///{tmp_path / 't.db'}",
             "LOCK_STORE_TYPE": "in_memory", "LOCK_STORE_URL": "", **env},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2
    assert f"Rasa cannot start: {message}" in result.stderr


def test_http_api_needs_a_token() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "runtime.serve", "--check", "--enable-api"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2
    assert "--enable-api needs --auth-token" in result.stderr

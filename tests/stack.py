"""The running assistant for the tests: scripts/run.sh as `make run` starts it, on free ports.

The one launcher of the project's stacks: ``launch`` starts scripts/run.sh (or
scripts/run_cluster.sh) and waits for its banner; the pytest session's shared stack (``start``,
tests/conftest.py's ``server``), the end-to-end runner's own stack (e2e/stack.py) and the cluster
(tests/race.py) all use it. ``free_port`` is the one way to pick a port.

One stack serves the REST, web chat and SMS tests of a pytest session (starting Rasa costs
about 20 s); it is stopped with Ctrl-C (SIGINT) at the end, and that both processes then stop
is checked. Its conversations and SMS state live in its own folder, never in `make run`'s var/.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import engineio
import socketio
from twilio.request_validator import RequestValidator

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "mbc.tar.gz"
START_TIMEOUT_S = 300
READY = "Ctrl-C stops"  # the last line of the banner of scripts/run.sh and run_cluster.sh
# The helpline clock of the stack: Thursday 18:30 Eastern (standard time), open until 7 p.m.
HELPLINE_NOW = "2026-12-03T23:30:00Z"
HELPLINE_HOURS = "Monday to Thursday 9 a.m. to 7 p.m. and Friday 9 a.m. to 6 p.m. Eastern"
# The public URL Twilio would post to (behind a proxy): signatures are computed over it.
TWILIO_PUBLIC_URL = "https://sms.example.org/webhooks/twilio/webhook"


class StartError(RuntimeError):
    """The stack did not become ready; the message has the end of its output."""


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def launch(
    command: list[str], env: Mapping[str, str], output: Path, timeout: float = START_TIMEOUT_S
) -> tuple[subprocess.Popen[bytes], str]:
    """Starts ``command`` in its own process group, its output in ``output``, and waits for READY.

    Returns:
        The process and its output so far (the banner).

    Raises:
        StartError: the command ended, or ``timeout`` passed, first (it is stopped).
    """
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("wb") as sink:
        process = subprocess.Popen(
            command, cwd=ROOT, env=dict(env), stdout=sink, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    deadline = time.monotonic() + timeout
    while READY not in (banner := output.read_text(errors="replace")):
        if process.poll() is not None or time.monotonic() > deadline:
            stop(process)
            tail = "\n".join(output.read_text(errors="replace").splitlines()[-25:])
            raise StartError(f"{' '.join(command)} did not become ready:\n{tail}")
        time.sleep(0.2)
    return process, banner


def stop(process: subprocess.Popen[bytes], first: int = signal.SIGTERM, grace: float = 60) -> None:
    """Stops the process group with ``first``, then SIGKILL if it is still there after ``grace``."""
    if process.poll() is None:
        os.killpg(process.pid, first)
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def lower(headers: Any) -> dict[str, str]:
    return {name.lower(): value for name, value in headers.items()}


def rest(port: int, sender: str, message: str) -> list[dict[str, Any]]:
    """A message to the REST channel of the Rasa (or nginx) on ``port``; the bot's messages."""
    body = json.dumps({"sender": sender, "message": message}).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/webhooks/rest/webhook",
        data=body,
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        replies: list[dict[str, Any]] = json.loads(response.read())
    return replies


def joined(replies: list[dict[str, Any]]) -> str:
    """The bot's texts of one turn, paragraphs joined as in the domain."""
    return "\n\n".join(reply["text"] for reply in replies if "text" in reply)


@dataclass
class Http:
    """A response: status, headers (names in lower case) and body."""

    status: int
    headers: dict[str, str]
    body: str


@dataclass
class Server:
    """A running `scripts/run.sh`."""

    process: subprocess.Popen[bytes]
    rasa_port: int
    actions_port: int
    banner: str
    log_dir: Path
    data_dir: Path
    twilio_token: str = field(repr=False)
    sms_secret: str = field(repr=False, default="")
    api_token: str = field(repr=False, default="")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    def say(self, message: str, sender: str) -> list[dict[str, Any]]:
        """A message over the REST channel; the bot's messages."""
        return rest(self.rasa_port, sender, message)

    def request(
        self,
        path: str,
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
        method: str | None = None,
    ) -> Http:
        """Any HTTP request to Rasa; 4xx and 5xx are returned, not raised."""
        request = urllib.request.Request(
            self.url + path, data=data, headers=headers or {}, method=method
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return Http(response.status, lower(response.headers), response.read().decode())
        except urllib.error.HTTPError as error:
            return Http(error.code, lower(error.headers), error.read().decode())

    def sms(
        self, params: dict[str, str], signature: str | None = "sign", url: str = TWILIO_PUBLIC_URL
    ) -> Http:
        """A Twilio-format webhook POST, signed with Twilio's own validator unless told not to."""
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if signature == "sign":
            headers["X-Twilio-Signature"] = RequestValidator(self.twilio_token).compute_signature(
                url, params
            )
        elif signature is not None:
            headers["X-Twilio-Signature"] = signature
        data = urllib.parse.urlencode(params).encode()
        return self.request("/webhooks/twilio/webhook", data, headers, method="POST")


def start(log_dir: Path, model: Path = MODEL) -> Server:
    """Starts scripts/run.sh on free ports, with a fixed helpline clock, SMS and the HTTP API.

    Its output is ``log_dir``/run.log and its processes' logs are in ``log_dir``; its
    conversations are in ``log_dir``/data (``Server.data_dir``), its SMS state in
    ``log_dir``/sms.sqlite.
    """
    assert model.exists(), "no trained model: run `make train` first"
    rasa_port, actions_port = free_port(), free_port()
    token, sms_secret, api_token = (secrets.token_hex(16) for _ in range(3))
    data_dir = log_dir / "data"
    env = dict(
        os.environ,
        MODEL=str(model),
        RASA_PORT=str(rasa_port),
        ACTIONS_PORT=str(actions_port),
        LOG_DIR=str(log_dir),
        DATA_DIR=str(data_dir),
        TRACKER_STORE_URL=f"sqlite:///{data_dir / 'tracker.db'}",
        HELPLINE_NOW=HELPLINE_NOW,
        TWILIO_AUTH_TOKEN=token,
        TWILIO_WEBHOOK_URL=TWILIO_PUBLIC_URL,
        SMS_ID_SECRET=sms_secret,
        RASA_API_TOKEN=api_token,
        SMS_STATE_URL=f"sqlite:///{log_dir / 'sms.sqlite'}",
    )
    process, banner = launch(["scripts/run.sh"], env, log_dir / "run.log")
    return Server(
        process, rasa_port, actions_port, banner, log_dir, data_dir, token, sms_secret, api_token
    )


def ctrl_c_stops_both(server: Server) -> None:
    """Sends Ctrl-C as a person would; both processes must stop and free their ports."""
    os.killpg(server.process.pid, signal.SIGINT)
    server.process.wait(timeout=60)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and (
        port_open(server.rasa_port) or port_open(server.actions_port)
    ):
        time.sleep(0.5)
    assert not port_open(server.rasa_port), "Rasa still listens after Ctrl-C"
    assert not port_open(server.actions_port), "the action server still listens after Ctrl-C"


class _InOrderEngineIO(engineio.Client):
    """An engine.io client that handles the server's packets one by one, in arrival order.

    The stock client hands each packet to a new thread, so a turn's last message could be
    handled after the acknowledgement that ends the turn.
    """

    def _trigger_event(self, event: str, *args: Any, **kwargs: Any) -> Any:
        if event == "message":
            kwargs["run_async"] = False
        return super()._trigger_event(event, *args, **kwargs)


class _InOrderClient(socketio.Client):
    def _engineio_client_class(self) -> type[engineio.Client]:
        return _InOrderEngineIO


class Socket:
    """A socket.io client on long-polling, collecting the bot's messages.

    Each ``user_uttered`` is sent asking for an acknowledgement, which the server sends once its
    handler has finished the message (the bot's messages are sent before it): a turn is over
    when its acknowledgement arrives, with nothing left to wait for.
    """

    def __init__(self, server: Server | str) -> None:
        self.client = _InOrderClient(reconnection=False)
        self.received: list[dict[str, Any]] = []
        self.session_id: str | None = None
        self._confirmed = threading.Event()
        self._unanswered = 0
        self._answered = threading.Condition()
        self.client.on("bot_uttered", self.received.append)
        self.client.on("session_confirm", self._on_confirm)
        url = server if isinstance(server, str) else server.url
        self.client.connect(url, transports=["polling"], socketio_path="/socket.io")

    def _on_confirm(self, session_id: str) -> None:
        self.session_id = session_id
        self._confirmed.set()

    def _on_answered(self, *_: Any) -> None:
        with self._answered:
            self._unanswered -= 1
            self._answered.notify_all()

    def start_session(self, data: Any = None) -> str:
        self.client.emit("session_request", data if data is not None else {"session_id": None})
        assert self._confirmed.wait(30), "no session_confirm"
        assert self.session_id is not None
        return self.session_id

    def send(self, data: Any) -> None:
        with self._answered:
            self._unanswered += 1
        self.client.emit("user_uttered", data, callback=self._on_answered)

    def wait_for_reply(self, timeout: float = 60) -> list[dict[str, Any]]:
        """The bot's messages since the last call, once the server has finished every message sent.

        A message the server drops gets its acknowledgement and no bot message: ``[]``.
        """
        with self._answered:
            finished = self._answered.wait_for(lambda: self._unanswered == 0, timeout)
        assert finished, f"the server did not finish {self._unanswered} message(s) in {timeout} s"
        replies, self.received[:] = list(self.received), []
        return replies

    def close(self) -> None:
        # Without abort the client waits for its pending long-poll (up to the ping interval).
        self.client.eio.disconnect(abort=True)

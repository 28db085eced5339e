"""The running assistant for end-to-end tests: `scripts/run.sh` as `make run` starts it.

One stack serves the REST, web chat and SMS tests of a pytest session (starting Rasa costs
about 20 s); it is stopped with Ctrl-C (SIGINT) at the end, and that both processes then stop
is checked.
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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import socketio
from twilio.request_validator import RequestValidator

START_TIMEOUT_S = 240
# The helpline clock of the stack: Thursday 18:30 Eastern (standard time), open until 7 p.m.
HELPLINE_NOW = "2026-12-03T23:30:00Z"
HELPLINE_HOURS = "Monday to Thursday 9 a.m. to 7 p.m. and Friday 9 a.m. to 6 p.m. Eastern"
# The public URL Twilio would post to (behind a proxy): signatures are computed over it.
TWILIO_PUBLIC_URL = "https://sms.example.org/webhooks/twilio/webhook"


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

    process: subprocess.Popen[str]
    rasa_port: int
    actions_port: int
    banner: str
    log_dir: Path
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


def start(model: Path, log_dir: Path, root: Path, free_port: Any) -> Server:
    """Starts scripts/run.sh on free ports, with a fixed helpline clock and SMS configured."""
    assert model.exists(), "no trained model: run `make train` first"
    rasa_port, actions_port = free_port(), free_port()
    token, sms_secret, api_token = (secrets.token_hex(16) for _ in range(3))
    env = dict(
        os.environ,
        RASA_PORT=str(rasa_port),
        ACTIONS_PORT=str(actions_port),
        LOG_DIR=str(log_dir),
        HELPLINE_NOW=HELPLINE_NOW,
        TWILIO_AUTH_TOKEN=token,
        TWILIO_WEBHOOK_URL=TWILIO_PUBLIC_URL,
        SMS_ID_SECRET=sms_secret,
        RASA_API_TOKEN=api_token,
        SMS_STATE_URL=f"sqlite:///{log_dir / 'sms.sqlite'}",
    )
    process = subprocess.Popen(
        ["scripts/run.sh"],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    assert process.stdout is not None
    banner = ""
    deadline = time.monotonic() + START_TIMEOUT_S
    while "Ctrl-C stops" not in banner and time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        banner += line
    if "Ctrl-C stops" not in banner:
        stop(process)
        raise AssertionError(f"scripts/run.sh did not become ready:\n{banner}")
    return Server(process, rasa_port, actions_port, banner, log_dir, token, sms_secret, api_token)


def stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)


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


class Socket:
    """A socket.io client on long-polling, collecting the bot's messages."""

    def __init__(self, server: Server | str) -> None:
        self.client = socketio.Client(reconnection=False)
        self.received: list[dict[str, Any]] = []
        self.session_id: str | None = None
        self._confirmed = threading.Event()
        self.client.on("bot_uttered", self.received.append)
        self.client.on("session_confirm", self._on_confirm)
        url = server if isinstance(server, str) else server.url
        self.client.connect(url, transports=["polling"], socketio_path="/socket.io")

    def _on_confirm(self, session_id: str) -> None:
        self.session_id = session_id
        self._confirmed.set()

    def start_session(self, data: Any = None) -> str:
        self.client.emit("session_request", data if data is not None else {"session_id": None})
        assert self._confirmed.wait(10), "no session_confirm"
        assert self.session_id is not None
        return self.session_id

    def send(self, data: Any) -> None:
        self.client.emit("user_uttered", data)

    def wait_for_reply(self, timeout: float = 30) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while not self.received and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.5)  # the rest of the turn's messages
        replies, self.received[:] = list(self.received), []
        return replies

    def close(self) -> None:
        # Without abort the client waits for its pending long-poll (up to the ping interval).
        self.client.eio.disconnect(abort=True)

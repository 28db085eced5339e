"""The runner's own stack: scripts/run.sh (as `make run` starts it) on free ports, API enabled.

It gets a fresh conversation database, random tokens for the HTTP API and the SMS channel, and the
real helpline clock (cases fix the clock per conversation with the ``helpline_clock`` fixture).
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from e2e.client import SmsSettings, Stack

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT_S = 300
READY = "Ctrl-C stops"


class StackStartError(RuntimeError):
    """scripts/run.sh did not become ready; the message has the end of its output."""


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def own_stack(log_dir: Path) -> Iterator[tuple[Stack, Stack]]:
    """Starts the assistant; yields it and how to reach the same setup under `make run`.

    The second Stack has the same tokens at http://localhost:5005, for the replay commands.
    """
    port, actions = free_port(), free_port()
    token, sms = secrets.token_hex(12), SmsSettings(secrets.token_hex(12), secrets.token_hex(12))
    log_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="mbc-e2e-") as data_dir:
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in ("HELPLINE_NOW", "TWILIO_WEBHOOK_URL", "TRACKER_STORE_URL")
        }
        env.update(
            RASA_PORT=str(port), ACTIONS_PORT=str(actions), LOG_DIR=str(log_dir),
            DATA_DIR=data_dir, RASA_API_TOKEN=token, TWILIO_AUTH_TOKEN=sms.auth_token,
            SMS_ID_SECRET=sms.id_secret, RASA_TELEMETRY_ENABLED="false",
        )  # fmt: skip
        output = log_dir / "run.log"
        with output.open("w") as sink:
            process = subprocess.Popen(
                ["scripts/run.sh"], cwd=ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        try:
            deadline = time.monotonic() + START_TIMEOUT_S
            while READY not in output.read_text(errors="replace"):
                if process.poll() is not None or time.monotonic() > deadline:
                    tail = "\n".join(output.read_text(errors="replace").splitlines()[-25:])
                    raise StackStartError(f"scripts/run.sh did not become ready:\n{tail}")
                time.sleep(0.5)
            yield (
                Stack(f"http://127.0.0.1:{port}", token, sms),
                Stack("http://localhost:5005", token, sms),
            )
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait(timeout=30)


def replay_hint(stack: Stack) -> str:
    """How to start a stack the replay commands work against."""
    assert stack.sms is not None
    return (
        f"start the assistant with RASA_API_TOKEN={stack.token} "
        f"TWILIO_AUTH_TOKEN={stack.sms.auth_token} SMS_ID_SECRET={stack.sms.id_secret} make run, "
        f"then in another terminal: export RASA_API_TOKEN={stack.token}"
    )

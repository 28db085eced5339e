"""The runner's own stack: scripts/run.sh (as `make run` starts it) on free ports, API enabled.

Started by the project's one launcher (tests/stack.py). It gets a fresh conversation database,
random tokens for the HTTP API and the SMS channel, and the real helpline clock (cases fix the
clock per conversation with the ``helpline_clock`` fixture).
"""

from __future__ import annotations

import os
import secrets
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from e2e.client import SmsSettings, Stack
from tests.stack import ROOT, free_port, launch, stop
from tests.stack import StartError as StackStartError

__all__ = ["ROOT", "StackStartError", "own_stack", "replay_hint"]


@contextmanager
def own_stack(log_dir: Path) -> Iterator[tuple[Stack, Stack]]:
    """Starts the assistant; yields it and how to reach the same setup under `make run`.

    The second Stack has the same tokens at http://localhost:5005, for the replay commands.

    Raises:
        StackStartError: scripts/run.sh did not become ready (the message has its output's end).
    """
    port, actions = free_port(), free_port()
    token, sms = secrets.token_hex(12), SmsSettings(secrets.token_hex(12), secrets.token_hex(12))
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
        process, _ = launch(["scripts/run.sh"], env, log_dir / "run.log")
        try:
            yield (
                Stack(f"http://127.0.0.1:{port}", token, sms),
                Stack("http://localhost:5005", token, sms),
            )
        finally:
            stop(process)


def replay_hint(stack: Stack) -> str:
    """How to start a stack the replay commands work against."""
    assert stack.sms is not None
    return (
        f"start the assistant with RASA_API_TOKEN={stack.token} "
        f"TWILIO_AUTH_TOKEN={stack.sms.auth_token} SMS_ID_SECRET={stack.sms.id_secret} make run, "
        f"then in another terminal: export RASA_API_TOKEN={stack.token}"
    )

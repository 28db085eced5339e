"""Settings of the channels, read from the environment when a channel is made (never at import)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """Where the running assistant keeps its state (``DATA_DIR``, default var/)."""
    return Path(os.environ.get("DATA_DIR") or ROOT / "var")


@dataclass(frozen=True)
class SmsSettings:
    """What the Twilio SMS channel needs.

    Attributes:
        auth_token: Twilio's auth token, which signs its requests (``TWILIO_AUTH_TOKEN``).
        webhook_url: the public URL Twilio posts to, when a proxy makes it differ from the URL the
            request arrives at (``TWILIO_WEBHOOK_URL``); signatures are computed over it.
        id_secret: key of the hash that turns a phone number into a conversation id
            (``SMS_ID_SECRET``), so no phone number is stored.
        state_url: SQLAlchemy URL of the SMS opt-out records (``SMS_STATE_URL``, default a SQLite
            file in ``DATA_DIR``).
    """

    auth_token: str | None
    webhook_url: str | None
    id_secret: str | None
    state_url: str

    @property
    def missing(self) -> list[str]:
        """Names of the required settings that are not set."""
        required = {"TWILIO_AUTH_TOKEN": self.auth_token, "SMS_ID_SECRET": self.id_secret}
        return [name for name, value in required.items() if not value]


def sms_settings() -> SmsSettings:
    """The SMS channel's settings from the environment."""
    state_url = os.environ.get("SMS_STATE_URL") or f"sqlite:///{data_dir() / 'sms.sqlite'}"
    return SmsSettings(
        auth_token=os.environ.get("TWILIO_AUTH_TOKEN") or None,
        webhook_url=os.environ.get("TWILIO_WEBHOOK_URL") or None,
        id_secret=os.environ.get("SMS_ID_SECRET") or None,
        state_url=state_url,
    )

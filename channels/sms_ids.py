"""The conversation id of an SMS sender: a keyed hash, so the tracker store never sees the number.

Its own module (no Rasa import) so that tools such as ``python -m e2e`` can compute it quickly.
"""

from __future__ import annotations

import hashlib
import hmac
import re


def conversation_id(phone_number: str, secret: str) -> str:
    """A stable id for a phone number that does not reveal it (HMAC-SHA256, hex)."""
    normalised = re.sub(r"[\s()-]", "", phone_number)
    digest = hmac.new(secret.encode(), normalised.encode(), hashlib.sha256).hexdigest()
    return f"sms-{digest[:40]}"

"""When the action server is down or slow, the user still gets an apology and the helpline.

The response is ``utter_action_failed``: never silence.

Rasa 3.6 logs a failed custom action and sends nothing, and waits up to 5 minutes for a slow
action server. ``install_action_fallback`` wraps ``RemoteAction.run`` so that a call that fails
or takes longer than the timeout sends that response instead. Nothing is cached, so answers come
back by themselves as soon as the action server does.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from typing import Any

from rasa.core.actions.action import ActionBotResponse, ActionExecutionRejection, RemoteAction

from runtime.patch_guard import RasaPatch

logger = logging.getLogger(__name__)

FALLBACK_RESPONSE = "utter_action_failed"
RASA_PATCHES = (
    RasaPatch(
        "rasa.core.actions.action:RemoteAction.run",
        "ccabf6f1160d527a157fad5bd285ce69e8221b1bcad23f8a61499b4360a1c17e",
        "a failed or slow action server left silence (Rasa waits up to 5 min and sends nothing)",
        "tests/test_resilience.py::test_slow_action_server_gets_an_apology_in_time",
    ),
)


def install_action_fallback(timeout: float) -> None:
    """Makes every custom action answer within ``timeout`` seconds (idempotent)."""
    original = getattr(RemoteAction.run, "__wrapped__", RemoteAction.run)

    @functools.wraps(original)
    async def run_or_apologise(
        self: RemoteAction, output_channel: Any, nlg: Any, tracker: Any, domain: Any
    ) -> list[Any]:
        try:
            events: list[Any] = await asyncio.wait_for(
                original(self, output_channel, nlg, tracker, domain), timeout
            )
            return events
        except ActionExecutionRejection:
            raise  # part of Rasa's normal flow (forms), not a failure
        except TimeoutError:
            logger.error("action %s: no answer within %.1f s", self.name(), timeout)
        except Exception:
            logger.exception("action %s failed", self.name())
        fallback = ActionBotResponse(FALLBACK_RESPONSE)
        apology: list[Any] = await fallback.run(output_channel, nlg, tracker, domain)
        return apology

    RemoteAction.run = run_or_apologise

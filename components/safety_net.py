"""A deterministic safety net over the statistical intent classifier.

Messages that describe an emergency happening now, or thoughts of suicide or self-harm, must reach
the 911 / 988 answers whatever DIET predicts. This component runs last in the NLU pipeline and,
when one of its patterns matches, sets the intent to ``report_self_harm`` or ``report_emergency``
with confidence 1.0 (self-harm first: its answer also names 911). The patterns are deliberately
narrow ("having a seizure", not "seizures"), so questions about symptoms still get their answers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

SELF = r"(?:my ?self|her ?self|him ?self|them ?selves|themself)"
LIFE = r"(?:my|her|his|their) (?:own )?life"

SELF_HARM_PATTERNS: tuple[str, ...] = (
    r"\bsuicid",
    r"\bkill(?:ing)? " + SELF + r"\b",
    r"\b(?:hurt|harm|cut|hurting|harming|cutting) " + SELF + r"\b",
    r"\bself[- ]?harm",
    r"\bend(?:ing)? " + LIFE + r"\b",
    r"\btak(?:e|ing) (?:my|her|his|their) own life\b",
    r"\b(?:going to|gonna|want to|wanna|plan(?:ning)? to|thinking (?:about|of)) tak(?:e|ing) "
    + LIFE
    + r"\b",
    r"\bend(?:ing)? it all\b",
    r"\bend it (?:tonight|today|now)\b",
    # "I want to die", but neither "I don't want to die" nor "I want to die at home" (hospice).
    r"(?<!n't )(?<!not )\bwant(?:ed)? to die\b(?! (?:at|in|with|peacefully))",
    r"\bwish (?:i|she|he) (?:was|were) dead\b",
    r"\b(?:don'?t|do not|doesn'?t|does not) want to (?:live|be alive)\b",
    r"\bno (?:reason|point) (?:to|in) (?:live|living|go on|going on)\b",
    r"\bbetter off without me\b",
)

EMERGENCY_PATTERNS: tuple[str, ...] = (
    r"\b(?:can'?t|cannot|can not|couldn'?t|unable to) breathe\b",
    r"\b(?:can'?t|cannot|couldn'?t) catch (?:my|her|his|their) breath\b",
    r"\b(?:not|isn'?t|stopped|stop) breathing\b",
    r"\bgasping (?:for )?(?:air|breath)\b",
    r"\bchoking\b",
    r"\b(?:having|had|has|is having) (?:a )?seizures?\b",
    r"\bseizing\b",
    r"\b(?:passed out|fainted|collapsed|unconscious|unresponsive)\b",
    r"\b(?:won'?t|will not|can'?t) wake (?:up|him|her)\b",
    r"\b(?:isn'?t|is not|not) responding\b",
    r"\b(?:severe|crushing|sudden|bad|terrible|sharp) (?:\w+ )?chest pain\b",
    r"\bchest pain (?:right )?now\b",
    r"\bpain in (?:my|her|his) chest\b",
    r"\b(?:bleeding|blood)\b.*\b(?:won'?t|will not|doesn'?t|does not|can'?t|cannot) stop\b",
    r"\b(?:bleeding (?:heavily|a lot|badly)|heavy bleeding|bleeding so much)\b",
    r"\b(?:call|need|get|send) (?:an |the )?ambulance\b",
    r"\bcall(?:ing)? 911\b",
    r"^\s*(?:this is an )?emergency\W*$",
)

SELF_HARM_INTENT = "report_self_harm"
EMERGENCY_INTENT = "report_emergency"


def compile_patterns(patterns: Iterable[str]) -> re.Pattern[str]:
    """Join patterns into one case-insensitive regular expression."""
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns), re.IGNORECASE)


def normalise_text(text: str) -> str:
    """Fold typographic apostrophes (U+2018, U+2019) into ASCII ones."""
    return text.replace("\u2019", "'").replace("\u2018", "'")


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class SafetyNet(GraphComponent, IntentClassifier):
    """Forces the safety intents when a message matches a safety pattern."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """The patterns and the intents they lead to (overridable in config.yml)."""
        return {
            "self_harm_intent": SELF_HARM_INTENT,
            "self_harm_patterns": list(SELF_HARM_PATTERNS),
            "emergency_intent": EMERGENCY_INTENT,
            "emergency_patterns": list(EMERGENCY_PATTERNS),
        }

    def __init__(self, config: dict[str, Any]) -> None:
        """Compiles the configured patterns, self-harm first."""
        self._rules = [
            (config["self_harm_intent"], compile_patterns(config["self_harm_patterns"])),
            (config["emergency_intent"], compile_patterns(config["emergency_patterns"])),
        ]

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SafetyNet:
        """Creates the component from its configuration."""
        return cls({**cls.get_default_config(), **config})

    def match(self, text: str) -> str | None:
        """Return the safety intent a text calls for, or None."""
        text = normalise_text(text)
        for intent, pattern in self._rules:
            if pattern.search(text):
                return intent
        return None

    def process(self, messages: list[Message]) -> list[Message]:
        """Overrides the predicted intent of messages that match a safety pattern."""
        for message in messages:
            intent = self.match(message.get(TEXT) or "")
            if intent is None:
                continue
            forced = {INTENT_NAME_KEY: intent, "confidence": 1.0}
            message.set(INTENT, forced, add_to_output=True)
            ranking = [
                entry
                for entry in message.get(INTENT_RANKING_KEY) or []
                if entry.get(INTENT_NAME_KEY) != intent
            ]
            message.set(INTENT_RANKING_KEY, [forced, *ranking], add_to_output=True)
        return messages

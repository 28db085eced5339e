"""The safety net sends emergencies to 911 and self-harm to 988, and leaves questions alone."""

from __future__ import annotations

from typing import Any

import pytest
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from components.safety_net import SafetyNet


@pytest.fixture(scope="module")
def net() -> SafetyNet:
    return SafetyNet(SafetyNet.get_default_config())


SELF_HARM = [
    "i want to kill myself",
    "I'm thinking about suicide",
    "i'm going to take my life",
    "im gonna end my life tonight",
    "i want to end it all",
    "I don't want to live anymore",
    "i just want to die",
    "everyone would be better off without me",
    "my wife says she wants to kill herself",
    "I\u2019ve been hurting myself",
    "thinking about self-harm",
    "i cut myself and it's bleeding a lot",  # self-harm wins over the emergency
]

EMERGENCY = [
    "i can't breathe",
    "I can\u2019t breathe right now",
    "my husband just collapsed and he is not breathing",
    "he fainted and isn't responding",
    "she is having a seizure",
    "there is so much blood and it won't stop",
    "i have crushing chest pain",
    "sudden sharp chest pain",
    "my mom passed out",
    "please call an ambulance",
    "emergency!",
    "she won't wake up",
]

QUESTIONS = [
    "what are the symptoms?",
    "is shortness of breath a sign of mbc",
    "can seizures be a symptom of brain metastases",
    "i don't want to die, what are my options",
    "i want to die at home with my family, how does hospice work",
    "will this cancer take my life",
    "what is end of life care",
    "how long can i live with stage 4",
    "should i stop my medicine",
    "is bleeding a side effect of targeted therapy",
    "what is an emergency room for",
    "i take myself to chemo every week",
    "",
]


@pytest.mark.parametrize("text", SELF_HARM)
def test_self_harm_is_recognised(net: SafetyNet, text: str) -> None:
    assert net.match(text) == "report_self_harm"


@pytest.mark.parametrize("text", EMERGENCY)
def test_emergencies_happening_now_are_recognised(net: SafetyNet, text: str) -> None:
    assert net.match(text) == "report_emergency"


@pytest.mark.parametrize("text", QUESTIONS)
def test_questions_are_left_to_the_classifier(net: SafetyNet, text: str) -> None:
    assert net.match(text) is None


def classified(text: str, intent: str, confidence: float) -> Message:
    ranking: list[dict[str, Any]] = [
        {"name": intent, "confidence": confidence},
        {"name": "report_emergency", "confidence": 0.01},
    ]
    return Message(
        data={
            TEXT: text,
            INTENT: {"name": intent, "confidence": confidence},
            INTENT_RANKING_KEY: ranking,
        }
    )


def test_process_overrides_a_confident_wrong_prediction(net: SafetyNet) -> None:
    (message,) = net.process([classified("he fainted and isn't responding", "treatment", 0.99)])
    assert message.get(INTENT) == {"name": "report_emergency", "confidence": 1.0}
    ranking = [entry["name"] for entry in message.get(INTENT_RANKING_KEY)]
    assert ranking == ["report_emergency", "treatment"]


def test_process_overrides_the_fallback(net: SafetyNet) -> None:
    (message,) = net.process([classified("i wanna end my life", "nlu_fallback", 0.45)])
    assert message.get(INTENT)["name"] == "report_self_harm"


def test_process_keeps_other_predictions(net: SafetyNet) -> None:
    before = classified("what is palliative care", "palliative", 0.97)
    (message,) = net.process([before])
    assert message.get(INTENT) == {"name": "palliative", "confidence": 0.97}


def test_patterns_can_be_configured(net: SafetyNet) -> None:
    custom = SafetyNet({**SafetyNet.get_default_config(), "emergency_patterns": [r"\bmayday\b"]})
    assert custom.match("MAYDAY mayday") == "report_emergency"
    assert custom.match("i can't breathe") is None

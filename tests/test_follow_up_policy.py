"""The FollowUpPolicy answers a deferred follow-up inside the previous answer's topic family,
only on good evidence, and listens after it; otherwise it has no opinion."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from components.follow_up_policy import FollowUpPolicy

pytestmark = pytest.mark.unit

DOMAIN = Domain.from_yaml(
    """
version: "3.1"
intents:
  - greet
  - trials:
      is_retrieval_intent: true
  - support:
      is_retrieval_intent: true
responses:
  utter_greet:
  - text: hi
  utter_defer:
  - text: I don't know
  utter_trials/find:
  - text: how to find a trial
  utter_trials/what_are:
  - text: what trials are
  utter_support/emotional:
  - text: support
actions:
  - utter_trials
  - utter_support
"""
)
GOOD = {"answer": "trials/find", "share": 0.03, "confidence": 0.87, "similarity": 0.33}


@pytest.fixture(scope="module")
def policy(tmp_path_factory: pytest.TempPathFactory) -> FollowUpPolicy:
    storage = LocalModelStorage(tmp_path_factory.mktemp("policy"))
    context = ExecutionContext(GraphSchema({}), "test")
    return FollowUpPolicy(FollowUpPolicy.get_default_config(), storage, Resource("p"), context)


def user(text: str, intent: str, context: dict[str, Any] | None = None) -> UserUttered:
    parse = {"intent": {"name": intent, "confidence": 0.9}, "answer_context": context or {}}
    return UserUttered(text, {"name": intent, "confidence": 0.9}, parse_data=parse)


def tracker(*events: Any) -> DialogueStateTracker:
    return DialogueStateTracker.from_events("t", [ActionExecuted(ACTION_LISTEN_NAME), *events])


def predicted(policy: FollowUpPolicy, state: DialogueStateTracker) -> str | None:
    prediction = policy.predict_action_probabilities(state, DOMAIN)
    if max(prediction.probabilities) == 0:
        return None
    return DOMAIN.action_names_or_texts[prediction.max_confidence_index]


def after_trials(*events: Any) -> DialogueStateTracker:
    return tracker(
        user("what are clinical trials", "trials"),
        ActionExecuted("utter_trials"),
        ActionExecuted(ACTION_LISTEN_NAME),
        *events,
    )


def test_a_deferred_follow_up_is_answered_in_the_previous_family(policy: FollowUpPolicy) -> None:
    state = after_trials(user("ok how do i find one", "nlu_fallback", {"trials": GOOD}))
    assert predicted(policy, state) == "utter_trials"


def test_after_its_answer_it_listens(policy: FollowUpPolicy) -> None:
    state = after_trials(
        user("ok how do i find one", "nlu_fallback", {"trials": GOOD}),
        ActionExecuted("utter_trials"),
    )
    assert predicted(policy, state) == ACTION_LISTEN_NAME


@pytest.mark.parametrize(
    "evidence",
    [
        {**GOOD, "confidence": 0.39},  # the family's best answer is not clear
        {**GOOD, "similarity": 0.29},  # nothing like its examples
        {**GOOD, "confidence": 0.2, "similarity": 0.1},  # neither
    ],
)
def test_weak_evidence_leaves_the_deferral(
    policy: FollowUpPolicy, evidence: dict[str, Any]
) -> None:
    state = after_trials(user("ok how do i find one", "nlu_fallback", {"trials": evidence}))
    assert predicted(policy, state) is None


def test_no_opinion_when_the_previous_answer_was_not_a_topic(policy: FollowUpPolicy) -> None:
    state = tracker(
        user("hi", "greet"),
        ActionExecuted("utter_greet"),
        ActionExecuted(ACTION_LISTEN_NAME),
        user("ok how do i find one", "nlu_fallback", {"trials": GOOD}),
    )
    assert predicted(policy, state) is None


def test_no_opinion_on_an_understood_message(policy: FollowUpPolicy) -> None:
    state = after_trials(user("how do i find support", "support", {"trials": GOOD}))
    assert predicted(policy, state) is None


def test_no_opinion_on_a_long_new_question(policy: FollowUpPolicy) -> None:
    long = (
        "so my sister and i were talking last night about everything and we wondered how one finds"
    )
    state = after_trials(user(long, "nlu_fallback", {"trials": GOOD}))
    assert predicted(policy, state) is None


def test_it_outranks_the_rules(policy: FollowUpPolicy) -> None:
    assert policy.priority > 6  # RulePolicy's priority: its deferral rule must not win a tie


def test_the_policy_is_in_the_configuration() -> None:
    config = (Path(__file__).resolve().parent.parent / "config.yml").read_text(encoding="utf-8")
    assert "components.follow_up_policy.FollowUpPolicy" in config

"""Follow-ups stay in the topic they follow: "how do I find one?" after the clinical-trials answer.

A short follow-up names little ("what about men?", "how common is that?"), so on its own the NLU
defers it. When the previous answer was a curated topic answer of family F and the message was
deferred, this policy answers inside F, but only when the AnswerGate's evidence for F's best
answer on this message (``answer_context``) passes this policy's thresholds. Otherwise it
abstains and the deferral stands. Right after such an answer it predicts ``action_listen``.
"""

from __future__ import annotations

from typing import Any

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from components.answer_gate import CONTEXT_EVIDENCE, FALLBACK_INTENT, AnswerGate


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False
)
class FollowUpPolicy(Policy):
    """Answers a deferred follow-up inside the previous answer's family, on good evidence."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Thresholds for the evidence, the longest follow-up, and a priority above rules."""
        return {
            "priority": 7,  # RulePolicy's is 6: this one decides only where it is sure
            "max_words": 15,
            # The previous answer, not the selector, says which family a short follow-up is in:
            # its share of the selector is noise, so only confidence and similarity count.
            "min_family_share": 0.0,
            "min_answer_confidence": 0.4,
            "min_similarity": 0.3,
        }

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        featurizer: Any = None,
    ) -> None:
        """Keeps the configuration."""
        super().__init__(
            {**self.get_default_config(), **config},
            model_storage,
            resource,
            execution_context,
            featurizer,
        )

    def train(
        self, training_trackers: list[TrackerWithCachedStates], domain: Domain, **kwargs: Any
    ) -> Resource:
        """Nothing to learn: the evidence comes from the NLU pipeline."""
        return self._resource

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        """The previous family's answer, ``action_listen`` after it, or no opinion."""
        probabilities = self._default_predictions(domain)
        message = tracker.latest_message
        deferred = message is not None and (message.intent or {}).get("name") == FALLBACK_INTENT
        action = None
        if not deferred:
            pass
        elif tracker.latest_action_name == ACTION_LISTEN_NAME:
            family = self.follow_up_family(tracker, domain)
            action = f"utter_{family}" if family else None
        elif self._is_topic_answer(tracker.latest_action_name, domain):
            action = ACTION_LISTEN_NAME  # only this policy answers a deferred message so
        if action is not None:
            probabilities[domain.index_for_action(action)] = 1.0
        return self._prediction(probabilities)

    @staticmethod
    def _is_topic_answer(action: str | None, domain: Domain) -> bool:
        return bool(action) and str(action).removeprefix("utter_") in domain.retrieval_intents

    def follow_up_family(self, tracker: DialogueStateTracker, domain: Domain) -> str | None:
        """The family to answer in, when the latest message is a deferred follow-up."""
        message = tracker.latest_message
        if message is None or len((message.text or "").split()) > self.config["max_words"]:
            return None
        previous = self._previous_action(tracker)
        if not self._is_topic_answer(previous, domain):
            return None
        family = str(previous).removeprefix("utter_")
        context = message.parse_data.get(CONTEXT_EVIDENCE) or {}
        evidence = context.get(family)
        if evidence is None or AnswerGate.weak_evidence(evidence, self.config) is not None:
            return None
        return family

    @staticmethod
    def _previous_action(tracker: DialogueStateTracker) -> str | None:
        """The last action before the latest user message, other than listening."""
        seen_user = False
        for event in reversed(tracker.events):
            if isinstance(event, UserUttered):
                if seen_user:
                    return None  # two user messages with no answer in between
                seen_user = True
            elif (
                seen_user
                and isinstance(event, ActionExecuted)
                and event.action_name != ACTION_LISTEN_NAME
            ):
                return event.action_name
        return None

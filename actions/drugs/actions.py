"""Drug lookup actions: what a drug is, which drugs share a class, a drug's typical side effects.

Drug and class mentions arrive as ``drug`` / ``drug_class`` entities whose values are canonical
(generic name, class id), set by the NLU pipeline's DrugRecognizer from the drug catalogue
(mbc_knowledge); the actions look them up by that id and never resolve names again. The slots
``drug`` and ``drug_class`` remember the last ones, for follow-ups such as "what are its side
effects?". Every sentence the user sees is a domain response; these actions only choose and fill
them.
"""

from __future__ import annotations

import logging
import re
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.drugs.repository import DrugRepository
from actions.drugs.service import drug_repository
from actions.drugs.stop_words import english_stop_words
from mbc_knowledge import WORD, Drug, DrugClass

logger = logging.getLogger(__name__)

DRUG_SLOT = "drug"
CLASS_SLOT = "drug_class"

# Words of a follow-up question that name nothing: "what are its side effects?",
# "which other drugs are in that class?". A message made only of these refers back to the slots.
FOLLOW_UP_WORDS = english_stop_words() | {
    "side", "effects", "effect", "drug", "drugs", "medicine", "medicines", "medication",
    "medications", "class", "group", "kind", "type", "same", "similar", "like", "list",
    "common", "typical", "usual", "cause", "causes", "tell", "know", "want", "s", "don", "t",
    # "is it chemo?", "is that a hormone pill?", "what else is in its family?"
    "chemo", "chemotherapy", "hormone", "hormonal", "therapy", "targeted", "immunotherapy",
    "pill", "pills", "tablet", "tablets", "infusion", "shot", "injection", "family", "category",
    "others", "belong", "belongs", "give", "make", "strong", "kinds", "types",
}  # fmt: skip

# A message that asks both what a drug is and what its side effects are gets both answers.
ASKS_SIDE_EFFECTS = re.compile(r"\bside[- ]?effects?\b", re.IGNORECASE)
ASKS_WHAT_IT_IS = re.compile(
    r"\b(?:what(?:'s| is)(?! the side)|what (?:kind|type|class) of|tell me about|explain)\b",
    re.IGNORECASE,
)

# An SMS (at most 459 characters) lists a class's drugs with their brand names, "palbociclib
# (Ibrance)", when that list is at most this long; the rest of the message (the template's words
# and the longest class name) takes about 150 characters. Longer lists (chemotherapy's sixteen
# drugs) give generic names only. tests/test_sms_content.py checks every class's message.
MAX_SMS_MEMBERS_CHARS = 300

RepositoryFactory = Callable[[], DrugRepository]


def refers_back(text: str) -> bool:
    """True when a message names nothing new, so "it" / "that class" mean the last ones."""
    return all(word in FOLLOW_UP_WORDS for word in WORD.findall(text.lower()))


def latest_entity(tracker: Tracker, entity: str) -> str | None:
    """The canonical value of an entity in the latest user message, if any."""
    return next(iter(tracker.get_latest_entity_values(entity)), None)


def canonical_id(value: Any) -> str | None:
    """A slot or entity value as a canonical id; anything but a non-empty string is none."""
    return value if isinstance(value, str) and value else None


class DrugAction(Action, ABC):
    """Shared plumbing: the repository, and a helpful reply when it fails (abstract)."""

    def __init__(self, repository: RepositoryFactory = drug_repository) -> None:
        """Reads drugs through ``repository()`` (the configured database by default)."""
        self._repository = repository

    @abstractmethod
    def name(self) -> str:
        """The action's name in the domain."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """Answers, or says the lookup failed and where to turn instead."""
        try:
            return self.answer(dispatcher, tracker, self._repository())
        except SQLAlchemyError:
            logger.exception("drug knowledge base unavailable")
            dispatcher.utter_message(response="utter_drug_lookup_failed")
            return []

    @abstractmethod
    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, repository: DrugRepository
    ) -> list[EventType]:
        """The action's own answer."""

    @staticmethod
    def mentioned_drug(tracker: Tracker, repository: DrugRepository) -> Drug | None:
        """The drug named in the latest message or, for a follow-up, the last one discussed."""
        generic = latest_entity(tracker, DRUG_SLOT)
        if generic is None and refers_back(tracker.latest_message.get("text") or ""):
            generic = tracker.get_slot(DRUG_SLOT)
        generic = canonical_id(generic)
        return repository.drug(generic) if generic else None

    def mentioned_drug_and_class(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, repository: DrugRepository
    ) -> tuple[Drug, DrugClass] | None:
        """The drug asked about and its class; when there is none, says so (or asks which)."""
        drug = self.mentioned_drug(tracker, repository)
        if drug is None:
            unknown_or_ask(dispatcher, tracker)
            return None
        drug_class = repository.drug_class(drug.class_id)
        assert drug_class is not None  # every drug is in a class (tests/test_knowledge.py)
        return drug, drug_class

    @staticmethod
    def remember(drug: Drug) -> list[EventType]:
        """Slots for follow-up questions."""
        return [SlotSet(DRUG_SLOT, drug.generic), SlotSet(CLASS_SLOT, drug.class_id)]


def unknown_or_ask(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """Reply when no known drug was found: ask which one, or say it is not one we know."""
    text = tracker.latest_message.get("text") or ""
    dispatcher.utter_message(
        response="utter_ask_which_drug" if refers_back(text) else "utter_drug_unknown"
    )


def describe(dispatcher: CollectingDispatcher, drug: Drug, drug_class: DrugClass) -> None:
    """A drug's names and class, the class description and what the seeds say it is used for."""
    dispatcher.utter_message(
        response="utter_drug_info",
        generic=drug.generic,
        brands=", ".join(drug.brands),
        class_name=drug_class.name,
    )
    if drug_class.description:
        dispatcher.utter_message(
            response="utter_drug_class_description", class_description=drug_class.description
        )
    if drug.uses:
        dispatcher.utter_message(
            response="utter_drug_uses", generic=drug.generic, drug_uses=drug.uses
        )


def describe_side_effects(
    dispatcher: CollectingDispatcher,
    drug: Drug,
    drug_class: DrugClass,
    repository: DrugRepository,
) -> None:
    """The seeds' typical side effects for the drug's therapy type, or that they list none."""
    therapy_type = drug_class.side_effects
    side_effects = repository.side_effects(therapy_type) if therapy_type else None
    if therapy_type and side_effects:
        dispatcher.utter_message(
            response="utter_drug_side_effects",
            generic=drug.generic,
            therapy_type=therapy_type.replace("_", " "),
            side_effects=side_effects,
        )
    else:
        dispatcher.utter_message(
            response="utter_drug_side_effects_not_listed",
            generic=drug.generic,
            class_name=drug_class.name,
        )


class ActionDescribeDrug(DrugAction):
    """What is X / what class is X / is X chemo / brand or generic name of X."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_describe_drug"

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, repository: DrugRepository
    ) -> list[EventType]:
        """The drug's names and class, the class description and the drug's uses."""
        found = self.mentioned_drug_and_class(dispatcher, tracker, repository)
        if found is None:
            return []
        drug, drug_class = found
        describe(dispatcher, drug, drug_class)
        dispatcher.utter_message(response="utter_drug_care_team")
        if ASKS_SIDE_EFFECTS.search(tracker.latest_message.get("text") or ""):
            describe_side_effects(dispatcher, drug, drug_class, repository)
        return self.remember(drug)


class ActionListClassDrugs(DrugAction):
    """Which drugs are in class C (or in the class of drug X, or of the last drug)."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_list_class_drugs"

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, repository: DrugRepository
    ) -> list[EventType]:
        """Every member of the class, generic (brand), in the seeds' order."""
        drug_class = self._mentioned_class(tracker, repository)
        if drug_class is None:
            dispatcher.utter_message(response="utter_ask_which_class")
            return []
        members = repository.members(drug_class.id)
        labels = ", ".join(drug.label for drug in members)
        generics = ", ".join(drug.generic for drug in members)
        dispatcher.utter_message(
            response="utter_class_drugs",
            class_name=drug_class.name,
            members=labels,
            # SMS, where space is short: brand names where they fit
            sms_members=labels if len(labels) <= MAX_SMS_MEMBERS_CHARS else generics,
        )
        return [SlotSet(CLASS_SLOT, drug_class.id)]

    def _mentioned_class(self, tracker: Tracker, repository: DrugRepository) -> DrugClass | None:
        class_id = canonical_id(latest_entity(tracker, CLASS_SLOT))
        if class_id is None:
            generic = canonical_id(latest_entity(tracker, DRUG_SLOT))
            drug = repository.drug(generic) if generic else None
            class_id = drug.class_id if drug else None
        if class_id is None and refers_back(tracker.latest_message.get("text") or ""):
            class_id = canonical_id(tracker.get_slot(CLASS_SLOT))
        return repository.drug_class(class_id) if class_id else None


class ActionDescribeDrugSideEffects(DrugAction):
    """Side effects of X: the seeds' typical list for X's therapy type."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_describe_drug_side_effects"

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, repository: DrugRepository
    ) -> list[EventType]:
        """The list for the drug's therapy type, or that the seeds give none for its class."""
        found = self.mentioned_drug_and_class(dispatcher, tracker, repository)
        if found is None:
            return []
        drug, drug_class = found
        text = tracker.latest_message.get("text") or ""
        if ASKS_WHAT_IT_IS.search(text) and not refers_back(text):
            describe(dispatcher, drug, drug_class)
        describe_side_effects(dispatcher, drug, drug_class, repository)
        return self.remember(drug)

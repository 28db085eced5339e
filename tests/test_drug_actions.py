"""Every path of the drug actions, on Trackers built in code over an in-memory repository."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import OperationalError

from actions.drugs.actions import (
    ActionDescribeDrug,
    ActionDescribeDrugSideEffects,
    ActionListClassDrugs,
    DrugAction,
    refers_back,
)
from actions.drugs.repository import DrugRepository
from tests.drugs import KNOWLEDGE, sqlite_repository

pytestmark = pytest.mark.unit

REPOSITORY = sqlite_repository()


def tracker(
    text: str,
    drug: str | None = None,
    drug_class: str | None = None,
    slots: dict[str, str] | None = None,
) -> Tracker:
    """A tracker whose latest message has these entities, with these slots remembered."""
    entities = [{"entity": "drug", "value": drug}] if drug else []
    entities += [{"entity": "drug_class", "value": drug_class}] if drug_class else []
    return Tracker(
        sender_id="test",
        slots={"drug": None, "drug_class": None, **(slots or {})},
        latest_message={
            "text": text,
            "intent": {"name": "x", "confidence": 1.0},
            "entities": entities,
        },
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


async def run(action: DrugAction, tracker: Tracker) -> tuple[list[dict[str, Any]], list[Any]]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, {})
    return dispatcher.messages, events


def responses(messages: list[dict[str, Any]]) -> list[str]:
    return [message["response"] for message in messages]


def repository() -> DrugRepository:
    return REPOSITORY


# --- what is X ---------------------------------------------------------------------------


async def test_describe_a_drug_with_a_use() -> None:
    messages, events = await run(
        ActionDescribeDrug(repository), tracker("what is orserdu", drug="elacestrant")
    )
    assert responses(messages) == [
        "utter_drug_info",
        "utter_drug_class_description",
        "utter_drug_uses",
        "utter_drug_care_team",
    ]
    info = messages[0]
    assert (info["generic"], info["brands"], info["class_name"]) == (
        "elacestrant",
        "Orserdu",
        "Hormone therapy (endocrine therapy)",
    )
    assert messages[2]["drug_uses"] == (
        "may be used when a hormone receptor-positive, HER2-negative (HR+/HER2-) tumor has an "
        "ESR1 gene mutation"
    )
    assert events == [SlotSet("drug", "elacestrant"), SlotSet("drug_class", "hormone_therapy")]


async def test_describe_a_drug_whose_class_the_seeds_do_not_describe() -> None:
    messages, events = await run(
        ActionDescribeDrug(repository), tracker("what is afinitor", drug="everolimus")
    )
    assert responses(messages) == ["utter_drug_info", "utter_drug_care_team"]
    assert messages[0]["class_name"] == "mTOR inhibitors"
    assert events[1] == SlotSet("drug_class", "mtor_inhibitors")


@pytest.mark.parametrize("drug", KNOWLEDGE.drugs, ids=lambda drug: drug.generic)
async def test_every_drug_is_described_in_its_class(drug: Any) -> None:
    messages, _ = await run(
        ActionDescribeDrug(repository), tracker("what is it", drug=drug.generic)
    )
    expected_class = next(cls for cls in KNOWLEDGE.classes if cls.id == drug.class_id)
    assert messages[0]["class_name"] == expected_class.name
    assert messages[0]["brands"] == ", ".join(drug.brands)


async def test_an_unknown_drug_is_not_guessed_even_with_a_drug_in_memory() -> None:
    messages, events = await run(
        ActionDescribeDrug(repository), tracker("what is ibuprofen", slots={"drug": "tamoxifen"})
    )
    assert responses(messages) == ["utter_drug_unknown"]
    assert events == []


# --- side effects of X -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("generic", "therapy_type"),
    [
        ("tamoxifen", "hormone_therapy"),
        ("capecitabine", "chemotherapy"),
        ("trastuzumab", "targeted_therapy"),
    ],
)
async def test_side_effects_are_the_list_of_the_therapy_type(
    generic: str, therapy_type: str
) -> None:
    messages, events = await run(
        ActionDescribeDrugSideEffects(repository), tracker("side effects?", drug=generic)
    )
    assert responses(messages) == ["utter_drug_side_effects"]
    assert messages[0]["side_effects"] == KNOWLEDGE.side_effects[therapy_type]
    assert messages[0]["therapy_type"] == therapy_type.replace("_", " ")
    assert events[0] == SlotSet("drug", generic)


async def test_side_effects_not_in_the_seeds_are_not_invented() -> None:
    messages, _ = await run(
        ActionDescribeDrugSideEffects(repository),
        tracker("side effects of ibrance", drug="palbociclib"),
    )
    assert responses(messages) == ["utter_drug_side_effects_not_listed"]
    assert messages[0]["class_name"] == "CDK4/6 inhibitors"


async def test_follow_up_side_effects_use_the_last_drug() -> None:
    messages, events = await run(
        ActionDescribeDrugSideEffects(repository),
        tracker("what are its side effects?", slots={"drug": "letrozole"}),
    )
    assert responses(messages) == ["utter_drug_side_effects"]
    assert messages[0]["generic"] == "letrozole"
    assert events[0] == SlotSet("drug", "letrozole")


async def test_side_effects_of_an_unknown_drug_do_not_fall_back_to_the_last_one() -> None:
    messages, events = await run(
        ActionDescribeDrugSideEffects(repository),
        tracker("side effects of metformin", slots={"drug": "letrozole"}),
    )
    assert responses(messages) == ["utter_drug_unknown"]
    assert events == []


async def test_side_effects_without_any_drug_ask_which() -> None:
    messages, _ = await run(
        ActionDescribeDrugSideEffects(repository), tracker("what are the side effects")
    )
    assert responses(messages) == ["utter_ask_which_drug"]


# --- which drugs are in class C ----------------------------------------------------------


# What a person reads for each class: written out, so that a change in how drugs are named or
# which drugs a class holds shows up here.
CLASS_MEMBERS = {
    "hormone_therapy": "anastrozole (Arimidex), elacestrant (Orserdu), exemestane (Aromasin), "
    "fulvestrant (Faslodex), goserelin (Zoladex), letrozole (Femara), leuprolide (Lupron), "
    "megestrol acetate (Megace), tamoxifen (Nolvadex), toremifene (Fareston)",
    "cdk46_inhibitors": "abemaciclib (Verzenio), palbociclib (Ibrance), ribociclib (Kisqali)",
    "mtor_inhibitors": "everolimus (Afinitor)",
    "pi3k_inhibitors": "alpelisib (Piqray), inavolisib (Itovebi)",
    "akt_inhibitors": "capivasertib (Truqap)",
    "her2_targeted": "ado-trastuzumab emtansine (Kadcyla), lapatinib (Tykerb), margetuximab "
    "(Margenza), neratinib (Nerlynx), pertuzumab (Perjeta), trastuzumab (Herceptin), trastuzumab "
    "deruxtecan (Enhertu), tucatinib (Tukysa)",
    "parp_inhibitors": "olaparib (Lynparza), talazoparib (Talzenna)",
    "checkpoint_immunotherapy": "pembrolizumab (Keytruda)",
    "trop2_adc": "sacituzumab govitecan (Trodelvy)",
    "chemotherapy": "capecitabine (Xeloda), carboplatin (Paraplatin), cisplatin (Platinol), "
    "cyclophosphamide (Cytoxan), docetaxel (Taxotere), doxorubicin (Adriamycin), epirubicin "
    "(Ellence), eribulin (Halaven), 5-fluorouracil (Adrucil), gemcitabine (Gemzar), ixabepilone "
    "(Ixempra), liposomal doxorubicin (Doxil), methotrexate (Maxtrex), paclitaxel (Taxol), "
    "paclitaxel, albumin bound (Abraxane), vinorelbine (Navelbine)",
}


def test_every_class_has_its_expected_members() -> None:
    assert sorted(CLASS_MEMBERS) == sorted(cls.id for cls in KNOWLEDGE.classes)


@pytest.mark.parametrize(
    ("drug_class", "members"), sorted(CLASS_MEMBERS.items()), ids=sorted(CLASS_MEMBERS)
)
async def test_every_class_lists_all_its_members(drug_class: str, members: str) -> None:
    messages, events = await run(
        ActionListClassDrugs(repository), tracker("which drugs are in it", drug_class=drug_class)
    )
    assert responses(messages) == ["utter_class_drugs"]
    assert messages[0]["members"] == members
    assert events == [SlotSet("drug_class", drug_class)]


@pytest.mark.parametrize(
    ("drug_class", "sms_members"),
    [
        ("parp_inhibitors", "olaparib (Lynparza), talazoparib (Talzenna)"),
        ("her2_targeted", "ado-trastuzumab emtansine (Kadcyla), lapatinib (Tykerb), "),
        ("chemotherapy", "capecitabine, carboplatin, cisplatin, "),  # too long with brands
    ],
)
async def test_the_sms_list_gives_brand_names_where_they_fit(
    drug_class: str, sms_members: str
) -> None:
    messages, _ = await run(
        ActionListClassDrugs(repository), tracker("which drugs", drug_class=drug_class)
    )
    assert messages[0]["sms_members"].startswith(sms_members)


async def test_class_of_a_named_drug() -> None:
    messages, _ = await run(
        ActionListClassDrugs(repository), tracker("what else is like ibrance", drug="palbociclib")
    )
    assert messages[0]["members"] == (
        "abemaciclib (Verzenio), palbociclib (Ibrance), ribociclib (Kisqali)"
    )


async def test_follow_up_class_uses_the_last_class() -> None:
    messages, _ = await run(
        ActionListClassDrugs(repository),
        tracker("which other drugs are in that class", slots={"drug_class": "parp_inhibitors"}),
    )
    assert messages[0]["members"] == "olaparib (Lynparza), talazoparib (Talzenna)"


async def test_no_class_asks_which() -> None:
    messages, events = await run(ActionListClassDrugs(repository), tracker("which drugs?"))
    assert responses(messages) == ["utter_ask_which_class"]
    assert events == []


# --- failures and helpers ----------------------------------------------------------------


@pytest.mark.parametrize(
    "action", [ActionDescribeDrug, ActionDescribeDrugSideEffects, ActionListClassDrugs]
)
async def test_a_failing_database_gets_a_helpful_reply(action: type[DrugAction]) -> None:
    def broken() -> DrugRepository:
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    messages, events = await run(action(broken), tracker("what is ibrance", drug="palbociclib"))
    assert responses(messages) == ["utter_drug_lookup_failed"]
    assert events == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("what are its side effects?", True),
        ("which other drugs are in that class", True),
        ("what are the side effects", True),
        ("side effects of metformin", False),
        ("what is ibuprofen", False),
    ],
)
def test_refers_back(text: str, expected: bool) -> None:
    assert refers_back(text) is expected


def test_stop_words_are_spacys_without_importing_spacy() -> None:
    import subprocess
    import sys

    from spacy.lang.en.stop_words import STOP_WORDS

    from actions.drugs.stop_words import english_stop_words

    assert english_stop_words() == frozenset(STOP_WORDS)
    probe = (
        "import sys, actions.drugs.actions; "
        "print('spacy' in sys.modules, 'tensorflow' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "False"]


# --- compound questions and follow-ups (issue 13) -------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["what is ibrance and what are its side effects", "tell me about ibrance, side effects?"],
)
async def test_what_it_is_and_its_side_effects_answers_both(text: str) -> None:
    messages, _ = await run(ActionDescribeDrug(repository), tracker(text, drug="palbociclib"))
    assert responses(messages) == [
        "utter_drug_info",
        "utter_drug_class_description",
        "utter_drug_care_team",
        "utter_drug_side_effects_not_listed",
    ]


async def test_side_effects_then_what_it_is_answers_both() -> None:
    messages, _ = await run(
        ActionDescribeDrugSideEffects(repository),
        tracker("what is xeloda and what side effects does it have", drug="capecitabine"),
    )
    assert responses(messages) == [
        "utter_drug_info",
        "utter_drug_class_description",
        "utter_drug_side_effects",
    ]


@pytest.mark.parametrize(
    "text",
    ["what are the side effects of xeloda", "what are xeloda's side effects", "side efects xeloda"],
)
async def test_side_effects_alone_are_not_a_description(text: str) -> None:
    messages, _ = await run(
        ActionDescribeDrugSideEffects(repository), tracker(text, drug="capecitabine")
    )
    assert responses(messages) == ["utter_drug_side_effects"]


@pytest.mark.parametrize(
    "text", ["is it chemo?", "is that a hormone pill", "what kind of drug is it"]
)
async def test_is_it_chemo_describes_the_last_drug(text: str) -> None:
    messages, events = await run(
        ActionDescribeDrug(repository),
        tracker(text, slots={"drug": "letrozole", "drug_class": "hormone_therapy"}),
    )
    assert messages[0]["response"] == "utter_drug_info"
    assert messages[0]["generic"] == "letrozole"
    assert SlotSet("drug", "letrozole") in events


async def test_is_it_chemo_without_a_last_drug_asks_which() -> None:
    messages, _ = await run(ActionDescribeDrug(repository), tracker("is it chemo?"))
    assert responses(messages) == ["utter_ask_which_drug"]

"""The curated answers and the training data follow the project's content rules."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from tests.conftest import ROOT, Project, normalise

MAX_WEB_WORDS = 120
MIN_TRAINING_EXAMPLES = 20
MIN_HELDOUT_EXAMPLES = 5
HELPLINE_PHONE = "1-877-465-6636"
HELPLINE_TEL_LINK = "(tel:+18774656636)"  # the same number as a link on the web chat
# The two safety numbers may appear without being in the seeds (DEVELOPERS.md).
SAFETY_NUMBERS = {"911", "988"}
SOURCES_DOC = ROOT / "docs" / "sources.md"


def texts(project: Project, name: str) -> list[str]:
    return [variant["text"] for variant in project.responses[name]]


def source_table() -> list[list[str]]:
    """The rows of the seed table in docs/sources.md, as cells."""
    rows = [line.split("|") for line in SOURCES_DOC.read_text(encoding="utf-8").splitlines()]
    cells = [[cell.strip() for cell in row[1:-1]] for row in rows if len(row) > 4]
    table = [row for row in cells if row[0].startswith("0")]
    assert table, "docs/sources.md lists no seed documents"
    return table


def known_sources() -> list[str]:
    """Document names answers cite (the second column of docs/sources.md's table)."""
    return [row[1] for row in source_table()]


def short_sources() -> list[str]:
    """The short names SMS answers cite (the third column)."""
    return [row[2] for row in source_table()]


def test_every_topic_has_exactly_one_answer_and_every_answer_a_topic(project: Project) -> None:
    expected = {f"utter_{intent}" for intent in project.topic_intents}
    answers = {name for name in project.responses if "/" in name}
    assert expected - answers == set(), "topics without an answer"
    assert answers - expected == set(), "answers without a topic"


def test_topic_answers_are_short_enough_for_the_web(project: Project) -> None:
    too_long = {
        intent: len(text.split())
        for intent in project.topic_intents
        for text in texts(project, f"utter_{intent}")
        if len(text.split()) > MAX_WEB_WORDS
    }
    assert too_long == {}


def test_topic_answers_name_a_known_source(project: Project) -> None:
    for intent in project.topic_intents:
        for variant in project.responses[f"utter_{intent}"]:
            sms = variant.get("channel") == "twilio"
            sources = short_sources() if sms else known_sources()
            source_line = variant["text"].strip().splitlines()[-1]
            assert re.match(r"Sources?: ", source_line), f"{intent}: last line is not a source"
            assert any(
                title in source_line for title in sources
            ), f"{intent}: '{source_line}' names no document of docs/sources.md"


def test_every_figure_in_an_answer_is_in_the_seeds(project: Project, seed_text: str) -> None:
    """A number we did not take from the seeds would be an invented medical claim."""
    seed_numbers = set(re.findall(r"\d[\d,.]*\d|\d", seed_text.replace(HELPLINE_PHONE, "")))
    for name in project.responses:
        for text in texts(project, name):
            text = text.replace(HELPLINE_PHONE, "").replace(HELPLINE_TEL_LINK, "")
            for number in re.findall(r"\d[\d,.]*\d|\d", text):
                number = number.rstrip(".,")
                assert number in seed_numbers | SAFETY_NUMBERS, f"{name}: '{number}' not in seeds"


def test_every_phone_number_is_the_helpline(project: Project) -> None:
    for name in project.responses:
        for text in texts(project, name):
            for phone in re.findall(r"\b1-\d{3}-\d{3}-\d{4}\b", text):
                assert phone == HELPLINE_PHONE, f"{name}: unexpected phone number {phone}"


@pytest.mark.parametrize(
    ("response", "must_contain"),
    [
        ("utter_emergency", ["911"]),
        ("utter_self_harm", ["988", "911"]),
        ("utter_greet", ["automated assistant", "not a medical professional", "911"]),
        ("utter_helpline", [HELPLINE_PHONE, "helpline@komen.org", "Se habla español", "911"]),
        ("utter_helpline_closed_no_reopening", [HELPLINE_PHONE, "helpline@komen.org", "911"]),
        ("utter_offer_helpline", ["Komen Breast Care Helpline"]),
        ("utter_no_medical_advice", ["health care team"]),
    ],
)
def test_safety_responses_say_what_they_must(
    project: Project, response: str, must_contain: list[str]
) -> None:
    for text in texts(project, response):
        for phrase in must_contain:
            assert phrase in text, f"{response} does not say '{phrase}'"


def test_greeting_offers_the_topic_buttons(project: Project) -> None:
    (greeting,) = project.responses["utter_greet"]
    titles = [button["title"] for button in greeting["buttons"]]
    assert titles == ["Symptoms", "Treatments", "Support", "Costs", "Talk to a person"]


@pytest.mark.parametrize(
    "response",
    [
        "utter_trials/find",
        "utter_costs/financial_assistance",
        "utter_costs/insurance",
        "utter_support/emotional",
        "utter_support/support_groups",
    ],
)
def test_trial_money_and_support_answers_offer_a_person(project: Project, response: str) -> None:
    for variant in project.responses[response]:  # on the web and in SMS
        assert {"title": "Talk to a person", "payload": "/contact_helpline"} in variant["buttons"]


def test_every_button_payload_is_a_known_intent_or_a_question(project: Project) -> None:
    intents = set(project.domain["intents"])
    for name, variants in project.responses.items():
        for variant in variants:
            for button in variant.get("buttons", []):
                payload = button["payload"]
                if payload.startswith("/"):
                    assert payload[1:] in intents, f"{name}: {payload} is not an intent"


def test_every_intent_has_enough_training_examples(project: Project) -> None:
    too_few = {
        intent: len(examples)
        for intent, examples in project.training.items()
        if len(examples) < MIN_TRAINING_EXAMPLES
    }
    assert too_few == {}


def test_no_example_is_repeated_or_shared_between_intents(project: Project) -> None:
    counts = Counter(normalise(ex) for examples in project.training.values() for ex in examples)
    assert [example for example, count in counts.items() if count > 1] == []


def test_heldout_covers_every_intent_with_unseen_examples(project: Project) -> None:
    assert set(project.heldout) == set(project.training)
    seen = {normalise(ex) for examples in project.training.values() for ex in examples}
    for intent, examples in project.heldout.items():
        assert len(examples) >= MIN_HELDOUT_EXAMPLES, f"{intent}: too few held-out examples"
        leaked = [ex for ex in examples if normalise(ex) in seen]
        assert leaked == [], f"{intent}: held-out examples also used for training"


def test_every_intent_is_in_the_domain_and_has_a_rule(project: Project) -> None:
    domain_intents = set(project.domain["intents"])
    families = {intent.split("/")[0] for intent in project.training}
    assert families <= domain_intents
    ruled = {step["intent"] for rule in project.rules for step in rule["steps"] if "intent" in step}
    assert families <= ruled, "every intent needs a rule answering it"


@pytest.mark.parametrize("intent", ["report_emergency", "report_self_harm"])
def test_safety_rules_apply_in_any_context(project: Project, intent: str) -> None:
    """A rule with no condition and a single turn fires in the middle of any conversation."""
    matching = [rule for rule in project.rules if rule["steps"][0].get("intent") == intent]
    assert len(matching) == 1
    (rule,) = matching
    assert "condition" not in rule
    assert "conversation_start" not in rule
    assert len(rule["steps"]) == 2


def test_every_response_is_used(project: Project) -> None:
    """Rasa's validator cannot see responses sent by actions or channels; this test can."""
    dialogue = "\n".join(
        (ROOT / "data" / name).read_text(encoding="utf-8") for name in ("rules.yml", "stories.yml")
    )
    dialogue += (ROOT / "config.yml").read_text(encoding="utf-8")
    parts = ("actions", "channels", "runtime")
    code = [path for part in parts for path in (ROOT / part).rglob("*.py")]
    action_code = "\n".join(path.read_text(encoding="utf-8") for path in code)
    sent_by_actions = set(re.findall(r'"(utter_\w+)"', action_code))
    unused = [
        name
        for name in project.responses
        if "/" not in name  # topic answers are sent by their family's retrieval action
        and not re.search(rf"\b{name}\b", dialogue)
        and name not in sent_by_actions
    ]
    assert unused == []

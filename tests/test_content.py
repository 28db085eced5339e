"""The curated answers and the training data follow the project's content rules."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from mbc_knowledge import load_catalogue
from scripts.readability import (
    grade,
    load_responses,
    mean,
    measure,
    readable_text,
)
from tests.conftest import ROOT, Project, normalise
from tests.sources import sources_dir

pytestmark = pytest.mark.unit

MAX_WEB_WORDS = 120
MIN_TRAINING_EXAMPLES = 20
MIN_HELDOUT_EXAMPLES = 5
HELPLINE_PHONE = "1-877-465-6636"
HELPLINE_TEL_LINK = "(tel:+18774656636)"  # the same number as a link on the web chat
HELPLINE_WORDS = "1-877 GO KOMEN"  # the same number as the seeds spell it
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


def label(name: str, variant: dict[str, Any]) -> str:
    """``utter_x/y [twilio]``: a response variant as failure messages name it."""
    return f"{name} [{variant.get('channel', 'web')}]"


def paragraphs(text: str) -> list[str]:
    return [block.strip() for block in re.split(r"\n\s*\n", text) if block.strip()]


def sentences(paragraph: str) -> list[str]:
    """A paragraph's sentences; each line (a list item) counts as one."""
    return [part for part in re.split(r"(?<=[.!?])\s+|\n", paragraph) if part.strip()]


# Readability (issue 14). The measure is scripts/readability.py's, which also reports the figures.
MAX_READING_GRADE = 9.0  # patient materials aim at grade 6-8
MAX_MEAN_READING_GRADE = 8.0


def test_readability_ignores_the_source_line_and_counts_each_line_as_a_sentence() -> None:
    text = (
        "Side effects may include:\n- hot flashes\n- joint stiffness\n\nAsk your team\n\nSource: X."
    )
    assert (
        readable_text(text)
        == "Side effects may include:\nhot flashes.\njoint stiffness.\nAsk your team."
    )
    assert readable_text("Your team decides. Source: Komen MBC guide.") == "Your team decides."


def test_readability_grades_only_long_texts_and_tells_plain_from_dense_ones() -> None:
    assert grade("Ask your care team what fits you.") is None
    plain = "You can ask for help when you need it. " * 4
    dense = "Comprehensive multidisciplinary evaluation determines individualized therapy. " * 5
    assert (grade(plain) or 99) < 4
    assert (grade(dense) or 0) > 12


def test_readability_script_measures_every_response(project: Project) -> None:
    assert load_responses() == project.responses


def test_every_long_response_reads_at_grade_9_or_below(project: Project) -> None:
    """Flesch-Kincaid grade (textstat 0.7.3) of each variant of 25+ words, web and SMS.

    Measured without the Source line, each line counted as a sentence (scripts/readability.py).
    """
    too_hard = sorted(
        (m for m in measure(project.responses) if m.grade > MAX_READING_GRADE),
        key=lambda m: -m.grade,
    )
    listed = "\n".join(f"{m.grade:5.1f}  {m.label}" for m in too_hard)
    assert not too_hard, f"{len(too_hard)} above grade {MAX_READING_GRADE}:\n{listed}"


def test_responses_read_at_grade_8_or_below_on_average(project: Project) -> None:
    measures = measure(project.responses)
    average = mean(measures)
    assert average <= MAX_MEAN_READING_GRADE, f"mean grade {average:.2f} of {len(measures)} texts"


# Figures against the documents an answer cites.
# A figure: a number not glued to a word (BRCA1, HER2, CDK4/6 are names), with its % or "percent".
FIGURE = re.compile(r"(?<![\w.,])(\d+(?:[.,]\d+)*)(\s?(?:%|percent\b))?")


def figures(text: str) -> list[str]:
    """The multi-digit figures and the percentages of a text (``"6%"``, ``"168,000"``).

    The helpline's number, however it is written, and the safety numbers 911 and 988 are left out.
    """
    for number in (HELPLINE_TEL_LINK, HELPLINE_PHONE, HELPLINE_WORDS):
        text = text.replace(number, "")
    found = []
    for match in FIGURE.finditer(text):
        number, percent = match[1], bool(match[2])
        if number in SAFETY_NUMBERS or not (percent or len(re.sub(r"\D", "", number)) > 1):
            continue
        found.append(f"{number}%" if percent else number)
    return found


def cited_seeds(text: str) -> list[str]:
    """The seed files a response's (last) Source line names, by docs/sources.md's table.

    SMS lines use the short names and drop a repeated "Komen " ("Komen MBC guide and MBC overview").
    """
    lines = re.findall(r"\bSources?: (.+)$", text, flags=re.MULTILINE)
    if not lines:
        return []
    line = lines[-1]
    return [
        row[0] for row in source_table() if row[1] in line or row[2].removeprefix("Komen ") in line
    ]


@cache
def seed_document(filename: str) -> str:
    return (sources_dir() / filename).read_text(encoding="utf-8")


def in_document(figure: str, document: str) -> bool:
    """Whether the document states the figure: ``6%`` as "6%" or "6 percent", 10 not in 100."""
    number = re.escape(figure.removesuffix("%"))
    after = r"\s?(?:%|percent\b)" if figure.endswith("%") else r"(?![.,]?\d)"
    return re.search(rf"(?<!\d)(?<!\d[.,]){number}{after}", document) is not None


def test_figures_are_numbers_and_percentages_not_names_or_phone_numbers() -> None:
    text = (
        "About 6% of 168,000 women, in 2.5 years; 37 percent. BRCA1, HER2, CDK4/6, 5 years, "
        "COVID-19. Call 911 or 1-877 GO KOMEN (1-877-465-6636)."
    )
    assert figures(text) == ["6%", "168,000", "2.5", "37%", "19"]


def test_cited_seeds_reads_web_and_sms_source_lines() -> None:
    web = (
        'x\n\nSources: Susan G. Komen, "Metastatic Breast Cancer" and metastatic breast cancer '
        "overview."
    )
    sms = "x\n\nSources: Komen MBC treatments guide and MBC fact sheet; MBC patient guide."
    assert cited_seeds(web) == ["000_9106edc37a2419bb.txt", "001_3e6de40d17005296.txt"]
    assert cited_seeds(sms) == [
        "002_d1a7eb66ef7c8c57.txt",
        "003_b0e43334e845211c.txt",
        "004_96c93fcf5f882ad4.txt",
    ]
    assert cited_seeds("No source here.") == []


def test_every_figure_in_an_answer_is_in_a_document_it_cites(
    project: Project, seeds_dir: Path
) -> None:
    """Each multi-digit figure and percentage must be in a seed that the Source line names.

    A figure from another document (or none) would be a claim the cited source does not make;
    an answer with figures and no Source line that names a seed fails too.
    """
    unsupported = []
    for name, variants in project.responses.items():
        for variant in variants:
            text = variant.get("text") or ""
            cited = cited_seeds(text)
            for figure in figures(text):
                if not any(in_document(figure, seed_document(seed)) for seed in cited):
                    unsupported.append(f"{label(name, variant)}: {figure} not in {cited}")
    assert not unsupported, "\n".join(unsupported)


# Drugs and drug classes: the care team decides.
GENERIC_CLASS_WORDS = [
    r"CDK ?4/6 inhibitors?",
    r"PARP inhibitors?",
    r"PI3(?:K| kinase) inhibitors?",
    r"AKT inhibitors?",
    r"mTOR inhibitors?",
    r"aromatase inhibitors?",
    r"checkpoint inhibitors?",
    r"HER2[- ]targeted",
    r"antibody[- ]drug conjugates?",
]
CARE_TEAM_DECIDES = re.compile(
    r"\b(?:health )?care team(?: \w+){0,2} (?:decides?|will decide|can help (?:you )?decide)\b"
    r"|\bdecide\b[^.]{0,40}\bwith your (?:health )?care team\b"
    r"|\bdecides? (?:which|what)\b[^.]{0,40}\bfits? you\b",
    re.IGNORECASE,
)
# Responses that name a drug or a class without saying what it is for, so need not say who decides.
NAME_DRUGS_WITHOUT_A_USE = {
    "utter_ask_which_drug": "asks which drug the person means; two names as examples to type",
    "utter_ask_which_class": "asks which kind of drug the person means; class names as examples",
    "utter_side_effects/hormone_therapy": "lists the therapy type's side effects, not its uses",
    "utter_side_effects/chemotherapy": "lists the therapy type's side effects, not its uses",
    "utter_support/read_more": "names HER2-targeted therapies as a topic of Komen's materials",
}


@cache
def drug_names() -> re.Pattern[str]:
    """Any drug (generic, brand, alias) or class name of knowledge/drugs.yml, or a class word."""
    knowledge = load_catalogue(ROOT / "knowledge" / "drugs.yml")
    names = {name for drug in knowledge.drugs for name in drug.names}
    names |= {name for drug_class in knowledge.classes for name in drug_class.names}
    alternatives = [re.escape(name) for name in sorted(names, key=len, reverse=True)]
    alternatives += GENERIC_CLASS_WORDS
    return re.compile(rf"(?<![\w-])(?:{'|'.join(alternatives)})(?![\w-])", re.IGNORECASE)


@pytest.mark.parametrize(
    ("text", "decides"),
    [
        ("Your care team decides what fits you.", True),
        ("You and your care team decide which treatment is right.", True),
        ("Please don't pause it on your own: decide with your care team.", True),
        ("Your doctor decides which drugs fit you.", True),
        ("Ask your care team about side effects.", False),
        ("Which fits depends on the biology of your tumor.", False),
    ],
)
def test_care_team_decides_phrase(text: str, decides: bool) -> None:
    assert bool(CARE_TEAM_DECIDES.search(text)) is decides


def test_drug_names_cover_generics_brands_and_classes() -> None:
    found = drug_names().findall("Ibrance, letrozole, a PARP inhibitor, chemo, HER2-targeted drugs")
    assert [name.lower() for name in found] == [
        "ibrance",
        "letrozole",
        "parp inhibitor",
        "chemo",
        "her2-targeted",
    ]
    assert drug_names().findall("BRCA1 and PIK3CA mutations, hormone receptors") == []


def test_every_answer_naming_a_drug_or_class_says_the_care_team_decides(project: Project) -> None:
    """An answer that names a drug or a drug class must say the care team decides what fits.

    Names: every generic, brand and alias of knowledge/drugs.yml, every class name and alias
    (hormone therapy, chemotherapy, immunotherapy, ...) and class words such as "PARP inhibitor"
    or "HER2-targeted". The phrase (CARE_TEAM_DECIDES): "care team decides / will decide /
    can help you decide" (up to two words between, e.g. "your care team and you decide"),
    "decide ... with your care team", or "decides which/what ... fits you".
    NAME_DRUGS_WITHOUT_A_USE lists, with reasons, the responses exempt.
    """
    assert set(NAME_DRUGS_WITHOUT_A_USE) <= set(project.responses), "stale exemption"
    undecided = []
    for name, variants in project.responses.items():
        if name in NAME_DRUGS_WITHOUT_A_USE:
            continue
        for variant in variants:
            text = variant.get("text") or ""
            named = drug_names().findall(text)
            if named and not CARE_TEAM_DECIDES.search(text):
                undecided.append(f"{label(name, variant)} names {sorted(set(named))}")
    assert not undecided, "\n".join(undecided)


# Symptoms: nobody living with MBC is told to wait.
SYMPTOM = re.compile(
    r"\b(?:symptoms?|signs?|pain|discomfort|fatigue|cough|breath(?:ing)?|seizures?|yellowing"
    r"|weight (?:loss|change))\b",
    re.IGNORECASE,
)
NOT = r"(?:don|doesn)['\u2019]?t|do not|does not"  # straight or curly apostrophe
DELAY = re.compile(
    r"\b(?:\d+|two|three|few|several) (?:days?|weeks?)\b|\bwait(?:ing)?\b"
    rf"|\bsee if (?:it|they) go(?:es)? away\b|\b(?:{NOT}) panic\b"
    rf"|\b(?:{NOT}) mean (?:that )?the (?:breast )?cancer has spread\b",
    re.IGNORECASE,
)
NOT_WAITING = re.compile(
    r"\b(?:\w+n['\u2019]t|dont|not|never|no need to|without) wait(?:ing)?\b", re.IGNORECASE
)
FATIGUE_OR_WEIGHT = re.compile(r"\bfatigue\b|\bweight (?:change|loss|gain)\b", re.IGNORECASE)
OTHER_SIGNS = re.compile(
    r"\b(?:seizures?|breath(?:ing)?|cough|yellowing|pain|discomfort)\b", re.IGNORECASE
)
AFTER_EARLY_BREAST_CANCER = re.compile(
    r"\bearl(?:y|ier)(?:[- ]stage)?\b[^.]{0,40}\bbreast cancer\b", re.IGNORECASE
)
LIVING_WITH_MBC = re.compile(
    r"\b(?:live|lives|living|people|someone|anyone) with (?:MBC|metastatic breast cancer)\b"
    r"|\b(?:you|already) have (?:MBC|metastatic breast cancer)\b",
    re.IGNORECASE,
)
TELL_CARE_TEAM = re.compile(
    r"\b(?:tell|let|contact|call|report)\b[^.]{0,60}"
    r"\b(?:care team|your team|your doctor|your oncologist|your nurse)\b",
    re.IGNORECASE,
)
NEW_OR_WORSE = re.compile(
    r"\bnew or worse(?:ning)?\b|\bworsening\b|\bany (?:new )?(?:pain|discomfort)\b"
    r"|\bnew (?:signs?|symptoms?|pain)\b",
    re.IGNORECASE,
)


def delaying_paragraphs(text: str) -> list[str]:
    """The paragraphs of a text that suggest waiting with a symptom, except as the fact sheet does.

    A paragraph suggests waiting when one of its sentences has a DELAY (a number of days or weeks,
    "wait", "see if it goes away", "don't panic", "doesn't mean the cancer has spread"; "don't
    wait" is no delay) and it, or the paragraph before it (a list it calls "these"), names a
    SYMPTOM. That is allowed only for fatigue or weight change after early breast cancer: the
    paragraph names fatigue or weight change, it or the one before speaks of early breast cancer,
    and no sentence with the delay names another sign, pain or discomfort (OTHER_SIGNS).
    """
    blocks = paragraphs(text)
    found = []
    for index, paragraph in enumerate(blocks):
        context = "\n".join(blocks[max(index - 1, 0) : index + 1])
        delays = [line for line in sentences(paragraph) if DELAY.search(NOT_WAITING.sub("", line))]
        if not (delays and SYMPTOM.search(context)):
            continue
        as_the_fact_sheet = (
            FATIGUE_OR_WEIGHT.search(paragraph)
            and AFTER_EARLY_BREAST_CANCER.search(context)
            and not any(OTHER_SIGNS.search(line) for line in delays)
        )
        if not as_the_fact_sheet:
            found.append(paragraph)
    return found


@pytest.mark.parametrize(
    ("text", "delays"),
    [
        (
            "These may include:\n- fatigue\n- seizures\n\nDon't panic: most often these don't "
            "mean the cancer has spread. Talk with your doctor about any that last over 2 weeks.",
            True,
        ),
        ("Talk with your doctor about any symptom that lasts more than 2 weeks.", True),
        (
            "After early breast cancer, fatigue or seizures that last 2 weeks are rarely spread.",
            True,
        ),
        (
            "After treatment for early breast cancer, fatigue or weight change most often doesn't "
            "mean the cancer has spread: see your doctor if it lasts more than 2 weeks.",
            False,
        ),
        ("If you live with MBC, don't wait: tell your care team about new symptoms.", False),
        ("You should not wait to tell your care team about any pain.", False),
        ("Don't wait for a reply from me: call 911.", False),
    ],
)
def test_delay_check(text: str, delays: bool) -> None:
    assert bool(delaying_paragraphs(text)) is delays


def test_no_response_tells_someone_with_mbc_to_wait_before_reporting_a_symptom(
    project: Project,
) -> None:
    """No response suggests waiting with a symptom, except the fact sheet's "don't panic" about
    fatigue or weight change "if they last more than 2 weeks", tied to people watching for spread
    after early breast cancer (see delaying_paragraphs): never for the other signs, never for
    people living with MBC, who tell their care team about new or worsening symptoms and pain.
    """
    delaying = [
        f"{label(name, variant)}: {paragraph!r}"
        for name, variants in project.responses.items()
        for variant in variants
        for paragraph in delaying_paragraphs(variant.get("text") or "")
    ]
    assert not delaying, "\n".join(delaying)


def test_symptom_answers_send_new_or_worse_symptoms_and_pain_to_the_care_team(
    project: Project,
) -> None:
    """Every variant of every utter_symptoms/* answer has a paragraph that speaks to people
    living with MBC (LIVING_WITH_MBC) with a sentence that tells them to tell their care team or
    doctor (TELL_CARE_TEAM) about new or worsening symptoms or any pain (NEW_OR_WORSE).
    """
    symptom_answers = [name for name in project.responses if name.startswith("utter_symptoms/")]
    assert symptom_answers, "no utter_symptoms/* answers"
    missing = [
        label(name, variant)
        for name in symptom_answers
        for variant in project.responses[name]
        if not any(
            LIVING_WITH_MBC.search(paragraph)
            and any(
                TELL_CARE_TEAM.search(sentence) and NEW_OR_WORSE.search(sentence)
                for sentence in sentences(paragraph)
            )
            for paragraph in paragraphs(variant["text"])
        )
    ]
    assert not missing, "\n".join(missing)

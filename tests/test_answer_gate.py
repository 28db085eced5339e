"""The AnswerGate answers only inside the predicted family, defers on weak evidence, and routes
unknown medicines and follow-ups about the last drug. Messages are built by hand, so each decision
is checked apart from the trained classifiers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from components.answer_gate import AnswerGate
from components.sentence_embedder import EMBEDDING
from mbc_knowledge import OtherMedicines
from tests.drugs import KNOWLEDGE

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parent.parent
FAMILIES = ["about_mbc", "caregiving", "side_effects", "support", "treatment", "trials"]


@pytest.fixture(scope="module")
def gate(tmp_path_factory: pytest.TempPathFactory) -> AnswerGate:
    storage = LocalModelStorage(tmp_path_factory.mktemp("gate"))
    config = {**AnswerGate.get_default_config(),
              "other_medicines_file": str(ROOT / "knowledge" / "other_medicines.yml")}  # fmt: skip
    return AnswerGate(config, storage, Resource("gate"))


def message(
    text: str,
    intent: str,
    confidence: float = 0.9,
    ranking: list[tuple[str, float]] | None = None,
    drugs: list[str] | None = None,
) -> Message:
    """A parsed message as the pipeline leaves it before the gate."""
    msg = Message({TEXT: text})
    msg.set(INTENT, {"name": intent, "confidence": confidence})
    msg.set(INTENT_RANKING_KEY, [{"name": intent, "confidence": confidence}])
    msg.set(ENTITIES, [{"entity": "drug", "value": name} for name in drugs or []])
    if ranking is not None:
        msg.set(
            "response_selector",
            {
                "all_retrieval_intents": FAMILIES,
                "default": {
                    "response": {"intent_response_key": ranking[0][0]},
                    "ranking": [
                        {"id": i, "confidence": c, "intent_response_key": k}
                        for i, (k, c) in enumerate(ranking)
                    ],
                },
            },
        )
    return msg


def intent_of(msg: Message) -> str:
    name: str = msg.get(INTENT)["name"]
    return name


def test_answer_is_chosen_inside_the_predicted_family(gate: AnswerGate) -> None:
    msg = message(
        "my mother has side effects",
        "side_effects",
        ranking=[("trials/find", 0.30), ("side_effects/managing", 0.60), ("trials/what_are", 0.1)],
    )
    gate.process([msg])
    assert intent_of(msg) == "side_effects"
    chosen = msg.get("response_selector")["side_effects"]["response"]
    assert chosen["intent_response_key"] == "side_effects/managing"
    assert chosen["utter_action"] == "utter_side_effects/managing"
    # Rasa's own choice stays where it was, for its evaluation and for debugging.
    assert msg.get("response_selector")["default"]["response"]["intent_response_key"] == (
        "trials/find"
    )


def test_selector_that_believes_another_family_defers(gate: AnswerGate) -> None:
    msg = message(
        "how do i help her",
        "support",
        ranking=[("about_mbc/what_is", 0.80), ("support/emotional", 0.15), ("trials/find", 0.05)],
    )
    gate.process([msg])
    assert intent_of(msg) == "nlu_fallback"
    assert msg.get("answer_gate")["reason"].startswith("family share")


def test_weak_best_answer_defers(gate: AnswerGate) -> None:
    ranking = [(f"treatment/t{i}", 0.1) for i in range(10)]
    msg = message("something vague about treatment", "treatment", ranking=ranking)
    gate.process([msg])
    assert intent_of(msg) == "nlu_fallback"
    assert msg.get("answer_gate")["reason"].startswith("answer confidence")


def test_confident_answer_in_family_is_kept(gate: AnswerGate) -> None:
    msg = message(
        "what is the goal of treatment",
        "treatment",
        ranking=[("treatment/goals", 0.95), ("treatment/options", 0.05)],
    )
    gate.process([msg])
    assert intent_of(msg) == "treatment"
    assert msg.get("answer_gate") is None


def test_far_from_every_example_of_the_answer_defers(tmp_path: Path) -> None:
    examples = {"treatment/goals": np.eye(4, dtype=np.float32)[:2]}
    config = {**AnswerGate.get_default_config(), "min_similarity": 0.5,
              "other_medicines_file": str(ROOT / "knowledge" / "other_medicines.yml")}  # fmt: skip
    gate = AnswerGate(config, LocalModelStorage(tmp_path), Resource("g"), examples)
    near = message("a", "treatment", ranking=[("treatment/goals", 0.9), ("treatment/x", 0.1)])
    near.set(EMBEDDING, np.array([0.8, 0.6, 0, 0], dtype=np.float32))  # cosine 0.8
    far = message("b", "treatment", ranking=[("treatment/goals", 0.9), ("treatment/x", 0.1)])
    far.set(EMBEDDING, np.array([0, 0, 0.6, 0.8], dtype=np.float32))  # cosine 0
    gate.process([near, far])
    assert intent_of(near) == "treatment"
    assert intent_of(far) == "nlu_fallback"
    assert far.get("answer_gate")["reason"] == "similarity 0.00"


@pytest.mark.parametrize(
    "text",
    [
        "how long should i take metformin",
        "is lisinopril ok for my blood pressure",
        "my mom takes omeprazole every day, what is it",
        "what about denosumab for my bones",
        "side effects of Xgeva",
        "is zoledronic acid a chemo",
        "she is on atorvastatin",
        "what is tylenol",
    ],
)
def test_medicines_outside_the_knowledge_base_get_the_unknown_drug_answer(
    gate: AnswerGate, text: str
) -> None:
    msg = message(text, "about_mbc", ranking=[("about_mbc/de_novo", 0.9)])
    gate.process([msg])
    assert intent_of(msg) == "ask_drug_info"  # no drug entity: the action says it is unknown
    assert msg.get("answer_gate")["reason"].startswith("other medicine")


@pytest.mark.parametrize(
    "text",
    [
        "how does hormone therapy work",  # ordinary words never look like a medicine
        "i am feeling down and lonely",
        "what is the prognosis",
        "my sister is my caregiver",
        "is it possible to get a second opinion",
        "does insurance cover treatment",
        "i have been coughing for a month",
        "what is triple negative breast cancer",
    ],
)
def test_ordinary_questions_mention_no_other_medicine(text: str) -> None:
    medicines = OtherMedicines.load(ROOT / "knowledge" / "other_medicines.yml")
    assert medicines.find(text) is None


def test_a_known_drug_is_never_an_unknown_medicine(gate: AnswerGate) -> None:
    msg = message(
        "can i take tylenol with ibrance",
        "ask_medication_change",
        drugs=["palbociclib"],
    )
    gate.process([msg])
    assert intent_of(msg) == "ask_medication_change"


def test_dose_questions_about_other_medicines_stay_no_advice(gate: AnswerGate) -> None:
    msg = message("how much tylenol can i take", "ask_medication_change")
    gate.process([msg])
    assert intent_of(msg) == "ask_medication_change"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("is it chemo?", "ask_drug_info"),
        ("and is that a hormone pill", "ask_drug_info"),
        ("what are its side effects", "ask_drug_side_effects"),
        ("does it cause hair loss?", "ask_drug_side_effects"),
        ("side effects of that one?", "ask_drug_side_effects"),
        ("what else is in the same group", "ask_class_drugs"),
        ("side effects?", "ask_drug_side_effects"),
        ("and what are the common side effects", "ask_drug_side_effects"),
        ("are there others like it", "ask_class_drugs"),
        ("which drugs are in that class", "ask_class_drugs"),
    ],
)
def test_follow_ups_about_the_last_drug_go_to_the_drug_actions(
    gate: AnswerGate, text: str, expected: str
) -> None:
    msg = message(text, "support", ranking=[("support/facebook_group", 0.9)])
    gate.process([msg])
    assert intent_of(msg) == expected


@pytest.mark.parametrize(
    "text",
    [
        "what is chemotherapy",
        "is chemo hard on the body",
        "what are the side effects of hormone therapy",
        "how do i join a support group",
        "is it normal to feel scared",
    ],
)
def test_questions_that_name_their_subject_are_not_follow_ups(text: str) -> None:
    assert AnswerGate.follow_up_intent(text) is None


@pytest.mark.parametrize(
    "intent", ["report_self_harm", "report_emergency", "report_urgent_symptom"]
)
def test_safety_intents_are_never_touched(gate: AnswerGate, intent: str) -> None:
    msg = message("is it chemo? metformin", intent, confidence=1.0)
    gate.process([msg])
    assert intent_of(msg) == intent


def test_trained_examples_survive_persist_and_load(tmp_path: Path) -> None:
    from rasa.shared.nlu.training_data.training_data import TrainingData

    storage = LocalModelStorage(tmp_path)
    resource = Resource("gate")
    medicines = str(ROOT / "knowledge" / "other_medicines.yml")
    config: dict[str, Any] = {**AnswerGate.get_default_config(), "other_medicines_file": medicines}
    trained = AnswerGate(config, storage, resource)
    example = Message(
        {TEXT: "goal?", INTENT: "treatment", "intent_response_key": "treatment/goals"}
    )
    example.set(EMBEDDING, np.array([1.0, 0.0], dtype=np.float32))
    trained.train(TrainingData([example]))
    loaded = AnswerGate.load(config, storage, resource, execution_context=None)
    msg = message("x", "treatment", ranking=[("treatment/goals", 0.9), ("treatment/y", 0.1)])
    msg.set(EMBEDDING, np.array([0.0, 1.0], dtype=np.float32))
    loaded.process([msg])
    assert intent_of(msg) == "nlu_fallback"  # the stored example is orthogonal to the message


def test_family_scorer_gives_scikit_learns_probabilities() -> None:
    from sklearn.linear_model import LogisticRegression

    from components.answer_gate import FamilyScorer

    rng = np.random.default_rng(0)
    examples = {
        f"treatment/{name}": rng.normal(size=(6, 8)).astype(np.float32) + offset
        for name, offset in (("goals", 1.0), ("options", -1.0), ("break", 0.0))
    }
    examples["trials/find"] = rng.normal(size=(3, 8)).astype(np.float32) + 2.0
    examples["trials/placebo"] = rng.normal(size=(3, 8)).astype(np.float32) - 2.0
    scorers = FamilyScorer.fit_all(examples, c=10.0)
    probe = rng.normal(size=8).astype(np.float32)
    for family in ("treatment", "trials"):
        keys = sorted(key for key in examples if key.startswith(family))
        x = np.concatenate([examples[key] for key in keys])
        y = np.concatenate([[key] * len(examples[key]) for key in keys])
        reference = LogisticRegression(C=10.0, max_iter=2000).fit(x, y)
        expected = dict(zip(reference.classes_, reference.predict_proba([probe])[0], strict=True))
        got = scorers[family].probabilities(probe)
        assert got.keys() == expected.keys()
        for key, value in expected.items():
            assert got[key] == pytest.approx(value, abs=1e-5)
    restored = FamilyScorer.from_arrays(scorers["trials"].arrays())
    assert restored.probabilities(probe) == pytest.approx(scorers["trials"].probabilities(probe))


def ranked(text: str, ranking: list[tuple[str, float]]) -> Message:
    msg = message(text, ranking[0][0], confidence=ranking[0][1])
    msg.set(INTENT_RANKING_KEY, [{"name": name, "confidence": c} for name, c in ranking])
    return msg


@pytest.mark.parametrize(
    ("ranking", "expected"),
    [
        # self-harm at or above its floor wins over anything, an emergency included
        (
            [("nlu_fallback", 0.45), ("support", 0.4), ("report_self_harm", 0.15)],
            "report_self_harm",
        ),
        ([("report_emergency", 0.54), ("report_self_harm", 0.39)], "report_self_harm"),
        # below the floor it does not
        ([("support", 0.9), ("report_self_harm", 0.14)], "support"),
        # an urgent symptom wins over a topic, never over an emergency
        ([("nlu_fallback", 0.45), ("report_urgent_symptom", 0.3)], "report_urgent_symptom"),
        ([("report_emergency", 0.6), ("report_urgent_symptom", 0.4)], "report_emergency"),
        ([("side_effects", 0.75), ("report_urgent_symptom", 0.29)], "side_effects"),
    ],
)
def test_safety_intents_ranked_above_their_floor_are_chosen(
    gate: AnswerGate, ranking: list[tuple[str, float]], expected: str
) -> None:
    msg = ranked("some message", ranking)
    gate.process([msg])
    assert intent_of(msg) == expected


@pytest.mark.parametrize(
    ("text", "drugs"),
    [
        ("can i just stop taking letrozole", ["letrozole"]),
        ("how long do i have to stay on faslodex", ["fulvestrant"]),
        ("missed a dose of xeloda yesterday", ["capecitabine"]),
        ("is grapefruit ok with verzenio", ["abemaciclib"]),
        ("vitamin d with my hormone pills?", []),
        ("probiotics during chemo yes or no", []),
        ("can i have a glass of wine during treatment", []),
    ],
)
def test_questions_about_using_a_medicine_get_no_advice(
    gate: AnswerGate, text: str, drugs: list[str]
) -> None:
    intent = "ask_drug_info" if drugs else "side_effects"
    msg = message(text, intent, ranking=[("side_effects/managing", 0.9)], drugs=drugs)
    gate.process([msg])
    assert intent_of(msg) == "ask_medication_change"


@pytest.mark.parametrize(
    "text",
    [
        "how long will i be on chemo",  # treatment duration: the treatment answers
        "can i skip treatment for a vacation",  # a treatment break
        "what are the side effects of hormone therapy",
        "does chemo make you lose your hair",
    ],
)
def test_treatment_questions_are_not_medicine_use(text: str) -> None:
    assert not AnswerGate.asks_about_use(text, knows_drug=False)


@pytest.mark.parametrize(
    ("text", "knows_drug"),
    [
        ("which one is better for me, ibrance or kisqali", True),
        ("is radiation or surgery better for her", False),
        ("how many rounds of chemo will i need", False),
        ("how much does ibrance cost a month", True),
    ],
)
def test_specific_questions_defer(gate: AnswerGate, text: str, knows_drug: bool) -> None:
    drugs = ["palbociclib"] if knows_drug else []
    intent = "ask_drug_info" if knows_drug else "treatment"
    msg = message(text, intent, ranking=[("treatment/options", 0.9)], drugs=drugs)
    gate.process([msg])
    assert intent_of(msg) == "nlu_fallback"
    assert msg.get("answer_gate")["reason"] == "specific question"


@pytest.mark.parametrize(
    "text",
    [
        "what is the best way to manage fatigue",
        "bone mets vs bone cancer",
        "how much will my treatment cost",
    ],
)
def test_general_questions_are_not_specific(text: str) -> None:
    assert not AnswerGate.asks_specifics(text, knows_drug=False)


def test_the_safety_scorer_finds_what_the_classifier_ranked_low(tmp_path: Path) -> None:
    from rasa.shared.nlu.training_data.training_data import TrainingData

    rng = np.random.default_rng(1)
    centre = {"report_self_harm": 0, "support": 1, "treatment": 2}
    examples = []
    for intent, axis in centre.items():
        for _ in range(20):
            vector = rng.normal(scale=0.1, size=4).astype(np.float32)
            vector[axis] += 1.0
            example = Message({TEXT: "x", INTENT: intent})
            example.set(EMBEDDING, vector / np.linalg.norm(vector))
            examples.append(example)
    medicines = str(ROOT / "knowledge" / "other_medicines.yml")
    config = {**AnswerGate.get_default_config(), "other_medicines_file": medicines}
    gate = AnswerGate(config, LocalModelStorage(tmp_path), Resource("g"))
    gate.train(TrainingData(examples))
    near = ranked("i want it to stop", [("support", 0.9), ("report_self_harm", 0.01)])
    near.set(EMBEDDING, np.array([1.0, 0.05, 0, 0], dtype=np.float32))
    far = ranked("i want support", [("support", 0.9), ("report_self_harm", 0.01)])
    far.set(EMBEDDING, np.array([0.05, 1.0, 0, 0], dtype=np.float32))
    gate.process([near, far])
    assert intent_of(near) == "report_self_harm"
    assert intent_of(far) == "support"


def with_class(text: str, intent: str, drug_class: str) -> Message:
    msg = message(text, intent, ranking=[("treatment/hormone_therapy", 0.9)])
    msg.set(ENTITIES, [{"entity": "drug_class", "value": drug_class}])
    return msg


@pytest.mark.parametrize(
    ("text", "drug_class", "expected"),
    [
        ("what are cdk4/6 inhibitors", "cdk46_inhibitors", "ask_class_drugs"),
        ("list of her2 targeted drugs", "her2_targeted", "ask_class_drugs"),
        ("which hormone therapy drugs are there", "hormone_therapy", "ask_class_drugs"),
        ("how does hormone therapy work", "hormone_therapy", "treatment"),  # its topic answer
    ],
)
def test_drug_class_questions(gate: AnswerGate, text: str, drug_class: str, expected: str) -> None:
    msg = with_class(text, "treatment", drug_class)
    gate.process([msg])
    assert intent_of(msg) == expected


@pytest.mark.parametrize(
    "text", ["mine is lobular. can that type become metastatic", "is this kind of cancer common"]
)
def test_a_type_of_cancer_is_not_a_drug_class_follow_up(text: str) -> None:
    assert AnswerGate.follow_up_intent(text) is None


def test_an_unsure_classifier_is_rescued_only_by_strong_evidence(gate: AnswerGate) -> None:
    strong = ranked("x", [("nlu_fallback", 0.44), ("treatment", 0.44), ("support", 0.4)])
    weak = ranked("y", [("nlu_fallback", 0.44), ("treatment", 0.44), ("support", 0.4)])
    for msg, best in ((strong, 0.9), (weak, 0.55)):
        msg.set(
            "response_selector",
            {
                "all_retrieval_intents": FAMILIES,
                "default": {
                    "ranking": [
                        {"id": 0, "confidence": best, "intent_response_key": "treatment/goals"},
                        {"id": 1, "confidence": 1 - best, "intent_response_key": "treatment/x"},
                    ]
                },
            },
        )
    gate.process([strong, weak])
    assert intent_of(strong) == "treatment"
    assert strong.get("answer_gate")["reason"] == "rescued from fallback"
    assert intent_of(weak) == "nlu_fallback"


@pytest.mark.parametrize("text", ["2", "", "???", "!!", "ok"])
def test_messages_without_words_are_handled(gate: AnswerGate, text: str) -> None:
    msg = message(text, "support", ranking=[("support/emotional", 0.9)])
    gate.process([msg])
    assert intent_of(msg) in ("support", "nlu_fallback")
    assert OtherMedicines.load(ROOT / "knowledge" / "other_medicines.yml").find(text) is None


def test_a_failure_inside_the_gate_leaves_the_prediction(
    gate: AnswerGate, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(message: Message) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(gate, "_decide", broken)
    msg = message("what is the goal of treatment", "treatment", ranking=[("treatment/goals", 0.9)])
    gate.process([msg])
    assert intent_of(msg) == "treatment"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("stage 4 breast cancer meaning", "nlu_fallback"),  # says MBC: no screening answer
        ("my mets are in the liver, should i get a mammogram", "nlu_fallback"),
        ("how often should i get a mammogram", "ask_breast_health"),
    ],
)
def test_screening_answers_are_for_people_without_mbc(
    gate: AnswerGate, text: str, expected: str
) -> None:
    msg = ranked(text, [("ask_breast_health", 0.6), ("about_mbc", 0.3)])
    gate.process([msg])
    assert intent_of(msg) == expected


def test_a_denied_wish_to_die_is_not_floored_into_a_crisis(gate: AnswerGate) -> None:
    msg = ranked(
        "i don't want to die, what are my options",
        [("treatment", 0.5), ("report_self_harm", 0.45)],
    )
    gate.process([msg])
    assert intent_of(msg) == "treatment"


@pytest.mark.parametrize(
    "text",
    [
        "my dad has stage 4 lung cancer that spread to his brain, what are his options",
        "I have non small cell lung cancer, what treatments are there",
        "she was diagnosed with lung cancer last year, what support is there",
    ],
)
def test_lung_cancer_as_the_first_cancer_is_another_condition(gate: AnswerGate, text: str) -> None:
    msg = message(text, "treatment", ranking=[("treatment/brain_metastases", 0.9)])
    gate.process([msg])
    assert intent_of(msg) == "ask_other_condition"


@pytest.mark.parametrize(
    "text",
    [
        "is it lung cancer now that it has spread to my lungs",
        "the cancer spread to my lungs, what are my options",
    ],
)
def test_breast_cancer_in_the_lungs_is_not_another_cancer(gate: AnswerGate, text: str) -> None:
    msg = message(text, "about_mbc", ranking=[("about_mbc/still_breast_cancer", 0.9)])
    gate.process([msg])
    assert intent_of(msg) == "about_mbc"


@pytest.mark.parametrize(
    "text",
    [
        "alkaline diet to cure mbc",
        "has anyone cured stage 4 with apricot kernels / vitamin b17?",
        "can cbd oil shrink tumors",
        "my aunt says turmeric kills cancer, should mom try it",
        "can you beat this with a keto diet",
    ],
)
def test_remedies_said_to_cure_get_the_alternative_treatment_answer(
    gate: AnswerGate, text: str
) -> None:
    msg = message(text, "about_mbc", ranking=[("about_mbc/cure", 0.9)])
    gate.process([msg])
    assert intent_of(msg) == "ask_alternative_treatment"


@pytest.mark.parametrize(
    "text",
    [
        "is there a cure for mbc",
        "what diet is good during chemo",
        "herbal tea for nausea ok?",
        "does insurance cover supplements",
    ],
)
def test_ordinary_questions_are_not_alternative_remedies(gate: AnswerGate, text: str) -> None:
    msg = message(text, "about_mbc", ranking=[("about_mbc/cure", 0.9)])
    gate.process([msg])
    assert intent_of(msg) != "ask_alternative_treatment"


# --- the other medicines and drug classes it relies on -----------------------------------------


def test_classes_without_a_topic_are_classes_of_the_catalogue() -> None:
    classes = AnswerGate.get_default_config()["classes_without_topic"]
    assert set(classes) <= {cls.id for cls in KNOWLEDGE.classes}


def test_the_model_fingerprint_changes_when_the_other_medicines_change(tmp_path: Path) -> None:
    from rasa.engine.training.fingerprinting import calculate_fingerprint_key

    medicines = tmp_path / "other_medicines.yml"
    config = {**AnswerGate.get_default_config(), "other_medicines_file": str(medicines)}
    original = (ROOT / "knowledge" / "other_medicines.yml").read_text(encoding="utf-8")
    medicines.write_text(original, encoding="utf-8")
    before = calculate_fingerprint_key(AnswerGate, config, inputs={})
    assert calculate_fingerprint_key(AnswerGate, config, inputs={}) == before
    medicines.write_text(original.replace("names: [", "names: [zorblax, "), encoding="utf-8")
    assert calculate_fingerprint_key(AnswerGate, config, inputs={}) != before


def test_a_trained_gate_reads_the_other_medicines_it_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rasa.shared.nlu.training_data.training_data import TrainingData

    medicines = tmp_path / "other_medicines.yml"
    original = (ROOT / "knowledge" / "other_medicines.yml").read_text(encoding="utf-8")
    medicines.write_text(original.replace("names: [", "names: [zorblax, "), encoding="utf-8")
    config = {**AnswerGate.get_default_config(), "other_medicines_file": str(medicines)}
    storage, resource = LocalModelStorage(tmp_path), Resource("gate")
    AnswerGate(config, storage, resource).train(TrainingData())
    medicines.unlink()
    monkeypatch.chdir(tmp_path)
    loaded = AnswerGate.load(config, storage, resource, execution_context=None)
    msg = message("what is zorblax", "about_mbc", ranking=[("about_mbc/de_novo", 0.9)])
    loaded.process([msg])
    assert msg.get("answer_gate")["reason"] == "other medicine: zorblax"

"""Drug recognition: the spaCy pipeline built from the knowledge base, plus typo tolerance.

Needs the spaCy pipeline that `make` builds (build/spacy_drugs); `make pytest` builds it first.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import spacy
import yaml
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.engine.training.fingerprinting import calculate_fingerprint_key
from rasa.nlu.constants import SPACY_DOCS, TOKENS_NAMES
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.drug_recognizer import DrugRecognizer
from mbc_knowledge import fingerprint
from tests.conftest import ROOT
from tests.drugs import KNOWLEDGE

pytestmark = pytest.mark.unit

SPACY_MODEL = ROOT / "build" / "spacy_drugs"
DRUGS_YML = ROOT / "knowledge" / "drugs.yml"


@pytest.fixture(scope="module")
def nlp() -> Any:
    assert SPACY_MODEL.exists(), "build the spaCy pipeline first: make spacy-model"
    return spacy.load(SPACY_MODEL)


@pytest.fixture(scope="module")
def recognizer() -> DrugRecognizer:
    return DrugRecognizer.create(DrugRecognizer.get_default_config(), None, None, None)


def message(nlp: Any, text: str) -> Message:
    """A message as SpacyNLP and SpacyTokenizer leave it."""
    doc = nlp(text.lower())
    tokens = [Token(token.text, token.idx) for token in doc]
    return Message(data={TEXT: text, SPACY_DOCS[TEXT]: doc, TOKENS_NAMES[TEXT]: tokens})


def entities(recognizer: DrugRecognizer, nlp: Any, text: str) -> list[tuple[str, str, str]]:
    (processed,) = recognizer.process([message(nlp, text)])
    return [(e["entity"], e["value"], e["text"]) for e in processed.get(ENTITIES)]


@pytest.mark.parametrize("drug", KNOWLEDGE.drugs, ids=lambda drug: drug.generic)
def test_every_name_of_every_drug_is_recognised(
    recognizer: DrugRecognizer, nlp: Any, drug: Any
) -> None:
    for name in drug.names:
        for typed in (name, name.lower(), name.upper()):
            found = entities(recognizer, nlp, f"what is {typed}?")
            assert found == [("drug", drug.generic, typed)], typed


def test_classes_are_recognised(recognizer: DrugRecognizer, nlp: Any) -> None:
    for cls in KNOWLEDGE.classes:
        for name in cls.names:
            found = entities(recognizer, nlp, f"which drugs are {name}")
            assert ("drug_class", cls.id, name) in found, name


def test_misspelt_drugs_in_a_sentence(recognizer: DrugRecognizer, nlp: Any) -> None:
    assert entities(recognizer, nlp, "what are the side effects of ibrnace") == [
        ("drug", "palbociclib", "ibrnace")
    ]
    assert entities(recognizer, nlp, "is Tamoxifin chemo?") == [
        ("drug", "tamoxifen", "Tamoxifin"),
        ("drug_class", "chemotherapy", "chemo"),
    ]


def test_ordinary_words_are_never_drugs(recognizer: DrugRecognizer, nlp: Any) -> None:
    """Every word of the project's own training and test data that is not a drug name."""
    drug_words = {
        word
        for d in KNOWLEDGE.drugs
        for name in d.names
        for word in re.findall(r"[a-z0-9]+", name.lower())
    }
    words: set[str] = set()
    for path in [*Path(ROOT, "data").rglob("*.yml"), ROOT / "tests" / "nlu_heldout.yml"]:
        for item in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            words.update(re.findall(r"[a-z0-9]+", item["examples"].lower()))
    ordinary = sorted(words - drug_words)
    assert len(ordinary) > 1000
    misread = [w for w in ordinary if any(e[0] == "drug" for e in entities(recognizer, nlp, w))]
    assert misread == []


def test_drug_names_are_hidden_from_the_classifiers(recognizer: DrugRecognizer, nlp: Any) -> None:
    (processed,) = recognizer.process([message(nlp, "side effects of ado-trastuzumab emtansine?")])
    tokens = [token.text for token in processed.get(TOKENS_NAMES[TEXT])]
    assert tokens == ["side", "effects", "of", "drugname", "?"]


def test_training_examples_are_hidden_the_same_way(recognizer: DrugRecognizer, nlp: Any) -> None:
    data = TrainingData([message(nlp, "what is herceptin"), message(nlp, "what is hospice")])
    recognizer.process_training_data(data)
    texts = [[t.text for t in m.get(TOKENS_NAMES[TEXT])] for m in data.training_examples]
    assert texts == [["what", "is", "drugname"], ["what", "is", "hospice"]]
    assert all(not m.get(ENTITIES) for m in data.training_examples)


# --- the knowledge in the trained model ---------------------------------------------------------


def with_brand(brand: str) -> str:
    """knowledge/drugs.yml with Ibrance renamed."""
    text = DRUGS_YML.read_text(encoding="utf-8")
    assert "brands: [Ibrance]}" in text
    return text.replace("brands: [Ibrance]}", f"brands: [{brand}]}}")


def test_the_model_fingerprint_changes_when_the_knowledge_changes(tmp_path: Path) -> None:
    """Rasa's training cache keys DrugRecognizer on the file's content, not only on its config."""
    knowledge = tmp_path / "drugs.yml"
    config = {**DrugRecognizer.get_default_config(), "knowledge_file": str(knowledge)}

    def node_key() -> str:  # what Rasa computes for the component's node before reusing its cache
        return calculate_fingerprint_key(DrugRecognizer, config, inputs={})

    knowledge.write_text(DRUGS_YML.read_text(encoding="utf-8"), encoding="utf-8")
    before = node_key()
    assert DrugRecognizer.fingerprint_addon(config) == DrugRecognizer.fingerprint_addon({})
    assert node_key() == before  # stable while nothing changes
    knowledge.write_text(with_brand("Ibrancia"), encoding="utf-8")
    assert node_key() != before
    assert DrugRecognizer.fingerprint_addon(config) != DrugRecognizer.fingerprint_addon({})


def test_the_knowledge_file_is_found_from_any_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert DrugRecognizer.fingerprint_addon({}) == fingerprint(DRUGS_YML)
    recognizer = DrugRecognizer.create({}, None, None, None)
    (processed,) = recognizer.process([Message(data={TEXT: "what is ibrnace"})])
    assert [(e["entity"], e["value"]) for e in processed.get(ENTITIES)] == [("drug", "palbociclib")]


def test_a_trained_model_reads_the_knowledge_it_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Neither the working directory nor a later edit of the file changes a trained model."""
    knowledge = tmp_path / "drugs.yml"
    knowledge.write_text(with_brand("Ibrancia"), encoding="utf-8")
    (tmp_path / "model").mkdir()
    storage = LocalModelStorage(tmp_path / "model")
    resource = Resource("train_DrugRecognizer2")
    config = {**DrugRecognizer.get_default_config(), "knowledge_file": str(knowledge)}
    DrugRecognizer.create(config, storage, resource, None).train(TrainingData())
    knowledge.unlink()
    monkeypatch.chdir(tmp_path)
    loaded = DrugRecognizer.load(config, storage, resource, None)
    (processed,) = loaded.process([Message(data={TEXT: "what is ibrancia"})])
    assert [(e["entity"], e["value"]) for e in processed.get(ENTITIES)] == [("drug", "palbociclib")]

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
from rasa.nlu.constants import SPACY_DOCS, TOKENS_NAMES
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from actions.drugs.resolver import NameResolver
from components.drug_recognizer import DrugRecognizer
from tests.conftest import ROOT
from tests.drugs import KNOWLEDGE

SPACY_MODEL = ROOT / "build" / "spacy_drugs"

# (as typed, the drug meant). Tuning list for resolver.FUZZY_CUTOFF.
MISSPELLINGS = [
    ("ibrnace", "palbociclib"),
    ("herceptine", "trastuzumab"),
    ("tamoxifin", "tamoxifen"),
    ("anastrazole", "anastrozole"),
    ("letrazole", "letrozole"),
    ("kisquali", "ribociclib"),
    ("verzinio", "abemaciclib"),
    ("faslodx", "fulvestrant"),
    ("xelodda", "capecitabine"),
    ("capecitabin", "capecitabine"),
    ("taxoter", "docetaxel"),
    ("abraxan", "paclitaxel, albumin bound"),
    ("enhurtu", "trastuzumab deruxtecan"),
    ("kadcila", "ado-trastuzumab emtansine"),
    ("perjetta", "pertuzumab"),
    ("lynparsa", "olaparib"),
    ("keytrudah", "pembrolizumab"),
    ("trodelvi", "sacituzumab govitecan"),
    ("afinator", "everolimus"),
    ("piqrey", "alpelisib"),
    ("exemestain", "exemestane"),
    ("aromasine", "exemestane"),
    ("zolodex", "goserelin"),
    ("gemzarr", "gemcitabine"),
    ("halavan", "eribulin"),
    ("tukisa", "tucatinib"),
    ("nerlinx", "neratinib"),
    ("cytoxin", "cyclophosphamide"),
    ("adriamycine", "doxorubicin"),
    ("doxill", "liposomal doxorubicin"),
    ("femarra", "letrozole"),
    ("orserdo", "elacestrant"),
    ("truqapp", "capivasertib"),
    ("itovebe", "inavolisib"),
    ("palbocyclib", "palbociclib"),
    ("ribocyclib", "ribociclib"),
    ("trastuzamab", "trastuzumab"),
    ("navelbeen", "vinorelbine"),
    ("olaparib", "olaparib"),
    ("trastuzumab deruxtekan", "trastuzumab deruxtecan"),
]
MIN_MISSPELLING_ACCURACY = 0.95


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


def test_misspellings_resolve_to_the_right_drug_and_never_a_wrong_one() -> None:
    resolver = NameResolver((name, d.generic) for d in KNOWLEDGE.drugs for name in d.names)
    results = {typed: resolver.fuzzy(typed) for typed, _ in MISSPELLINGS}
    wrong = {
        typed: got
        for (typed, meant), got in zip(MISSPELLINGS, results.values(), strict=True)
        if got not in (meant, None)
    }
    correct = sum(results[typed] == meant for typed, meant in MISSPELLINGS)
    accuracy = correct / len(MISSPELLINGS)
    print(f"\nmisspelling accuracy: {correct}/{len(MISSPELLINGS)} = {accuracy:.1%}")
    assert wrong == {}
    assert accuracy >= MIN_MISSPELLING_ACCURACY


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

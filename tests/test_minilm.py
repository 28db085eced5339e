"""The NumPy MiniLM encoder matches Hugging Face's tokenizer and model, and refuses bad weights."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from components.minilm import (
    EXPECTED_SHA256,
    FloatArray,
    MiniLMEncoder,
    ModelIntegrityError,
    default_model_dir,
)

pytestmark = pytest.mark.unit

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "minilm_reference.json"


@pytest.fixture(scope="module")
def encoder() -> MiniLMEncoder:
    return MiniLMEncoder.load()


@pytest.fixture(scope="module")
def reference() -> dict[str, Any]:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _cosine(a: FloatArray, b: FloatArray) -> float:
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


def test_token_ids_equal_reference(encoder: MiniLMEncoder, reference: dict[str, Any]) -> None:
    for case in reference["cases"]:
        assert encoder.tokenizer.encode(case["text"]) == case["token_ids"], case["text"]


def test_long_text_truncated_to_max_seq_length(
    encoder: MiniLMEncoder, reference: dict[str, Any]
) -> None:
    longest = max(reference["cases"], key=lambda case: len(case["text"]))
    ids = encoder.tokenizer.encode(longest["text"])
    assert len(ids) == 256
    assert ids[0] == encoder.tokenizer.cls_id
    assert ids[-1] == encoder.tokenizer.sep_id


def test_embeddings_match_reference(encoder: MiniLMEncoder, reference: dict[str, Any]) -> None:
    texts = [case["text"] for case in reference["cases"]]
    expected = np.array([case["embedding"] for case in reference["cases"]], dtype=np.float32)
    for batch_size in (1, 3, 32):  # padding inside a batch must not change the result
        got = encoder.encode(texts, batch_size=batch_size)
        diff = np.abs(got - expected)
        assert diff.max() < 1e-4, (batch_size, float(diff.max()))


def test_output_shape_dtype_and_norm(encoder: MiniLMEncoder) -> None:
    texts = ["hello", "where is the nearest pharmacy?", "ok", "a" * 300]
    vectors = encoder.encode(texts)
    assert vectors.shape == (4, 384)
    assert vectors.dtype == np.float32
    assert encoder.dim == 384
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert encoder.encode([]).shape == (0, 384)


def test_wordpiece_details(encoder: MiniLMEncoder) -> None:
    tokenizer = encoder.tokenizer
    assert tokenizer.tokenize("Héllo, WORLD!") == ["hello", ",", "world", "!"]
    assert tokenizer.tokenize("unaffable") == ["una", "##ffa", "##ble"]
    assert tokenizer.tokenize("中文") == ["中", "文"]
    assert tokenizer.tokenize("x" * 101) == ["[UNK]"]
    assert tokenizer.tokenize("a\x00b\u200bc\td") == ["abc", "d"]
    assert tokenizer.tokenize("hi [SEP] [sep]") == ["hi", "[SEP]", "[", "sep", "]"]
    assert tokenizer.encode("") == [tokenizer.cls_id, tokenizer.sep_id]


def test_paraphrases_closer_than_unrelated(encoder: MiniLMEncoder) -> None:
    pairs = [
        ("How do I reset my password?", "I forgot my password, how can I change it?"),
        ("Where is the nearest pharmacy?", "Is there a drugstore close to me?"),
        ("Can I take ibuprofen with alcohol?", "Is it safe to drink while on ibuprofen?"),
    ]
    unrelated = ["The weather is lovely today.", "My cat likes to sleep on the sofa."]
    texts = [text for pair in pairs for text in pair] + unrelated
    vectors = encoder.encode(texts)
    for index in range(len(pairs)):
        first, second = vectors[2 * index], vectors[2 * index + 1]
        paraphrase = _cosine(first, second)
        assert paraphrase > 0.6
        for other in vectors[len(pairs) * 2 :]:
            assert paraphrase > _cosine(first, other) + 0.3


def test_corrupted_weights_are_refused(tmp_path: Path) -> None:
    copy = tmp_path / "model"
    shutil.copytree(default_model_dir(), copy)
    weights = copy / "model.safetensors"
    data = bytearray(weights.read_bytes())
    data[len(data) // 2] ^= 0xFF
    weights.write_bytes(bytes(data))
    with pytest.raises(
        ModelIntegrityError, match=f"expected {EXPECTED_SHA256}, got [0-9a-f]{{64}}"
    ):
        MiniLMEncoder.load(copy)

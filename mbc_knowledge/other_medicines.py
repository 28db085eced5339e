"""Medicines outside the drug catalogue (knowledge/other_medicines.yml): names and name stems."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from mbc_knowledge.catalogue import KNOWLEDGE_DIR

OTHER_MEDICINES_FILE = KNOWLEDGE_DIR / "other_medicines.yml"
WORD = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class OtherMedicines:
    """Names and generic-name stems of medicines outside the drug knowledge base."""

    names: frozenset[str]
    stems: tuple[str, ...]
    min_length: int

    @classmethod
    def load(cls, path: str | Path = OTHER_MEDICINES_FILE) -> OtherMedicines:
        """Reads ``knowledge/other_medicines.yml`` (by default)."""
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        names = frozenset(str(name).lower() for name in data["names"])
        return cls(names, tuple(str(stem) for stem in data["stems"]), int(data["min_length"]))

    def find(self, text: str) -> str | None:
        """The first word (or two-word name) of ``text`` that names such a medicine."""
        words = WORD.findall(text.lower())
        for first, second in zip(words, [*words[1:], ""], strict=False):
            if f"{first} {second}" in self.names or first in self.names:
                return first
            if len(first) >= self.min_length and first.endswith(self.stems):
                return first
        return None

"""The name resolver: names in free text, exact (case and punctuation folded) or with a typo.

Typos are matched with rapidfuzz's normalised Levenshtein similarity (``fuzz.ratio``) on words and
short word groups of the message. To keep ordinary words from ever turning into drugs, a candidate
must be at least ``MIN_FUZZY_LENGTH`` characters long, must not be a common English word, and must
score at least ``FUZZY_CUTOFF`` (tuned on the misspelling list of tests/test_catalogue.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from rapidfuzz import fuzz, process

FUZZY_CUTOFF = 82.0
MIN_FUZZY_LENGTH = 5
MAX_WORDS = 60  # only the first words of very long messages are searched
MAX_NGRAM = 3
WORD = re.compile(r"[a-z0-9]+(?:[-/][a-z0-9]+)*")

# Words that are near some drug name but must never be read as one.
COMMON_WORDS = frozenset(
    """
    about after again against also always another anything around because before being
    between breast cancer cancers chemo chemotherapy could doctor doctors drugs effects
    every everything first found getting going great having hormone hormones inhibitor
    inhibitors little might never nurse other people really should since something still
    taking targeted their there therapy these thing think those through treatment under
    until where which while would years metastatic metastasis positive negative mutation
    tumor tumors trial trials taxes total camera patron dollar carbon
    haven wasn didn couldn wouldn shouldn hasn isn aren weren doesn
    """.split()
)


def normalise(text: str) -> str:
    """Lower-case and fold hyphens, slashes and spaces, so "T-DM1" equals "t dm1"."""
    return " ".join(WORD.findall(text.lower().replace("-", " ").replace("/", " ")))


@dataclass(frozen=True)
class Mention:
    """A name found in a text."""

    canonical: str  # the canonical id the name stands for (a drug's generic name, a class id)
    start: int
    end: int
    text: str
    exact: bool


class NameResolver:
    """Maps names (a drug's generic, brand and alias names; a class's names) to canonical ids."""

    def __init__(self, names: Iterable[tuple[str, str]]) -> None:
        """Indexes ``(name, canonical id)`` pairs."""
        self._by_name: dict[str, str] = {}
        for name, canonical in names:
            self._by_name[normalise(name)] = canonical
        self._choices = list(self._by_name)

    def exact(self, text: str) -> str | None:
        """The canonical id for a name, ignoring case and punctuation."""
        return self._by_name.get(normalise(text))

    def fuzzy(self, text: str) -> str | None:
        """The canonical id for a name that may contain a typo, or None."""
        candidate = normalise(text)
        if candidate in self._by_name:
            return self._by_name[candidate]
        if len(candidate.replace(" ", "")) < MIN_FUZZY_LENGTH or candidate in COMMON_WORDS:
            return None
        match = process.extractOne(
            candidate, self._choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF
        )
        return self._by_name[match[0]] if match else None

    def find(self, text: str) -> list[Mention]:
        """Every name in a text, exact or misspelt, longest match first, without overlaps.

        Args:
            text: A user message.

        Returns:
            The mentions, in the order they appear.
        """
        found: list[Mention] = []
        taken: set[int] = set()
        words = list(_words(text))[:MAX_WORDS]
        for size in range(MAX_NGRAM, 0, -1):
            for index in range(len(words) - size + 1):
                span = words[index : index + size]
                if taken.intersection(range(index, index + size)):
                    continue
                start, end = span[0][1], span[-1][2]
                surface = text[start:end]
                canonical = self.exact(surface)
                exact = canonical is not None
                if canonical is None:
                    canonical = self.fuzzy(surface)
                if canonical is not None:
                    found.append(Mention(canonical, start, end, surface, exact))
                    taken.update(range(index, index + size))
        return sorted(found, key=lambda mention: mention.start)


def _words(text: str) -> Iterator[tuple[str, int, int]]:
    for match in WORD.finditer(text.lower()):
        yield match.group(), match.start(), match.end()

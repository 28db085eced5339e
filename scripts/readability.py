"""Measure how readable the assistant's responses are (Flesch-Kincaid grade, textstat 0.7.3).

Run ``.venv/bin/python -m scripts.readability`` to print the mean grade, how many responses are
above grade 9 and the ten hardest. ``tests/test_content.py`` uses the same measure.

How a response is measured: its ``Source:``/``Sources:`` line is left out, every line (a list
item, a paragraph) counts as a sentence, so a period is added to a line that does not end with
``.``, ``!``, ``?`` or ``:``, and only texts of ``MIN_WORDS`` words or more are graded (the
formula means little for a line or two).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import textstat
import yaml

ROOT = Path(__file__).resolve().parent.parent
MIN_WORDS = 25
MAX_GRADE = 9.0
MAX_MEAN_GRADE = 8.0
SOURCE_LINE = re.compile(r"\bSources?: .*$")
LIST_MARKER = re.compile(r"^[-*]\s+")


@dataclass(frozen=True)
class Measure:
    """The grade of one variant of one response."""

    name: str
    channel: str
    grade: float

    @property
    def label(self) -> str:
        """``utter_x/y [twilio]``: the response and its channel (``web`` when it has none)."""
        return f"{self.name} [{self.channel}]"


def readable_text(text: str) -> str:
    """The text as it is measured: no source line, one sentence per line.

    Args:
        text: A response variant's text.

    Returns:
        The lines without list markers, each ending with a sentence mark (``.``, ``!``, ``?``)
        or a colon, joined by newlines.
    """
    lines = []
    for raw in text.splitlines():
        line = LIST_MARKER.sub("", SOURCE_LINE.sub("", raw).strip())
        if not line:
            continue
        lines.append(line if line.endswith((".", "!", "?", ":")) else f"{line}.")
    return "\n".join(lines)


def grade(text: str) -> float | None:
    """The Flesch-Kincaid grade of a response variant's text.

    Args:
        text: A response variant's text.

    Returns:
        The grade of its readable text, or None when that text has fewer than ``MIN_WORDS`` words.
    """
    measured = readable_text(text)
    if textstat.lexicon_count(measured) < MIN_WORDS:
        return None
    return float(textstat.flesch_kincaid_grade(measured))


def measure(responses: dict[str, list[dict[str, Any]]]) -> list[Measure]:
    """Grade every variant of every response that is long enough to grade.

    Args:
        responses: Response name to its variants, as in a Rasa domain.

    Returns:
        One measure per graded variant, in the order of ``responses``.
    """
    measures = []
    for name, variants in responses.items():
        for variant in variants:
            value = grade(variant.get("text") or "")
            if value is not None:
                measures.append(Measure(name, variant.get("channel", "web"), value))
    return measures


def load_responses(root: Path = ROOT) -> dict[str, list[dict[str, Any]]]:
    """Every response of the assistant: topic answers in data/ and the domain's responses.

    Args:
        root: The project folder.

    Returns:
        Response name to its variants.
    """
    responses: dict[str, list[dict[str, Any]]] = {}
    for path in [*sorted((root / "data").rglob("*.yml")), root / "domain.yml"]:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict):
            responses.update(data.get("responses") or {})
    return responses


def mean(measures: list[Measure]) -> float:
    """The mean grade.

    Args:
        measures: At least one measure.

    Returns:
        The mean of their grades.
    """
    return sum(item.grade for item in measures) / len(measures)


def main() -> int:
    """Print the readability of the current responses; return the process exit code."""
    measures = measure(load_responses())
    if not measures:
        print("no response is long enough to grade")
        return 1
    above = [item for item in measures if item.grade > MAX_GRADE]
    print(
        f"Flesch-Kincaid grade of {len(measures)} texts of {MIN_WORDS}+ words: "
        f"mean {mean(measures):.2f} (at most {MAX_MEAN_GRADE}), "
        f"{len(above)} above {MAX_GRADE}"
    )
    print("hardest:")
    for item in sorted(measures, key=lambda item: -item.grade)[:10]:
        print(f"  {item.grade:5.1f}  {item.label}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

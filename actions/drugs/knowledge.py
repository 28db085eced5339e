"""The curated drug knowledge (knowledge/drugs.yml) as typed, immutable records."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True)
class Drug:
    """One drug of the seeds' table."""

    generic: str
    brands: tuple[str, ...]
    class_id: str
    aliases: tuple[str, ...] = ()
    uses: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the drug is known by: generic, brands, aliases."""
        return (self.generic, *self.brands, *self.aliases)

    @property
    def label(self) -> str:
        """``generic (Brand)``, the way the seeds list drugs."""
        return f"{self.generic} ({', '.join(self.brands)})" if self.brands else self.generic


@dataclass(frozen=True)
class DrugClass:
    """A class of drugs, with the seeds' side-effect list that applies to it (if any)."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    description: str | None = None
    side_effects: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """The class name without its parenthetical, and its aliases."""
        return (self.name.split(" (")[0], *self.aliases)


@dataclass(frozen=True)
class Biomarker:
    """A test result of the seeds' biology table and the classes and drugs it links to."""

    id: str
    name: str
    class_ids: tuple[str, ...] = ()
    drug_generics: tuple[str, ...] = ()


@dataclass(frozen=True)
class Knowledge:
    """Everything in knowledge/drugs.yml."""

    classes: tuple[DrugClass, ...]
    drugs: tuple[Drug, ...]
    biomarkers: tuple[Biomarker, ...]
    side_effects: dict[str, str] = field(default_factory=dict)


def _text(value: Any) -> str | None:
    return " ".join(str(value).split()) if value else None


def parse_knowledge(data: dict[str, Any]) -> Knowledge:
    """Build the records from the parsed YAML document.

    Args:
        data: The content of knowledge/drugs.yml.

    Returns:
        The knowledge base.
    """
    classes: list[DrugClass] = []
    drugs: list[Drug] = []
    for item in data["classes"]:
        classes.append(
            DrugClass(
                id=item["id"],
                name=item["name"],
                aliases=tuple(item.get("aliases") or ()),
                description=_text(item.get("description")),
                side_effects=item.get("side_effects"),
            )
        )
        drugs.extend(
            Drug(
                generic=drug["generic"],
                brands=tuple(drug.get("brands") or ()),
                class_id=item["id"],
                aliases=tuple(drug.get("aliases") or ()),
                uses=_text(drug.get("uses")),
            )
            for drug in item["drugs"]
        )
    biomarkers = tuple(
        Biomarker(
            id=item["id"],
            name=item["name"],
            class_ids=tuple(item.get("classes") or ()),
            drug_generics=tuple(item.get("drugs") or ()),
        )
        for item in data.get("biomarkers", [])
    )
    side_effects = {key: str(_text(value)) for key, value in data.get("side_effects", {}).items()}
    return Knowledge(tuple(classes), tuple(drugs), biomarkers, side_effects)


def load_knowledge(path: Path) -> Knowledge:
    """Read and parse a knowledge file.

    Args:
        path: The YAML file (normally knowledge/drugs.yml).

    Returns:
        The knowledge base.
    """
    return parse_knowledge(yaml.safe_load(path.read_text(encoding="utf-8")))

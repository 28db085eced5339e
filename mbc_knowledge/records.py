"""The records of the drug catalogue: immutable, and free of any storage or framework."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Drug:
    """One drug of the seeds' table; its generic name is its canonical id."""

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

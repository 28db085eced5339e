"""The drug catalogue: knowledge/drugs.yml loaded, checked, and indexed by id and by name.

Every part of the project reads drugs through it: the spaCy build (its patterns), the NLU
components (the resolver, for misspelt names) and the action server (which loads it into SQL and
looks drugs up by their canonical id). Paths are resolved against the project, not the working
directory, and ``fingerprint`` tells a trained model which knowledge it was built from.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from mbc_knowledge.names import Mention, NameResolver, normalise
from mbc_knowledge.records import Biomarker, Drug, DrugClass

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent
KNOWLEDGE_DIR = ROOT / "knowledge"
DRUGS_FILE = KNOWLEDGE_DIR / "drugs.yml"


class CatalogueError(ValueError):
    """The drug knowledge is malformed or inconsistent; the message says where and what."""


@dataclass(frozen=True)
class Catalogue:
    """Everything in knowledge/drugs.yml, in the seeds' order, with its name indexes."""

    classes: tuple[DrugClass, ...]
    drugs: tuple[Drug, ...]
    biomarkers: tuple[Biomarker, ...] = ()
    side_effects: Mapping[str, str] = field(default_factory=dict)

    def drug(self, generic: str) -> Drug | None:
        """The drug whose canonical id (generic name) this is."""
        return self._drugs_by_id.get(generic)

    def drug_class(self, class_id: str) -> DrugClass | None:
        """The class with this id."""
        return self._classes_by_id.get(class_id)

    def members(self, class_id: str) -> tuple[Drug, ...]:
        """The drugs of a class, in the seeds' order."""
        return tuple(drug for drug in self.drugs if drug.class_id == class_id)

    def drug_names(self) -> list[tuple[str, str]]:
        """Every ``(name, generic)`` pair: generic, brand and alias names."""
        return [(name, drug.generic) for drug in self.drugs for name in drug.names]

    def class_names(self) -> list[tuple[str, str]]:
        """Every ``(name, class id)`` pair: the class's name and aliases."""
        return [(name, cls.id) for cls in self.classes for name in cls.names]

    @cached_property
    def drug_resolver(self) -> NameResolver:
        """Drug names to generic names, exact or misspelt."""
        return NameResolver(self.drug_names())

    @cached_property
    def class_resolver(self) -> NameResolver:
        """Class names to class ids (only exact names are used: class names are short words)."""
        return NameResolver(self.class_names())

    def resolve_drug(self, name: str) -> Drug | None:
        """The drug a name stands for: exact (case and punctuation ignored), else misspelt."""
        generic = self.drug_resolver.fuzzy(name)
        return self.drug(generic) if generic else None

    def resolve_class(self, name: str) -> DrugClass | None:
        """The class a name, an alias or an id stands for (case and punctuation ignored)."""
        class_id = name if name in self._classes_by_id else self.class_resolver.exact(name)
        return self.drug_class(class_id) if class_id else None

    def find_drugs(self, text: str) -> list[Mention]:
        """Every drug named in a text (exact or misspelt), in order, without overlaps."""
        return self.drug_resolver.find(text)

    @cached_property
    def _drugs_by_id(self) -> dict[str, Drug]:
        return {drug.generic: drug for drug in self.drugs}

    @cached_property
    def _classes_by_id(self) -> dict[str, DrugClass]:
        return {cls.id: cls for cls in self.classes}


def knowledge_path(path: str | Path) -> Path:
    """A knowledge file named in a model's config: relative to the project, not the working dir."""
    path = Path(path)
    return path if path.is_absolute() else ROOT / path


def fingerprint(*files: Path) -> str:
    """The SHA-256 of these files' content and of this package's code, which interprets them."""
    digest = hashlib.sha256()
    for path in (*files, *sorted(PACKAGE.glob("*.py"))):
        content = path.read_bytes()
        digest.update(len(content).to_bytes(8, "big"))
        digest.update(content)
    return digest.hexdigest()


def load_catalogue(path: str | Path = DRUGS_FILE) -> Catalogue:
    """Read and check a drug knowledge file (knowledge/drugs.yml by default).

    Raises:
        CatalogueError: it is malformed or inconsistent; the message names the file.
    """
    path = Path(path)
    try:
        return loads_catalogue(path.read_text(encoding="utf-8"))
    except CatalogueError as error:
        raise CatalogueError(f"{path}: {error}") from None


def loads_catalogue(text: str) -> Catalogue:
    """Parse and check the YAML text of a drug knowledge file.

    Raises:
        CatalogueError: it is malformed or inconsistent.
    """
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise CatalogueError(f"not valid YAML: {error}") from None
    return parse_catalogue(data)


def parse_catalogue(data: Any) -> Catalogue:
    """Build and check the catalogue from the parsed YAML document.

    Raises:
        CatalogueError: it is malformed or inconsistent.
    """
    document = _mapping(data, "the file")
    classes: list[DrugClass] = []
    drugs: list[Drug] = []
    for item in _list(document.get("classes"), "classes"):
        item = _mapping(item, "a class")
        class_id = _string(item.get("id"), "a class's id")
        where = f"class {class_id!r}"
        classes.append(
            DrugClass(
                id=class_id,
                name=_string(item.get("name"), f"{where}: name"),
                aliases=_strings(item.get("aliases"), f"{where}: aliases"),
                description=_text(item.get("description")),
                side_effects=_optional_string(item.get("side_effects"), f"{where}: side_effects"),
            )
        )
        for drug in _list(item.get("drugs"), f"{where}: drugs"):
            drug = _mapping(drug, f"a drug of {where}")
            generic = _string(drug.get("generic"), f"a generic name in {where}")
            drugs.append(
                Drug(
                    generic=generic,
                    brands=_strings(drug.get("brands"), f"drug {generic!r}: brands"),
                    class_id=class_id,
                    aliases=_strings(drug.get("aliases"), f"drug {generic!r}: aliases"),
                    uses=_text(drug.get("uses")),
                )
            )
    biomarkers = tuple(
        Biomarker(
            id=_string(item.get("id"), "a biomarker's id"),
            name=_string(item.get("name"), f"biomarker {item.get('id')!r}: name"),
            class_ids=_strings(item.get("classes"), f"biomarker {item.get('id')!r}: classes"),
            drug_generics=_strings(item.get("drugs"), f"biomarker {item.get('id')!r}: drugs"),
        )
        for item in (
            _mapping(value, "a biomarker")
            for value in _list(document.get("biomarkers", []), "biomarkers")
        )
    )
    side_effects = {
        _string(key, "a side-effect list's name"): str(_text(_string(value, f"side_effects {key}")))
        for key, value in _mapping(document.get("side_effects", {}), "side_effects").items()
    }
    catalogue = Catalogue(tuple(classes), tuple(drugs), biomarkers, side_effects)
    _check(catalogue)
    return catalogue


def _check(catalogue: Catalogue) -> None:
    """Ids are unique, every reference resolves, and no name stands for two things."""
    _unique((cls.id for cls in catalogue.classes), "class id")
    _unique((drug.generic for drug in catalogue.drugs), "drug (generic name)")
    _unique((marker.id for marker in catalogue.biomarkers), "biomarker id")
    _one_meaning(catalogue.drug_names(), "drugs")
    _one_meaning(catalogue.class_names(), "classes")
    drug_names = {normalise(name): generic for name, generic in catalogue.drug_names()}
    for name, class_id in catalogue.class_names():
        if normalise(name) in drug_names:
            raise CatalogueError(
                f"the name {name!r} stands for a drug ({drug_names[normalise(name)]!r}) "
                f"and a class ({class_id!r})"
            )
    for cls in catalogue.classes:
        if cls.side_effects is not None and cls.side_effects not in catalogue.side_effects:
            raise CatalogueError(
                f"class {cls.id!r}: side_effects {cls.side_effects!r} is not a list of "
                f"side_effects ({', '.join(catalogue.side_effects) or 'there are none'})"
            )
    for marker in catalogue.biomarkers:
        for class_id in marker.class_ids:
            if catalogue.drug_class(class_id) is None:
                raise CatalogueError(f"biomarker {marker.id!r}: no class {class_id!r}")
        for generic in marker.drug_generics:
            if catalogue.drug(generic) is None:
                raise CatalogueError(f"biomarker {marker.id!r}: no drug {generic!r}")


def _unique(values: Iterable[str], what: str) -> None:
    repeated = [value for value, count in Counter(values).items() if count > 1]
    if repeated:
        raise CatalogueError(f"{what} listed twice: {', '.join(map(repr, repeated))}")


def _one_meaning(names: list[tuple[str, str]], what: str) -> None:
    meaning: dict[str, str] = {}
    for name, canonical in names:
        folded = normalise(name)
        if not folded:
            raise CatalogueError(f"{canonical!r}: the name {name!r} has no letters or digits")
        other = meaning.setdefault(folded, canonical)
        if other != canonical:
            raise CatalogueError(
                f"the name {name!r} stands for two {what}: {other!r} and {canonical!r} "
                "(names are compared ignoring case, hyphens and spaces)"
            )


def _text(value: Any) -> str | None:
    return " ".join(str(value).split()) if value else None


def _mapping(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise CatalogueError(f"{where} must be a mapping, not {type(value).__name__}")
    return value


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise CatalogueError(f"{where} must be a list, not {type(value).__name__}")
    return value


def _string(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise CatalogueError(f"{where} must be a non-empty string, not {value!r}")
    return value


def _optional_string(value: Any, where: str) -> str | None:
    return None if value is None else _string(value, where)


def _strings(value: Any, where: str) -> tuple[str, ...]:
    return tuple(_string(item, where) for item in _list(value or [], where))

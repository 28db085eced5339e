"""The curated drug knowledge base matches the drug table of the seed it was written from."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT, Project

pytestmark = pytest.mark.unit

KNOWLEDGE = ROOT / "knowledge" / "drugs.yml"
TREATMENTS_SEED = "003_b0e43334e845211c.txt"  # the drug table
TABLE_START = "Drug (brand name) in alphabetical order by class of drugs"
TABLE_END = "Genetic testing for inherited gene mutations"
DRUG_LINE = re.compile(r"^(?P<name>.+) \((?P<brand>[A-Z][A-Za-z]+)\)$")


def seed_table(path: Path) -> list[tuple[str, list[tuple[str, str]]]]:
    """The seed's drug table as [(class name, [(drug name, brand), ...]), ...]."""
    text = path.read_text(encoding="utf-8")
    body = text[text.index(TABLE_START) + len(TABLE_START) : text.index(TABLE_END)]
    table: list[tuple[str, list[tuple[str, str]]]] = []
    for line in filter(None, (line.strip() for line in body.splitlines())):
        match = DRUG_LINE.match(line)
        if match:
            table[-1][1].append((match["name"], match["brand"]))
        else:
            table.append((line, []))
    return table


@pytest.fixture(scope="module")
def knowledge() -> dict[str, Any]:
    data = yaml.safe_load(KNOWLEDGE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_the_seed_table_parses_to_45_drugs_in_10_classes(seeds_dir: Path) -> None:
    table = seed_table(seeds_dir / TREATMENTS_SEED)
    assert len(table) == 10
    assert sum(len(drugs) for _, drugs in table) == 45


def test_every_class_and_drug_of_the_seed_is_in_the_knowledge_base(
    knowledge: dict[str, Any], seeds_dir: Path
) -> None:
    table = seed_table(seeds_dir / TREATMENTS_SEED)
    assert [cls["name"] for cls in knowledge["classes"]] == [name for name, _ in table]
    for cls, (_, seed_drugs) in zip(knowledge["classes"], table, strict=True):
        ours = [(drug["generic"], drug["brands"]) for drug in cls["drugs"]]
        assert len(ours) == len(seed_drugs), cls["name"]
        for (generic, brands), (seed_name, seed_brand) in zip(ours, seed_drugs, strict=True):
            assert brands == [seed_brand], f"{generic}: brand differs from the seed"
            assert seed_name.lower().startswith(generic.lower()), f"{generic} vs {seed_name}"


def test_each_drug_is_in_exactly_one_class(knowledge: dict[str, Any]) -> None:
    names = Counter(
        name.lower()
        for cls in knowledge["classes"]
        for drug in cls["drugs"]
        for name in [drug["generic"], *drug["brands"], *drug.get("aliases", [])]
    )
    assert [name for name, count in names.items() if count > 1] == []


def test_biomarkers_and_side_effects_refer_to_known_entries(knowledge: dict[str, Any]) -> None:
    class_ids = {cls["id"] for cls in knowledge["classes"]}
    generics = {drug["generic"] for cls in knowledge["classes"] for drug in cls["drugs"]}
    for marker in knowledge["biomarkers"]:
        assert set(marker.get("classes", [])) <= class_ids, marker["id"]
        assert set(marker.get("drugs", [])) <= generics, marker["id"]
    side_effect_types = set(knowledge["side_effects"])
    for cls in knowledge["classes"]:
        assert cls["side_effects"] in side_effect_types | {None}, cls["id"]


# Which curated answer speaks for each biomarker of the biology table.
BIOMARKER_ANSWERS = {
    "hormone_receptor_positive": "utter_biomarkers/hormone_receptor",
    "her2_positive": "utter_biomarkers/her2_positive",
    "her2_low": "utter_biomarkers/her2_low",
    "pik3ca": "utter_biomarkers/pik3ca",
    "akt1_pten": "utter_biomarkers/pik3ca",
    "esr1": "utter_biomarkers/esr1",
    "pd_l1_triple_negative": "utter_biomarkers/triple_negative",
    "brca": "utter_biomarkers/brca",
}


def test_biomarker_answers_name_what_the_knowledge_base_links(
    knowledge: dict[str, Any], project: Project
) -> None:
    """The curated biomarker answers and the knowledge base's biology table must not drift."""
    classes = {cls["id"]: cls for cls in knowledge["classes"]}
    assert set(BIOMARKER_ANSWERS) == {marker["id"] for marker in knowledge["biomarkers"]}
    for marker in knowledge["biomarkers"]:
        for variant in project.responses[BIOMARKER_ANSWERS[marker["id"]]]:  # web and SMS
            text = variant["text"].lower()
            assert "your care team decide" in text, marker["id"]
            for generic in marker.get("drugs", []):
                assert generic in text, f"{marker['id']}: {generic} not named"
            for class_id in marker.get("classes", []):
                names = [classes[class_id]["name"].split(" (")[0], *classes[class_id]["aliases"]]
                assert any(name.lower() in text for name in names), f"{marker['id']}: {class_id}"

"""The drug catalogue (mbc_knowledge): loads and checks knowledge/drugs.yml and resolves names.

The one place drug and class names are resolved: the spaCy build, the NLU components and the
action server all read it (tests/test_drug_recognizer.py, tests/test_drug_repository.py).
"""

from __future__ import annotations

import copy
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mbc_knowledge import (
    DRUGS_FILE,
    OTHER_MEDICINES_FILE,
    CatalogueError,
    Drug,
    OtherMedicines,
    fingerprint,
    knowledge_path,
    load_catalogue,
    loads_catalogue,
    parse_catalogue,
)
from tests.conftest import ROOT
from tests.drugs import KNOWLEDGE

pytestmark = pytest.mark.unit

# (as typed, the drug meant). Tuning list for mbc_knowledge.names.FUZZY_CUTOFF.
MISSPELLINGS = [
    ("ibrnace", "palbociclib"),
    ("herceptine", "trastuzumab"),
    ("tamoxifin", "tamoxifen"),
    ("anastrazole", "anastrozole"),
    ("letrazole", "letrozole"),
    ("kisquali", "ribociclib"),
    ("verzinio", "abemaciclib"),
    ("faslodx", "fulvestrant"),
    ("xelodda", "capecitabine"),
    ("capecitabin", "capecitabine"),
    ("taxoter", "docetaxel"),
    ("abraxan", "paclitaxel, albumin bound"),
    ("enhurtu", "trastuzumab deruxtecan"),
    ("kadcila", "ado-trastuzumab emtansine"),
    ("perjetta", "pertuzumab"),
    ("lynparsa", "olaparib"),
    ("keytrudah", "pembrolizumab"),
    ("trodelvi", "sacituzumab govitecan"),
    ("afinator", "everolimus"),
    ("piqrey", "alpelisib"),
    ("exemestain", "exemestane"),
    ("aromasine", "exemestane"),
    ("zolodex", "goserelin"),
    ("gemzarr", "gemcitabine"),
    ("halavan", "eribulin"),
    ("tukisa", "tucatinib"),
    ("nerlinx", "neratinib"),
    ("cytoxin", "cyclophosphamide"),
    ("adriamycine", "doxorubicin"),
    ("doxill", "liposomal doxorubicin"),
    ("femarra", "letrozole"),
    ("orserdo", "elacestrant"),
    ("truqapp", "capivasertib"),
    ("itovebe", "inavolisib"),
    ("palbocyclib", "palbociclib"),
    ("ribocyclib", "ribociclib"),
    ("trastuzamab", "trastuzumab"),
    ("navelbeen", "vinorelbine"),
    ("olaparib", "olaparib"),
    ("trastuzumab deruxtekan", "trastuzumab deruxtecan"),
]
MIN_MISSPELLING_ACCURACY = 0.95


def test_the_catalogue_is_the_seed_table() -> None:
    assert DRUGS_FILE == ROOT / "knowledge" / "drugs.yml"
    assert len(KNOWLEDGE.classes) == 10
    assert len(KNOWLEDGE.drugs) == 45
    assert sum(len(KNOWLEDGE.members(cls.id)) for cls in KNOWLEDGE.classes) == 45
    assert [d.generic for d in KNOWLEDGE.members("parp_inhibitors")] == ["olaparib", "talazoparib"]
    assert len(KNOWLEDGE.biomarkers) == 8
    assert set(KNOWLEDGE.side_effects) == {"hormone_therapy", "chemotherapy", "targeted_therapy"}


def test_records_by_canonical_id() -> None:
    palbociclib = KNOWLEDGE.drug("palbociclib")
    assert palbociclib == Drug("palbociclib", ("Ibrance",), "cdk46_inhibitors")
    assert palbociclib.label == "palbociclib (Ibrance)"
    assert KNOWLEDGE.drug("Ibrance") is None  # an id, not a name
    cls = KNOWLEDGE.drug_class("cdk46_inhibitors")
    assert cls is not None and cls.name == "CDK4/6 inhibitors"
    assert KNOWLEDGE.drug_class("CDK4/6 inhibitors") is None


@pytest.mark.parametrize("drug", KNOWLEDGE.drugs, ids=lambda drug: drug.generic)
def test_every_name_of_every_drug_resolves(drug: Drug) -> None:
    for name in drug.names:
        for typed in (name, name.lower(), name.upper()):
            assert KNOWLEDGE.resolve_drug(typed) == drug, typed


@pytest.mark.parametrize(
    ("name", "generic"),
    [
        ("T-DM1", "ado-trastuzumab emtansine"),
        ("tdm1", "ado-trastuzumab emtansine"),
        ("ado trastuzumab emtansine", "ado-trastuzumab emtansine"),
        ("nab-paclitaxel", "paclitaxel, albumin bound"),
        ("5-FU", "5-fluorouracil"),
        ("fluorouracil", "5-fluorouracil"),
        ("T-DXd", "trastuzumab deruxtecan"),
        ("KISQALI", "ribociclib"),
    ],
)
def test_aliases_and_brands_resolve(name: str, generic: str) -> None:
    drug = KNOWLEDGE.resolve_drug(name)
    assert drug is not None and drug.generic == generic


def test_misspellings_resolve_to_the_right_drug_and_never_a_wrong_one() -> None:
    results = {typed: KNOWLEDGE.drug_resolver.fuzzy(typed) for typed, _ in MISSPELLINGS}
    wrong = {
        typed: got
        for (typed, meant), got in zip(MISSPELLINGS, results.values(), strict=True)
        if got not in (meant, None)
    }
    correct = sum(results[typed] == meant for typed, meant in MISSPELLINGS)
    accuracy = correct / len(MISSPELLINGS)
    print(f"\nmisspelling accuracy: {correct}/{len(MISSPELLINGS)} = {accuracy:.1%}")
    assert wrong == {}
    assert accuracy >= MIN_MISSPELLING_ACCURACY
    drug = KNOWLEDGE.resolve_drug("ibrnace")
    assert drug is not None and drug.generic == "palbociclib"


@pytest.mark.parametrize("name", ["ibuprofen", "aspirin", "xyzaprin", "", "chemo", "inhibitor"])
def test_unknown_drug_names_resolve_to_nothing(name: str) -> None:
    assert KNOWLEDGE.resolve_drug(name) is None


def test_class_names_aliases_and_ids_resolve() -> None:
    for cls in KNOWLEDGE.classes:
        assert KNOWLEDGE.resolve_class(cls.id) == cls
        for name in cls.names:
            for typed in (name, name.lower(), name.upper()):
                assert KNOWLEDGE.resolve_class(typed) == cls, typed
    for name in ["vitamins", "chemoo", "palbociclib", ""]:  # class names are matched exactly
        assert KNOWLEDGE.resolve_class(name) is None, name


def test_drugs_are_found_in_text() -> None:
    found = KNOWLEDGE.find_drugs("is Tamoxifin like T-DM1 or ado trastuzumab emtansine?")
    assert [(m.canonical, m.text, m.exact) for m in found] == [
        ("tamoxifen", "Tamoxifin", False),
        ("ado-trastuzumab emtansine", "T-DM1", True),
        ("ado-trastuzumab emtansine", "ado trastuzumab emtansine", True),
    ]


def test_the_file_and_the_parsed_document_give_the_same_catalogue() -> None:
    text = DRUGS_FILE.read_text(encoding="utf-8")
    assert loads_catalogue(text) == load_catalogue() == KNOWLEDGE


# --- checks of the file --------------------------------------------------------------------------


def document() -> dict[str, Any]:
    """A small valid knowledge document."""
    return {
        "classes": [
            {
                "id": "alpha",
                "name": "Alpha inhibitors (alphas)",
                "aliases": ["alpha blockers"],
                "side_effects": "tiring",
                "drugs": [{"generic": "alphamab", "brands": ["Alphix"], "aliases": ["AMB"]}],
            },
            {"id": "beta", "name": "Beta drugs", "drugs": [{"generic": "betanib"}]},
        ],
        "biomarkers": [{"id": "m1", "name": "M1", "classes": ["alpha"], "drugs": ["betanib"]}],
        "side_effects": {"tiring": "fatigue,\n  more fatigue"},
    }


def test_a_valid_document_parses() -> None:
    catalogue = parse_catalogue(document())
    assert [d.generic for d in catalogue.drugs] == ["alphamab", "betanib"]
    assert catalogue.side_effects == {"tiring": "fatigue, more fatigue"}
    assert catalogue.class_names() == [
        ("Alpha inhibitors", "alpha"),
        ("alpha blockers", "alpha"),
        ("Beta drugs", "beta"),
    ]


def _set(path: list[Any], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


BROKEN: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "no classes": (_set(["classes"], None), "classes must be a list"),
    "class without id": (_set(["classes", 0, "id"], None), "a class's id must be a non-empty"),
    "drug without generic": (
        _set(["classes", 1, "drugs", 0, "generic"], ""),
        "a generic name in class 'beta'",
    ),
    "brands not a list": (_set(["classes", 0, "drugs", 0, "brands"], "Alphix"), "brands must be"),
    "class twice": (_set(["classes", 1, "id"], "alpha"), "class id listed twice: 'alpha'"),
    "drug twice": (
        _set(["classes", 1, "drugs", 0, "generic"], "alphamab"),
        "drug (generic name) listed twice: 'alphamab'",
    ),
    "a name for two drugs": (
        _set(["classes", 1, "drugs", 0, "aliases"], ["ALPHIX"]),
        "the name 'ALPHIX' stands for two drugs: 'alphamab' and 'betanib'",
    ),
    "a name for two classes": (
        _set(["classes", 1, "aliases"], ["Alpha Blockers"]),
        "stands for two classes",
    ),
    "a name for a drug and a class": (
        _set(["classes", 1, "aliases"], ["alphix"]),
        "stands for a drug ('alphamab') and a class ('beta')",
    ),
    "a name without letters": (_set(["classes", 1, "aliases"], ["--"]), "has no letters"),
    "unknown side-effect list": (
        _set(["classes", 0, "side_effects"], "hormone_therapy"),
        "class 'alpha': side_effects 'hormone_therapy' is not a list of side_effects",
    ),
    "biomarker of an unknown class": (
        _set(["biomarkers", 0, "classes"], ["gamma"]),
        "biomarker 'm1': no class 'gamma'",
    ),
    "biomarker of an unknown drug": (
        _set(["biomarkers", 0, "drugs"], ["gammanib"]),
        "biomarker 'm1': no drug 'gammanib'",
    ),
}


@pytest.mark.parametrize("case", BROKEN, ids=list(BROKEN))
def test_a_broken_document_is_refused_with_a_readable_message(case: str) -> None:
    change, message = BROKEN[case]
    data = copy.deepcopy(document())
    change(data)
    with pytest.raises(CatalogueError, match=re.escape(message)):
        parse_catalogue(data)


def test_a_broken_file_is_named_in_the_message(tmp_path: Path) -> None:
    broken = tmp_path / "drugs.yml"
    broken.write_text("classes: [\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match=f"^{re.escape(str(broken))}: not valid YAML"):
        load_catalogue(broken)


# --- paths, fingerprint, independence --------------------------------------------------------


def test_config_paths_are_relative_to_the_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert knowledge_path("knowledge/drugs.yml") == DRUGS_FILE
    assert knowledge_path(tmp_path / "x.yml") == tmp_path / "x.yml"
    assert OtherMedicines.load(knowledge_path("knowledge/other_medicines.yml")).find("advil")


def test_the_fingerprint_follows_the_content_not_the_path(tmp_path: Path) -> None:
    copy_of = tmp_path / "copy.yml"
    copy_of.write_bytes(DRUGS_FILE.read_bytes())
    assert fingerprint(copy_of) == fingerprint(DRUGS_FILE)
    copy_of.write_bytes(DRUGS_FILE.read_bytes() + b"\n# a comment\n")
    assert fingerprint(copy_of) != fingerprint(DRUGS_FILE)
    assert fingerprint(OTHER_MEDICINES_FILE) != fingerprint(DRUGS_FILE)


def test_the_package_imports_neither_rasa_nor_spacy() -> None:
    probe = (
        "import sys, mbc_knowledge; mbc_knowledge.load_catalogue().resolve_drug('ibrnace'); "
        "print(sorted({m.split('.')[0] for m in sys.modules} "
        "& {'rasa', 'rasa_sdk', 'spacy', 'tensorflow', 'sqlalchemy', 'actions', 'components'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.strip() == "[]"


def test_a_broken_knowledge_file_stops_the_action_server_at_start(tmp_path: Path) -> None:
    broken = tmp_path / "drugs.yml"
    text = DRUGS_FILE.read_text(encoding="utf-8")
    broken.write_text(text.replace("classes: [her2_targeted]", "classes: [her2]"), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "actions.server", "--check"],
        cwd=ROOT,
        env={**os.environ, "KNOWLEDGE_FILE": str(broken)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "The action server cannot start: the drug knowledge cannot be read" in result.stderr
    assert "biomarker 'her2_positive': no class 'her2'" in result.stderr

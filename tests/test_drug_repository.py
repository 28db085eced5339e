"""The drug repository answers the same on in-memory SQLite and on the machine's PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from actions.drugs.knowledge import Drug
from actions.drugs.repository import DrugRepository, load_database
from actions.drugs.resolver import normalise
from tests.drugs import KNOWLEDGE, postgres_engine, sqlite_repository

ALL_DRUGS = list(KNOWLEDGE.drugs)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def repository(request: pytest.FixtureRequest) -> Iterator[DrugRepository]:
    if request.param == "sqlite":
        yield sqlite_repository()
        return
    with postgres_engine() as engine:
        load_database(engine, KNOWLEDGE)
        load_database(engine, KNOWLEDGE)  # loading again replaces, never duplicates
        yield DrugRepository.from_engine(engine)


@pytest.mark.parametrize("drug", ALL_DRUGS, ids=lambda drug: drug.generic)
def test_every_drug_resolves_by_generic_and_brand(repository: DrugRepository, drug: Drug) -> None:
    assert repository.drug(drug.generic) == drug
    for brand in drug.brands:
        assert repository.drug(brand) == drug
        assert repository.drug(brand.upper()) == drug


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
    ],
)
def test_aliases_resolve(repository: DrugRepository, name: str, generic: str) -> None:
    drug = repository.drug(name)
    assert drug is not None
    assert drug.generic == generic


@pytest.mark.parametrize("name", ["ibuprofen", "aspirin", "xyzaprin", "", "chemo"])
def test_unknown_names_find_nothing(repository: DrugRepository, name: str) -> None:
    assert repository.drug(name) is None


def test_classes_by_id_name_and_alias(repository: DrugRepository) -> None:
    for cls in KNOWLEDGE.classes:
        assert repository.drug_class(cls.id) is not None
        for name in cls.names:
            found = repository.drug_class(name)
            assert found is not None and found.id == cls.id, name
    assert repository.drug_class("vitamins") is None


def test_members_are_the_class_in_the_seed_order(repository: DrugRepository) -> None:
    for cls in KNOWLEDGE.classes:
        expected = [drug for drug in KNOWLEDGE.drugs if drug.class_id == cls.id]
        assert repository.members(cls.id) == expected
    assert len([d for c in KNOWLEDGE.classes for d in repository.members(c.id)]) == 45


def test_biomarker_links(repository: DrugRepository) -> None:
    for marker in KNOWLEDGE.biomarkers:
        assert repository.biomarker(marker.id) == marker
    assert repository.biomarker("unknown") is None


def test_side_effect_lists(repository: DrugRepository) -> None:
    for therapy_type, text in KNOWLEDGE.side_effects.items():
        assert repository.side_effects(therapy_type) == text
    assert repository.side_effects("immunotherapy") is None


def test_names_cover_every_name(repository: DrugRepository) -> None:
    expected = {(name, drug.generic) for drug in KNOWLEDGE.drugs for name in drug.names}
    assert set(repository.names()) == expected
    folded: dict[str, str] = {}
    for name, generic in expected:  # a folded name never stands for two drugs
        assert folded.setdefault(normalise(name), generic) == generic, name

"""The drug repository answers the same on in-memory SQLite and on the machine's PostgreSQL.

It looks drugs and classes up by their canonical id only: names are resolved once, by the
catalogue (tests/test_catalogue.py), before anything reaches the actions.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from actions.drugs.repository import DrugRepository, load_database
from actions.drugs.service import make_engine
from mbc_knowledge import Drug
from tests.drugs import KNOWLEDGE, postgres_engine

pytestmark = pytest.mark.integration

ALL_DRUGS = list(KNOWLEDGE.drugs)
BACKENDS = ["sqlite", "postgresql"]


@contextmanager
def empty_engine(backend: str) -> Iterator[Engine]:
    """An engine on an empty database of the backend."""
    if backend == "sqlite":
        yield make_engine("sqlite://")
        return
    with postgres_engine() as engine:
        yield engine


@pytest.fixture(scope="module", params=BACKENDS)
def repository(request: pytest.FixtureRequest) -> Iterator[DrugRepository]:
    with empty_engine(request.param) as engine:
        load_database(engine, KNOWLEDGE)
        load_database(engine, KNOWLEDGE)  # loading again replaces, never duplicates
        yield DrugRepository.from_engine(engine)


@pytest.mark.parametrize("drug", ALL_DRUGS, ids=lambda drug: drug.generic)
def test_every_drug_is_found_by_its_canonical_id(repository: DrugRepository, drug: Drug) -> None:
    assert repository.drug(drug.generic) == drug


@pytest.mark.parametrize(
    "name", ["Ibrance", "ibrance", "PALBOCICLIB", "T-DM1", "5-FU", "ibrnace", "chemo", ""]
)
def test_names_are_not_resolved_again(repository: DrugRepository, name: str) -> None:
    assert repository.drug(name) is None


@pytest.mark.parametrize("name", ["ibuprofen", "aspirin", "xyzaprin"])
def test_unknown_drugs_find_nothing(repository: DrugRepository, name: str) -> None:
    assert repository.drug(name) is None


def test_classes_by_id_only(repository: DrugRepository) -> None:
    for cls in KNOWLEDGE.classes:
        # the class as the catalogue has it, without the names the actions never need
        assert repository.drug_class(cls.id) == dataclasses.replace(cls, aliases=())
        for name in cls.names:
            assert repository.drug_class(name) is None, name
    assert repository.drug_class("vitamins") is None


def test_members_are_the_class_in_the_seed_order(repository: DrugRepository) -> None:
    for cls in KNOWLEDGE.classes:
        assert repository.members(cls.id) == list(KNOWLEDGE.members(cls.id))
    assert len([d for c in KNOWLEDGE.classes for d in repository.members(c.id)]) == 45


def test_side_effect_lists(repository: DrugRepository) -> None:
    for therapy_type, side_effects in KNOWLEDGE.side_effects.items():
        assert repository.side_effects(therapy_type) == side_effects
    assert repository.side_effects("immunotherapy") is None


# The tables an earlier version wrote: name look-up tables referring to the classes and drugs, and
# a NOT NULL column of drug_name that this version does not fill.
EARLIER_SCHEMA = [
    "CREATE TABLE drug_class (id VARCHAR(64) PRIMARY KEY, name VARCHAR(200) NOT NULL, "
    "description TEXT, side_effects VARCHAR(64), position INTEGER NOT NULL)",
    "CREATE TABLE drug (generic VARCHAR(200) PRIMARY KEY, class_id VARCHAR(64) NOT NULL "
    "REFERENCES drug_class (id), uses TEXT, position INTEGER NOT NULL)",
    "CREATE TABLE drug_name (id INTEGER PRIMARY KEY, normalised VARCHAR(200) NOT NULL, "
    "name VARCHAR(200) NOT NULL, kind VARCHAR(16) NOT NULL, generic VARCHAR(200) NOT NULL "
    "REFERENCES drug (generic), position INTEGER NOT NULL)",
    "CREATE TABLE drug_class_name (normalised VARCHAR(200) PRIMARY KEY, class_id VARCHAR(64) "
    "NOT NULL REFERENCES drug_class (id))",
    "CREATE TABLE biomarker_link (id INTEGER PRIMARY KEY, biomarker_id VARCHAR(64) NOT NULL, "
    "biomarker_name VARCHAR(200) NOT NULL, class_id VARCHAR(64) REFERENCES drug_class (id), "
    "generic VARCHAR(200) REFERENCES drug (generic))",
    "INSERT INTO drug_class VALUES ('parp_inhibitors', 'PARP inhibitors', NULL, NULL, 0)",
    "INSERT INTO drug VALUES ('olaparib', 'parp_inhibitors', NULL, 0)",
    "INSERT INTO drug_name VALUES (1, 'lynparza', 'Lynparza', 'brand', 'olaparib', 1)",
    "INSERT INTO drug_class_name VALUES ('parp', 'parp_inhibitors')",
    "INSERT INTO biomarker_link VALUES (1, 'brca', 'BRCA', 'parp_inhibitors', NULL)",
]


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_database_of_an_earlier_version_is_reloaded(backend: str) -> None:
    with empty_engine(backend) as engine:
        with engine.begin() as connection:
            for statement in EARLIER_SCHEMA:
                connection.execute(text(statement))
        load_database(engine, KNOWLEDGE)
        repository = DrugRepository.from_engine(engine)
        assert repository.drug("olaparib") == KNOWLEDGE.drug("olaparib")
        assert len(repository.members("chemotherapy")) == 16
        tables = set(inspect(engine).get_table_names())
        assert tables == {"drug_class", "drug", "drug_name", "side_effects"}

"""Shared helpers of the drug tests: the drug catalogue and databases loaded with it."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

from actions.drugs.repository import DrugRepository, load_database
from actions.drugs.service import make_engine
from mbc_knowledge import Catalogue, load_catalogue
from tests.conftest import ROOT

KNOWLEDGE: Catalogue = load_catalogue(ROOT / "knowledge" / "drugs.yml")
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


def sqlite_repository() -> DrugRepository:
    """An in-memory SQLite repository loaded with the drug catalogue."""
    engine = make_engine("sqlite://")
    load_database(engine, KNOWLEDGE)
    return DrugRepository.from_engine(engine)


@contextmanager
def postgres_engine() -> Iterator[Engine]:
    """An engine on a fresh schema of the machine's PostgreSQL, dropped afterwards."""
    schema = f"mbc_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, future=True)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as error:  # a clear message instead of a long driver trace
        raise AssertionError(
            f"PostgreSQL is not reachable at {POSTGRES_URL} (set TEST_POSTGRES_URL): {error}"
        ) from error
    engine = create_engine(
        POSTGRES_URL, future=True, connect_args={"options": f"-csearch_path={schema}"}
    )
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

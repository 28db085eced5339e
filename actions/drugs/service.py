"""The action server's drug repository, built on first use (not at import)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.pool import StaticPool

from actions.config import drug_database_url, knowledge_file
from actions.drugs.repository import DrugRepository, load_database
from mbc_knowledge import load_catalogue


def make_engine(url: str) -> Engine:
    """An engine for ``url``; in-memory SQLite is shared by every session of the process."""
    options: dict[str, Any] = {"future": True}
    if url in ("sqlite://", "sqlite:///:memory:"):
        options.update(poolclass=StaticPool, connect_args={"check_same_thread": False})
    return create_engine(url, **options)


@lru_cache(maxsize=1)
def drug_repository() -> DrugRepository:
    """The repository at ``DRUG_DATABASE_URL``, loaded with the drug catalogue."""
    engine = make_engine(drug_database_url())
    load_database(engine, load_catalogue(knowledge_file()))
    return DrugRepository.from_engine(engine)

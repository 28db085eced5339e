"""Configuration of the action server, read from the environment when asked (never at import)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

DRUG_DATABASE_URL = "DRUG_DATABASE_URL"
DEFAULT_DRUG_DATABASE_URL = "sqlite://"  # in memory, built from the curated data at start
KNOWLEDGE_FILE = "KNOWLEDGE_FILE"


def drug_database_url() -> str:
    """The SQLAlchemy URL of the drug knowledge base (``DRUG_DATABASE_URL``)."""
    return os.environ.get(DRUG_DATABASE_URL) or DEFAULT_DRUG_DATABASE_URL


def knowledge_file() -> Path:
    """The curated drug knowledge (``KNOWLEDGE_FILE``, default knowledge/drugs.yml)."""
    return Path(os.environ.get(KNOWLEDGE_FILE) or ROOT / "knowledge" / "drugs.yml")

"""Where the five source documents are, for the tests that check answers against them.

They are not part of the repository (docs/sources.md says how to obtain them). ``SOURCES_DIR``
names their folder (default ``../shared/seeds``). Where they are absent, the tests that need them
are skipped with :data:`MISSING` as the reason, and ``python -m tests.sources`` (the last line of
``make test``) prints it; with ``REQUIRE_SOURCES=1`` (``.ci/run``) the skip is a failure.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MISSING = (
    "source documents not found in {folder}: set SOURCES_DIR to the folder holding the five "
    "seed documents (docs/sources.md) to run the tests that check the answers against them"
)


def sources_dir() -> Path:
    """The folder of the source documents (``SOURCES_DIR``, default ``../shared/seeds``)."""
    configured = os.environ.get("SOURCES_DIR")
    return Path(configured) if configured else ROOT.parent / "shared" / "seeds"


def source_files() -> list[Path]:
    """The source documents found there (``*.txt``), sorted; empty when there are none."""
    folder = sources_dir()
    return sorted(folder.glob("*.txt")) if folder.is_dir() else []


def required() -> bool:
    """Whether a missing source folder is a failure rather than a skip (``REQUIRE_SOURCES=1``)."""
    return os.environ.get("REQUIRE_SOURCES", "") == "1"


def missing_message() -> str:
    """Why the source-document tests cannot run, and what to set."""
    return MISSING.format(folder=sources_dir())


def main() -> int:
    """Prints the skip reason when the documents are absent (exit 1 if they are required)."""
    if source_files():
        return 0
    print(f"NOTE: tests skipped: {missing_message()}")
    return 1 if required() else 0


if __name__ == "__main__":
    sys.exit(main())

"""Delete conversations older than N days from the SQL tracker store.

``make purge DAYS=30`` (or ``python -m runtime.purge --days 30``) removes every conversation whose
latest event is older than that, from the database at ``TRACKER_STORE_URL``. A conversation with
a recent event is kept whole.
"""

from __future__ import annotations

import argparse
import sys
import time

from sqlalchemy import MetaData, Table, create_engine, delete, func, select
from sqlalchemy.engine import Engine

from runtime.config import tracker_store_url
from runtime.serve import safe_url

EVENTS_TABLE = "events"  # Rasa's SQLTrackerStore table
SECONDS_PER_DAY = 86_400


def purge(engine: Engine, days: float, now: float | None = None) -> int:
    """Deletes the conversations idle for more than ``days``; returns how many."""
    cutoff = (time.time() if now is None else now) - days * SECONDS_PER_DAY
    metadata = MetaData()
    events = Table(EVENTS_TABLE, metadata, autoload_with=engine)
    stale = (
        select(events.c.sender_id)
        .group_by(events.c.sender_id)
        .having(func.max(events.c.timestamp) < cutoff)
    )
    with engine.begin() as connection:
        senders = [row[0] for row in connection.execute(stale)]
        for start in range(0, len(senders), 500):
            batch = senders[start : start + 500]
            connection.execute(delete(events).where(events.c.sender_id.in_(batch)))
    return len(senders)


def main(argv: list[str] | None = None) -> int:
    """Command line: ``--days N``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=float, required=True, help="keep conversations newer")
    args = parser.parse_args(argv)
    if args.days < 0:
        parser.error("--days must be 0 or more")
    url = tracker_store_url()
    engine = create_engine(url, future=True)
    from sqlalchemy import inspect

    if not inspect(engine).has_table(EVENTS_TABLE):
        print(f"No conversations stored at {safe_url(url)}: nothing to delete.")
        return 0
    deleted = purge(engine, args.days)
    print(
        f"Deleted {deleted} conversation(s) idle for more than {args.days:g} days "
        f"from {safe_url(url)}."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

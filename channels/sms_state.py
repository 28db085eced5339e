"""Which SMS conversations have opted out (STOP), kept in SQL so a restart does not forget them.

Rows are keyed by the conversation id (a keyed hash of the phone number), never the number.

``OptOutStore`` is synchronous (SQLAlchemy 1.4). The SMS channel runs on Rasa's event loop, so it
uses ``OptOutRecords``: each call in a worker thread, awaited for at most ``timeout`` seconds, so a
database that stops answering holds up the SMS waiting for it, never the server.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Column, DateTime, String, create_engine, delete, func, select
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import declarative_base, sessionmaker
from sqlalchemy.pool import StaticPool

logger = logging.getLogger(__name__)

Base = declarative_base()
DEFAULT_TIMEOUT_S = 5.0
T = TypeVar("T")


class OptOut(Base):  # type: ignore[misc,valid-type]
    """A conversation that sent STOP and has not sent START since."""

    __tablename__ = "sms_opt_outs"
    conversation_id = Column(String(64), primary_key=True)
    opted_out_at = Column(DateTime(timezone=True), nullable=False)


def make_state_engine(url: str) -> Engine:
    """An engine for ``url`` with the tables created; a SQLite file's folder is created too."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, future=True)
    elif parsed.get_backend_name() == "sqlite":
        engine = create_engine(
            url, future=True, poolclass=StaticPool, connect_args={"check_same_thread": False}
        )
    else:
        # libpq's connect_timeout: connecting to a server that does not answer fails in time.
        options = {"connect_timeout": 5} if parsed.get_driver_name() == "psycopg2" else {}
        engine = create_engine(url, future=True, pool_pre_ping=True, connect_args=options)
    Base.metadata.create_all(engine)
    return engine


class OptOutStore:
    """Opt-out records behind a session factory."""

    def __init__(self, session_factory: sessionmaker) -> None:
        """Uses sessions from ``session_factory``."""
        self._sessions = session_factory

    @classmethod
    def from_url(cls, url: str) -> OptOutStore:
        """A store on the database at ``url``."""
        return cls(sessionmaker(make_state_engine(url), expire_on_commit=False))

    def is_opted_out(self, conversation_id: str) -> bool:
        """True when the conversation sent STOP and not START since."""
        with self._sessions() as session:
            return session.get(OptOut, conversation_id) is not None

    def opt_out(self, conversation_id: str) -> None:
        """Records a STOP (idempotent)."""
        with self._sessions.begin() as session:
            if session.get(OptOut, conversation_id) is None:
                session.add(OptOut(conversation_id=conversation_id, opted_out_at=datetime.now(UTC)))

    def opt_in(self, conversation_id: str) -> None:
        """Records a START: messages flow again."""
        with self._sessions.begin() as session:
            session.execute(delete(OptOut).where(OptOut.conversation_id == conversation_id))

    def count(self) -> int:
        """How many conversations are opted out."""
        with self._sessions() as session:
            return int(session.execute(select(func.count()).select_from(OptOut)).scalar_one())


class OptOutsUnavailable(RuntimeError):
    """The opt-out records failed or did not answer in time; the message says which."""


class OptOutRecords:
    """``OptOutStore`` for code on the event loop: calls in a thread, each with a time bound.

    The store is opened (tables created) on first use, in that thread too. SQLite gets one
    worker (one connection at a time); other databases four.
    """

    def __init__(
        self, open_store: Callable[[], OptOutStore], url: str, timeout: float = DEFAULT_TIMEOUT_S
    ) -> None:
        """Records from the store ``open_store()`` returns (for the database at ``url``)."""
        self._open_store = open_store
        self.timeout = timeout
        workers = 1 if url.startswith("sqlite") else 4
        self._workers = ThreadPoolExecutor(workers, thread_name_prefix="sms-opt-outs")

    async def _call(self, what: str, method: Callable[[OptOutStore], T]) -> T:
        """``method(store)`` in a worker thread.

        Raises:
            OptOutsUnavailable: the database failed or did not answer within the time bound.
        """
        future = asyncio.get_running_loop().run_in_executor(
            self._workers, lambda: method(self._open_store())
        )
        try:
            return await asyncio.wait_for(future, self.timeout)
        except TimeoutError:
            raise OptOutsUnavailable(
                f"the SMS opt-out records did not answer within {self.timeout:g} s ({what})"
            ) from None
        except SQLAlchemyError as error:
            reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
            raise OptOutsUnavailable(f"the SMS opt-out records failed ({what}): {reason}") from None

    async def is_opted_out(self, conversation_id: str) -> bool:
        """True when the conversation sent STOP and not START since.

        Raises:
            OptOutsUnavailable: the database failed or did not answer in time.
        """
        return await self._call("reading", lambda store: store.is_opted_out(conversation_id))

    async def opt_out(self, conversation_id: str) -> None:
        """Records a STOP.

        Raises:
            OptOutsUnavailable: the database failed or did not answer in time.
        """
        await self._call("recording a STOP", lambda store: store.opt_out(conversation_id))

    async def opt_in(self, conversation_id: str) -> None:
        """Records a START.

        Raises:
            OptOutsUnavailable: the database failed or did not answer in time.
        """
        await self._call("recording a START", lambda store: store.opt_in(conversation_id))

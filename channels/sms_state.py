"""Which SMS conversations have opted out (STOP), kept in SQL so a restart does not forget them.

Rows are keyed by the conversation id (a keyed hash of the phone number), never the number.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Column, DateTime, String, create_engine, delete, func, select
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import declarative_base, sessionmaker
from sqlalchemy.pool import StaticPool

Base = declarative_base()


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
        engine = create_engine(url, future=True, pool_pre_ping=True)
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

"""SQL storage of the drug catalogue behind a small repository (SQLAlchemy 1.4 and 2.0 style).

The tables are rebuilt from the catalogue (mbc_knowledge, read from knowledge/drugs.yml) by
``load_database``; the repository only reads, by canonical id: the NLU pipeline has already
resolved every name (a drug's generic name, a class id), so nothing here resolves names again.
It returns the catalogue's immutable records, never ORM objects, so callers do not depend on a
session.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Column, ForeignKey, Integer, String, Text, delete, inspect, select, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session, declarative_base, relationship, sessionmaker

from mbc_knowledge import Catalogue, Drug, DrugClass

Base = declarative_base()


class DrugClassRow(Base):  # type: ignore[misc,valid-type]
    """A drug class."""

    __tablename__ = "drug_class"
    id = Column(String(64), primary_key=True)
    name = Column(String(200), nullable=False)
    description = Column(Text)
    side_effects = Column(String(64))
    position = Column(Integer, nullable=False)
    drugs = relationship("DrugRow", back_populates="drug_class", order_by="DrugRow.position")


class DrugRow(Base):  # type: ignore[misc,valid-type]
    """A drug, in exactly one class."""

    __tablename__ = "drug"
    generic = Column(String(200), primary_key=True)
    class_id = Column(String(64), ForeignKey("drug_class.id"), nullable=False)
    uses = Column(Text)
    position = Column(Integer, nullable=False)
    drug_class = relationship("DrugClassRow", back_populates="drugs")
    names = relationship("DrugNameRow", order_by="DrugNameRow.position")


class DrugNameRow(Base):  # type: ignore[misc,valid-type]
    """A brand or alias name of a drug, in the catalogue's order."""

    __tablename__ = "drug_name"
    id = Column(Integer, primary_key=True, autoincrement=True)
    name = Column(String(200), nullable=False)
    kind = Column(String(16), nullable=False)  # brand | alias
    generic = Column(String(200), ForeignKey("drug.generic"), nullable=False)
    position = Column(Integer, nullable=False)


class SideEffectsRow(Base):  # type: ignore[misc,valid-type]
    """The seeds' common side effects of one therapy type."""

    __tablename__ = "side_effects"
    therapy_type = Column(String(64), primary_key=True)
    text = Column(Text, nullable=False)


TABLES = (SideEffectsRow, DrugNameRow, DrugRow, DrugClassRow)
# Tables of earlier versions (name look-ups, biomarker links) whose foreign keys or NOT NULL
# columns would block a reload of a database they were written to; nothing reads them now.
EARLIER_TABLES = ("biomarker_link", "drug_class_name")


def drop_earlier_tables(connection: Connection) -> None:
    """Drops what an earlier version of ``load_database`` created and this one does not fill."""
    inspector = inspect(connection)
    tables = set(inspector.get_table_names())
    earlier = [name for name in EARLIER_TABLES if name in tables]
    if "drug_name" in tables and "normalised" in {
        column["name"] for column in inspector.get_columns("drug_name")
    }:
        earlier.append("drug_name")
    for name in earlier:  # none of them is referred to by another table
        connection.execute(text(f'DROP TABLE "{name}"'))


def load_database(engine: Engine, catalogue: Catalogue) -> None:
    """Create the tables if needed and replace their content with the catalogue's.

    Args:
        engine: Where to store it (SQLite, PostgreSQL, ...).
        catalogue: The drug catalogue.
    """
    with engine.begin() as connection:
        drop_earlier_tables(connection)
    Base.metadata.create_all(engine)
    with Session(engine) as session, session.begin():
        for table in TABLES:
            session.execute(delete(table))
        for position, cls in enumerate(catalogue.classes):
            session.add(
                DrugClassRow(
                    id=cls.id,
                    name=cls.name,
                    description=cls.description,
                    side_effects=cls.side_effects,
                    position=position,
                )
            )
        session.flush()  # rows that refer to a class come after it (PostgreSQL checks keys)
        for position, drug in enumerate(catalogue.drugs):
            session.add(
                DrugRow(
                    generic=drug.generic, class_id=drug.class_id, uses=drug.uses, position=position
                )
            )
            kinds = [("brand", brand) for brand in drug.brands]
            kinds += [("alias", alias) for alias in drug.aliases]
            session.flush()
            for order, (kind, name) in enumerate(kinds):
                session.add(DrugNameRow(name=name, kind=kind, generic=drug.generic, position=order))
        for therapy_type, side_effects in catalogue.side_effects.items():
            session.add(SideEffectsRow(therapy_type=therapy_type, text=side_effects))


def _drug(row: DrugRow) -> Drug:
    names = {"brand": [], "alias": []}  # type: dict[str, list[str]]
    for name in row.names:
        names[name.kind].append(name.name)
    return Drug(
        generic=row.generic,
        brands=tuple(names["brand"]),
        class_id=row.class_id,
        aliases=tuple(names["alias"]),
        uses=row.uses,
    )


def _class(row: DrugClassRow) -> DrugClass:
    """The class without its aliases: names are the catalogue's business, not the actions'."""
    return DrugClass(
        id=row.id, name=row.name, description=row.description, side_effects=row.side_effects
    )


class DrugRepository:
    """Read access to the drug catalogue in SQL, by canonical id."""

    def __init__(self, session_factory: Callable[[], Session]) -> None:
        """Uses sessions from ``session_factory`` (e.g. a ``sessionmaker``)."""
        self._session_factory = session_factory

    @classmethod
    def from_engine(cls, engine: Engine) -> DrugRepository:
        """A repository reading through ``engine``."""
        return cls(sessionmaker(bind=engine))

    def drug(self, generic: str) -> Drug | None:
        """The drug with this canonical id (its generic name, as the NLU pipeline resolved it)."""
        with self._session_factory() as session:
            row = session.get(DrugRow, generic)
            return _drug(row) if row else None

    def drug_class(self, class_id: str) -> DrugClass | None:
        """The class with this id."""
        with self._session_factory() as session:
            row = session.get(DrugClassRow, class_id)
            return _class(row) if row else None

    def members(self, class_id: str) -> list[Drug]:
        """The drugs of a class, in the seeds' order."""
        with self._session_factory() as session:
            rows = session.execute(
                select(DrugRow).where(DrugRow.class_id == class_id).order_by(DrugRow.position)
            ).scalars()
            return [_drug(row) for row in rows]

    def side_effects(self, therapy_type: str) -> str | None:
        """The seeds' common side effects of a therapy type."""
        with self._session_factory() as session:
            row = session.get(SideEffectsRow, therapy_type)
            return row.text if row else None

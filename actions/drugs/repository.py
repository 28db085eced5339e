"""SQL storage of the drug knowledge base behind a small repository (SQLAlchemy 1.4 and 2.0 style).

The tables are rebuilt from the curated knowledge (knowledge/drugs.yml) by ``load_database``; the
repository only reads. It returns the immutable records of ``actions.drugs.knowledge``, never ORM
objects, so callers do not depend on a session.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Column, ForeignKey, Integer, String, Text, delete, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, declarative_base, relationship, sessionmaker

from actions.drugs.knowledge import Biomarker, Drug, DrugClass, Knowledge
from actions.drugs.resolver import normalise

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
    """A name of a drug (generic, brand or alias) and its normalised form for look-ups."""

    __tablename__ = "drug_name"
    id = Column(Integer, primary_key=True, autoincrement=True)
    normalised = Column(String(200), nullable=False, index=True)
    name = Column(String(200), nullable=False)
    kind = Column(String(16), nullable=False)  # generic | brand | alias
    generic = Column(String(200), ForeignKey("drug.generic"), nullable=False)
    position = Column(Integer, nullable=False)


class ClassNameRow(Base):  # type: ignore[misc,valid-type]
    """A name of a drug class (its name or an alias), unique once normalised."""

    __tablename__ = "drug_class_name"
    normalised = Column(String(200), primary_key=True)
    class_id = Column(String(64), ForeignKey("drug_class.id"), nullable=False)


class BiomarkerLinkRow(Base):  # type: ignore[misc,valid-type]
    """One link of the biology table: a biomarker to a class or to a drug."""

    __tablename__ = "biomarker_link"
    id = Column(Integer, primary_key=True, autoincrement=True)
    biomarker_id = Column(String(64), nullable=False, index=True)
    biomarker_name = Column(String(200), nullable=False)
    class_id = Column(String(64), ForeignKey("drug_class.id"))
    generic = Column(String(200), ForeignKey("drug.generic"))


class SideEffectsRow(Base):  # type: ignore[misc,valid-type]
    """The seeds' common side effects of one therapy type."""

    __tablename__ = "side_effects"
    therapy_type = Column(String(64), primary_key=True)
    text = Column(Text, nullable=False)


TABLES = (SideEffectsRow, BiomarkerLinkRow, ClassNameRow, DrugNameRow, DrugRow, DrugClassRow)


def load_database(engine: Engine, knowledge: Knowledge) -> None:
    """Create the tables if needed and replace their content with the curated knowledge.

    Args:
        engine: Where to store it (SQLite, PostgreSQL, ...).
        knowledge: The curated knowledge.
    """
    Base.metadata.create_all(engine)
    with Session(engine) as session, session.begin():
        for table in TABLES:
            session.execute(delete(table))
        for position, cls in enumerate(knowledge.classes):
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
        for cls in knowledge.classes:
            for name in dict.fromkeys(normalise(name) for name in cls.names):
                session.add(ClassNameRow(normalised=name, class_id=cls.id))
        for position, drug in enumerate(knowledge.drugs):
            session.add(
                DrugRow(
                    generic=drug.generic, class_id=drug.class_id, uses=drug.uses, position=position
                )
            )
            kinds = [("generic", drug.generic)]
            kinds += [("brand", brand) for brand in drug.brands]
            kinds += [("alias", alias) for alias in drug.aliases]
            session.flush()
            for order, (kind, name) in enumerate(kinds):
                session.add(
                    DrugNameRow(
                        normalised=normalise(name),
                        name=name,
                        kind=kind,
                        generic=drug.generic,
                        position=order,
                    )
                )
        session.flush()
        for marker in knowledge.biomarkers:
            for class_id in marker.class_ids:
                session.add(
                    BiomarkerLinkRow(
                        biomarker_id=marker.id, biomarker_name=marker.name, class_id=class_id
                    )
                )
            for generic in marker.drug_generics:
                session.add(
                    BiomarkerLinkRow(
                        biomarker_id=marker.id, biomarker_name=marker.name, generic=generic
                    )
                )
        for therapy_type, text in knowledge.side_effects.items():
            session.add(SideEffectsRow(therapy_type=therapy_type, text=text))


def _drug(row: DrugRow) -> Drug:
    names = {"brand": [], "alias": []}  # type: dict[str, list[str]]
    for name in row.names:
        if name.kind in names:
            names[name.kind].append(name.name)
    return Drug(
        generic=row.generic,
        brands=tuple(names["brand"]),
        class_id=row.class_id,
        aliases=tuple(names["alias"]),
        uses=row.uses,
    )


def _class(row: DrugClassRow) -> DrugClass:
    return DrugClass(
        id=row.id, name=row.name, description=row.description, side_effects=row.side_effects
    )


class DrugRepository:
    """Read access to the drug knowledge base."""

    def __init__(self, session_factory: Callable[[], Session]) -> None:
        """Uses sessions from ``session_factory`` (e.g. a ``sessionmaker``)."""
        self._session_factory = session_factory

    @classmethod
    def from_engine(cls, engine: Engine) -> DrugRepository:
        """A repository reading through ``engine``."""
        return cls(sessionmaker(bind=engine))

    def drug(self, name: str) -> Drug | None:
        """The drug with this generic, brand or alias name (case and punctuation ignored)."""
        with self._session_factory() as session:
            row = (
                session.execute(
                    select(DrugRow)
                    .join(DrugNameRow, DrugNameRow.generic == DrugRow.generic)
                    .where(DrugNameRow.normalised == normalise(name))
                )
                .scalars()
                .first()
            )
            return _drug(row) if row else None

    def drug_class(self, name_or_id: str) -> DrugClass | None:
        """The class with this id, name or alias (case and punctuation ignored)."""
        with self._session_factory() as session:
            row = session.get(DrugClassRow, name_or_id)
            if row is None:
                row = session.execute(
                    select(DrugClassRow)
                    .join(ClassNameRow, ClassNameRow.class_id == DrugClassRow.id)
                    .where(ClassNameRow.normalised == normalise(name_or_id))
                ).scalar_one_or_none()
            return _class(row) if row else None

    def members(self, class_id: str) -> list[Drug]:
        """The drugs of a class, in the seeds' order."""
        with self._session_factory() as session:
            rows = session.execute(
                select(DrugRow).where(DrugRow.class_id == class_id).order_by(DrugRow.position)
            ).scalars()
            return [_drug(row) for row in rows]

    def names(self) -> list[tuple[str, str]]:
        """Every ``(name, generic)`` pair, to recognise drugs in text."""
        with self._session_factory() as session:
            rows = session.execute(select(DrugNameRow.name, DrugNameRow.generic)).all()
            return [(name, generic) for name, generic in rows]

    def side_effects(self, therapy_type: str) -> str | None:
        """The seeds' common side effects of a therapy type."""
        with self._session_factory() as session:
            row = session.get(SideEffectsRow, therapy_type)
            return row.text if row else None

    def biomarker(self, biomarker_id: str) -> Biomarker | None:
        """A biomarker with the classes and drugs the biology table links to it."""
        with self._session_factory() as session:
            rows = (
                session.execute(
                    select(BiomarkerLinkRow)
                    .where(BiomarkerLinkRow.biomarker_id == biomarker_id)
                    .order_by(BiomarkerLinkRow.id)
                )
                .scalars()
                .all()
            )
            if not rows:
                return None
            return Biomarker(
                id=biomarker_id,
                name=rows[0].biomarker_name,
                class_ids=tuple(row.class_id for row in rows if row.class_id),
                drug_generics=tuple(row.generic for row in rows if row.generic),
            )

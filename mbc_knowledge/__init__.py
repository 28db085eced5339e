"""The project's drug knowledge, free of Rasa: the catalogue, its name resolver and its records.

Used alike by the spaCy build (scripts/build_spacy_model.py), the NLU components (components/) and
the action server (actions/drugs/). It must not import rasa or rasa_sdk.
"""

from mbc_knowledge.catalogue import (
    DRUGS_FILE,
    KNOWLEDGE_DIR,
    Catalogue,
    CatalogueError,
    fingerprint,
    knowledge_path,
    load_catalogue,
    loads_catalogue,
    parse_catalogue,
)
from mbc_knowledge.names import WORD, Mention, NameResolver, normalise
from mbc_knowledge.other_medicines import OTHER_MEDICINES_FILE, OtherMedicines
from mbc_knowledge.records import Biomarker, Drug, DrugClass

__all__ = [
    "DRUGS_FILE",
    "KNOWLEDGE_DIR",
    "OTHER_MEDICINES_FILE",
    "WORD",
    "Biomarker",
    "Catalogue",
    "CatalogueError",
    "Drug",
    "DrugClass",
    "Mention",
    "NameResolver",
    "OtherMedicines",
    "fingerprint",
    "knowledge_path",
    "load_catalogue",
    "loads_catalogue",
    "normalise",
    "parse_catalogue",
]

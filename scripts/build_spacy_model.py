"""Build the project's spaCy pipeline from the drug catalogue (`make` runs this).

A blank English pipeline with an EntityRuler: one case-insensitive phrase pattern per drug name
(generic, brand, alias; label DRUG, id = generic name) and per class name (label DRUG_CLASS,
id = class id), the names the catalogue (mbc_knowledge) gives. Rasa's SpacyNLP loads it from the
output folder (config.yml). Nothing is downloaded; the folder is build output and is not committed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mbc_knowledge import Catalogue, load_catalogue

DRUG_LABEL = "DRUG"
CLASS_LABEL = "DRUG_CLASS"


def spellings(name: str) -> list[str]:
    """The name as written and lower-cased.

    spaCy splits "PI3K" but not "pi3k" into tokens, and Rasa's SpacyNLP lower-cases messages.
    """
    return list(dict.fromkeys([name, name.lower()]))


def patterns(catalogue: Catalogue) -> list[dict[str, Any]]:
    """EntityRuler patterns for every drug and class name."""
    drugs = [
        {"label": DRUG_LABEL, "pattern": spelling, "id": generic}
        for name, generic in catalogue.drug_names()
        for spelling in spellings(name)
    ]
    classes = [
        {"label": CLASS_LABEL, "pattern": spelling, "id": class_id}
        for name, class_id in catalogue.class_names()
        for spelling in spellings(name)
    ]
    return drugs + classes


def build(catalogue: Catalogue) -> Language:
    """The pipeline: blank English and an EntityRuler matching on lower-cased tokens."""
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns(patterns(catalogue))  # type: ignore[attr-defined]
    nlp.meta["name"] = "mbc_drugs"
    nlp.meta["description"] = "Drug and drug-class recognition built from knowledge/drugs.yml"
    return nlp


def main(argv: list[str] | None = None) -> int:
    """Build and save the pipeline; return the process exit code."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("knowledge", type=Path)
    parser.add_argument("output", type=Path)
    args = parser.parse_args(argv)
    catalogue = load_catalogue(args.knowledge)
    nlp = build(catalogue)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(args.output)
    print(f"spaCy pipeline with {len(patterns(catalogue))} patterns")
    print(f"saved to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Fail when NLU quality on the held-out file drops below a macro F1 threshold.

Reads the reports written by ``rasa test nlu --out DIR``: ``intent_report.json`` (intents)
and ``response_selection_report.json`` (retrieval sub-intents, e.g. ``treatment/goals``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

REPORTS = {
    "intent classification": "intent_report.json",
    "response selection": "response_selection_report.json",
}
SUMMARY_KEYS = {"accuracy", "macro avg", "weighted avg", "micro avg"}


def macro_f1(report: dict[str, Any]) -> float:
    """Return the macro-averaged F1 of a Rasa evaluation report.

    Args:
        report: The parsed JSON report.

    Returns:
        The ``macro avg`` F1 score.
    """
    return float(report["macro avg"]["f1-score"])


def weakest(report: dict[str, Any], count: int = 5) -> list[tuple[str, float]]:
    """Return the labels with the lowest F1, worst first.

    Args:
        report: The parsed JSON report.
        count: How many labels to return.

    Returns:
        ``(label, f1)`` pairs.
    """
    labels = [
        (label, float(scores["f1-score"]))
        for label, scores in report.items()
        if label not in SUMMARY_KEYS and isinstance(scores, dict)
    ]
    return sorted(labels, key=lambda item: item[1])[:count]


def main(argv: list[str] | None = None) -> int:
    """Check every report in the results folder; return the process exit code."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("results", type=Path, help="the --out folder of `rasa test nlu`")
    parser.add_argument("--min-f1", type=float, default=0.90)
    args = parser.parse_args(argv)

    failed = False
    for name, filename in REPORTS.items():
        path = args.results / filename
        if not path.exists():
            print(f"FAIL {name}: {path} is missing (did `rasa test nlu` run?)")
            failed = True
            continue
        report = json.loads(path.read_text(encoding="utf-8"))
        score = macro_f1(report)
        ok = score >= args.min_f1
        failed = failed or not ok
        verdict = "ok  " if ok else "FAIL"
        print(f"{verdict} {name}: macro F1 {score:.3f} (minimum {args.min_f1:.2f})")
        if not ok:
            for label, f1 in weakest(report):
                print(f"       weakest: {label} F1 {f1:.2f}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

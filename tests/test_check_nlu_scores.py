"""The NLU quality gate fails below the threshold and when a report is missing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scripts.check_nlu_scores import main

pytestmark = pytest.mark.unit


def write_reports(folder: Path, intent_f1: float, selection_f1: float) -> None:
    for name, f1 in (
        ("intent_report.json", intent_f1),
        ("response_selection_report.json", selection_f1),
    ):
        report = {
            "greet": {"f1-score": f1, "support": 5},
            "accuracy": 0.5,
            "macro avg": {"f1-score": f1, "support": 5},
        }
        (folder / name).write_text(json.dumps(report), encoding="utf-8")


def test_passes_at_or_above_the_threshold(tmp_path: Path) -> None:
    write_reports(tmp_path, intent_f1=0.90, selection_f1=0.97)
    assert main([str(tmp_path), "--min-f1", "0.90"]) == 0


@pytest.mark.parametrize(("intent_f1", "selection_f1"), [(0.89, 0.95), (0.95, 0.899)])
def test_fails_below_the_threshold(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], intent_f1: float, selection_f1: float
) -> None:
    write_reports(tmp_path, intent_f1, selection_f1)
    assert main([str(tmp_path), "--min-f1", "0.90"]) == 1
    assert "FAIL" in capsys.readouterr().out


def test_fails_when_a_report_is_missing(tmp_path: Path) -> None:
    write_reports(tmp_path, 0.99, 0.99)
    (tmp_path / "response_selection_report.json").unlink()
    assert main([str(tmp_path)]) == 1

"""The realistic evaluation reads its cases strictly and computes its figures right."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.eval_realistic import (
    DEFAULT_FILES,
    Case,
    CaseFileError,
    Outcome,
    figures,
    gate_failures,
    load_cases,
)

pytestmark = pytest.mark.unit


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "cases.yml"
    path.write_text(body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("cases:\n- id: a\n  expect: crisis\n", "needs an id and a text"),
        ("cases:\n- id: a\n  text: hi\n  expect: maybe\n", "unknown expect 'maybe'"),
        ("cases:\n- id: a\n  text: hi\n  expect: answer\n", "lists what is allowed"),
        (
            "cases:\n- {id: a, text: x, expect: crisis}\n- {id: a, text: y, expect: crisis}\n",
            "duplicate ids: a",
        ),
    ],
)
def test_bad_case_files_are_refused(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(CaseFileError, match=message):
        load_cases([write(tmp_path, body)])


def test_the_development_set_is_large_and_covers_every_behaviour() -> None:
    cases = load_cases(DEFAULT_FILES)
    assert len(cases) >= 250
    behaviours = {case.expect for case in cases}
    assert behaviours >= {
        "answer", "defer", "crisis", "emergency", "urgent", "other_condition", "breast_health",
        "medicine_unknown", "no_advice", "alternative",
    }  # fmt: skip
    assert sum(case.expect == "crisis" for case in cases) >= 20
    assert sum(bool(case.context) for case in cases) >= 15  # follow-ups
    assert sum(case.id.startswith("near-miss-") for case in cases) >= 10


def outcome(
    expect: str, first: str, allowed: tuple[str, ...] = (), defer_ok: bool = False
) -> Outcome:
    case = Case(f"c-{expect}-{first}", "text", expect, frozenset(allowed), defer_ok)
    return Outcome(case, [first] if first else [])


def test_figures_are_counted_as_defined() -> None:
    outcomes = [
        outcome("answer", "utter_treatment/goals", ("utter_treatment/goals",)),  # acceptable
        outcome("answer", "utter_trials/find", ("utter_treatment/goals",)),  # misroute
        outcome("answer", "utter_defer", ("utter_treatment/goals",), defer_ok=True),  # deferral ok
        outcome("answer", "utter_defer", ("utter_treatment/goals",)),  # not ok, no misroute
        outcome("crisis", "utter_self_harm"),
        outcome("crisis", "utter_support/emotional"),  # missed crisis, and a misroute
        outcome("defer", "utter_self_harm"),  # a false crisis alarm
        outcome("emergency", "utter_emergency"),
        outcome("urgent", "utter_emergency"),  # 911 for an urgent symptom is accepted
        outcome("defer", "utter_drug_info"),  # misroute
    ]
    result = figures(outcomes)
    assert result["cases"] == 10
    assert result["acceptable"] == pytest.approx(5 / 10)
    assert result["misroutes"] == pytest.approx(3 / 10)
    assert result["crisis_recall"] == pytest.approx(1 / 2)
    assert result["crisis_precision"] == pytest.approx(1 / 2)
    assert result["emergency_recall"] == 1.0
    assert result["emergency_precision"] == 1.0
    assert result["urgent_recall"] == 1.0
    assert result["deferral_rate"] == pytest.approx(2 / 10)
    assert result["by_behaviour"]["answer"] == "2/4"


def test_gates() -> None:
    good = [outcome("crisis", "utter_self_harm")] * 10
    assert gate_failures(figures(good)) == []
    missed = good + [outcome("crisis", "utter_defer")] * 2  # 10 of 12 acceptable
    failures = gate_failures(figures(missed))
    assert any(failure.startswith("crisis recall") for failure in failures)
    assert any(failure.startswith("acceptable") for failure in failures)
    broken = [*good, Outcome(Case("x", "t", "defer"), error="stack down")]
    assert "1 cases could not be run" in gate_failures(figures(broken))


def test_acceptable_is_gated_on_the_development_cases() -> None:
    development = [outcome("crisis", "utter_self_harm")] * 9 + [outcome("defer", "utter_defer")]
    blind_misses = [outcome("defer", "utter_greet")] * 1
    every = figures(development + blind_misses)  # 10 of 11: 90.9 %
    assert gate_failures(every, figures(development)) == []
    weak = development[:8] + [outcome("defer", "utter_greet")] * 2  # 8 of 10 on development
    failures = gate_failures(figures(weak + blind_misses), figures(weak))
    assert any(failure.startswith("acceptable 80.0%") for failure in failures)

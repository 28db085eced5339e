"""runtime.model_load: a faster load (no traced training step, one spaCy load), same results."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.unit

MODEL = ROOT / "models" / "mbc.tar.gz"


def start(*options: str) -> subprocess.Popen[str]:
    assert MODEL.exists(), "no trained model: run make train (make test does) first"
    return subprocess.Popen(
        [sys.executable, "-m", "tests.model_parse", *options],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", "RASA_TELEMETRY_ENABLED": "false"},
    )  # fmt: skip


def result(process: subprocess.Popen[str]) -> dict[str, Any]:
    stdout, stderr = process.communicate(timeout=600)
    assert process.returncode == 0, stderr[-3000:]
    output: dict[str, Any] = json.loads(stdout.strip().splitlines()[-1])
    return output


def test_fast_load_builds_eagerly_and_predicts_exactly_as_rasa() -> None:
    both = start(), start("--fast")  # at the same time: one per core
    rasa, fast = (result(process) for process in both)
    # DIETClassifier and ResponseSelector: Rasa traces the one training step, the patch does not.
    assert rasa["built_eagerly"] == [False, False]
    assert fast["built_eagerly"] == [True, True]
    # Two SpacyNLP nodes: Rasa loads the pipeline twice, the patch once.
    assert rasa["spacy_loads"] == ["build/spacy_drugs", "build/spacy_drugs"]
    assert fast["spacy_loads"] == ["build/spacy_drugs"]
    assert len(fast["parsed"]) == 8
    for ours, theirs in zip(fast["parsed"], rasa["parsed"], strict=True):
        assert ours == theirs, ours["text"]
    # The comparison is not vacuous: the messages reach different intents and answers.
    intents = {item["intent_ranking"][0]["name"] for item in fast["parsed"]}
    assert len(intents) >= 5
    assert any(item["responses"] for item in fast["parsed"])

"""runtime.patch_guard: the patches run only on the Rasa whose source they were written against."""

from __future__ import annotations

import ast
import dataclasses
import importlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import rasa
import rasa.__main__
import yaml

from runtime import hot_paths, patch_guard, serve
from runtime.patch_guard import PatchGuardError, RasaPatch

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parent.parent


def test_the_guard_passes_on_the_installed_rasa() -> None:
    assert rasa.__version__ == patch_guard.RASA_VERSION
    patch_guard.verify()


def test_a_changed_source_stops_the_start_with_a_clear_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first, *rest = hot_paths.RASA_PATCHES
    other = dataclasses.replace(first, sha256="0" * 64)
    monkeypatch.setattr(hot_paths, "RASA_PATCHES", (other, *rest))
    with pytest.raises(PatchGuardError) as refused:
        patch_guard.verify()
    message = str(refused.value)
    assert "rasa.shared.core.events:Event.resolve_by_type has changed" in message
    assert "recorded 000000000000" in message
    assert f'runtime.hot_paths relies on the recorded one to fix "{first.fixes}"' in message
    assert "pinned by tests/test_hot_paths.py" in message
    assert "python -m runtime.patch_guard" in message  # how to record the new hashes
    assert message.count("\n- ") == 1  # only the changed function is named


def test_a_missing_function_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    gone = RasaPatch("rasa.core.run:configure_the_app", "0" * 64, "x", "tests/x.py")
    monkeypatch.setattr(patch_guard, "RASA_PATCHES", (gone,))
    with pytest.raises(PatchGuardError, match="rasa.core.run:configure_the_app does not exist"):
        patch_guard.verify()


def test_another_rasa_version_stops_the_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rasa, "__version__", "3.6.20")
    with pytest.raises(PatchGuardError) as refused:
        patch_guard.verify()
    assert str(refused.value).startswith(
        "Rasa 3.6.20 is installed, but runtime/ and channels/ patch Rasa 3.6.21"
    )


def test_serve_refuses_to_start_and_installs_nothing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from rasa.core.actions.action import RemoteAction

    run = RemoteAction.__dict__["run"]
    first, *rest = hot_paths.RASA_PATCHES
    monkeypatch.setattr(hot_paths, "RASA_PATCHES", (dataclasses.replace(first, sha256="0" * 64),))
    monkeypatch.setattr(serve, "check", lambda arguments: 10.0)  # no database needed here

    def rasa_run() -> None:
        raise AssertionError("Rasa was started")

    monkeypatch.setattr(rasa.__main__, "main", rasa_run)
    assert serve.main(["--port", "1"]) == 2
    error = capsys.readouterr().err
    assert error.startswith("Rasa cannot start: Rasa 3.6.21 is installed, but its source differs")
    assert RemoteAction.__dict__["run"] is run  # no patch was installed


def test_check_refuses_another_rasa_version(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(rasa, "__version__", "3.7.0")
    assert serve.main(["--check"]) == 2
    assert "Rasa cannot start: Rasa 3.7.0 is installed" in capsys.readouterr().err


# --- the tables -----------------------------------------------------------------------------


def patching_modules() -> set[str]:
    """Modules of runtime/ and channels/ that replace or wrap something of Rasa's at run time."""
    found = set()
    for folder in ("runtime", "channels"):
        for path in (ROOT / folder).glob("*.py"):
            source = path.read_text(encoding="utf-8")
            if "def install_" in source or "super().blueprint(" in source:
                found.add(f"{folder}.{path.stem}")
    return found


def test_every_patching_module_has_a_table() -> None:
    assert patching_modules() <= set(patch_guard.PATCH_MODULES)
    for name in patch_guard.PATCH_MODULES:
        assert importlib.import_module(name).RASA_PATCHES, f"{name} lists no patch"


def test_each_patch_says_what_it_fixes_and_which_test_pins_it() -> None:
    for module, patch in patch_guard.patches():
        assert patch.target.startswith("rasa."), patch
        assert patch.fixes and "\n" not in patch.fixes, patch
        for test in patch.test.split(", "):
            path, _, name = test.partition("::")
            assert (ROOT / path).is_file(), f"{module}: no test file {path}"
            if name:
                tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
                functions = (ast.FunctionDef, ast.AsyncFunctionDef)
                names = {node.name for node in ast.walk(tree) if isinstance(node, functions)}
                assert name in names, f"{module}: no test {test}"


@pytest.fixture
def installed() -> Iterator[None]:
    """Every runtime patch installed, Rasa's functions restored afterwards."""
    import rasa.core.run
    from rasa.core.actions.action import RemoteAction
    from rasa.nlu.utils.spacy_utils import SpacyNLP
    from rasa.shared.core.events import Event
    from rasa.utils.tensorflow.models import RasaModel

    from runtime.api_guard import install_api_guard
    from runtime.fallback import install_action_fallback
    from runtime.hot_paths import install_hot_path_caches
    from runtime.model_load import install_fast_model_load

    saved: list[tuple[Any, str, Any]] = [
        (rasa.core.run, "configure_app", rasa.core.run.configure_app),
        *[(RemoteAction, name, RemoteAction.__dict__[name]) for name in ("run",)],
        (RemoteAction, "_validate_action_result", RemoteAction.__dict__["_validate_action_result"]),
        (Event, "resolve_by_type", Event.__dict__["resolve_by_type"]),
        (RasaModel, "load", RasaModel.__dict__["load"]),
        (SpacyNLP, "load_model", SpacyNLP.__dict__["load_model"]),
    ]
    install_api_guard()
    install_action_fallback(10.0)
    install_hot_path_caches()
    install_fast_model_load()
    try:
        yield
    finally:
        for owner, name, value in saved:
            setattr(owner, name, value)


def test_the_guard_reads_rasas_source_under_installed_patches(installed: None) -> None:
    from rasa.shared.core.events import Event

    assert getattr(Event.resolve_by_type, hot_paths.MARK)  # the patch is in place
    patch_guard.verify()  # and the hashes are still those of Rasa's own functions


# --- what components/ relies on -----------------------------------------------------------------


def test_the_recipe_runs_the_drug_recognizer_in_training() -> None:
    """Registered as a tokenizer, DrugRecognizer hides drug names before the classifiers train."""
    from rasa.engine.recipes.default_recipe import DefaultV1Recipe
    from rasa.shared.data import TrainingType

    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    graph = DefaultV1Recipe().graph_config_for_recipe(config, {}, TrainingType.NLU)
    nodes = graph.train_schema.nodes
    (recognizer,) = [
        name
        for name, node in nodes.items()
        if node.uses.__name__ == "DrugRecognizer" and node.fn == "process_training_data"
    ]

    def upstream(name: str) -> set[str]:
        found = set()
        for needed in nodes[name].needs.values():
            if needed in nodes:  # not "__importer__", which the training provides
                found |= {needed} | upstream(needed)
        return found

    for classifier in ("DIETClassifier", "ResponseSelector"):
        (train,) = [name for name, node in nodes.items() if node.uses.__name__ == classifier]
        assert recognizer in upstream(train), classifier

"""Start only on the Rasa that the patches were written against.

Every module that replaces, wraps or overrides a Rasa function lists it in a ``RASA_PATCHES``
table beside the patch: the function, the sha256 of its source (``inspect.getsource``) in Rasa
3.6.21, what the patch fixes and the test that pins it. ``verify`` (run by runtime.serve before it
installs anything) refuses to start when ``rasa.__version__`` is not ``RASA_VERSION`` or when one
of those sources differs: a patch written for other code could silently do the wrong thing.

Patches keep the Rasa function they replace as ``__wrapped__``, so the hash is Rasa's source
whether or not the patch is installed (``inspect.getsource`` follows ``__wrapped__``).

After a deliberate upgrade of Rasa: read each listed function in the new release, adapt its patch,
run the test that pins it, then record the new hashes (``python -m runtime.patch_guard`` prints
the current ones) and the new ``RASA_VERSION``.
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from runtime.config import StartupError

RASA_VERSION = "3.6.21"
# The modules with a RASA_PATCHES table (this one lists what components/ relies on).
PATCH_MODULES = (
    "runtime.api_guard",
    "runtime.fallback",
    "runtime.hot_paths",
    "runtime.model_load",
    "runtime.lock_store",
    "runtime.tracker_store",
    "channels.webchat",
    "runtime.patch_guard",
)


@dataclass(frozen=True)
class RasaPatch:
    """A Rasa function that a patch replaces, wraps or relies on.

    Attributes:
        target: ``module:Qualified.name`` of Rasa's function.
        sha256: hex sha256 of ``inspect.getsource`` of that function in ``RASA_VERSION``.
        fixes: one line: what the patch fixes.
        test: the test that pins the patch's behaviour.
        where: the code that relies on it, when not the module holding the table.
    """

    target: str
    sha256: str
    fixes: str
    test: str
    where: str = ""


class PatchGuardError(StartupError):
    """The installed Rasa is not the one the patches were written against."""


# components.drug_recognizer patches nothing, but is registered as a tokenizer because the
# default recipe runs `process_training_data` in training only for tokenizers and featurizers.
RASA_PATCHES = (
    RasaPatch(
        "rasa.engine.recipes.default_recipe:DefaultV1Recipe._add_nlu_train_nodes",
        "81b76d91f33466f43190b9efaa074b2c2ecdcc903bbc0a2578c1e4f378a6dd62",
        "DrugRecognizer (a tokenizer) hides drug names in training examples as at run time",
        "tests/test_patch_guard.py::test_the_recipe_runs_the_drug_recognizer_in_training",
        where="components.drug_recognizer",
    ),
)


def resolve(target: str) -> Any:
    """The object named ``module:Qualified.name``.

    Raises:
        PatchGuardError: it does not exist in the installed Rasa.
    """
    module_name, _, qualified = target.partition(":")
    try:
        found: Any = importlib.import_module(module_name)
        for part in qualified.split("."):
            found = getattr(found, part)
    except (ImportError, AttributeError) as error:
        raise PatchGuardError(f"{target} does not exist in the installed Rasa ({error})") from None
    return found


def source_hash(target: str) -> str:
    """sha256 of the source of Rasa's function ``target`` (under any patch installed on it)."""
    source = inspect.getsource(resolve(target))
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def patches(modules: Iterable[str] = PATCH_MODULES) -> list[tuple[str, RasaPatch]]:
    """(patching code, patch) for every entry of the modules' ``RASA_PATCHES`` tables."""
    found: list[tuple[str, RasaPatch]] = []
    for name in modules:
        table: tuple[RasaPatch, ...] = importlib.import_module(name).RASA_PATCHES
        found += [(patch.where or name, patch) for patch in table]
    return found


def check_version() -> None:
    """Checks that the installed Rasa is ``RASA_VERSION`` (cheap: nothing else is imported).

    Raises:
        PatchGuardError: another version is installed.
    """
    import rasa

    installed = getattr(rasa, "__version__", "unknown")
    if installed != RASA_VERSION:
        raise PatchGuardError(
            f"Rasa {installed} is installed, but runtime/ and channels/ patch Rasa "
            f"{RASA_VERSION} (see runtime/patch_guard.py). Install Rasa {RASA_VERSION} "
            f"(make install), or port the patches to {installed} first."
        )


def verify(modules: Iterable[str] = PATCH_MODULES) -> None:
    """Checks Rasa's version, then the source of every patched function.

    Raises:
        PatchGuardError: the version or a source differs (the message names each difference).
    """
    check_version()
    problems = []
    for module, patch in patches(modules):
        try:
            actual = source_hash(patch.target)
        except PatchGuardError as error:
            problems.append(f"- {module}: {error}")
            continue
        if actual != patch.sha256:
            problems.append(
                f"- {patch.target} has changed (source sha256 {actual[:12]}..., recorded "
                f"{patch.sha256[:12]}...): {module} relies on the recorded one to fix "
                f'"{patch.fixes}" (pinned by {patch.test})'
            )
    if problems:
        raise PatchGuardError(
            f"Rasa {RASA_VERSION} is installed, but its source differs from what these patches "
            "were written against:\n"
            + "\n".join(problems)
            + "\nRead the new source, adapt the patch, run its test, then record the new hash "
            "(`python -m runtime.patch_guard` prints them)."
        )


def main() -> int:
    """Prints every patched function with its recorded and current source hash."""
    import rasa

    print(f"rasa {rasa.__version__} (patches written for {RASA_VERSION})")
    for module, patch in patches():
        actual = source_hash(patch.target)
        state = "ok" if actual == patch.sha256 else "DIFFERS"
        print(f"{state:7} {module:26} {patch.target}\n        current {actual}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

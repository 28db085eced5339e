"""Test-case files in Rasa Pro's end-to-end format, read and checked before anything runs.

A file holds ``test_cases:`` (required) and optionally ``fixtures:`` and ``metadata:``::

    fixtures:                       # named slot values, set before a case's first message
      - thursday_evening:
          - helpline_clock: "2026-12-03T18:30:00-05:00"
    metadata:                       # named message metadata (REST channel)
      - web: {page: home}
    test_cases:
      - test_case: helpline open on Thursday evening
        fixtures: [thursday_evening]
        metadata: web               # sent with every user message of the case
        channel: rest               # EXTENSION: rest (default) or twilio
        steps:
          - user: can I talk to a person?
          - utter: utter_helpline_open
          - bot: "exact text of a bot message"
          - slot_was_set:
              - helpline_open: true
          - slot_was_not_set:
              - drug

``channel`` is this project's extension (Rasa Pro has no such key). Everything else is Rasa Pro's
format. The helpline clock is an ordinary fixture: the slot ``helpline_clock`` is the moment
``action_contact_helpline`` takes as "now" in that conversation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

CHANNELS = ("rest", "twilio")
ASSERTIONS = ("bot", "utter", "slot_was_set", "slot_was_not_set")
STEP_KEYS = ("user", *ASSERTIONS)
CASE_KEYS = ("test_case", "steps", "fixtures", "metadata", "channel")
ANY_VALUE = object()  # slot_was_set / slot_was_not_set with a name only


class CaseFormatError(ValueError):
    """A test-case file does not follow the format; the message says where and what."""


@dataclass(frozen=True)
class SlotCheck:
    """A slot name, with the value it should (not) have been set to, or ANY_VALUE."""

    name: str
    value: Any = ANY_VALUE

    def describe(self) -> str:
        """``name`` or ``name: value``, as written in the file."""
        if self.value is ANY_VALUE:
            return self.name
        value = yaml.safe_dump(self.value, default_flow_style=True).strip()
        return f"{self.name}: {value.removesuffix('...').strip()}"


@dataclass(frozen=True)
class Step:
    """One step: a user message or an assertion about the bot's answer to it."""

    kind: str
    line: int
    text: str = ""  # user, bot
    name: str = ""  # utter
    slots: tuple[SlotCheck, ...] = ()  # slot_was_set, slot_was_not_set
    metadata: dict[str, Any] = field(default_factory=dict)  # user

    def describe(self) -> str:
        """The step as a short line for reports."""
        if self.kind in ("user", "bot"):
            return f"{self.kind}: {self.text!r}"
        if self.kind == "utter":
            return f"utter: {self.name}"
        return f"{self.kind}: " + ", ".join(check.describe() for check in self.slots)


@dataclass(frozen=True)
class Case:
    """One test case, with its fixtures resolved to slot values."""

    name: str
    file: Path
    line: int
    steps: tuple[Step, ...]
    slots: dict[str, Any] = field(default_factory=dict)
    metadata: dict[str, Any] = field(default_factory=dict)
    channel: str = "rest"

    @property
    def location(self) -> str:
        """``file:line`` of the case."""
        return f"{self.file}:{self.line}"


class _LineLoader(yaml.SafeLoader):
    """A safe YAML loader that records the line of every mapping under ``__line__``."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = {str(key): value for key, value in loader.construct_mapping(node, deep=True).items()}
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _clean(value: Any) -> Any:
    """``value`` without the ``__line__`` bookkeeping."""
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items() if key != "__line__"}
    if isinstance(value, list):
        return [_clean(item) for item in value]
    return value


def _named(entries: Any, what: str, where: str) -> dict[str, Any]:
    """``fixtures:`` / ``metadata:``: a list of one-key mappings, name -> content."""
    if entries is None:
        return {}
    if not isinstance(entries, list):
        raise CaseFormatError(f"{where}: '{what}' must be a list of named entries")
    named: dict[str, Any] = {}
    for entry in entries:
        keys = [key for key in (entry if isinstance(entry, dict) else {}) if key != "__line__"]
        if len(keys) != 1:
            raise CaseFormatError(
                f"{where}: every entry of '{what}' is one name with its content, e.g. "
                f"'- thursday_evening: ...'; got {_clean(entry)!r}"
            )
        named[str(keys[0])] = _clean(entry[keys[0]])
    return named


def _fixture_slots(fixtures: dict[str, Any], where: str) -> dict[str, dict[str, Any]]:
    """Each fixture's slot values (a fixture is a list of ``slot: value`` mappings)."""
    resolved: dict[str, dict[str, Any]] = {}
    for name, content in fixtures.items():
        items = content if isinstance(content, list) else [content]
        slots: dict[str, Any] = {}
        for item in items:
            if not isinstance(item, dict) or not item:
                raise CaseFormatError(
                    f"{where}: fixture '{name}' must list slot values, e.g. "
                    "'- helpline_clock: \"2026-12-03T18:30:00-05:00\"'"
                )
            slots.update(item)
        resolved[name] = slots
    return resolved


def _slot_checks(value: Any, where: str) -> tuple[SlotCheck, ...]:
    items = value if isinstance(value, list) else [value]
    checks = []
    for item in items:
        if isinstance(item, str) and item:
            checks.append(SlotCheck(item))
        elif isinstance(item, dict) and len(_clean(item)) >= 1:
            checks.extend(SlotCheck(str(k), v) for k, v in _clean(item).items())
        else:
            raise CaseFormatError(f"{where}: a slot check is a slot name or 'name: value'")
    return tuple(checks)


def _step(raw: Any, where: str, metadata: dict[str, Any]) -> Step:
    if not isinstance(raw, dict):
        raise CaseFormatError(f"{where}: a step is a mapping such as 'user: hello'")
    line = int(raw.get("__line__", 0))
    here = f"{where.rsplit(':', 1)[0]}:{line}" if line else where
    keys = [key for key in raw if key not in ("__line__", "metadata")]
    if len(keys) != 1 or keys[0] not in STEP_KEYS:
        raise CaseFormatError(
            f"{here}: a step has exactly one of {', '.join(STEP_KEYS)}; got {sorted(keys)}"
        )
    kind, value = keys[0], raw[keys[0]]
    if "metadata" in raw and kind != "user":
        raise CaseFormatError(f"{here}: only user steps take 'metadata'")
    if kind in ("user", "bot"):
        if not isinstance(value, str | int | float) or str(value) == "":
            raise CaseFormatError(f"{here}: '{kind}' needs a non-empty text")
        step_metadata: dict[str, Any] = {}
        if "metadata" in raw:
            if raw["metadata"] not in metadata:
                raise CaseFormatError(f"{here}: unknown metadata '{raw['metadata']}'")
            step_metadata = dict(metadata[raw["metadata"]])
        return Step(kind, line, text=str(value), metadata=step_metadata)
    if kind == "utter":
        if not isinstance(value, str) or not value:
            raise CaseFormatError(f"{here}: 'utter' needs a response name such as utter_greet")
        return Step(kind, line, name=value)
    return Step(kind, line, slots=_slot_checks(value, here))


def _case(
    raw: Any,
    path: Path,
    fixtures: dict[str, dict[str, Any]],
    metadata: dict[str, Any],
) -> Case:
    line = int(raw.get("__line__", 0)) if isinstance(raw, dict) else 0
    where = f"{path}:{line}"
    if not isinstance(raw, dict) or not isinstance(raw.get("test_case"), str):
        raise CaseFormatError(f"{where}: every test case needs a name: '- test_case: ...'")
    name = raw["test_case"]
    unknown = sorted(set(raw) - {*CASE_KEYS, "__line__"})
    if unknown:
        raise CaseFormatError(
            f"{where}: test case '{name}' has unknown keys {unknown} "
            f"(allowed: {', '.join(CASE_KEYS)})"
        )
    channel = raw.get("channel", "rest")
    if channel not in CHANNELS:
        raise CaseFormatError(f"{where}: channel must be one of {', '.join(CHANNELS)}")
    slots: dict[str, Any] = {}
    for fixture in raw.get("fixtures") or []:
        if fixture not in fixtures:
            raise CaseFormatError(f"{where}: test case '{name}' uses unknown fixture '{fixture}'")
        slots.update(fixtures[fixture])
    case_metadata: dict[str, Any] = {}
    if raw.get("metadata") is not None:
        if raw["metadata"] not in metadata:
            raise CaseFormatError(f"{where}: test case '{name}' uses unknown metadata")
        case_metadata = dict(metadata[raw["metadata"]])
    raw_steps = raw.get("steps")
    if not isinstance(raw_steps, list) or not raw_steps:
        raise CaseFormatError(f"{where}: test case '{name}' needs a list of 'steps'")
    steps = tuple(_step(item, where, metadata) for item in raw_steps)
    if steps[0].kind != "user":
        raise CaseFormatError(f"{where}: test case '{name}' must start with a user step")
    if channel == "twilio" and (case_metadata or any(step.metadata for step in steps)):
        raise CaseFormatError(f"{where}: SMS cannot carry metadata (test case '{name}')")
    return Case(name, path, line, steps, slots, case_metadata, channel)


def load_file(path: Path) -> list[Case]:
    """The test cases of one file.

    Raises:
        CaseFormatError: the file is not valid YAML or does not follow the format.
    """
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
    except yaml.YAMLError as error:
        raise CaseFormatError(f"{path}: not valid YAML: {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("test_cases"), list):
        raise CaseFormatError(f"{path}: a test-case file needs a 'test_cases:' list")
    where = str(path)
    fixtures = _fixture_slots(_named(data.get("fixtures"), "fixtures", where), where)
    metadata = _named(data.get("metadata"), "metadata", where)
    cases = [_case(raw, path, fixtures, metadata) for raw in data["test_cases"]]
    names = [case.name for case in cases]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise CaseFormatError(f"{path}: test case names must be unique; repeated: {duplicates}")
    return cases


def load_cases(paths: list[Path]) -> list[Case]:
    """Every test case in ``paths`` (files, or folders searched for *.yml / *.yaml).

    Raises:
        CaseFormatError: a path has no test cases, or a file does not follow the format.
    """
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted([*path.rglob("*.yml"), *path.rglob("*.yaml")]))
        elif path.is_file():
            files.append(path)
        else:
            raise CaseFormatError(f"{path}: no such file or folder")
    cases = [case for file in files for case in load_file(file)]
    if not cases:
        raise CaseFormatError(f"no test cases in {', '.join(map(str, paths))}")
    return cases

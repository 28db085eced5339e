"""Two of Rasa 3.6's per-turn costs that do the same work again on every call, done once.

Found by profiling a running assistant (py-spy, make bench's message mix): together they took
about a third of the CPU time of a turn.

- Reading a conversation from the tracker store turns every stored event back into an object.
  ``Event.resolve_by_type`` finds the event's class by walking every subclass of ``Event`` (and
  asking ``inspect`` whether each is abstract) for every single event. The answer for a type name
  never changes once the classes are imported, so it is remembered per type name.
- Every custom action's answer is checked against Rasa's response schema with
  ``jsonschema.validate``, which first checks the schema itself against its meta-schema, on
  every call. The schema is constant: it is checked once and its validator kept.

Behaviour is unchanged (same classes, same errors; tests/test_hot_paths.py compares them with
Rasa's own functions).
"""

from __future__ import annotations

from typing import Any

from runtime.patch_guard import RasaPatch

MARK = "_mbc_hot_path"
RASA_PATCHES = (
    RasaPatch(
        "rasa.shared.core.events:Event.resolve_by_type",
        "b5cf570fa7f286c7059ec73d8880528d03a78b28cf4e80285a46079c0fa65968",
        "resolving a stored event's type walked every Event subclass for every event read",
        "tests/test_hot_paths.py",
    ),
    RasaPatch(
        "rasa.core.actions.action:RemoteAction._validate_action_result",
        "f8cdb4be6812396167ced74161b2ccd65c5ea676ad86d7d359d8c322d9d8dc42",
        "every action result re-checked Rasa's constant response schema against its meta-schema",
        "tests/test_hot_paths.py",
    ),
)


def install_hot_path_caches() -> None:
    """Installs both caches (idempotent)."""
    install_event_type_cache()
    install_action_result_validator()


def install_event_type_cache() -> None:
    """``Event.resolve_by_type`` remembers the class of each type name it resolved."""
    from rasa.shared.core.events import Event

    original = Event.__dict__["resolve_by_type"].__func__
    if getattr(original, MARK, False):
        return
    known: dict[str, Any] = {}

    def resolve_by_type(type_name: str, default: Any = None) -> Any:
        found = known.get(type_name)
        if found is not None:
            return found
        found = original(type_name, default)
        if found is not None and found is not default:
            known[type_name] = found
        return found

    setattr(resolve_by_type, MARK, True)
    resolve_by_type.__wrapped__ = original  # type: ignore[attr-defined]  # for runtime.patch_guard
    Event.resolve_by_type = staticmethod(resolve_by_type)


def install_action_result_validator() -> None:
    """``RemoteAction`` validates action results with one validator built and checked once."""
    from jsonschema.exceptions import best_match
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    original = RemoteAction._validate_action_result
    if getattr(original, MARK, False):
        return
    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)

    def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
        if best_match(validator.iter_errors(result)) is None:
            return True
        # Invalid (rare): Rasa's own check raises its error with its message.
        return bool(original(self, result))

    setattr(validate_action_result, MARK, True)
    validate_action_result.__wrapped__ = original  # type: ignore[attr-defined]
    RemoteAction._validate_action_result = validate_action_result

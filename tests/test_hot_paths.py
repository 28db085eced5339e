"""runtime.hot_paths gives the answers of Rasa's own functions, from a cache."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import rasa.shared.utils.common
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SlotSet, UserUttered
from rasa.utils.endpoints import EndpointConfig

from runtime import hot_paths

pytestmark = pytest.mark.unit

RASA_RESOLVE = Event.__dict__["resolve_by_type"]
RASA_VALIDATE = RemoteAction.__dict__["_validate_action_result"]


@pytest.fixture()
def installed() -> Iterator[None]:
    """The caches installed for one test, Rasa's functions back afterwards."""
    hot_paths.install_hot_path_caches()
    yield
    Event.resolve_by_type = RASA_RESOLVE
    RemoteAction._validate_action_result = RASA_VALIDATE


def test_the_caches_replace_rasas_functions(installed: None) -> None:
    assert Event.__dict__["resolve_by_type"] is not RASA_RESOLVE
    assert RemoteAction.__dict__["_validate_action_result"] is not RASA_VALIDATE
    assert getattr(Event.resolve_by_type, hot_paths.MARK)
    hot_paths.install_hot_path_caches()  # twice: still one layer
    assert getattr(Event.__dict__["resolve_by_type"].__func__, hot_paths.MARK)


def test_every_event_type_resolves_to_rasas_class(installed: None) -> None:
    names = {cls.type_name for cls in rasa.shared.utils.common.all_subclasses(Event)}
    assert {"user", "bot", "slot", "action", "session_started"} <= names
    for _ in range(2):  # the second time from the cache
        for name in names:
            assert Event.resolve_by_type(name) is RASA_RESOLVE.__func__(name), name


def test_unknown_types_behave_as_in_rasa(installed: None) -> None:
    with pytest.raises(ValueError, match="Unknown event name 'nonsense'"):
        Event.resolve_by_type("nonsense")
    assert Event.resolve_by_type("nonsense", SlotSet) is SlotSet
    assert Event.resolve_by_type("nonsense", UserUttered) is UserUttered  # not cached
    assert Event.resolve_by_type("topic") is None


def test_events_still_round_trip(installed: None) -> None:
    events = [
        UserUttered("hi", {"name": "greet", "confidence": 1.0}),
        ActionExecuted("utter_greet"),
        BotUttered("Hello", metadata={"utter_action": "utter_greet"}),
        SlotSet("drug", "olaparib"),
    ]
    assert [Event.from_parameters(event.as_dict()) for event in events] == events


def action() -> RemoteAction:
    return RemoteAction("action_contact_helpline", EndpointConfig("http://localhost:5055"))


VALID: list[dict[str, Any]] = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "helpline_open", "value": True}],
     "responses": [{"response": "utter_helpline_open", "closes": "7 p.m. Eastern"}]},
]  # fmt: skip
INVALID: list[Any] = [
    {"events": "not a list", "responses": []},
    {"events": [{"name": "no event key"}], "responses": []},
    {"events": [{"event": "nonsense"}], "responses": []},
    "not an object",
]


def test_valid_action_results_pass(installed: None) -> None:
    for result in VALID:
        assert RASA_VALIDATE(action(), result)
        assert action()._validate_action_result(result)


def test_invalid_action_results_raise_rasas_error(installed: None) -> None:
    for result in INVALID:
        with pytest.raises(ValidationError) as rasa_error:
            RASA_VALIDATE(action(), result)
        with pytest.raises(ValidationError) as cached_error:
            action()._validate_action_result(result)
        assert cached_error.value.message == rasa_error.value.message
        assert "Failed to validate Action server response" in cached_error.value.message

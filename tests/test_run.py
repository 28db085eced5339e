"""End to end: what `make run` serves, talked to over the REST channel as the README shows.

The `server` fixture (tests/conftest.py) runs scripts/run.sh (action server + Rasa) on free ports
with the trained model in models/, and stops it with Ctrl-C (SIGINT) at the end of the session.
"""

from __future__ import annotations

import os
import subprocess
import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, Project
from tests.stack import HELPLINE_HOURS, Server, free_port, port_open

pytestmark = pytest.mark.stack


def texts(replies: list[dict[str, Any]]) -> list[str]:
    """The text of each bot turn. Rasa sends one message per paragraph of a response."""
    return ["\n\n".join(reply["text"] for reply in replies if "text" in reply)]


def answer(project: Project, response: str) -> str:
    """The text a REST user gets: the response's variant for no particular channel."""
    (variant,) = [v for v in project.responses[response] if "channel" not in v]
    text: str = variant["text"]
    return text


def test_banner_says_how_to_chat(server: Server) -> None:
    assert f"localhost:{server.rasa_port}/webhooks/rest/webhook" in server.banner
    assert port_open(server.actions_port), "the action server is not listening"


@pytest.mark.parametrize(
    ("message", "response"),
    [
        ("what are the symptoms?", "utter_symptoms/signs"),
        ("is metastatic breast cancer curable", "utter_about_mbc/cure"),
        ("my oncologist found a PIK3CA mutation, what does it mean", "utter_biomarkers/pik3ca"),
        ("I'm HER2 positive", "utter_biomarkers/her2_positive"),
        ("i have a BRCA2 mutation", "utter_biomarkers/brca"),
        (
            "triple negative and PD-L1 positive, what does that mean",
            "utter_biomarkers/triple_negative",
        ),
        ("how do i get a second opinion", "utter_treatment/second_opinion"),
        ("will chemo make my hair fall out", "utter_side_effects/chemotherapy"),
        ("do clinical trials give you a placebo", "utter_trials/placebo"),
        ("what is hospice care", "utter_palliative/hospice"),
        ("is there a facebook group for people with mbc", "utter_support/facebook_group"),
        ("can i take unpaid leave to look after my mum", "utter_caregiving/fmla"),
        ("can i get social security disability", "utter_costs/ssdi_medicare"),
        ("should i skip my pills this week", "utter_no_medical_advice"),
    ],
)
def test_answers_over_rest(server: Server, project: Project, message: str, response: str) -> None:
    replies = server.say(message, sender=f"test-{uuid.uuid4()}")
    assert texts(replies) == [answer(project, response)]


def test_greeting_has_topic_buttons(server: Server, project: Project) -> None:
    replies = server.say("hello", sender=f"test-{uuid.uuid4()}")
    assert texts(replies) == [answer(project, "utter_greet")]
    buttons = [button["title"] for reply in replies for button in reply.get("buttons", [])]
    assert buttons == ["Symptoms", "Treatments", "Support", "Costs", "Talk to a person"]


def test_emergency_wins_in_the_middle_of_a_topic(server: Server, project: Project) -> None:
    sender = f"test-{uuid.uuid4()}"
    server.say("what are the side effects of targeted therapy", sender)
    assert texts(server.say("my wife just collapsed and she is not breathing", sender)) == [
        answer(project, "utter_emergency")
    ]
    assert texts(server.say("i don't want to live anymore", sender)) == [
        answer(project, "utter_self_harm")
    ]


def test_second_misunderstanding_in_a_row_offers_the_helpline(
    server: Server, project: Project
) -> None:
    sender = f"test-{uuid.uuid4()}"
    assert texts(server.say("blorp zzkx", sender)) == [answer(project, "utter_defer")]
    assert texts(server.say("qqvx plimf", sender)) == [
        answer(project, "utter_offer_helpline") + "\n\n" + open_helpline(project)
    ]


def open_helpline(project: Project) -> str:
    return render(project, "utter_helpline_open", closes="7 p.m. Eastern", hours=HELPLINE_HOURS)


@pytest.mark.parametrize(
    "message",
    ["what's the helpline number", "can I talk to a real person", "when is the helpline open"],
)
def test_helpline_says_it_is_open_at_the_set_clock(
    server: Server, project: Project, message: str
) -> None:
    assert texts(server.say(message, f"test-{uuid.uuid4()}")) == [open_helpline(project)]


def test_trial_answer_offers_a_person_and_the_button_works(
    server: Server, project: Project
) -> None:
    sender = f"test-{uuid.uuid4()}"
    replies = server.say("how can i find a clinical trial", sender)
    assert texts(replies) == [answer(project, "utter_trials/find")]
    (button,) = [button for reply in replies for button in reply.get("buttons", [])]
    assert button["title"] == "Talk to a person"
    assert texts(server.say(button["payload"], sender)) == [open_helpline(project)]


def test_conversations_are_kept_apart(server: Server, project: Project) -> None:
    first, second = f"test-{uuid.uuid4()}", f"test-{uuid.uuid4()}"
    server.say("xqzv wibble", first)  # one misunderstanding for `first` only
    assert texts(server.say("grbl fnord", second)) == [answer(project, "utter_defer")]


def render(project: Project, response: str, **values: str) -> str:
    """A domain response with its {placeholders} filled in, as Rasa fills them."""
    return answer(project, response).format(**values)


def test_drug_lookup_and_follow_ups(server: Server, project: Project) -> None:
    sender = f"test-{uuid.uuid4()}"
    (reply,) = texts(server.say("what is ibrance?", sender))
    assert reply.startswith(
        render(
            project,
            "utter_drug_info",
            generic="palbociclib",
            brands="Ibrance",
            class_name="CDK4/6 inhibitors",
        )
    )
    assert texts(server.say("what are its side effects?", sender)) == [
        render(
            project,
            "utter_drug_side_effects_not_listed",
            generic="palbociclib",
            class_name="CDK4/6 inhibitors",
        )
    ]
    (reply,) = texts(server.say("which other drugs are in that class", sender))
    assert "abemaciclib (Verzenio), palbociclib (Ibrance), ribociclib (Kisqali)" in reply


def test_misspelt_drug_and_its_side_effects(server: Server, project: Project) -> None:
    sender = f"test-{uuid.uuid4()}"
    (reply,) = texts(server.say("is tamoxifin chemo?", sender))
    assert 'tamoxifen (brand name: Nolvadex) is in the drug class "Hormone therapy' in reply
    (reply,) = texts(server.say("side effects of xelodda", sender))
    assert "capecitabine is a chemotherapy drug" in reply
    assert "nausea and vomiting" in reply


def test_unknown_drugs_are_not_guessed(server: Server, project: Project) -> None:
    sender = f"test-{uuid.uuid4()}"
    server.say("what is letrozole", sender)
    assert texts(server.say("what is ibuprofen", sender)) == [answer(project, "utter_drug_unknown")]


def test_class_listing(server: Server) -> None:
    (reply,) = texts(server.say("which drugs are parp inhibitors", f"test-{uuid.uuid4()}"))
    assert "olaparib (Lynparza), talazoparib (Talzenna)" in reply


def test_invalid_helpline_now_stops_make_run_with_a_clear_message(tmp_path: Path) -> None:
    """On ports and folders of its own: a running `make run` (5005, 5055, var/) is left alone."""
    env = dict(
        os.environ,
        HELPLINE_NOW="Friday evening",
        RASA_PORT=str(free_port()),
        ACTIONS_PORT=str(free_port()),
        LOG_DIR=str(tmp_path / "logs"),
        DATA_DIR=str(tmp_path / "data"),
        TRACKER_STORE_URL=f"sqlite:///{tmp_path / 'data' / 'tracker.db'}",
    )
    result = subprocess.run(
        ["scripts/run.sh"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "HELPLINE_NOW='Friday evening' is not an ISO 8601 date and time" in result.stderr
    assert "Starting Rasa" not in result.stdout

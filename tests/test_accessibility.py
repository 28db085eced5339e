"""The web chat page for everyone: axe-core's WCAG 2.1 A/AA rules, a live log, a keyboard-only chat.

axe-core comes from web/node_modules (a devDependency of web/package.json, installed by
`make web`) and is evaluated in the page by the test: nothing is fetched from the internet. The
browser, the page and the stack are those of tests/test_webchat.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests import test_webchat
from tests.conftest import ROOT, Project
from tests.stack import Server
from tests.test_webchat import chat_url, first_paragraph

pytestmark = pytest.mark.browser

# The fixtures of the browser test, shared (not copied).
playwright = test_webchat.playwright
browser = test_webchat.browser
page = test_webchat.page

AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# How many Tab presses may separate two controls on this page before the test gives up.
MAX_TABS = 40


def axe_source(path: Path = AXE) -> str:
    assert path.is_file(), f"no {path}: `make web` installs axe-core (web/package.json)"
    return path.read_text(encoding="utf-8")


def run_axe(page: Page) -> dict[str, Any]:
    """axe-core's WCAG 2.1 A and AA rules on the page as it is now."""
    # Evaluated over the DevTools protocol: the page's CSP (script-src 'self') does not apply, and
    # the page itself is left as it is served.
    page.evaluate(axe_source())
    results: dict[str, Any] = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_21_AA
    )
    return results


def describe(violations: list[dict[str, Any]]) -> str:
    """One line per violation and one per element it was found on."""
    lines = []
    for violation in violations:
        lines.append(
            f"{violation['id']} ({violation['impact']}, {len(violation['nodes'])} elements): "
            f"{violation['help']} {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            summary = " ".join(node["failureSummary"].split())
            lines.append(f"    {node['target']} {node['html'][:160]} -- {summary}")
    return "\n".join(lines)


def send(page: Page, text: str) -> None:
    """Types a message into the text field and sends it with Enter, as a person would."""
    page.locator(".rw-new-message").fill(text)
    page.locator(".rw-new-message").press("Enter")


def focused(page: Page) -> str:
    """The focused element, described: tag, class and text."""
    description: str = page.evaluate(
        """() => {
            const e = document.activeElement;
            if (!e) return "nothing";
            const text = (e.innerText || e.value || "").trim().slice(0, 40);
            return `${e.tagName.toLowerCase()}.${e.className} "${text}"`;
        }"""
    )
    return description


def tab_to(page: Page, selector: str, text: str, key: str = "Tab") -> None:
    """Presses ``key`` (Tab or Shift+Tab) until the element ``selector`` with ``text`` has focus.

    Fails, saying where the focus went, once the focus comes back to an element it has been on.
    """
    page.evaluate("window.__tabbed = new Set()")
    path = []
    for _ in range(MAX_TABS):
        page.keyboard.press(key)
        reached, again = page.evaluate(
            """([selector, text]) => {
                const e = document.activeElement;
                const again = window.__tabbed.has(e);
                window.__tabbed.add(e);
                return [e.matches(selector) && e.innerText.trim() === text, again];
            }""",
            [selector, text],
        )
        if reached:
            return
        if again:
            break
        path.append(focused(page))
    raise AssertionError(
        f"{key} never reached {selector} {text!r}; the focus went to:\n  " + "\n  ".join(path)
    )


def test_axe_finds_no_wcag_21_aa_violation_in_a_conversation(
    page: Page, server: Server, project: Project
) -> None:
    page.goto(chat_url(server))
    expect(page.locator(".rw-reply", has_text="Symptoms")).to_be_visible()
    # An answer with a link in it, then one with its quick reply: the page as people use it.
    send(page, "can I talk to a person?")
    expect(page.locator('.rw-response a[href="tel:+18774656636"]').first).to_be_visible()
    send(page, "how can I find a clinical trial?")
    trials = first_paragraph(project, "utter_trials/find")[:60]
    expect(page.locator(".rw-response", has_text=trials)).to_be_visible()
    expect(page.locator(".rw-reply", has_text="Talk to a person")).to_be_visible()

    results = run_axe(page)
    assert results["testEngine"]["name"] == "axe-core"
    assert len(results["passes"]) > 10, "axe-core checked almost nothing: is the page there?"
    violations = results["violations"]
    assert violations == [], (
        f"axe-core {results['testEngine']['version']} ({', '.join(WCAG_21_AA)}):\n"
        + describe(violations)
    )


def test_the_assistants_answers_are_announced(page: Page, server: Server, project: Project) -> None:
    """The message list is a polite live region (a log) inside the page's main landmark."""
    page.goto(chat_url(server))
    expect(page.locator(".rw-reply", has_text="Symptoms")).to_be_visible()
    log = page.get_by_role("main").get_by_role("log", name="Conversation")
    expect(log).to_have_count(1)
    expect(log).to_have_attribute("aria-live", "polite")
    expect(log).to_contain_text(first_paragraph(project, "utter_greet").split(". ")[0])

    # A screen reader announces what is added to a live region that was already there: the
    # answer must arrive in this same element, not in one rendered anew.
    page.evaluate("window.__log = document.querySelector('[role=log]')")
    send(page, "how can I find a clinical trial?")
    trials = first_paragraph(project, "utter_trials/find")[:60]
    expect(log).to_contain_text(trials)
    assert page.evaluate(
        """(text) => window.__log.isConnected && [...window.__log.querySelectorAll('.rw-response')]
            .some((answer) => answer.innerText.includes(text))""",
        trials,
    ), "the answer did not arrive in the live region that existed when the message was sent"


def test_a_keyboard_alone_can_choose_the_quick_replies(
    page: Page, server: Server, project: Project
) -> None:
    page.goto(chat_url(server))
    expect(page.locator(".rw-reply", has_text="Symptoms")).to_be_visible()

    # From the top of the page, Tab reaches the greeting's quick reply; Enter chooses it.
    tab_to(page, ".rw-reply", "Symptoms")
    expect(page.get_by_role("button", name="Symptoms")).to_be_focused()
    page.keyboard.press("Enter")
    symptoms = first_paragraph(project, "utter_symptoms/signs").split(":")[0]
    expect(page.locator(".rw-response", has_text=symptoms)).to_be_visible()
    # The chosen reply is gone; the focus is in the text field, not lost on the page.
    expect(page.get_by_role("textbox", name="Your question")).to_be_focused()

    # Type a question, then back (Shift+Tab) to the answer's quick reply; Space chooses it.
    page.keyboard.type("how can I find a clinical trial?")
    page.keyboard.press("Enter")
    trials = first_paragraph(project, "utter_trials/find")[:60]
    expect(page.locator(".rw-response", has_text=trials)).to_be_visible()
    expect(page.locator(".rw-reply", has_text="Talk to a person")).to_be_visible()
    tab_to(page, ".rw-reply", "Talk to a person", key="Shift+Tab")
    page.keyboard.press("Space")
    expect(page.locator(".rw-response", has_text="open now, until 7 p.m. Eastern")).to_be_visible()

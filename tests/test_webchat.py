"""The web chat page in a real browser (Debian's chromium, driven by Playwright), and its socket.

The page is what `make run` serves at /chat/: the rasa-webchat widget from build/web talking to
Rasa's socket.io channel with an origin allow-list (channels/webchat.py).
"""

from __future__ import annotations

import http.client
import os
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, expect, sync_playwright

from tests.conftest import Project
from tests.stack import Server

pytestmark = pytest.mark.browser

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
# The flags this machine needs (no sandbox as root, no calls home that its network refuses).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 30_000


def first_paragraph(project: Project, response: str) -> str:
    (variant,) = [v for v in project.responses[response] if "channel" not in v]
    paragraph: str = variant["text"].split("\n\n")[0]
    return paragraph


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    assert CHROMIUM.exists(), f"no browser at {CHROMIUM}: `make browser` installs Debian's chromium"
    with sync_playwright() as running:
        yield running


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def page(browser: Browser, server: Server) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 390, "height": 844})  # a phone
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    yield page
    context.close()


def chat_url(server: Server, host: str = "127.0.0.1") -> str:
    return f"http://{host}:{server.rasa_port}/chat/"


def bot_text(page: Page) -> str:
    return " ".join(page.locator(".rw-response").all_inner_texts())


def test_a_person_can_chat_and_keep_the_conversation(
    page: Page, server: Server, project: Project
) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(chat_url(server))

    # A page a person would trust.
    assert page.title() == "Metastatic breast cancer information assistant"
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.locator(".notice").first).to_contain_text("not a medical professional")
    assert page.locator('meta[name="viewport"]').count() == 1

    # The greeting arrives, with its buttons as quick replies; click one.
    greeting = first_paragraph(project, "utter_greet").split(". ")[0]
    expect(page.locator(".rw-response").first).to_contain_text(greeting)
    page.locator(".rw-reply", has_text="Symptoms").click()
    symptoms = first_paragraph(project, "utter_symptoms/signs").split(":")[0]
    expect(page.locator(".rw-response", has_text=symptoms)).to_be_visible()

    # Ask a question, see the curated answer and its quick reply to reach a person.
    page.locator(".rw-new-message").fill("how can I find a clinical trial?")
    page.locator(".rw-new-message").press("Enter")
    trials = first_paragraph(project, "utter_trials/find")[:60]
    expect(page.locator(".rw-response", has_text=trials)).to_be_visible()
    page.locator(".rw-reply", has_text="Talk to a person").click()

    # The helpline answer: open at the stack's clock, the number a tel: link.
    expect(page.locator(".rw-response", has_text="open now, until 7 p.m. Eastern")).to_be_visible()
    expect(page.locator('.rw-response a[href="tel:+18774656636"]')).to_have_text("1-877-465-6636")

    # Reload: the conversation is still there.
    page.reload()
    for text in (symptoms, trials, "open now, until 7 p.m. Eastern"):
        expect(page.locator(".rw-response", has_text=text)).to_be_visible()

    # Nothing came from another site (no fonts, scripts or trackers).
    origin = f"http://127.0.0.1:{server.rasa_port}"
    assert requests and all(url.startswith(origin) for url in requests), [
        url for url in requests if not url.startswith(origin)
    ]


def test_the_page_works_under_another_host_name(page: Page, server: Server) -> None:
    """The page's own origin is allowed whatever name it is reached by."""
    page.goto(chat_url(server, "localhost"))
    page.locator(".rw-new-message").fill("can I talk to a person?")
    page.locator(".rw-new-message").press("Enter")
    expect(page.locator(".rw-response", has_text="open now, until 7 p.m. Eastern")).to_be_visible()


def test_html_from_the_user_is_never_rendered(page: Page, server: Server) -> None:
    page.goto(chat_url(server))
    expect(page.locator(".rw-reply", has_text="Costs")).to_be_visible()
    hostile = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script><b>bold</b>'
    page.locator(".rw-new-message").fill(hostile)
    page.locator(".rw-new-message").press("Enter")
    expect(page.locator(".rw-client", has_text="<img src=x")).to_be_visible()  # shown as text
    expect(page.locator(".rw-response").nth(2)).to_be_visible()  # the bot answered
    assert page.evaluate("window.__xss") is None
    assert page.locator(".rw-messages-container img[src='x']").count() == 0
    assert page.locator(".rw-messages-container script").count() == 0
    assert page.locator(".rw-messages-container b").count() == 0


def test_chat_without_the_slash_redirects(server: Server) -> None:
    """The redirect itself (urllib would follow it): so that the page's relative links resolve."""
    connection = http.client.HTTPConnection("127.0.0.1", server.rasa_port, timeout=60)
    try:
        connection.request("GET", "/chat")
        reply = connection.getresponse()
        reply.read()
        assert reply.status in (301, 302, 303, 307, 308), reply.status
        assert reply.getheader("Location") == "/chat/"
    finally:
        connection.close()


def polling_handshake(server: Server, origin: str | None) -> int:
    """Opens a socket.io session (engine.io long-polling) as a browser on ``origin`` would."""
    query = urllib.parse.urlencode({"EIO": "4", "transport": "polling"})
    headers = {"Origin": origin} if origin else {}
    return server.request(f"/socket.io/?{query}", headers=headers).status


def test_a_socket_from_a_foreign_origin_is_refused(server: Server) -> None:
    assert polling_handshake(server, "https://evil.example") == 400
    assert polling_handshake(server, f"http://127.0.0.1:{server.rasa_port + 1}") == 400
    assert polling_handshake(server, f"http://127.0.0.1:{server.rasa_port}") == 200
    assert polling_handshake(server, None) == 200  # not a browser: no Origin to check


def test_foreign_page_cannot_talk_to_the_assistant(page: Page, server: Server) -> None:
    """A page on another origin, in the browser, gets no socket."""
    page.goto("about:blank")
    page.set_content("<p>elsewhere</p>")
    status = page.evaluate(
        """async (url) => {
            try { const r = await fetch(url, {mode: "cors"}); return r.status; }
            catch (e) { return "blocked"; }
        }""",
        f"http://127.0.0.1:{server.rasa_port}/socket.io/?EIO=4&transport=polling",
    )
    assert status in (400, "blocked")


def test_page_headers_keep_it_to_this_site(server: Server) -> None:
    page = server.request("/chat/")
    assert page.status == 200
    policy = page.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "font-src 'self'" in policy
    bundle = server.request("/chat/webchat.js")
    assert bundle.status == 200 and "fonts.googleapis.com" not in bundle.body
    assert server.request("/chat/../credentials.yml").status == 404
    assert server.request("/chat/secret.txt").status == 404

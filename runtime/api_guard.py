"""Rasa's HTTP API answers on loopback only, and only to direct (not proxied) requests.

The API (``--enable-api``, always with ``--auth-token``: runtime.serve refuses it otherwise) reads
and rewrites conversations. Testers use it from the same machine (``python -m e2e``). A token that
leaks should still not open it to the internet: a request for an API route that comes from another
address, or through a proxy (``X-Forwarded-For``, ``Forwarded`` or ``X-Real-IP`` set, as nginx and
load balancers do), gets 403 before Rasa sees it. The channels (``/webhooks/...``), the web chat
(``/chat/``, ``/socket.io/``) and ``/`` are not affected.
"""

from __future__ import annotations

import ipaddress
import logging
from typing import Any

from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse

from runtime.patch_guard import RasaPatch

logger = logging.getLogger(__name__)

API_PREFIXES = ("/conversations", "/model", "/domain", "/status", "/version")
PROXY_HEADERS = ("x-forwarded-for", "forwarded", "x-real-ip")
MARK = "_mbc_api_guard"
RASA_PATCHES = (
    RasaPatch(
        "rasa.core.run:configure_app",
        "72da30416f74c6488a1bbdae9878467bdc7ecd6b5a46b336220aadafd8b2f41a",
        "the HTTP API answered any address and proxied requests: a leaked token opened it",
        "tests/test_e2e_runner.py::test_the_api_refuses_proxied_requests",
    ),
)


def is_api_route(path: str) -> bool:
    """Whether ``path`` belongs to Rasa's HTTP API."""
    return any(path == prefix or path.startswith(prefix + "/") for prefix in API_PREFIXES)


def is_loopback(address: str) -> bool:
    """Whether ``address`` is 127.0.0.0/8 or ::1 (an unparsable address is not)."""
    try:
        return ipaddress.ip_address(address.split("%")[0]).is_loopback
    except ValueError:
        return False


def refusal(request: Request) -> HTTPResponse | None:
    """The 403 for an API request that is not a direct one from this machine, else None."""
    if not is_api_route(request.path):
        return None
    proxied = any(header in request.headers for header in PROXY_HEADERS)
    if is_loopback(request.ip) and not proxied:
        return None
    logger.warning("HTTP API request refused from %s (proxied: %s)", request.ip, proxied)
    return response.json(
        {"error": "Rasa's HTTP API answers only to requests from this machine."}, status=403
    )


def install_api_guard() -> None:
    """Adds the check to the app ``rasa run`` builds, when it enables the API (idempotent)."""
    import rasa.core.run

    original = rasa.core.run.configure_app
    if getattr(original, MARK, False):
        return

    def configure_app(*args: Any, **kwargs: Any) -> Any:
        app = original(*args, **kwargs)
        enable_api = kwargs.get("enable_api", args[3] if len(args) > 3 else True)
        if enable_api:

            async def guard(request: Request) -> HTTPResponse | None:
                return refusal(request)

            app.register_middleware(guard, "request")
        return app

    setattr(configure_app, MARK, True)
    configure_app.__wrapped__ = original  # type: ignore[attr-defined]  # for runtime.patch_guard
    rasa.core.run.configure_app = configure_app

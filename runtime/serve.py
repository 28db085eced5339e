"""Start Rasa after checking what it needs: ``python -m runtime.serve [rasa run options]``.

``--check`` only checks.

- The tracker store's database and, for replicas, the lock store's Redis must be reachable:
  otherwise it stops at once and names what is missing and where (no long stack trace).
- The Rasa HTTP API is refused without ``--auth-token`` (the channels do not need the API), and
  answers only to direct requests from this machine (runtime.api_guard).
- Custom actions answer within ``ACTION_TIMEOUT`` seconds or apologise (runtime.fallback).
- The TensorFlow models load without tracing a training graph (runtime.model_load), and two
  per-turn computations are done once (runtime.hot_paths).
- Those patches are installed only on the Rasa they were written against: another version, or a
  patched Rasa function whose source changed, stops the start with a message naming it
  (runtime.patch_guard; ``--check`` checks the version only, to stay quick).
"""

from __future__ import annotations

import sys

from runtime.config import (
    StartupError,
    action_timeout,
    lock_lifetime,
    lock_store_type,
    lock_store_url,
    tracker_store_url,
)


def safe_url(url: str) -> str:
    """The URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url.split("@")[-1]


def check_tracker_store(url: str) -> None:
    """Connects once to the conversations' database.

    Raises:
        StartupError: it is unreachable.
    """
    from pathlib import Path

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    try:
        parsed = make_url(url)
        options = {"connect_timeout": 5} if parsed.get_backend_name() == "postgresql" else {}
        if parsed.get_backend_name() == "sqlite" and parsed.database:
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args=options)
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        raise StartupError(
            f"the tracker store's database at {safe_url(url)} (TRACKER_STORE_URL) is "
            f"unreachable: {reason}"
        ) from None


def check_lock_store(kind: str, url: str) -> None:
    """Pings the lock store's Redis, when the lock store uses one.

    Raises:
        StartupError: Redis is unreachable or no URL is given.
    """
    if kind == "in_memory":
        return
    if not url:
        raise StartupError(f"LOCK_STORE_TYPE={kind} needs LOCK_STORE_URL (redis://host:port/db)")
    import redis

    try:
        if "://" in url:
            client = redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=3)
        else:  # Rasa's own RedisLockStore takes a host name
            client = redis.Redis(host=url, socket_connect_timeout=3, socket_timeout=3)
        client.ping()
    except Exception as error:
        raise StartupError(
            f"the lock store's Redis at {safe_url(url)} (LOCK_STORE_URL) is unreachable: {error}"
        ) from None


def check_api(arguments: list[str]) -> None:
    """The HTTP API only with a token.

    Raises:
        StartupError: ``--enable-api`` without ``--auth-token``.
    """
    if "--enable-api" in arguments and not any(
        argument == "--auth-token" or argument.startswith("--auth-token=") for argument in arguments
    ):
        raise StartupError("--enable-api needs --auth-token: the HTTP API must not be open")


def check(arguments: list[str]) -> float:
    """Every start-up check; returns the action timeout.

    Raises:
        StartupError: the first problem found.
    """
    from runtime.patch_guard import check_version

    check_version()
    check_api(arguments)
    timeout = action_timeout()
    if timeout >= lock_lifetime():
        raise StartupError(
            f"ACTION_TIMEOUT ({timeout:g} s) must be shorter than the lock lifetime "
            f"TICKET_LOCK_LIFETIME ({lock_lifetime():g} s)"
        )
    check_tracker_store(tracker_store_url())
    check_lock_store(lock_store_type(), lock_store_url())
    return timeout


def main(argv: list[str] | None = None) -> int:
    """Checks, verifies and installs the patches, then runs ``rasa run`` with the same options."""
    arguments = sys.argv[1:] if argv is None else argv
    only_check = "--check" in arguments
    arguments = [argument for argument in arguments if argument != "--check"]
    try:
        timeout = check(arguments)
    except StartupError as error:
        print(f"Rasa cannot start: {error}", file=sys.stderr)
        return 2
    if only_check:
        return 0
    from runtime.patch_guard import verify

    try:
        verify()  # before any patch is installed
    except StartupError as error:
        print(f"Rasa cannot start: {error}", file=sys.stderr)
        return 2
    from rasa.__main__ import main as rasa_main

    from runtime.api_guard import install_api_guard
    from runtime.fallback import install_action_fallback
    from runtime.hot_paths import install_hot_path_caches
    from runtime.model_load import install_fast_model_load

    install_api_guard()
    install_action_fallback(timeout)
    install_fast_model_load()
    install_hot_path_caches()
    sys.argv = ["rasa", "run", *arguments]
    rasa_main()
    return 0


if __name__ == "__main__":
    sys.exit(main())

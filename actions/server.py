"""Start the action server after checking its configuration: ``python -m actions.server``.

Takes the same options as ``rasa run actions`` (``--port`` ...), plus ``--check``, which only
checks. A bad setting (for example an invalid ``HELPLINE_NOW``) stops it at start with a message
that says what to fix, instead of surfacing later as a wrong answer.
"""

from __future__ import annotations

import sys

from actions.config import KNOWLEDGE_FILE, ConfigurationError, helpline_now, knowledge_file
from actions.helpline.clock import configured_schedule
from mbc_knowledge import CatalogueError, load_catalogue


def check_configuration() -> list[str]:
    """Checks every setting the actions read; returns notices worth logging at start.

    Raises:
        ConfigurationError: a setting is invalid.
    """
    notices = []
    configured_schedule()
    try:
        load_catalogue(knowledge_file())
    except (CatalogueError, OSError) as error:
        raise ConfigurationError(
            f"the drug knowledge cannot be read ({KNOWLEDGE_FILE}, default knowledge/drugs.yml): "
            f"{error}"
        ) from None
    frozen = helpline_now()
    if frozen is not None:
        notices.append(
            f"HELPLINE_NOW is set: the helpline clock is fixed at {frozen.isoformat()} "
            "(unset it to use the real clock)"
        )
    return notices


def main(argv: list[str] | None = None) -> int:
    """Checks the configuration, then runs rasa-sdk's action server (unless ``--check``)."""
    arguments = sys.argv[1:] if argv is None else argv
    try:
        notices = check_configuration()
    except ConfigurationError as error:
        print(f"The action server cannot start: {error}", file=sys.stderr)
        return 2
    for notice in notices:
        print(notice, file=sys.stderr)
    if "--check" in arguments:
        return 0

    from rasa_sdk.__main__ import main_from_args
    from rasa_sdk.endpoint import create_argument_parser

    args = create_argument_parser().parse_args(arguments)
    args.actions = args.actions or "actions"
    main_from_args(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())

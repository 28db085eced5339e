"""``python -m e2e``: end-to-end conversation tests that run the real custom actions.

    python -m e2e                        every case in tests/e2e/, on a stack it starts and stops
    python -m e2e tests/e2e/drugs.yml -k brand    some cases only (name contains "brand")
    python -m e2e --url http://127.0.0.1:5005     against a running stack (RASA_API_TOKEN set,
                                                  and for SMS cases TWILIO_AUTH_TOKEN and
                                                  SMS_ID_SECRET as the stack has them)

Exit status: 0 all passed, 1 a case failed, 2 the cases or the stack could not be used.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

from e2e.cases import Case, CaseFormatError, load_cases
from e2e.client import SmsSettings, Stack, StackError
from e2e.report import details, junit, line, summary
from e2e.runner import CaseResult, run_all
from e2e.stack import ROOT, StackStartError, own_stack, replay_hint


def arguments(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m e2e", description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[ROOT / "tests" / "e2e"])
    parser.add_argument("--url", help="a running stack (default: start one)")
    parser.add_argument("--junit", type=Path, help="write a JUnit XML report here")
    parser.add_argument("--workers", type=int, default=4, help="cases at a time (default 4)")
    parser.add_argument("-k", dest="only", default="", help="only cases whose name contains this")
    parser.add_argument(
        "--logs", type=Path, default=ROOT / "logs" / "e2e", help="the started stack's logs"
    )
    return parser.parse_args(argv)


def unknown_names(cases: list[Case], domain: dict[str, Any]) -> list[str]:
    """Response and slot names the cases use that the model's domain does not have."""
    responses = set(domain.get("responses") or {})
    slots = set(domain.get("slots") or {})
    problems = []
    for case in cases:
        for name in case.slots:
            if name not in slots:
                problems.append(f"{case.location}: fixture slot '{name}' is not in the domain")
        for step in case.steps:
            where = f"{case.file}:{step.line}"
            if step.kind == "utter" and step.name not in responses:
                problems.append(f"{where}: response '{step.name}' is not in the domain")
            for check in step.slots:
                if check.name not in slots:
                    problems.append(f"{where}: slot '{check.name}' is not in the domain")
    return problems


def execute(
    stack: Stack, cases: list[Case], args: argparse.Namespace, hint: str, replay: Stack
) -> int:
    """Checks the names, runs the cases, reports; the exit status."""
    try:
        problems = unknown_names(cases, stack.check())
    except StackError as error:
        print(f"e2e: cannot use the stack's HTTP API: {error}", file=sys.stderr)
        return 2
    if problems:
        print("e2e: the test cases name things the assistant does not have:", file=sys.stderr)
        print("\n".join(f"  {problem}" for problem in problems), file=sys.stderr)
        return 2
    if any(case.channel == "twilio" for case in cases) and stack.sms is None:
        print("e2e: SMS cases need TWILIO_AUTH_TOKEN and SMS_ID_SECRET", file=sys.stderr)
        return 2
    print(f"e2e: {len(cases)} cases against {stack.url}, {args.workers} at a time", flush=True)
    started = time.monotonic()

    def show(result: CaseResult) -> None:
        print(line(result), flush=True)

    results = run_all(stack, cases, args.workers, show, replay)
    seconds = time.monotonic() - started
    failed = [result for result in results if not result.passed]
    for result in failed:
        print()
        print(details(result, hint))
    if args.junit:
        junit(results, args.junit, seconds, hint)
    print()
    print(summary(results, seconds))
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    """Runs the suite; the exit status."""
    args = arguments(argv)
    try:
        cases = [case for case in load_cases(args.paths) if args.only in case.name]
    except CaseFormatError as error:
        print(f"e2e: {error}", file=sys.stderr)
        return 2
    if not cases:
        print(f"e2e: no test case name contains {args.only!r}", file=sys.stderr)
        return 2
    if args.url:
        token = os.environ.get("RASA_API_TOKEN", "")
        if not token:
            print("e2e: --url needs RASA_API_TOKEN (the stack's --auth-token)", file=sys.stderr)
            return 2
        sms = None
        if os.environ.get("TWILIO_AUTH_TOKEN") and os.environ.get("SMS_ID_SECRET"):
            sms = SmsSettings(
                os.environ["TWILIO_AUTH_TOKEN"], os.environ["SMS_ID_SECRET"],
                os.environ.get("TWILIO_WEBHOOK_URL", ""),
            )  # fmt: skip
        stack = Stack(args.url.rstrip("/"), token, sms)
        return execute(stack, cases, args, "export RASA_API_TOKEN first", stack)
    print("e2e: starting the assistant (scripts/run.sh) ...", flush=True)
    try:
        with own_stack(args.logs) as (stack, replay):
            return execute(stack, cases, args, replay_hint(replay), replay)
    except StackStartError as error:
        print(f"e2e: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

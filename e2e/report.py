"""Reports: one line per case, the details of each failure with its curl replay, JUnit XML."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from pathlib import Path

from e2e.runner import CaseResult


def line(result: CaseResult) -> str:
    """``PASS``/``FAIL``/``ERROR``, the case's name and where it is."""
    verdict = "PASS" if result.passed else ("ERROR" if result.error else "FAIL")
    return f"{verdict:5} {result.case.name}  ({result.case.location}, {result.seconds:.1f} s)"


def details(result: CaseResult, replay_hint: str = "") -> str:
    """Why a case failed and how to replay it by hand ("" when it passed)."""
    if result.passed:
        return ""
    case = result.case
    out = [f"--- {case.name} ({case.location}, channel {case.channel})"]
    if case.slots:
        out.append(f"fixtures set: {case.slots}")
    if result.error:
        out.append(f"error: {result.error}")
    if result.failure:
        failure = result.failure
        out.append(
            f"step {failure.number} ({case.file}:{failure.step.line}) failed: "
            f"{failure.step.describe()}"
        )
        out.append(f"expected: {failure.expected}")
        out.append(f"actual:   {failure.actual}")
    out.append(f"conversation: {result.conversation}")
    out.append(
        "replay by hand (a new conversation)" + (f"; {replay_hint}" if replay_hint else "") + ":"
    )
    out += [f"  {command}" for command in result.reproduction]
    return "\n".join(out)


def summary(results: list[CaseResult], seconds: float) -> str:
    """``N passed, M failed`` (and errors), with the time taken."""
    passed = sum(result.passed for result in results)
    errors = sum(result.error is not None for result in results)
    failed = len(results) - passed - errors
    text = f"{passed} passed, {failed} failed"
    if errors:
        text += f", {errors} errors"
    return f"{text} in {seconds:.1f} s"


def junit(results: list[CaseResult], path: Path, seconds: float, replay_hint: str = "") -> None:
    """Writes a JUnit XML report (one testcase per case, classname = its file)."""
    suite = ElementTree.Element(
        "testsuite",
        name="e2e",
        tests=str(len(results)),
        failures=str(sum(r.failure is not None for r in results)),
        errors=str(sum(r.error is not None for r in results)),
        time=f"{seconds:.3f}",
    )
    for result in results:
        case = ElementTree.SubElement(
            suite,
            "testcase",
            classname=str(result.case.file.with_suffix("")).replace("/", "."),
            name=result.case.name,
            time=f"{result.seconds:.3f}",
            file=str(result.case.file),
            line=str(result.case.line),
        )
        if result.error:
            element = ElementTree.SubElement(case, "error", message=result.error)
            element.text = details(result, replay_hint)
        elif result.failure:
            failure = result.failure
            message = (
                f"step {failure.number}: {failure.step.describe()}: expected {failure.expected}"
            )
            element = ElementTree.SubElement(case, "failure", message=message)
            element.text = details(result, replay_hint)
    path.parent.mkdir(parents=True, exist_ok=True)
    tree = ElementTree.ElementTree(ElementTree.Element("testsuites"))
    tree.getroot().append(suite)
    ElementTree.indent(tree)
    tree.write(path, encoding="utf-8", xml_declaration=True)

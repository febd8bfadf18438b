"""Structured case files (JSON or YAML) and batch lines into Cases, with precise errors."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from lumbus.case import MAX_TEXT_CHARS, Case, Evidence


class CaseInputError(ValueError):
    """The input cannot become a Case; the message says exactly why."""


def describe_validation_error(exc: ValidationError, *, root: str = "case", limit: int = 3) -> str:
    """The first ``limit`` problems of a pydantic validation, each as "field.path: message"."""
    parts = []
    for err in exc.errors()[:limit]:
        loc = ".".join(str(p) for p in err["loc"]) or root
        parts.append(f"{loc}: {err['msg']}")
    return "; ".join(parts)


def case_from_mapping(data: Any, *, read_text: bool = True) -> Case:
    """Build a Case from a mapping with ``evidence`` and/or ``present``/``absent`` lists and/or ``text``."""
    if not isinstance(data, dict):
        raise CaseInputError(f"a case must be an object with keys such as age, sex, text, evidence; got {type(data).__name__}")
    data = dict(data)
    evidence: list[Any] = list(data.pop("evidence", []) or [])
    instruments = data.pop("instruments", None)
    for key, present in (("present", True), ("absent", False)):
        items = data.pop(key, []) or []
        if not isinstance(items, list):
            raise CaseInputError(f"{key}: must be a list of finding ids")
        evidence += [{"finding": f, "present": present} if isinstance(f, str) else {**f, "present": present} for f in items]
    text = data.get("text")
    if text is not None:
        if not isinstance(text, str):
            raise CaseInputError("text: must be a string")
        if not text.strip():
            raise CaseInputError("text: is empty")
        if len(text) > MAX_TEXT_CHARS:
            raise CaseInputError(f"text: is {len(text):,} characters; the limit is {MAX_TEXT_CHARS:,}")
    if instruments is not None:
        from lumbus.instruments.evidence import instrument_evidence

        given = {e["finding"] if isinstance(e, dict) else getattr(e, "finding", None) for e in evidence}
        evidence += [e for e in instrument_evidence(instruments, sex=data.get("sex")) if e.finding not in given]
    try:
        case = Case.model_validate({**data, "evidence": evidence})
    except ValidationError as exc:
        raise CaseInputError(describe_validation_error(exc)) from exc
    if text and read_text:
        case = merge_text(case, text, date.today())
    return case


def merge_text(case: Case, text: str, today: date | None = None) -> Case:
    """Add what the text says to a case; structured evidence wins where both speak. ``today`` lets dates such as
    "since Christmas" count (the applications pass the real date; without it the reading does not depend on the day)."""
    from lumbus.intake.text import read_text

    found = read_text(text, today)
    given = {e.finding for e in case.evidence}
    extra: list[Evidence] = [e for e in found.evidence if e.finding not in given]
    return case.model_copy(
        update={
            "evidence": [*case.evidence, *extra],
            "duration_days": case.duration_days if case.duration_days is not None else found.duration_days,
            "age": case.age if case.age is not None else found.age,
            "sex": case.sex if case.sex is not None else found.sex,
            "text": text,
        }
    )


def load_case_file(path: Path) -> Case:
    """Read a JSON or YAML case file."""
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise CaseInputError(f"{path}: no such file") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise CaseInputError(f"{path}: cannot be read as UTF-8 text ({exc})") from exc
    try:
        data = json.loads(raw) if path.suffix.lower() == ".json" else yaml.safe_load(raw)
    except json.JSONDecodeError as exc:
        raise CaseInputError(f"{path}: malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from exc
    except yaml.YAMLError as exc:
        raise CaseInputError(f"{path}: malformed YAML: {str(exc).splitlines()[0]}") from exc
    return case_from_mapping(data)


def case_from_json_line(line: str) -> Case:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise CaseInputError(f"malformed JSON at column {exc.colno}: {exc.msg}") from exc
    return case_from_mapping(data)

"""``lumbus assess``: one case from words or a file, or a batch of JSONL lines."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Literal, TextIO

import typer
from rich.console import Console

from lumbus.case import Case
from lumbus.intake.casefile import CaseInputError, case_from_json_line, case_from_mapping, load_case_file
from lumbus.reasoning.evidence import ContradictionError, UnknownFindingError

EXIT_BAD_INPUT = 2
_BAD_INPUT = (CaseInputError, UnknownFindingError, ContradictionError)


def _fail(message: str) -> typer.Exit:
    Console(stderr=True).print(f"[bold red]error:[/] {message}", highlight=False)
    return typer.Exit(EXIT_BAD_INPUT)


def assess_command(
    case_file: Annotated[Path | None, typer.Argument(help="a JSON or YAML case file", show_default=False)] = None,
    text: Annotated[str | None, typer.Option("--text", "-t", help="the person's own words")] = None,
    text_file: Annotated[
        Path | None, typer.Option("--text-file", help="read the person's words from a file ('-' for standard input)")
    ] = None,
    age: Annotated[int | None, typer.Option("--age", help="age in years (0-120)")] = None,
    sex: Annotated[str | None, typer.Option("--sex", help="female or male")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="text, json, or fhir (a FHIR R4 Bundle)")] = "text",
    batch: Annotated[Path | None, typer.Option("--batch", help="JSONL file, one case a line; '-' for standard input")] = None,
    fhir: Annotated[
        Path | None, typer.Option("--fhir", help="read the case from FHIR R4 JSON: a Bundle, one resource, or a CDS Hooks prefetch")
    ] = None,
) -> None:
    """Assess a case: ranked differential, atrophy type, root level, urgency, tests, specialist and care plan."""
    if format not in ("text", "json", "fhir"):
        raise _fail(f"--format must be text, json or fhir, not {format!r}")
    if fhir is not None and (case_file or batch):
        raise _fail("--fhir cannot be combined with a case file or --batch")
    if batch is not None:
        if case_file or text:
            raise _fail("--batch cannot be combined with a case file or --text")
        raise typer.Exit(run_batch(batch))
    if sex is not None and sex not in ("female", "male"):
        raise _fail(f"--sex must be female or male, not {sex!r}")
    if age is not None and not 0 <= age <= 120:
        raise _fail(f"--age must be between 0 and 120, not {age}")
    if text_file is not None:
        if text is not None:
            raise _fail("use --text or --text-file, not both")
        text = _read_text_file(text_file)
    if case_file is None and text is None and fhir is None:
        raise _fail("give the person's words with --text, a case file, or --fhir")
    from lumbus.reasoning.engine import assess

    try:
        case = load_case_file(case_file) if case_file else _fhir_case(fhir) if fhir else Case()
        overrides: dict[str, object] = {"age": age} if age is not None else {}
        if sex is not None:
            overrides["sex"] = sex
        if text is not None:
            case = case_from_mapping({**case.model_dump(exclude_none=True), **overrides, "text": text})
        elif overrides:
            case = case_from_mapping({**case.model_dump(exclude_none=True), **overrides}, read_text=False)
        result = assess(case)
    except _BAD_INPUT as exc:
        raise _fail(str(exc)) from exc
    if format == "json":
        typer.echo(result.model_dump_json(indent=2))
    elif format == "fhir":
        from lumbus.interop.fhir_export import assessment_bundle

        typer.echo(assessment_bundle(result, case).model_dump_json(indent=2, exclude_none=True))
    else:
        from lumbus.cli.render import render

        render(result, Console())


def _fhir_case(path: Path) -> Case:
    """The case recorded in FHIR JSON; says on stderr what was used and what could not be mapped."""
    from lumbus.interop.fhir_import import FhirInputError, case_from_fhir

    try:
        imported = case_from_fhir(json.loads(path.read_text(encoding="utf-8")))
    except OSError as exc:
        raise _fail(f"cannot read {path}: {exc.strerror}") from exc
    except json.JSONDecodeError as exc:
        raise _fail(f"{path} is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from exc
    except FhirInputError as exc:
        raise _fail(f"{path}: {exc}") from exc
    err = Console(stderr=True)
    err.print(f"read {len(imported.used)} finding(s) from FHIR", highlight=False)
    for item in imported.unmapped:
        err.print(f"[yellow]not mapped:[/] {item}", highlight=False)
    return imported.case


def _read_text_file(path: Path) -> str:
    if str(path) == "-":
        return sys.stdin.read()
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(f"{path}: cannot be read as UTF-8 text ({exc})") from exc


def run_batch(path: Path) -> Literal[0, 2]:
    """Assess one case per line; bad lines are reported with their number and skipped."""
    from rich.progress import Progress

    from lumbus.reasoning.engine import assess

    err = Console(stderr=True)
    stream: TextIO
    if str(path) == "-":
        stream = sys.stdin
    else:
        try:
            stream = path.open(encoding="utf-8")
        except OSError as exc:
            raise _fail(f"{path}: {exc.strerror or exc}") from exc
    bad = 0
    with stream, Progress(console=err, transient=True, disable=not err.is_terminal) as progress:
        task = progress.add_task("assessing", total=None)
        for n, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            case_id = None
            try:
                case = case_from_json_line(line)
                case_id = case.id
                out = assess(case).model_dump(mode="json")
                out = {"id": case_id, **out}
            except _BAD_INPUT as exc:
                bad += 1
                err.print(f"[bold red]line {n}:[/] {exc}", highlight=False)
                try:
                    raw_id = json.loads(line).get("id")
                except (json.JSONDecodeError, AttributeError):
                    raw_id = None
                out = {"id": raw_id, "line": n, "error": str(exc)}
            sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
            progress.advance(task)
    return 2 if bad else 0

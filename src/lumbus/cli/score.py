"""``lumbus score`` and ``lumbus questionnaire``: score an instrument from a file, a FHIR response or prompts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml
from rich.console import Console
from rich.prompt import Prompt
from rich.table import Table

from lumbus.cli.assess import _fail
from lumbus.instruments.schema import Instrument
from lumbus.instruments.scoring import AnswerError, InstrumentResult, get_instrument, packaged_instruments, parse_answers, score

app = typer.Typer(help="List validated instruments and export them as FHIR Questionnaires.", no_args_is_help=True)
ItemTextOpt = Annotated[
    Path | None,
    typer.Option("--item-text", help="YAML of licensed item wording (instrument -> item id -> text); default $LUMBUS_INSTRUMENT_TEXT"),
]


def _instrument(name: str) -> Instrument:
    try:
        return get_instrument(name)
    except AnswerError as exc:
        raise _fail(str(exc)) from exc


def _read(path: Path) -> Any:
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(f"{path}: cannot be read as UTF-8 text ({exc})") from exc
    try:
        return json.loads(raw) if path.suffix.lower() == ".json" else yaml.safe_load(raw)
    except json.JSONDecodeError as exc:
        raise _fail(f"{path}: malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from exc
    except yaml.YAMLError as exc:
        raise _fail(f"{path}: malformed YAML: {str(exc).splitlines()[0]}") from exc


def _ask(inst: Instrument, text: dict[str, str], console: Console, sex: str | None) -> tuple[dict[str, Any], str | None]:
    """Ask each item in turn; an empty answer leaves it unanswered, a bad one is asked again."""
    if "sex" in inst.needs and sex is None:
        sex = Prompt.ask("Sex", choices=["female", "male"], console=console)
    answers: dict[str, Any] = {}
    console.print(f"[bold]{inst.name}[/] — press Enter to leave an item unanswered")
    for item in inst.items:
        console.print(f"\n[bold]{text.get(item.id, item.label)}[/]")
        if item.kind == "choice":
            for o in item.options:
                console.print(f"  {o.code}) {text.get(f'{item.id}.{o.code}', o.label)}", highlight=False)
        else:
            unable = " or 'unable'" if item.allow_unable else ""
            span = f" ({item.min:g} to {item.max:g})" if item.min is not None and item.max is not None else ""
            console.print(f"  a number in {item.unit or 'units'}{span}{unable}", highlight=False)
        while True:
            try:
                raw = Prompt.ask("answer", default="", show_default=False, console=console)
            except EOFError:
                return answers, sex
            if not raw.strip():
                break
            try:
                parse_answers(inst, {item.id: raw})
            except AnswerError as exc:
                console.print(f"[red]{exc}[/]", highlight=False)
                continue
            answers[item.id] = raw
            break
    return answers, sex


def render_result(result: InstrumentResult, console: Console) -> None:
    table = Table(title=result.name, expand=False)
    table.add_column("Score")
    table.add_column("Value", justify="right")
    table.add_column("Meaning")
    for s in result.scores:
        note = f" ({s.answered} answered)" if s.missing else ""
        table.add_row(s.label, s.display + note, s.band_label or "-")
    if result.outcome:
        table.add_row("Result", "", f"[bold]{result.outcome.label}[/]")
    inst = get_instrument(result.instrument)
    if not result.scores:
        for item_id, a in result.answers.items():
            item = inst.item(item_id)
            unit = f" {item.unit}" if item.unit and a.code is None and not item.unit.startswith("{") else ""
            table.add_row(item.label, (a.code or f"{a.value:g}") + unit, "")
    console.print(table)
    met = [c.label for c in inst.criteria if result.criteria.get(c.id) is True]
    unmet = [c.label for c in inst.criteria if result.criteria.get(c.id) is False]
    if met:
        console.print("Met: " + "; ".join(met), highlight=False)
    if unmet:
        console.print("Not met: " + "; ".join(unmet), highlight=False)
    if result.evidence:
        said = [("" if e.present else "no ") + e.finding.replace("_", " ") + (f" ({e.side})" if e.side else "") for e in result.evidence]
        console.print("As evidence for an assessment: " + "; ".join(said), highlight=False)


def score_command(
    instrument: Annotated[str, typer.Argument(help="instrument id (see `lumbus questionnaire list`)")],
    file: Annotated[
        Path | None, typer.Argument(help="JSON/YAML answers (item id -> answer) or a FHIR QuestionnaireResponse; omit to be asked")
    ] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="text or json")] = "text",
    sex: Annotated[str | None, typer.Option("--sex", help="female or male (sex-specific cut-offs)")] = None,
    fhir: Annotated[bool, typer.Option("--fhir", help="print the result as a FHIR Observation")] = False,
    baseline: Annotated[
        Path | None,
        typer.Option("--baseline", help="an earlier result's answers: say whether the change passes the minimal important change"),
    ] = None,
    item_text: ItemTextOpt = None,
) -> None:
    """Score a validated instrument exactly as published; bad answers exit with code 2 and name the item."""
    if format not in ("text", "json"):
        raise _fail(f"--format must be text or json, not {format!r}")
    inst = _instrument(instrument)
    from lumbus.instruments.change import compare

    try:
        if file is None:
            from lumbus.instruments.licensed import load_item_text

            answers, sex = _ask(inst, load_item_text(inst, item_text), Console(stderr=True), sex)
            result, response = score(inst, answers, sex=sex), None
        else:
            result, response = _score_file(inst, file, sex)
        change = None if baseline is None else compare(_score_file(inst, baseline, sex)[0], result)
    except AnswerError as exc:
        raise _fail(str(exc)) from exc
    if fhir:
        from lumbus.instruments.fhir import result_observation

        typer.echo(result_observation(result, response).model_dump_json(indent=2, exclude_none=True))
    elif format == "json":
        out = result.model_dump(mode="json") | ({"change": change.model_dump(mode="json")} if change else {})
        typer.echo(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        render_result(result, Console())
        if change is not None:
            verdict = change.verdict.replace("_", " ")
            Console().print(f"Since the baseline ({change.baseline:g}): [bold]{verdict}[/] — {change.note}", highlight=False)


def _score_file(inst: Instrument, file: Path, sex: str | None) -> tuple[InstrumentResult, Any]:
    """A result from answers or a FHIR QuestionnaireResponse in a file (and the response, if it was one)."""
    from lumbus.instruments.fhir import score_document

    data = _read(file)
    try:
        return score_document(inst, data, sex=sex)
    except AnswerError as exc:
        raise AnswerError(f"{file}: {exc}", exc.item) from exc


@app.command("list")
def list_command(format: Annotated[str, typer.Option("--format", "-f", help="text or json")] = "text") -> None:
    """The instruments Lumbus scores."""
    rows = [
        {
            "id": i.id,
            "name": i.name,
            "kind": i.kind,
            "items": len(i.items),
            "scores": [s.id for s in i.scores],
            "loinc": i.loinc or (i.primary_score.loinc if i.primary_score else None),
        }
        for i in packaged_instruments().values()
    ]
    if format == "json":
        typer.echo(json.dumps(rows, indent=2))
        return
    table = Table(title="Instruments")
    for col in ("id", "name", "kind", "items", "LOINC"):
        table.add_column(col)
    for r in rows:
        table.add_row(str(r["id"]), str(r["name"]), str(r["kind"]), str(r["items"]), str(r["loinc"] or "-"))
    Console().print(table)


@app.command("export")
def export_command(
    instrument: Annotated[str, typer.Argument(help="instrument id")],
    fhir: Annotated[bool, typer.Option("--fhir", help="as a FHIR R4 Questionnaire (otherwise the instrument's data as JSON)")] = False,
    item_text: ItemTextOpt = None,
) -> None:
    """Export an instrument: its data, or a FHIR R4 Questionnaire whose options carry their points."""
    inst = _instrument(instrument)
    if not fhir:
        typer.echo(inst.model_dump_json(indent=2, exclude_defaults=True))
        return
    from lumbus.instruments.fhir import export_questionnaire
    from lumbus.instruments.licensed import load_item_text

    try:
        q = export_questionnaire(inst, load_item_text(inst, item_text))
    except AnswerError as exc:
        raise _fail(str(exc)) from exc
    typer.echo(q.model_dump_json(indent=2, exclude_none=True))

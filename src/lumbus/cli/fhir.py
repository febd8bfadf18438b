"""``lumbus fhir export ASSESSMENT_ID``: a stored assessment as a FHIR R4 Bundle."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from lumbus.cli.serve import DataDir

app = typer.Typer(help="FHIR R4: stored assessments as Bundles.", no_args_is_help=True)


@app.command("export")
def export_command(
    assessment_id: Annotated[str, typer.Argument(help="the id the web app or the REST API stored the assessment under")],
    data_dir: DataDir = Path("data"),
    out: Annotated[Path | None, typer.Option("--out", "-o", help="write the Bundle here instead of standard output")] = None,
) -> None:
    """Export one stored assessment, with the case it was made from, as a FHIR R4 Bundle (JSON)."""
    from rich.console import Console

    from lumbus.assessment import Assessment
    from lumbus.case import Case
    from lumbus.interop.fhir_export import assessment_bundle
    from lumbus.store import Store, database_url, get_assessment

    store = Store(database_url(data_dir))
    try:
        store.upgrade()
        with store.reader() as session:
            record = get_assessment(session, assessment_id)
    finally:
        store.close()
    if record is None:
        Console(stderr=True).print(f"[bold red]error:[/] no stored assessment with id {assessment_id!r}", highlight=False)
        raise typer.Exit(2)
    bundle = assessment_bundle(Assessment.model_validate(record.result), Case.model_validate(record.case))
    text = bundle.model_dump_json(indent=2, exclude_none=True)
    if out is None:
        typer.echo(text)
    else:
        out.write_text(text + "\n", encoding="utf-8")

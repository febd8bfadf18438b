"""``lumbus eval vignettes/``: accuracy, triage safety, atrophy type and root level on published cases."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from lumbus.evaluation.vignettes import VignetteError, assess_narrative, evaluate, load_vignettes


def eval_command(
    folder: Annotated[Path, typer.Argument(help="folder of vignette YAML files")],
    format: Annotated[str, typer.Option("--format", "-f", help="text or json")] = "text",
) -> None:
    """Run every vignette from its narrative and report top-1, top-3, triage, atrophy type and root level."""
    err = Console(stderr=True)
    try:
        vignettes = load_vignettes(folder)
    except VignetteError as exc:
        err.print(f"[bold red]error:[/] {exc}", highlight=False)
        raise typer.Exit(2) from exc
    with Progress(
        TextColumn("evaluating"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err, transient=True
    ) as progress:
        task = progress.add_task("eval", total=len(vignettes))
        report = evaluate(vignettes, assess_narrative, tick=lambda: progress.advance(task))
    if format == "json":
        typer.echo(json.dumps(report.to_json(), indent=2))
        return
    console = Console()
    s = report.summary()
    table = Table(title=f"Lumbus on {s['vignettes']} vignettes", show_header=False)
    for key in ("top1", "top3", "triage_exact", "atrophy_type", "root_level", "over_triage_rate", "under_triage_rate"):
        table.add_row(key.replace("_", " "), f"{s[key]:.1%}")
    table.add_row("emergency under-triage", f"{s['emergency_under_triage']} of {s['emergencies']}")
    table.add_row("vignettes with a root level", str(s["root_level_cases"]))
    console.print(table)
    misses = Table(title="Misses")
    for col in ("vignette", "expected", "top 3", "problems"):
        misses.add_column(col)
    for m in report.misses():
        misses.add_row(str(m["id"]), str(m["expected"]), ", ".join(m["top3"]), "; ".join(m["problems"]))  # type: ignore[arg-type]
    console.print(misses)

"""``lumbus eval vignettes/``: accuracy, triage safety, atrophy type and root level on published cases."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from lumbus.evaluation.vignettes import (
    InterviewReport,
    Report,
    VignetteError,
    assess_narrative,
    evaluate,
    evaluate_interviews,
    load_vignettes,
)


def eval_command(
    folder: Annotated[Path, typer.Argument(help="folder of vignette YAML files")],
    format: Annotated[str, typer.Option("--format", "-f", help="text or json")] = "text",
    interactive: Annotated[
        bool, typer.Option("--interactive", help="interview a simulated patient who answers from the vignette's findings")
    ] = False,
) -> None:
    """Run every vignette from its narrative and report top-1, top-3, triage, atrophy type and root level.

    With ``--interactive`` each vignette is also interviewed (present -> yes, listed absent -> no,
    otherwise don't know), and the report compares the result with the narrative alone."""
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
        report: Report | InterviewReport = (
            evaluate_interviews(vignettes, tick=lambda: progress.advance(task))
            if interactive
            else evaluate(vignettes, assess_narrative, tick=lambda: progress.advance(task))
        )
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
    if isinstance(report, InterviewReport):
        table.add_row("top1 from the narrative alone", f"{s['narrative_top1']:.1%}")
        table.add_row("top3 from the narrative alone", f"{s['narrative_top3']:.1%}")
        table.add_row(
            "questions asked: median, 90th percentile, most", f"{s['questions_median']:g}, {s['questions_p90']}, {s['questions_max']}"
        )
        table.add_row("red-flag screen complete before a non-emergency result", f"{s['red_flag_screen_complete']:.1%}")
    console.print(table)
    misses = Table(title="Misses")
    for col in ("vignette", "expected", "top 3", "problems"):
        misses.add_column(col)
    for m in report.misses():
        misses.add_row(str(m["id"]), str(m["expected"]), ", ".join(m["top3"]), "; ".join(m["problems"]))  # type: ignore[arg-type]
    console.print(misses)

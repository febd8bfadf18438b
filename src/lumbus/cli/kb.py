"""``lumbus kb check`` and ``lumbus kb stats``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from lumbus.knowledge.check import check as run_check
from lumbus.knowledge.check import stats as run_stats
from lumbus.knowledge.loader import KnowledgeBase, KnowledgeBaseError, load_from, load_packaged

app = typer.Typer(help="Validate and describe the knowledge base.", no_args_is_help=True)
PathOpt = Annotated[Path | None, typer.Option("--path", help="a knowledge-base folder (default: the packaged one)")]
FormatOpt = Annotated[str, typer.Option("--format", help="text or json")]


def _load(path: Path | None) -> KnowledgeBase:
    err = Console(stderr=True)
    try:
        return load_packaged() if path is None else load_from(path)
    except KnowledgeBaseError as exc:
        err.print(f"[bold red]{exc.code}[/] in {exc.where}: {exc.message}", highlight=False)
        raise typer.Exit(1) from exc


@app.command()
def check(path: PathOpt = None, format: FormatOpt = "text", strict: bool = typer.Option(False, help="fail on warnings too")) -> None:
    """Check ids, citations, probabilities and completeness. Exit 1 on errors."""
    kb = _load(path)
    issues = run_check(kb)
    errors = [i for i in issues if i.severity == "error"]
    if format == "json":
        typer.echo(json.dumps([i.__dict__ for i in issues], indent=2))
    else:
        console = Console()
        for i in issues:
            console.print(str(i), highlight=False, style="red" if i.severity == "error" else "yellow")
        warnings = len(issues) - len(errors)
        console.print(f"{len(errors)} errors, {warnings} warnings", style="bold")
    if errors or (strict and issues):
        raise typer.Exit(1)


@app.command()
def stats(path: PathOpt = None, format: FormatOpt = "text") -> None:
    """Counts of conditions, findings and links, and the share of cited statements."""
    s = run_stats(_load(path))
    if format == "json":
        typer.echo(json.dumps(s, indent=2))
        return
    table = Table(title="Lumbus knowledge base", show_header=False)
    for k, v in s.items():
        table.add_row(k.replace("_", " "), f"{v:.1%}" if isinstance(v, float) else str(v))
    Console().print(table)

"""The ``lumbus`` command."""

from __future__ import annotations

import typer

from lumbus.cli import fhir as fhir_cli
from lumbus.cli import kb as kb_cli
from lumbus.cli import score as score_cli
from lumbus.cli import user as user_cli
from lumbus.cli.assess import assess_command
from lumbus.cli.evaluate import eval_command
from lumbus.cli.interview import interview_command
from lumbus.cli.serve import db_app, serve_command

app = typer.Typer(help="Lumbus: decision support for lower back weakness and muscle atrophy.", no_args_is_help=True)
app.add_typer(kb_cli.app, name="kb")
app.add_typer(score_cli.app, name="questionnaire")
app.command("score")(score_cli.score_command)
app.command("assess")(assess_command)
app.command("eval")(eval_command)
app.command("interview")(interview_command)
app.command("serve")(serve_command)
app.add_typer(db_app, name="db")
app.add_typer(fhir_cli.app, name="fhir")
app.add_typer(user_cli.app, name="user")

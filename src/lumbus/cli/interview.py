"""``lumbus interview``: the adaptive interview in the terminal, one question at a time.

Keys: the answer keys shown with each question, ``b`` to go back, ``?`` for why this question is
asked, ``s`` to save and quit. ``--resume FILE`` carries on a saved interview; ``--answer ID=VALUE``
answers without a terminal (for scripts), saves, and prints the next question.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal, cast

import typer
from rich.console import Console

from lumbus.cli.assess import EXIT_BAD_INPUT, _fail
from lumbus.intake.casefile import CaseInputError
from lumbus.reasoning.interview import DONT_KNOW, AnswerValue, Interview, InterviewError, Question

DEFAULT_SAVE = Path("lumbus-interview.json")
KEYS_ALWAYS = "b back · ? why · s save and quit"


class _Command(Exception):
    """A navigation key (back, why, save) instead of an answer."""

    def __init__(self, key: str) -> None:
        self.key = key


def _keys(q: Question) -> str:
    if q.kind == "yes_no":
        keys = "y yes · n no · d don't know"
        return keys + (" · l yes, left · r yes, right · 2 yes, both sides" if q.lateral else "")
    if q.kind == "multiple":
        return "numbers of all that apply (e.g. 1 3) · 0 none of these · d don't know"
    if q.kind == "single":
        return "the number of one option · d don't know"
    return f"a number from {q.minimum or 0:g} to {q.maximum or 0:g} · d don't know"


def parse_answer(q: Question, raw: str) -> AnswerValue:
    """Turn what was typed into an answer value; raises InterviewError with a hint when it cannot."""
    text = raw.strip().lower()
    if text in ("b", "?", "s"):
        raise _Command(text)
    if text in ("d", "dk", "don't know", "dont know", "dont_know"):
        return DONT_KNOW
    if q.kind == "yes_no":
        mapping = {"y": "yes", "yes": "yes", "n": "no", "no": "no"}
        if q.lateral:
            mapping |= {"l": "left", "left": "left", "r": "right", "right": "right", "2": "both", "both": "both"}
        if text in mapping:
            return mapping[text]
    elif q.kind == "number":
        try:
            return float(text) if "." in text else int(text)
        except ValueError:
            pass
    else:
        parts = [p for p in text.replace(",", " ").split() if p]
        if parts and all(p.isdigit() for p in parts):
            nums = [int(p) for p in parts]
            if q.kind == "multiple" and nums == [0]:
                return []
            if all(1 <= n <= len(q.options) for n in nums) and (q.kind == "multiple" or len(nums) == 1):
                chosen = [q.options[n - 1].id for n in nums]
                return chosen if q.kind == "multiple" else chosen[0]
    raise InterviewError(f"please answer with: {_keys(q)}")


def _show(console: Console, q: Question, number: int) -> None:
    console.print(f"\n[bold]Question {number}:[/] {q.text}", highlight=False)
    for i, o in enumerate(q.options, start=1):
        console.print(f"  {i}. {o.label}", highlight=False)
    console.print(f"[dim]{_keys(q)} · {KEYS_ALWAYS}[/]", highlight=False)


def save_state(iv: Interview, path: Path) -> None:
    """Write atomically: a crash mid-write never leaves a half file in place of a good one."""
    path = path.resolve()
    fd, tmp = tempfile.mkstemp(prefix=".lumbus-", suffix=".json", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(iv.to_json(), f, indent=1)
    os.replace(tmp, path)


def load_state(path: Path) -> Interview:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InterviewError(f"{path}: no such file") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InterviewError(f"{path}: cannot be read ({exc})") from exc
    except json.JSONDecodeError as exc:
        raise InterviewError(f"{path}: damaged (malformed JSON at line {exc.lineno}, column {exc.colno}); it was left as it is") from exc
    try:
        return Interview.from_json(data)
    except InterviewError as exc:
        raise InterviewError(f"{path}: {exc}; the file was left as it is") from exc


def _parse_cli_answer(item: str) -> tuple[str, AnswerValue]:
    qid, sep, raw = item.partition("=")
    if not sep or not qid:
        raise InterviewError(f"--answer must look like QUESTION_ID=VALUE, not {item!r}")
    try:
        value = json.loads(raw)
    except json.JSONDecodeError:
        value = raw
    return qid.strip(), cast(AnswerValue, value)


def _correct(console: Console, iv: Interview, read: Callable[[str], str]) -> None:
    """Show what was understood from the words as a numbered list the person can fix."""
    items = iv.understood()
    if not items:
        return
    console.print("\n[bold]This is what I understood:[/]")
    for i, e in enumerate(items, start=1):
        name = iv.ckb.kb.findings[e.finding].name.lower()
        console.print(f"  {i}. {'' if e.present else 'no '}{name}{f' ({e.side})' if e.side else ''}", highlight=False)
    while True:
        raw = read("Type the numbers of anything I got wrong to change it, or press Enter if it is right: ").strip()
        if not raw:
            return
        parts = raw.replace(",", " ").split()
        if all(p.isdigit() and 1 <= int(p) <= len(items) for p in parts):
            for p in sorted(set(parts)):
                e = items[int(p) - 1]
                try:
                    iv.correct(e.finding, not e.present)
                    console.print(f"Changed {p} to: {'no ' if e.present else ''}{iv.ckb.kb.findings[e.finding].name.lower()}")
                except InterviewError as exc:
                    console.print(f"[red]{exc}[/]", highlight=False)
            return
        console.print(f"[red]please type numbers from 1 to {len(items)}, or press Enter[/]")


def interview_command(
    text: Annotated[str | None, typer.Option("--text", "-t", help="the person's own words to start from")] = None,
    age: Annotated[int | None, typer.Option("--age", help="age in years (0-120)")] = None,
    sex: Annotated[str | None, typer.Option("--sex", help="female or male")] = None,
    resume: Annotated[Path | None, typer.Option("--resume", help="carry on an interview saved with 's'")] = None,
    save: Annotated[Path | None, typer.Option("--save", help=f"where 's' saves (default: the resume file or {DEFAULT_SAVE})")] = None,
    json_out: Annotated[Path | None, typer.Option("--json-out", help="also write the final assessment as JSON here")] = None,
    fhir_out: Annotated[
        Path | None, typer.Option("--fhir-out", help="also write the assessment and the answers as a FHIR R4 Bundle here")
    ] = None,
    answer: Annotated[list[str] | None, typer.Option("--answer", help="QUESTION_ID=VALUE without a terminal; repeatable")] = None,
) -> None:
    """Ask the questions that matter, red flags first, then show the assessment."""
    console = Console(highlight=False)
    if sex is not None and sex not in ("female", "male"):
        raise _fail(f"--sex must be female or male, not {sex!r}")
    if age is not None and not 0 <= age <= 120:
        raise _fail(f"--age must be between 0 and 120, not {age}")
    if resume is not None and (text is not None or age is not None or sex is not None):
        raise _fail("--resume carries on a saved interview; --text, --age and --sex cannot be combined with it")
    target = save or resume or DEFAULT_SAVE
    try:
        if resume is not None:
            iv = load_state(resume)
        else:
            if text is None and not answer:
                text = typer.prompt("Tell me in your own words what is happening", default="", show_default=False) or None
            iv = _start(console, text, age, cast(Literal["female", "male"] | None, sex))
    except (InterviewError, CaseInputError) as exc:
        raise _fail(str(exc)) from exc
    outputs = Outputs(json_out, fhir_out)
    if answer:
        raise typer.Exit(_answer_and_save(console, iv, answer, target, outputs))
    if resume is None:
        _correct(console, iv, input)
    _loop(console, iv, target, outputs)


def _start(console: Console, text: str | None, age: int | None, sex: Literal["female", "male"] | None) -> Interview:
    from lumbus.api import start_interview

    if text is None:
        return start_interview(None, age=age, sex=sex)
    with console.status("Reading what you wrote..."):
        return start_interview(text, age=age, sex=sex)


def _answer_and_save(console: Console, iv: Interview, answers: list[str], target: Path, outputs: Outputs) -> int:
    """Non-interactive answers: all or nothing; a bad one leaves the saved file untouched."""
    try:
        for item in answers:
            iv.answer(*_parse_cli_answer(item))
    except InterviewError as exc:
        Console(stderr=True).print(f"[bold red]error:[/] {exc}", highlight=False)
        return EXIT_BAD_INPUT
    save_state(iv, target)
    q = iv.next_question()
    if q is None:
        _finish(console, iv, outputs)
    else:
        typer.echo(json.dumps({"next_question": q.model_dump(mode="json"), "saved": str(target)}, indent=1))
    return 0


def _loop(console: Console, iv: Interview, target: Path, outputs: Outputs) -> None:
    while (q := iv.next_question()) is not None:
        _show(console, q, iv.questions_asked + 1)
        try:
            raw = input("> ")
        except EOFError:
            console.print("\nStopped; nothing was saved (use s to save and quit).")
            raise typer.Exit(1) from None
        try:
            iv.answer(q.id, parse_answer(q, raw))
        except _Command as cmd:
            if cmd.key == "?":
                console.print(f"[italic]{q.rationale}[/]")
            elif cmd.key == "b":
                if iv.undo() is None:
                    console.print("[yellow]This is the first question; there is nothing to go back to.[/]")
            else:
                save_state(iv, target)
                console.print(f"Saved to {target}. Carry on later with: lumbus interview --resume {target}")
                return
        except InterviewError as exc:
            console.print(f"[red]{exc}[/]")
    _finish(console, iv, outputs)


@dataclass(frozen=True)
class Outputs:
    """Files the final assessment is also written to."""

    json: Path | None = None
    fhir: Path | None = None


def _finish(console: Console, iv: Interview, outputs: Outputs) -> None:
    from lumbus.cli.render import render

    a = iv.assessment()
    console.print(f"\nThank you. {iv.questions_asked} questions asked.\n")
    render(a, console)
    if outputs.json is not None:
        outputs.json.write_text(a.model_dump_json(indent=2), encoding="utf-8")
        console.print(f"Assessment written to {outputs.json}")
    if outputs.fhir is not None:
        from lumbus.interop.fhir_export import assessment_bundle

        outputs.fhir.write_text(
            assessment_bundle(a, iv.case(), interview=iv).model_dump_json(indent=2, exclude_none=True), encoding="utf-8"
        )
        console.print(f"FHIR Bundle written to {outputs.fhir}")


__all__ = ["interview_command", "parse_answer"]

"""Instrument results as case evidence: the ``instruments:`` list of a case file.

Each entry is ``{instrument, answers}`` (or ``{instrument, result}``, a stored result whose
answers are scored again); the instrument's own data says which findings
its result is (a SARC-F of 4 or more is ``sarc_f_positive``; MRC ankle dorsiflexion 3/5
on the left is ``weak_ankle_dorsiflexion``, left).
"""

from __future__ import annotations

from typing import Any

from lumbus.case import Evidence
from lumbus.instruments.scoring import AnswerError, InstrumentResult, score


def _stored_answers(result: Any, where: str) -> tuple[dict[str, Any], str | None]:
    """The answers of a stored result (``lumbus score --format json``), to be scored again by today's rules."""
    if not isinstance(result, dict) or not isinstance(result.get("answers"), dict):
        raise AnswerError(f"{where}: 'result' must be a stored result with its answers (lumbus score --format json)")
    answers: dict[str, Any] = {}
    for item, a in result["answers"].items():
        if not isinstance(a, dict):
            raise AnswerError(f"{where}: result answer for item {item!r} must be an object with code or value", str(item))
        answers[item] = a.get("code") if a.get("code") is not None else a.get("value")
    return answers, result.get("sex")


def score_entry(entry: Any, *, sex: str | None = None, where: str = "instruments") -> InstrumentResult:
    """Score one ``{instrument, answers | result, sex?, date?}`` entry of a case file."""
    if not isinstance(entry, dict):
        raise AnswerError(f"{where}: each entry must be an object with 'instrument' and 'answers'")
    unknown = set(entry) - {"instrument", "answers", "result", "sex", "date"}
    if unknown:
        raise AnswerError(f"{where}: unknown key {sorted(unknown)[0]!r}; an entry has instrument, answers (or result), sex and date")
    if not isinstance(entry.get("instrument"), str):
        raise AnswerError(f"{where}: 'instrument' must name an instrument (see `lumbus questionnaire list`)")
    if ("answers" in entry) == ("result" in entry):
        raise AnswerError(f"{where}: give either 'answers' or a stored 'result'")
    answers, stored_sex = _stored_answers(entry["result"], where) if "result" in entry else (entry["answers"], None)
    if not isinstance(answers, dict):
        raise AnswerError(f"{where}: 'answers' must be an object of item id -> answer")
    try:
        return score(entry["instrument"], answers, sex=entry.get("sex") or stored_sex or sex)
    except AnswerError as exc:
        raise AnswerError(f"{where}: {exc}", exc.item) from exc


def instrument_evidence(entries: Any, *, sex: str | None = None) -> list[Evidence]:
    """Score every entry and collect the findings their results stand for (first result wins per finding)."""
    if not isinstance(entries, list):
        raise AnswerError("instruments: must be a list of {instrument, answers}")
    out: dict[str, Evidence] = {}
    for n, entry in enumerate(entries):
        for e in score_entry(entry, sex=sex, where=f"instruments[{n}]").evidence:
            out.setdefault(e.finding, e)
    return list(out.values())

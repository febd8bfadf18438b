"""Instrument results as case evidence: the ``instruments:`` list of a case file.

Each entry is ``{instrument, answers}``; the instrument's own data says which findings
its result is (a SARC-F of 4 or more is ``sarc_f_positive``; MRC ankle dorsiflexion 3/5
on the left is ``weak_ankle_dorsiflexion``, left).
"""

from __future__ import annotations

from typing import Any

from lumbus.case import Evidence
from lumbus.instruments.scoring import AnswerError, InstrumentResult, score


def score_entry(entry: Any, *, sex: str | None = None, where: str = "instruments") -> InstrumentResult:
    """Score one ``{instrument, answers, sex?}`` entry of a case file."""
    if not isinstance(entry, dict):
        raise AnswerError(f"{where}: each entry must be an object with 'instrument' and 'answers'")
    unknown = set(entry) - {"instrument", "answers", "sex", "date"}
    if unknown:
        raise AnswerError(f"{where}: unknown key {sorted(unknown)[0]!r}; an entry has instrument, answers, sex and date")
    if not isinstance(entry.get("instrument"), str):
        raise AnswerError(f"{where}: 'instrument' must name an instrument (see `lumbus questionnaire list`)")
    answers = entry.get("answers")
    if not isinstance(answers, dict):
        raise AnswerError(f"{where}: 'answers' must be an object of item id -> answer")
    try:
        return score(entry["instrument"], answers, sex=entry.get("sex", sex))
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

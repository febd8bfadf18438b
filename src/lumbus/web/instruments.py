"""Validated instruments for the questionnaire pages and the REST API: lookup, licensed wording, errors as problems.

Scoring itself is :mod:`lumbus.instruments.scoring`; this module only turns its errors into the
web's terms (404 for an unknown instrument, 422 naming the item for a bad answer).
"""

from __future__ import annotations

import logging

from lumbus.instruments.licensed import load_item_text
from lumbus.instruments.schema import Instrument
from lumbus.instruments.scoring import AnswerError, get_instrument
from lumbus.web.problems import ProblemError

log = logging.getLogger("lumbus.web")


def find(instrument_id: str) -> Instrument:
    """An instrument by id or short name; 404 naming the close ones otherwise."""
    try:
        return get_instrument(instrument_id)
    except AnswerError as exc:
        raise ProblemError(404, "unknown_instrument", str(exc)) from exc


def item_text(inst: Instrument) -> dict[str, str]:
    """Licensed wording the deployment supplies (``LUMBUS_INSTRUMENT_TEXT``), else none: neutral labels are shown.

    A broken file is the server's fault, not the caller's: logged (the path and error only) and neutral labels used.
    """
    try:
        return load_item_text(inst)
    except AnswerError as exc:
        log.error("licensed item text unavailable for %s: %s", inst.id, exc)
        return {}


def answer_problem(inst: Instrument, exc: AnswerError) -> ProblemError:
    """The 422 for answers that cannot be scored, naming the item when there is one."""
    items = {i.id for i in inst.items}
    if exc.item is not None and exc.item not in items:
        return ProblemError(422, "unknown_item", str(exc), item=exc.item)
    if exc.item is not None:
        return ProblemError(422, "invalid_answer", str(exc), item=exc.item)
    return ProblemError(422, "invalid_answers", str(exc))

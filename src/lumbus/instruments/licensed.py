"""Licensed item wording, supplied by the deploying clinic.

The Oswestry and STarT Back wording is copyrighted, so Lumbus ships neutral labels. A
clinic that holds a licence points ``--item-text`` or ``LUMBUS_INSTRUMENT_TEXT`` at a
YAML file of ``instrument id -> {item id: text, "item id.option code": text}``; the text
is shown in prompts and FHIR Questionnaires and never changes scoring.
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml

from lumbus.instruments.schema import Instrument
from lumbus.instruments.scoring import AnswerError

ENV_VAR = "LUMBUS_INSTRUMENT_TEXT"


def load_item_text(inst: Instrument, path: Path | None = None) -> dict[str, str]:
    """Wording for ``inst`` from ``path`` (or the file named by ``LUMBUS_INSTRUMENT_TEXT``); empty when neither is set."""
    if path is None:
        env = os.environ.get(ENV_VAR)
        if not env:
            return {}
        path = Path(env)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise AnswerError(f"{path}: cannot read the item-text file ({exc})") from exc
    except yaml.YAMLError as exc:
        raise AnswerError(f"{path}: malformed YAML: {str(exc).splitlines()[0]}") from exc
    if not isinstance(data, dict):
        raise AnswerError(f"{path}: must map instrument ids to {{item id: text}}")
    section = data.get(inst.id) or {}
    if not isinstance(section, dict):
        raise AnswerError(f"{path}: {inst.id}: must map item ids to text")
    valid = {i.id for i in inst.items} | {f"{i.id}.{o.code}" for i in inst.items for o in i.options}
    out: dict[str, str] = {}
    for key, text in section.items():
        if str(key) not in valid:
            raise AnswerError(f"{path}: {inst.id}: unknown item {key!r}", str(key))
        if not isinstance(text, str) or not text.strip():
            raise AnswerError(f"{path}: {inst.id}: item {key!r} needs text", str(key))
        out[str(key)] = text.strip()
    return out

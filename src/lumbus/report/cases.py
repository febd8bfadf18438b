"""Similar published cases: the vignettes most like an assessment, from a compact index shipped in the package.

The vignettes live in the repository (``vignettes/*.yaml``), which an installed package cannot see, so
``tools/build_cases.py`` writes what the result page needs into ``report/data/cases.json`` and a test
keeps the two in step.

Similarity of a published case to an assessment::

    score = P(the case's established condition in this assessment's differential)
            + 0.5 * Jaccard(findings present in this assessment, findings the case reports)

The first term ranks cases of the same likely condition(s) first, in the order of their chance; the
second breaks ties among them by how much of the story is shared, and lets a case of another
condition in with a very similar story. A case whose words are exactly the person's is left out (it
is their own story, not a similar one).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from lumbus.assessment import Assessment
from lumbus.knowledge.loader import KnowledgeBase

INDEX_FORMAT = "lumbus-cases/1"
EXCERPT_CHARS = 240
FINDINGS_WEIGHT = 0.5


class PublishedCase(BaseModel):
    """One vignette as the result page shows it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    citation: str
    url: str | None = Field(None, pattern=r"^https?://")
    """shown as a link, so only a web address"""
    kind: str
    text: str
    condition: str
    atrophy_type: str
    findings: list[str]

    @property
    def excerpt(self) -> str:
        """The start of the person's words, cut at a word, at most :data:`EXCERPT_CHARS` long."""
        if len(self.text) <= EXCERPT_CHARS:
            return self.text
        cut = self.text[:EXCERPT_CHARS].rsplit(" ", 1)[0].rstrip(",;:.")
        return cut + "…"


@dataclass(frozen=True)
class Similar:
    case: PublishedCase
    score: float
    condition_name: str
    shared: list[str]
    """names of the findings the case shares with this assessment"""


def build_index(vignettes: Iterable[Any]) -> dict[str, Any]:
    """The index that ``cases.json`` holds, from :class:`lumbus.evaluation.vignettes.Vignette` objects."""
    cases = [
        PublishedCase(
            id=v.id,
            citation=v.source.citation,
            url=v.source.url,
            kind=v.source.kind,
            text=v.text,
            condition=v.expected.condition,
            atrophy_type=v.expected.atrophy_type,
            findings=sorted(v.findings.present),
        ).model_dump(mode="json")
        for v in sorted(vignettes, key=lambda v: v.id)
    ]
    return {"format": INDEX_FORMAT, "cases": cases}


def dump_index(index: dict[str, Any]) -> str:
    return json.dumps(index, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


@lru_cache(maxsize=1)
def published_cases() -> tuple[PublishedCase, ...]:
    """The packaged index, read once per process."""
    raw = json.loads((resources.files("lumbus.report") / "data" / "cases.json").read_text(encoding="utf-8"))
    return tuple(PublishedCase.model_validate(c) for c in raw["cases"])


def _condition_name(kb: KnowledgeBase, condition_id: str) -> str:
    found = kb.conditions.get(condition_id)
    return found.name if found else condition_id.replace("_", " ")


_SPACE = re.compile(r"\s+")


def _normal(text: str) -> str:
    return _SPACE.sub(" ", text).strip().lower()


@lru_cache(maxsize=1)
def _prepared() -> tuple[tuple[PublishedCase, frozenset[str], str], ...]:
    """Each case with its findings as a set and its words normalised, once per process."""
    return tuple((c, frozenset(c.findings), _normal(c.text)) for c in published_cases())


def similar_cases(kb: KnowledgeBase, a: Assessment, words: str | None = None, n: int = 3) -> list[Similar]:
    """The ``n`` published cases most like ``a`` (see the module's docstring), best first."""
    chance = {d.condition.id: d.probability for d in a.differential}
    present = {e.finding: e.name for e in a.evidence if e.present}
    mine = frozenset(present)
    own = _normal(words) if words else None
    scored: list[tuple[float, str, PublishedCase]] = []
    for case, theirs, text in _prepared():
        if text == own:
            continue
        union = len(theirs | mine)
        overlap = len(theirs & mine) / union if union else 0.0
        scored.append((chance.get(case.condition, 0.0) + FINDINGS_WEIGHT * overlap, case.id, case))
    scored.sort(key=lambda s: (-s[0], s[1]))
    return [
        Similar(case, score, _condition_name(kb, case.condition), [name for f, name in present.items() if f in case.findings])
        for score, _id, case in scored[:n]
    ]

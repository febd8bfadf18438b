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
from functools import lru_cache
from importlib import resources
from typing import Any

from pydantic import BaseModel, ConfigDict

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
    url: str | None = None
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


class Similar(BaseModel):
    model_config = ConfigDict(frozen=True)

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


def _same_words(a: str | None, b: str) -> bool:
    return a is not None and _SPACE.sub(" ", a).strip().lower() == _SPACE.sub(" ", b).strip().lower()


def similar_cases(kb: KnowledgeBase, a: Assessment, words: str | None = None, n: int = 3) -> list[Similar]:
    """The ``n`` published cases most like ``a`` (see the module's docstring), best first."""
    chance = {d.condition.id: d.probability for d in a.differential}
    present = {e.finding: e.name for e in a.evidence if e.present}
    scored: list[Similar] = []
    for case in published_cases():
        if _same_words(words, case.text):
            continue
        theirs = set(case.findings)
        union = theirs | present.keys()
        overlap = len(theirs & present.keys()) / len(union) if union else 0.0
        score = chance.get(case.condition, 0.0) + FINDINGS_WEIGHT * overlap
        shared = [present[f] for f in present if f in theirs]
        scored.append(Similar(case=case, score=score, condition_name=_condition_name(kb, case.condition), shared=shared))
    scored.sort(key=lambda s: (-s.score, s.case.id))
    return scored[:n]

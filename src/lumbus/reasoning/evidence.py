"""Turn a Case into index sets over the compiled findings, adding what follows from it.

Derived evidence comes only from knowledge-base data: age rules, duration rules,
``implies`` (present findings imply others; an absent finding rules out the
findings that imply it) and the both-sides / one-side-only variants of lateral findings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

import numpy as np

from lumbus.case import Case, Evidence, Side
from lumbus.knowledge.compiled import I64 as IntArray
from lumbus.knowledge.compiled import SEXES, CompiledKB, age_index


class UnknownFindingError(ValueError):
    """A case names a finding id that the knowledge base does not have."""

    def __init__(self, finding: str, suggestions: list[str]) -> None:
        hint = f" (did you mean {', '.join(suggestions)}?)" if suggestions else ""
        super().__init__(f"unknown finding id {finding!r}{hint}")
        self.finding = finding


_EMPTY: IntArray = np.zeros(0, dtype=np.int64)


class ContradictionError(ValueError):
    """Two pieces of evidence cannot both be true."""


@dataclass
class EvidenceSet:
    present: IntArray
    absent: IntArray
    scored_present: IntArray
    """present findings that carry their own weight: not implied by another present finding
    (a foot drop already says "weak ankle dorsiflexion"; counting both would count it twice)"""
    scored_absent: IntArray
    """absent findings not implied absent by another absent finding, nor already stated absent by a present one"""
    sides: dict[int, Side]
    unmentioned: IntArray
    """salient history findings that a free-text story leaves out (empty for structured cases)"""
    age: int | None
    sex: str | None
    age_column: int | None
    sex_index: int | None
    given: list[Evidence]
    derived: list[tuple[int, bool, Side | None]] = field(default_factory=list)
    """(finding index, present, side) added by the knowledge base's rules; see ``derived_evidence``."""

    def derived_evidence(self, ckb: CompiledKB) -> list[Evidence]:
        """The derived items as (frozen) Evidence, each built once per knowledge base."""
        out = []
        for i, present, side in self.derived:
            key = ("derived", i, present, side)
            item = ckb.cache.get(key)
            if item is None:
                item = ckb.cache[key] = Evidence(finding=ckb.finding_ids[i], present=present, side=side, source="derived")
            out.append(cast(Evidence, item))
        return out


def _suggest(ckb: CompiledKB, finding: str) -> list[str]:
    import difflib

    return difflib.get_close_matches(finding, ckb.finding_ids, n=3, cutoff=0.6)


def expand(case: Case, ckb: CompiledKB) -> EvidenceSet:
    """Index the case's evidence and add everything the knowledge base says follows from it."""
    idx = ckb.finding_index
    present: dict[int, Side | None] = {}
    absent: set[int] = set()
    for ev in case.evidence:
        i = idx.get(ev.finding)
        if i is None:
            raise UnknownFindingError(ev.finding, _suggest(ckb, ev.finding))
        if ev.present:
            present[i] = ev.side if ev.side is not None else present.get(i)
        else:
            absent.add(i)
    explicit = set(present) | absent
    for i in present if absent else ():
        clash = [ckb.finding_ids[j] for j in ckb.implies[i] if j in absent]
        if clash:
            raise ContradictionError(
                f"contradictory evidence: {ckb.finding_ids[i]!r} is present, which implies {clash[0]!r}, "
                f"but {clash[0]!r} is given as absent"
            )
    derived: list[tuple[int, bool, Side | None]] = []

    def derive(i: int, is_present: bool, side: Side | None = None) -> None:
        if i in explicit or (is_present and i in present) or (not is_present and i in absent):
            return
        if is_present:
            present[i] = side
            absent.discard(i)
        elif i not in present:
            absent.add(i)
        else:
            return
        derived.append((i, is_present, side))

    age = case.age
    if age is not None:
        for fi, lo, hi in ckb.age_rules:
            derive(fi, lo <= age <= hi)
    days = case.duration_days
    # "weak since childhood" says how long it has lasted even without a number of years
    stated = set(present).union(*(ckb.implies[x] for x in present))
    duration_known = days is not None or any(fi in stated for fi, _, _, unknown in ckb.duration_rules if not unknown)
    for fi, lo, hi, unknown in ckb.duration_rules:
        if unknown:
            derive(fi, not duration_known)
        elif days is not None:
            derive(fi, lo <= days < hi)
    lateral = ckb.lateral_set

    def side_variants() -> None:
        for i, side in list(present.items()):
            if side == "both" and ckb.bilateral_of[i] >= 0:
                derive(ckb.bilateral_of[i], True, None)
            elif side is not None and side != "both" and ckb.unilateral_of[i] >= 0:
                derive(ckb.unilateral_of[i], True, None)

    side_variants()
    for i, side in list(present.items()):
        for j in ckb.implies[i]:
            derive(j, True, side if j in lateral else None)
    side_variants()  # implied lateral findings ("foot drop" -> "leg weakness", left) have sides too
    for i in list(absent):
        for j in ckb.implied_by[i]:
            derive(j, False)
    sides: dict[int, Side] = {i: s for i, s in present.items() if s is not None}
    absent -= set(present)
    implied: set[int] = set().union(*(ckb.implies[x] for x in present))
    implied_absent: set[int] = set().union(*(ckb.implied_by[y] for y in absent), *(ckb.states_absent[x] for x in present))
    scored_p = sorted(set(present) - implied)
    scored_a = sorted(absent - implied_absent)
    return EvidenceSet(
        present=np.fromiter(sorted(present), dtype=np.int64, count=len(present)),
        absent=np.fromiter(sorted(absent), dtype=np.int64, count=len(absent)),
        scored_present=np.array(scored_p, dtype=np.int64),
        scored_absent=np.array(scored_a, dtype=np.int64),
        sides=sides,
        unmentioned=_EMPTY
        if case.text is None
        else np.array([i for i in ckb.salient if i not in present and i not in absent], dtype=np.int64),
        age=case.age,
        sex=case.sex,
        age_column=age_index(case.age),
        sex_index=SEXES.index(case.sex) if case.sex else None,
        given=list(case.evidence),
        derived=derived,
    )

"""The kinds of measurement a clinic tracks over time, read from the instruments' data.

A kind is one of: an instrument's headline score (``oswestry``, ``pain_nrs``, ``rmdq``,
``sarc_f``, ``sppb``, ``start_back``), an MRC grade (``mrc``, with the muscle group as ``site``
and a side), or a limb measurement (``grip_strength``, ``thigh_girth``, ``calf_girth``, with a
side). Units, plausible ranges, allowed grades and minimal important changes all come from the
instrument files, so this module holds no medicine: only which instrument answers for a kind,
and which algorithm item a kind's latest value feeds when a person is re-assessed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from lumbus.instruments.schema import Change, Instrument
from lumbus.instruments.scoring import AnswerError, packaged_instruments

MRC = "mrc"
MRC_INSTRUMENT = "mrc_lower_limb"
LIMB_INSTRUMENT = "limb_measures"
SIDES = ("left", "right")
FEEDS: dict[str, tuple[str, str]] = {
    "sarc_f": ("ewgsop2", "sarc_f_total"),
    "sppb": ("ewgsop2", "sppb_total"),
    "grip_strength": ("ewgsop2", "grip_kg"),
}
"""A kind whose latest value is an item of an algorithm (its cut-offs and findings are in that instrument's data)."""


@dataclass(frozen=True)
class MeasureKind:
    id: str
    label: str
    unit: str
    instrument: str
    score: str | None = None
    """the instrument's score this kind records (instrument scores only)"""
    sited: bool = False
    sided: bool = False
    low: float = 0.0
    high: float = 0.0
    allowed: tuple[float, ...] = ()
    """the only values allowed (MRC grades), else any value from low to high"""
    change: Change | None = None

    def series_label(self, site: str | None, side: str | None) -> str:
        parts = [self.label]
        if site:
            parts.append(site.replace("_", " "))
        if side:
            parts.append(side)
        return ", ".join(parts)


def _score_kind(inst: Instrument) -> MeasureKind | None:
    spec = inst.primary_score
    if spec is None:
        return None
    high = 100.0 if spec.method == "percent" else float(sum(inst.item(i).max_points for i in spec.items))
    return MeasureKind(
        id=inst.id,
        label=f"{inst.short_name} ({spec.label})",
        unit=spec.unit,
        instrument=inst.id,
        score=spec.id,
        high=high,
        change=spec.change,
    )


def _stem(item_id: str) -> str:
    return item_id.rsplit("_", 1)[0]


@lru_cache(maxsize=1)
def measure_kinds() -> dict[str, MeasureKind]:
    """Every kind a measurement may have, by id."""
    found = packaged_instruments()
    kinds: dict[str, MeasureKind] = {}
    for inst in found.values():
        kind = _score_kind(inst)
        if kind is not None:
            kinds[kind.id] = kind
    mrc = found[MRC_INSTRUMENT]
    grades = tuple(sorted({float(o.value) for o in mrc.items[0].options if not o.missing}))
    kinds[MRC] = MeasureKind(
        id=MRC, label="MRC grade", unit="{grade}", instrument=mrc.id, sited=True, sided=True, low=grades[0], high=grades[-1], allowed=grades
    )
    limbs = found[LIMB_INSTRUMENT]
    for item in limbs.items:
        stem = _stem(item.id)
        if stem not in kinds:
            label = item.label.rsplit(",", 1)[0]
            kinds[stem] = MeasureKind(
                id=stem, label=label, unit=item.unit or "", instrument=limbs.id, sided=True, low=item.min or 0.0, high=item.max or 0.0
            )
    return kinds


def mrc_sites() -> list[str]:
    """The muscle groups with an MRC grade on each side, in the instrument's order."""
    return list(dict.fromkeys(_stem(i.id) for i in packaged_instruments()[MRC_INSTRUMENT].items))


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def check_measurement(kind_id: str, value: float, *, site: str | None = None, side: str | None = None) -> MeasureKind:
    """The kind of a measurement whose value, site and side are possible; otherwise an :class:`AnswerError` saying why."""
    kinds = measure_kinds()
    kind = kinds.get(kind_id)
    if kind is None:
        raise AnswerError(f"kind: unknown measurement kind {kind_id!r}; known kinds: {', '.join(sorted(kinds))}")
    if kind.sited:
        sites = mrc_sites()
        if site not in sites:
            raise AnswerError(f"site: an MRC grade needs a muscle group, one of {', '.join(sites)} (got {site!r})")
    elif site is not None:
        raise AnswerError(f"site: a {kind.label} has no muscle group")
    if kind.sided and side not in SIDES:
        raise AnswerError(f"side: a {kind.label} needs side 'left' or 'right' (got {side!r})")
    if not kind.sided and side is not None:
        raise AnswerError(f"side: a {kind.label} has no side")
    if kind.allowed and value not in kind.allowed:
        raise AnswerError(f"value: {_fmt(value)} is not an MRC grade; grades are {_fmt(kind.low)} to {_fmt(kind.high)}")
    if not kind.low <= value <= kind.high:
        unit = "" if kind.unit.startswith("{") else f" {kind.unit}"
        raise AnswerError(f"value: {_fmt(value)}{unit} is out of range for {kind.label} ({_fmt(kind.low)} to {_fmt(kind.high)}{unit})")
    return kind


@dataclass(frozen=True)
class Latest:
    """The latest value of one series (kind, site, side)."""

    kind: str
    site: str | None
    side: str | None
    value: float


Side = Literal["left", "right"]


def evidence_entries(latest: Iterable[Latest], *, sex: str | None) -> list[dict[str, Any]]:
    """The latest values as ``instruments`` entries of a case (lumbus.instruments.evidence scores them).

    MRC grades answer the MRC instrument; SARC-F, SPPB and the better hand's grip answer EWGSOP2
    (whose grip cut-off needs the sex: without it, grip is left out rather than guessed).
    """
    mrc: dict[str, Any] = {}
    fed: dict[str, dict[str, float]] = {}
    for m in latest:
        if m.kind == MRC and m.site and m.side:
            mrc[f"{m.site}_{m.side}"] = m.value
        elif m.kind in FEEDS:
            instrument, item = FEEDS[m.kind]
            if item == "grip_kg" and sex is None:
                continue
            answers = fed.setdefault(instrument, {})
            answers[item] = max(answers.get(item, m.value), m.value)
    entries: list[dict[str, Any]] = []
    if mrc:
        entries.append({"instrument": MRC_INSTRUMENT, "answers": mrc})
    for instrument, answers in fed.items():
        entries.append({"instrument": instrument, "answers": answers, **({"sex": sex} if sex else {})})
    return entries

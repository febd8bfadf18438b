"""The adaptive interview: which question to ask next, and when to stop. Pure: no I/O.

The state is the case so far (what the person's words said, with their corrections) and the
answers given, in order. Each step: (1) stop at once if triage has reached the stop level;
(2) ask the case questions (age, sex, how long) that are unknown; (3) screen red flags, derived
from the red-flag rules: every finding whose yes alone would make a rule at or above the screen
level fire and raise the urgency is asked, most urgent rule first; (4) then ask the question with
the largest expected information gain over the differential plus an urgency term; stop when the
differential is settled, nothing gains more than epsilon, or the budget is spent.
Everything medical (rules, links, themes, thresholds, wording) comes from the knowledge base.
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass
from typing import Any, Literal, cast

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from lumbus.assessment import Assessment
from lumbus.case import Case, Evidence, Side
from lumbus.knowledge.compiled import F64, CompiledKB, compiled_packaged
from lumbus.knowledge.schema import Sex, Theme, Urgency
from lumbus.reasoning.differential import posterior
from lumbus.reasoning.evidence import ContradictionError, EvidenceSet, expand
from lumbus.reasoning.triage import fired_matrix, triage

STATE_FORMAT: Literal["lumbus-interview/1"] = "lumbus-interview/1"
DONT_KNOW = "dont_know"
SIDES: tuple[Side, ...] = ("left", "right", "both")
AnswerValue = str | int | float | list[str] | dict[str, str]


class InterviewError(ValueError):
    """An answer or a saved interview that cannot be used; the message says why."""


class Option(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    label: str


class Question(BaseModel):
    """One question to put to the person, with the answers it accepts and why it is asked."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    kind: Literal["yes_no", "multiple", "single", "number"]
    text: str
    rationale: str
    options: list[Option] = Field(default_factory=list)
    lateral: bool = False
    """a yes/no question whose yes may name a side (left, right, both)"""
    minimum: float | None = None
    maximum: float | None = None
    red_flag: bool = False
    """asked as part of the red-flag screen"""
    findings: list[str] = Field(default_factory=list)


class StopReason(BaseModel):
    """Why the interview asks nothing more: a code for programs and the engine's numbers in words."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: Literal["urgency", "budget", "settled", "exhausted", "no_gain"]
    detail: str


class AnswerRecord(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    question: str
    value: AnswerValue
    options: list[str] = Field(default_factory=list)
    """the options shown (a grouped question shows only those still unknown)"""


class InterviewState(BaseModel):
    """Everything needed to resume an interview; JSON-serialisable."""

    model_config = ConfigDict(extra="forbid")

    format: Literal["lumbus-interview/1"] = STATE_FORMAT
    kb_version: str
    case: Case
    """what was known before the first question (the person's words, age, sex), corrections applied"""
    answers: list[AnswerRecord] = Field(default_factory=list)


@dataclass(frozen=True)
class _Tables:
    """Per-knowledge-base arrays for choosing questions, built once and kept in ``ckb.cache``."""

    askable: np.ndarray
    """bool (F,): a person can be asked about it"""
    theme_of: dict[int, Theme]
    gate: dict[int, tuple[int, ...]]
    """finding -> findings of which one must be present before it is asked"""
    sex_only: dict[int, Sex]
    rule_starts: np.ndarray
    """first clause of each rule (clauses are stored rule by rule), for ``np.add.reduceat``"""
    urgency_members: tuple[np.ndarray, ...]
    """conditions whose default urgency is each level, lowest first"""
    salience: F64
    """(F,) P(mentioned unprompted | present), 0 for findings without salience"""
    rule_cols: np.ndarray
    """findings that appear in some red-flag clause"""
    clause_sub: np.ndarray
    """int (K, len(rule_cols)): the clause matrix on those findings only"""
    implies_sub: np.ndarray
    """int (len(rule_cols), F): rows of ``implies`` for those findings"""
    clause_gain: np.ndarray
    """int (K, F): how many of a clause's findings a yes to each finding would make present (before overlap)"""
    touches_rules: np.ndarray
    """bool (F,): a yes to this finding (or what it implies) counts in some red-flag clause"""
    gates: tuple[tuple[int, np.ndarray, float], ...]
    """(gate finding, bool (F,) the findings it opens, P(yes) used to value it) for each type gate"""
    behind_gate: np.ndarray
    """bool (F,): opened by some gate (test results): never part of the red-flag screen"""


def _tables(ckb: CompiledKB) -> _Tables:
    key = ("interview", "tables")
    found = ckb.cache.get(key)
    if found is not None:
        return cast(_Tables, found)
    iv = ckb.kb.interview
    idx = ckb.finding_index
    n_f = len(ckb.finding_ids)
    derived = {ckb.finding_ids[r[0]] for r in ckb.age_rules} | {ckb.finding_ids[r[0]] for r in ckb.duration_rules}
    never = set(iv.settings.never_ask) | derived
    askable = np.array(
        [f.type in iv.settings.ask_types and f.id not in never for f in (ckb.kb.findings[i] for i in ckb.finding_ids)], dtype=bool
    )
    implies = np.eye(n_f)  # column f: f and every finding it implies
    for i, targets in enumerate(ckb.implies):
        implies[list(targets), i] = 1.0
    theme_of = {idx[o]: t for t in iv.themes for o in t.options}
    gate = {idx[o]: tuple(idx[g] for g in t.after) for t in iv.themes if t.after for o in t.options}
    sex_only = {idx[f]: r.sex for r in iv.sex_only for f in r.findings}
    salience = np.array([(f.salience.value if f.salience else 0.0) for f in (ckb.kb.findings[i] for i in ckb.finding_ids)])
    rule_cols = np.flatnonzero(ckb.clause_matrix.any(axis=0))
    clause_sub = ckb.clause_matrix[:, rule_cols].astype(np.int32)
    implies_sub = implies[rule_cols].astype(np.int32)
    rule_starts = np.searchsorted(ckb.clause_rule, np.arange(len(ckb.rule_ids)))
    members = tuple(np.flatnonzero(ckb.urgency_rank == level) for level in range(len(Urgency)))
    gates = []
    behind = np.zeros(n_f, dtype=bool)
    for g in iv.gates:
        opens = np.zeros(n_f, dtype=bool)
        opens[[idx[f] for f in g.opens if f not in never]] = True
        gates.append((idx[g.finding], opens, g.share_yes))
        behind |= opens
    askable |= behind
    out = _Tables(
        askable=askable,
        theme_of=theme_of,
        gate=gate,
        sex_only=sex_only,
        rule_starts=rule_starts,
        urgency_members=members,
        salience=salience,
        rule_cols=rule_cols,
        clause_sub=clause_sub,
        implies_sub=implies_sub,
        clause_gain=clause_sub @ implies_sub,
        touches_rules=np.asarray(implies_sub.any(axis=0), dtype=bool),
        gates=tuple(gates),
        behind_gate=behind,
    )
    ckb.cache[key] = out
    return out


def _entropy(p: F64, axis: int = 0) -> F64:
    q = np.clip(p, 1e-300, 1.0)
    out: F64 = -(p * np.log(q)).sum(axis=axis)
    return out


@dataclass(frozen=True)
class Scores:
    """Expected gain of asking each candidate finding (vectorised over the candidates)."""

    candidates: np.ndarray
    score: F64
    p_given: F64
    """(C, n) P(yes | condition) for each candidate"""
    p_yes: F64
    post_yes: F64
    """(C, n) posterior if the answer is yes"""
    post_no: F64
    rank_if_yes: np.ndarray
    """(n,) highest red-flag urgency rank that a yes would fire (-1: none)"""
    rule_if_yes: np.ndarray
    rise: np.ndarray
    """(n,) how many urgency levels a yes would raise triage by, through a red-flag rule"""


def expected_gain(
    ckb: CompiledKB,
    ev: EvidenceSet,
    post: F64,
    candidates: np.ndarray,
    current_rank: int,
    weight: float,
    flags: tuple[np.ndarray, np.ndarray] | None = None,
) -> Scores:
    """Information gain over the differential plus ``weight`` x (gain over the urgency levels of the
    conditions + P(yes) x the rise in urgency a red-flag rule would make if the answer is yes).

    Yes and no posteriors come straight from the compiled P(finding | condition) array; for a salient
    finding the story left out, P(yes | c) is conditioned on its not having been mentioned.
    """
    t = _tables(ckb)
    p = _p_yes_given(ckb, ev, candidates)
    a = post[:, None] * p
    b = post[:, None] - a
    p_yes = a.sum(axis=0)
    p_no = 1.0 - p_yes
    post_yes = a / p_yes
    post_no = b / p_no
    h0 = float(_entropy(post))
    gain = h0 - p_yes * _entropy(post_yes) - p_no * _entropy(post_no)

    def by_level(p: F64) -> F64:
        """probability mass of the conditions at each default urgency level (levels on axis 0)"""
        out: F64 = np.stack([p[m].sum(axis=0) for m in t.urgency_members])
        return out

    gain_u = float(_entropy(by_level(post))) - p_yes * _entropy(by_level(post_yes)) - p_no * _entropy(by_level(post_no))
    rank_if_yes, rule_if_yes = flags if flags is not None else red_flag_if_yes(ckb, ev, candidates)
    rise = np.maximum(rank_if_yes - current_rank, 0)
    score = gain + weight * (gain_u + p_yes * rise)
    return Scores(candidates, score, p, p_yes, post_yes, post_no, rank_if_yes, rule_if_yes, rise)


def _p_yes_given(ckb: CompiledKB, ev: EvidenceSet, candidates: np.ndarray) -> F64:
    """(C, n) P(yes | condition) for each candidate; for a salient finding the story left out,
    conditioned on its not having been mentioned."""
    p: F64 = ckb.p[:, candidates]
    if len(ev.unmentioned):
        s = np.where(np.isin(candidates, ev.unmentioned), _tables(ckb).salience[candidates], 0.0)
        p = p * (1.0 - s) / (1.0 - s * p)
    return p


@functools.cache
def _answer_patterns(k: int) -> F64:
    """(2**k, k) every yes (1) / no (0) pattern of k options."""
    out: F64 = ((np.arange(2**k)[:, None] >> np.arange(k)) & 1).astype(np.float64)
    return out


def theme_gain(ckb: CompiledKB, post: F64, scores: Scores, positions: np.ndarray, weight: float) -> float:
    """What one multiple-choice question over the candidates at ``positions`` is worth: the information of
    its whole answer (every tick pattern, findings independent given the condition), not of its best option
    alone, plus ``weight`` x (the same over the urgency levels + each option's expected urgency rise)."""
    t = _tables(ckb)
    p = np.clip(scores.p_given[:, positions], 1e-12, 1.0 - 1e-12)
    pattern = _answer_patterns(len(positions))
    joint = np.exp(pattern @ np.log(p).T + (1.0 - pattern) @ np.log1p(-p).T) * post[None, :]  # (patterns, C)
    p_answer = joint.sum(axis=1)

    def after(j: F64) -> float:
        """expected entropy once the answer is known"""
        return float(-(j * np.log(np.clip(j / p_answer[:, None], 1e-300, 1.0))).sum())

    levels = np.stack([joint[:, m].sum(axis=1) for m in t.urgency_members], axis=1)
    by_level = np.array([post[m].sum() for m in t.urgency_members])
    gain = float(_entropy(post)) - after(joint)
    gain_u = float(_entropy(by_level)) - after(levels)
    rise = float((scores.p_yes[positions] * scores.rise[positions]).sum())
    return gain + weight * (gain_u + rise)


def red_flag_if_yes(ckb: CompiledKB, ev: EvidenceSet, candidates: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each candidate finding: the highest urgency rank among the red-flag rules that a yes (with
    everything the finding implies) would newly make fire, and that rule's index; -1 where none would.

    Integer counts over the clauses, for every candidate at once (no BLAS threads, which on a busy
    two-core machine cost more than the sums). The red-flag screen confirms what it asks with the
    triage module's own evaluator (:func:`confirmed_if_yes`), so exceptions that evaluator knows hold.
    """
    t = _tables(ckb)
    rank = np.full(len(candidates), -1, dtype=np.int64)
    rule = rank.copy()
    if not len(ckb.rule_ids):
        return rank, rule
    present = np.zeros(len(ckb.finding_ids), dtype=bool)
    present[ev.present] = True
    on = np.flatnonzero(present[t.rule_cols])
    base = t.clause_sub[:, on].sum(axis=1)
    touching = np.flatnonzero(t.touches_rules[candidates])
    cols = candidates[touching]
    count = base[:, None] + t.clause_gain[:, cols]  # with the yes: present + gained - both (max(a, b) = a + b - ab)
    if len(on):
        count -= t.clause_sub[:, on] @ t.implies_sub[on][:, cols]
    now = np.add.reduceat((base >= ckb.clause_min).astype(np.int32), t.rule_starts) >= ckb.rule_clause_count
    after = np.add.reduceat((count >= ckb.clause_min[:, None]).astype(np.int32), t.rule_starts, axis=0) >= ckb.rule_clause_count[:, None]
    switched_off = (ckb.unless_matrix[:, ev.present].sum(axis=1) > 0)[:, None] | (ckb.unless_matrix[:, cols] > 0)
    new = after & ~now[:, None] & _rules_allowed(ckb, ev)[:, None] & ~switched_off
    ranks = np.where(new, ckb.rule_urgency_rank[:, None], -1)
    best = ranks.max(axis=0)
    rank[touching] = best
    rule[touching] = np.where(best >= 0, ranks.argmax(axis=0), -1)
    return rank, rule


def confirmed_if_yes(ckb: CompiledKB, ev: EvidenceSet, findings: np.ndarray) -> np.ndarray:
    """The highest urgency rank of the rules that the triage module's evaluator says a yes to each finding
    would newly fire (-1: none). Slower than :func:`red_flag_if_yes`; used on the few findings the screen asks."""
    rows = np.zeros((len(findings) + 1, len(ckb.finding_ids)))
    rows[:, ev.present] = 1.0
    for k, f in enumerate(findings, start=1):
        rows[k, [f, *ckb.implies[f]]] = 1.0
    ages = np.full(len(rows), np.nan if ev.age is None else float(ev.age))
    sex = np.full(len(rows), -1 if ev.sex_index is None else ev.sex_index, dtype=np.int64)
    fired = fired_matrix(ckb, rows, ages, sex)
    out: np.ndarray = np.where(fired[1:] & ~fired[0], ckb.rule_urgency_rank[None, :], -1).max(axis=1, initial=-1)
    return out


def _rules_allowed(ckb: CompiledKB, ev: EvidenceSet) -> np.ndarray:
    """Rules whose age and sex conditions hold or are still unknown."""
    ok = np.ones(len(ckb.rule_ids), dtype=bool)
    if ev.age is not None:
        ok &= (ckb.rule_age_min <= ev.age) & (ev.age <= ckb.rule_age_max)
    if ev.sex_index is not None:
        ok &= (ckb.rule_sex < 0) | (ckb.rule_sex == ev.sex_index)
    return ok


def screen_needed(
    ckb: CompiledKB, ev: EvidenceSet, candidates: np.ndarray, current_rank: int, flags: tuple[np.ndarray, np.ndarray] | None = None
) -> np.ndarray:
    """The red-flag screen: candidate findings whose yes alone would make a rule at or above the
    screen level fire and raise the urgency (a mask over ``candidates``).

    Derived from the red-flag rules: a rule is relevant to the presenting complaint when all its
    other clauses already hold; as answers come in, further rules come within one answer of firing.
    """
    rank, _ = flags if flags is not None else red_flag_if_yes(ckb, ev, candidates)
    level = max(Urgency(ckb.kb.interview.settings.screen_min_urgency).rank, current_rank + 1)
    keep: np.ndarray = rank >= level
    return keep


def _yes_no(value: AnswerValue, lateral: bool) -> tuple[bool | None, Side | None]:
    if value == "yes":
        return True, None
    if value == "no":
        return False, None
    if value == DONT_KNOW:
        return None, None
    if lateral and value in SIDES:
        return True, value
    allowed = "yes, no, dont_know" + (", left, right, both" if lateral else "")
    raise InterviewError(f"answer must be one of {allowed}; got {value!r}")


class Interview:
    """One adaptive interview over a compiled knowledge base.

    >>> iv = Interview(Case(text="my back hurts", evidence=[Evidence(finding="low_back_pain", source="text")]))
    >>> q = iv.next_question(); iv.answer(q.id, "dont_know")
    """

    def __init__(self, case: Case | None = None, ckb: CompiledKB | None = None) -> None:
        self.ckb = ckb or compiled_packaged()
        self._case = case or Case()
        self._answers: list[AnswerRecord] = []
        self._pending: Question | None = None
        self._stop: StopReason | None = None
        self._cached_case: Case | None = None
        expand(self._case, self.ckb)  # fail early on unknown ids or contradictions

    # -- state --------------------------------------------------------------------------------

    @property
    def answers(self) -> list[AnswerRecord]:
        return list(self._answers)

    @property
    def questions_asked(self) -> int:
        return len(self._answers)

    def understood(self) -> list[Evidence]:
        """What was read from the person's words, for them to check."""
        return [e for e in self._case.evidence if e.source == "text"]

    def correct(self, finding: str, present: bool | None) -> None:
        """Fix what was understood from the words before any question: set a finding present or absent,
        or (``None``) drop it. Only possible before the first answer, so the answer log stays valid."""
        if self._answers:
            raise InterviewError("corrections to what was understood are made before the first question")
        if finding not in self.ckb.finding_index:
            raise InterviewError(f"unknown finding id {finding!r}")
        kept = [e for e in self._case.evidence if e.finding != finding]
        if present is not None:
            kept.append(Evidence(finding=finding, present=present, source="answer"))
        case = self._case.model_copy(update={"evidence": kept})
        self._check(case)
        self._case = case
        self._invalidate()

    def copy(self) -> Interview:
        """An independent copy that answers and undoes without touching this one; no replay, so it is cheap."""
        other = copy.copy(self)
        other._answers = list(self._answers)
        return other

    def state(self) -> InterviewState:
        return InterviewState(kb_version=self.ckb.kb.meta.kb_version, case=self._case, answers=list(self._answers))

    def to_json(self) -> dict[str, Any]:
        return self.state().model_dump(mode="json", exclude_none=True)

    @classmethod
    def from_json(cls, data: Any, ckb: CompiledKB | None = None) -> Interview:
        """Resume a saved interview. Raises :class:`InterviewError` if the data is damaged or the
        knowledge base has another version (the questions and their meaning may have changed)."""
        ckb = ckb or compiled_packaged()
        try:
            state = InterviewState.model_validate(data)
        except ValidationError as exc:
            first = exc.errors()[0]
            raise InterviewError(f"not a saved interview: {'.'.join(str(p) for p in first['loc'])}: {first['msg']}") from exc
        version = ckb.kb.meta.kb_version
        if state.kb_version != version:
            raise InterviewError(
                f"the interview was saved with knowledge base {state.kb_version!r}, but this is {version!r}; start a new interview"
            )
        try:
            iv = cls(state.case, ckb)
        except ValueError as exc:
            raise InterviewError(f"saved interview is damaged: {exc}") from exc
        for n, rec in enumerate(state.answers, start=1):
            try:
                iv.answer(rec.question, rec.value)
            except InterviewError as exc:
                raise InterviewError(f"saved interview is damaged at answer {n}: {exc}") from exc
        return iv

    # -- the case the answers make ---------------------------------------------------------------

    def case(self) -> Case:
        if self._cached_case is None:
            self._cached_case = self._build_case(self._answers)
        return self._cached_case

    def _invalidate(self) -> None:
        self._cached_case = None
        self._pending = None
        self._stop = None

    def _build_case(self, answers: list[AnswerRecord]) -> Case:
        fields: dict[str, Any] = {}
        given: dict[str, Evidence] = {}
        for rec in answers:
            if rec.question in ("age", "sex"):
                if rec.value != DONT_KNOW:
                    fields[rec.question] = rec.value
            elif rec.question == "duration_weeks":
                if rec.value != DONT_KNOW:
                    fields["duration_days"] = float(cast(float, rec.value)) * 7.0
            else:
                for e in self._evidence_of(rec):
                    given[e.finding] = e
        base = [e for e in self._case.evidence if e.finding not in given]
        return self._case.model_copy(update={**fields, "evidence": [*base, *given.values()]})

    def _evidence_of(self, rec: AnswerRecord) -> list[Evidence]:
        v = rec.value
        if rec.question in self.ckb.finding_index:
            present, side = _yes_no(v, bool(self.ckb.kb.findings[rec.question].lateral))
            return [] if present is None else [Evidence(finding=rec.question, present=present, side=side)]
        kind = self._theme(rec.question).kind
        if v == DONT_KNOW:
            return []
        if kind == "single":
            return [Evidence(finding=o, present=o == v) for o in rec.options]
        if isinstance(v, list):
            return [Evidence(finding=o, present=o in v) for o in rec.options]
        out = []
        for o, a in cast(dict[str, str], v).items():
            present, _ = _yes_no(a, False)
            if present is not None:
                out.append(Evidence(finding=o, present=present))
        return out

    def _theme(self, theme_id: str) -> Theme:
        for t in self.ckb.kb.interview.themes:
            if t.id == theme_id:
                return t
        raise InterviewError(f"unknown question id {theme_id!r}")

    def _check(self, case: Case) -> EvidenceSet:
        try:
            return expand(case, self.ckb)
        except ContradictionError as exc:
            raise InterviewError(f"that answer contradicts an earlier one: {exc}") from exc

    # -- asking ------------------------------------------------------------------------------------

    def _asked(self) -> tuple[np.ndarray, set[str]]:
        asked = np.zeros(len(self.ckb.finding_ids), dtype=bool)
        fields: set[str] = set()
        for rec in self._answers:
            if rec.question in self.ckb.finding_index:
                asked[self.ckb.finding_index[rec.question]] = True
            elif rec.options:
                asked[[self.ckb.finding_index[o] for o in rec.options]] = True
            else:
                fields.add(rec.question)
        return asked, fields

    def _eligible(self, ev: EvidenceSet) -> np.ndarray:
        """Findings that may be asked now: askable, unknown, their follow-up gate open, right sex."""
        t = _tables(self.ckb)
        ok = t.askable.copy()
        ok[ev.present] = False
        ok[ev.absent] = False
        present = set(ev.present.tolist())
        for f, gates in t.gate.items():
            if ok[f] and not present.intersection(gates):
                ok[f] = False
        for f, sex in t.sex_only.items():
            if ev.sex != sex:
                ok[f] = False
        for g, opens, _ in t.gates:
            if self._gate_open(ev, g, opens):
                ok[g] = False
            else:
                ok &= ~opens
        return ok

    @staticmethod
    def _gate_open(ev: EvidenceSet, gate: int, opens: np.ndarray) -> bool:
        """A yes to the gate, or any finding it opens already known (a reported result means tests were done)."""
        return bool(np.isin(gate, ev.present)) or bool(opens[ev.present].any() or opens[ev.absent].any())

    def _locked(self, ev: EvidenceSet, eligible: np.ndarray, asked: np.ndarray) -> dict[int, np.ndarray]:
        """For each gate that may be asked now: the findings it would open (to value it by)."""
        t = _tables(self.ckb)
        out = {}
        for g, opens, _ in t.gates:
            if eligible[g] and not asked[g]:
                behind = opens.copy()
                behind[ev.present] = False
                behind[ev.absent] = False
                out[g] = np.flatnonzero(behind & ~asked)
        return out

    def status(self) -> tuple[EvidenceSet, F64, int]:
        """The evidence set, differential and triage rank of the interview so far."""
        ev = expand(self.case(), self.ckb)
        post = posterior(self.ckb, ev)
        return ev, post, triage(self.ckb, ev, post).level.rank

    def screen_pending(self) -> list[str]:
        """Red-flag findings the screen still wants asked (empty when the screen is complete)."""
        ev, _, rank = self.status()
        asked, _ = self._asked()
        candidates = np.flatnonzero(self._eligible(ev) & ~asked & ~_tables(self.ckb).behind_gate)
        needed = candidates[screen_needed(self.ckb, ev, candidates, rank)]
        level = max(Urgency(self.ckb.kb.interview.settings.screen_min_urgency).rank, rank + 1)
        return [self.ckb.finding_ids[i] for i in needed[confirmed_if_yes(self.ckb, ev, needed) >= level]]

    def next_question(self) -> Question | None:
        """The question to ask now, or None when the interview should stop."""
        if self._pending is None and self._stop is None:
            chosen = self._choose()
            if isinstance(chosen, StopReason):
                self._stop = chosen
            else:
                self._pending = chosen
        return self._pending

    def stop_reason(self) -> StopReason | None:
        """Why :meth:`next_question` is None (None while there is a question to ask)."""
        self.next_question()
        return self._stop

    def _choose(self) -> Question | StopReason:
        ckb = self.ckb
        s = ckb.kb.interview.settings
        ev, post, rank = self.status()
        if s.stop_at_urgency is not None and rank >= Urgency(s.stop_at_urgency).rank:
            reached = list(Urgency)[rank].value
            stop_at = Urgency(s.stop_at_urgency).value
            return StopReason(code="urgency", detail=f"the urgency has reached {reached!r}; the interview stops at {stop_at!r}")
        if len(self._answers) >= s.budget:
            return StopReason(code="budget", detail=f"all {s.budget} questions of the budget have been asked")
        asked, fields = self._asked()
        case = self.case()
        for cq in ckb.kb.interview.case_questions:
            known = {"age": case.age, "sex": case.sex, "duration_weeks": case.duration_days}[cq.id]
            if known is None and cq.id not in fields:
                return self._case_question(cq.id)
        eligible = self._eligible(ev)
        candidates = np.flatnonzero(eligible & ~asked)
        flags = red_flag_if_yes(ckb, ev, candidates)
        scores = expected_gain(ckb, ev, post, candidates, rank, s.urgency_weight, flags)
        self._value_themes(scores, post)
        self._value_gates(scores, ev, post, rank, eligible, asked)
        needed = np.flatnonzero(screen_needed(ckb, ev, candidates, rank, flags) & ~_tables(ckb).behind_gate[candidates])
        level = max(Urgency(s.screen_min_urgency).rank, rank + 1)
        # the screen asks the most serious warning signs first and, among those, the one most likely to be there
        # (its own chance of a yes, not what the rest of a ticked list is worth for the differential)
        for pick in needed[np.lexsort((-scores.score[needed], -scores.p_yes[needed], -flags[0][needed]))]:
            if confirmed_if_yes(ckb, ev, candidates[pick : pick + 1])[0] >= level:
                return self._question(int(candidates[pick]), ev, asked, eligible, scores, int(pick), red_flag_rule=int(flags[1][pick]))
        top = np.sort(post)[::-1]
        if top[0] >= s.top1_settled or top[:3].sum() >= s.top3_settled:
            return StopReason(
                code="settled",
                detail=f"the differential is settled: the top condition has {top[0]:.2f} (stops at {s.top1_settled:g}), "
                f"the top three {top[:3].sum():.2f} (stops at {s.top3_settled:g})",
            )
        if not len(candidates):
            return StopReason(code="exhausted", detail="every question that can be asked has been asked")
        pick = int(np.argmax(scores.score))
        if scores.score[pick] <= s.epsilon:
            return StopReason(
                code="no_gain",
                detail=f"no remaining question gains more than {s.epsilon:g} nats of information (the best: {scores.score[pick]:.3f})",
            )
        return self._question(int(candidates[pick]), ev, asked, eligible, scores, pick, red_flag_rule=None)

    def _value_themes(self, scores: Scores, post: F64) -> None:
        """A finding asked inside a multiple-choice theme is worth what the whole question is worth."""
        ckb = self.ckb
        where = {int(f): i for i, f in enumerate(scores.candidates)}
        for theme in ckb.kb.interview.themes:
            if theme.kind != "multiple":
                continue
            positions = np.array([where[ckb.finding_index[o]] for o in theme.options if ckb.finding_index[o] in where], dtype=np.int64)
            if len(positions) < 2:
                continue
            value = theme_gain(ckb, post, scores, positions, ckb.kb.interview.settings.urgency_weight)
            scores.score[positions] = np.maximum(scores.score[positions], value)

    def _value_gates(self, scores: Scores, ev: EvidenceSet, post: F64, rank: int, eligible: np.ndarray, asked: np.ndarray) -> None:
        """A gate gains nothing itself; it is worth its P(yes) times the best question it would open."""
        t = _tables(self.ckb)
        share = {g: p for g, _, p in t.gates}
        for g, behind in self._locked(ev, eligible, asked).items():
            at = np.flatnonzero(scores.candidates == g)
            if not len(at) or not len(behind):
                continue
            opened = expected_gain(self.ckb, ev, post, behind, rank, self.ckb.kb.interview.settings.urgency_weight)
            self._value_themes(opened, post)
            scores.score[at[0]] = share[g] * float(opened.score.max())

    def _case_question(self, qid: Literal["age", "sex", "duration_weeks"]) -> Question:
        cq = next(q for q in self.ckb.kb.interview.case_questions if q.id == qid)
        if qid == "sex":
            opts = [Option(id="female", label="Female"), Option(id="male", label="Male")]
            return Question(id=qid, kind="single", text=cq.text, rationale=cq.why, options=opts)
        hi = 120.0 if qid == "age" else 5200.0
        return Question(id=qid, kind="number", text=cq.text, rationale=cq.why, minimum=0.0, maximum=hi)

    def _question(
        self, f: int, ev: EvidenceSet, asked: np.ndarray, eligible: np.ndarray, scores: Scores, pick: int, red_flag_rule: int | None
    ) -> Question:
        ckb = self.ckb
        kb = ckb.kb
        fid = ckb.finding_ids[f]
        tmpl = kb.interview.rationale
        gate_why = {g.finding: g.why for g in kb.interview.gates}
        if fid in gate_why:
            why = gate_why[fid]
        elif red_flag_rule is not None:
            rule = kb.red_flags[ckb.rule_ids[red_flag_rule]]
            why = tmpl.red_flag.format(rule=rule.name, reason=rule.reason, finding=ckb.finding_names[f].lower())
        elif scores.rise[pick] > 0:
            rule = kb.red_flags[ckb.rule_ids[int(scores.rule_if_yes[pick])]]
            why = tmpl.urgency.format(rule=rule.name, reason=rule.reason, finding=ckb.finding_names[f].lower())
        else:
            why = self._information_why(scores, pick, ckb.finding_names[f].lower())
        theme = _tables(ckb).theme_of.get(f)
        if theme is not None:
            opts = [o for o in theme.options if eligible[ckb.finding_index[o]] and not asked[ckb.finding_index[o]]]
            if len(opts) >= 2:
                return Question(
                    id=theme.id,
                    kind=theme.kind,
                    text=theme.text,
                    rationale=theme.why or why,
                    options=[Option(id=o, label=kb.findings[o].name) for o in opts],
                    red_flag=red_flag_rule is not None,
                    findings=opts,
                )
        finding = kb.findings[fid]
        return Question(
            id=fid,
            kind="yes_no",
            text=finding.question,
            rationale=why,
            lateral=finding.lateral,
            red_flag=red_flag_rule is not None,
            findings=[fid],
        )

    def _information_why(self, scores: Scores, pick: int, finding: str) -> str:
        names = self.ckb.condition_refs
        tmpl = self.ckb.kb.interview.rationale
        post = scores.post_yes[:, pick] * scores.p_yes[pick] + scores.post_no[:, pick] * (1 - scores.p_yes[pick])
        yes = int(np.argmax(scores.post_yes[:, pick] - post))
        no = int(np.argmax(scores.post_no[:, pick] - post))
        if yes != no:
            return tmpl.information.format(yes=names[yes].name, no=names[no].name, finding=finding)
        first, second = (int(i) for i in np.argsort(-post)[:2])
        return tmpl.separate.format(top=names[first].name, second=names[second].name, finding=finding)

    # -- answering -------------------------------------------------------------------------------

    def answer(self, question_id: str, value: AnswerValue) -> None:
        """Record the answer to the question just asked. Raises :class:`InterviewError` for an answer to
        another question, a value of the wrong type, or one that contradicts an earlier answer."""
        q = self.next_question()
        if q is None:
            raise InterviewError(f"the interview is over; no question {question_id!r} is being asked")
        if question_id != q.id:
            raise InterviewError(f"question {question_id!r} was not asked; the current question is {q.id!r}")
        rec = AnswerRecord(
            question=q.id, value=self._validate(q, value), options=q.findings if q.kind in ("multiple", "single") and q.findings else []
        )
        answers = [*self._answers, rec]
        self._check(self._build_case(answers))
        self._answers = answers
        self._invalidate()

    def _validate(self, q: Question, value: AnswerValue) -> AnswerValue:
        if value == DONT_KNOW:
            return value
        if q.kind == "yes_no":
            _yes_no(value, q.lateral)
            return value
        if q.kind == "number":
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise InterviewError(f"{q.id}: answer must be a number or dont_know; got {value!r}")
            lo, hi = q.minimum or 0.0, q.maximum or float("inf")
            if not lo <= value <= hi:
                raise InterviewError(f"{q.id}: answer must be between {lo:g} and {hi:g}; got {value}")
            return int(value) if q.id == "age" else value
        ids = [o.id for o in q.options]
        if q.kind == "single":
            if not isinstance(value, str) or value not in ids:
                raise InterviewError(f"{q.id}: answer must be one of {', '.join(ids)} or dont_know; got {value!r}")
            return value
        if isinstance(value, list):
            bad = [v for v in value if not isinstance(v, str) or v not in ids]
            if bad:
                raise InterviewError(f"{q.id}: {bad[0]!r} is not one of the options ({', '.join(ids)})")
            return sorted(set(value), key=ids.index)
        if isinstance(value, dict):
            for k, v in value.items():
                if k not in ids:
                    raise InterviewError(f"{q.id}: {k!r} is not one of the options ({', '.join(ids)})")
                _yes_no(v, False)
            return value
        raise InterviewError(f"{q.id}: answer must be a list of option ids, a mapping of option id to yes/no/dont_know, or dont_know")

    def undo(self) -> AnswerRecord | None:
        """Take back the last answer; returns it, or None if there was none."""
        if not self._answers:
            return None
        last = self._answers.pop()
        self._invalidate()
        return last

    def assessment(self) -> Assessment:
        from lumbus.reasoning.engine import assess

        return assess(self.case(), self.ckb)

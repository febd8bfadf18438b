"""``lumbus kb check`` and ``lumbus kb stats``: prove the knowledge base is whole and cited.

Loading (``loader.py``) already rejects malformed files; this module checks what
a schema cannot: ids that point nowhere, uncited statements, probabilities out
of range, and conditions that could not produce a complete assessment.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from lumbus.knowledge.loader import KnowledgeBase
from lumbus.knowledge.schema import Cited, Condition, FrequencyTerm, Urgency

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class KbIssue:
    code: str
    where: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        return f"{self.severity.upper()} {self.code} at {self.where}: {self.message}"


def walk_cited(obj: Any, where: str) -> Iterator[tuple[str, Cited]]:
    """Every cited statement or value inside ``obj`` (models, lists, dicts), with a path."""
    if isinstance(obj, Cited):
        yield where, obj
    if isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from walk_cited(getattr(obj, name), f"{where}.{name}")
    elif isinstance(obj, list | tuple):
        for i, item in enumerate(obj):
            yield from walk_cited(item, f"{where}[{i}]")
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from walk_cited(v, f"{where}.{k}")


def all_cited(kb: KnowledgeBase) -> Iterator[tuple[str, Cited]]:
    yield from walk_cited(kb.meta, "meta")
    for table_name in ("findings", "conditions", "red_flags", "tests", "treatments"):
        table: dict[str, BaseModel] = getattr(kb, table_name)
        for item_id, item in table.items():
            yield from walk_cited(item, f"{table_name}.{item_id}")
    yield from walk_cited(kb.localization, "localization")
    yield from walk_cited(kb.cds, "cds")
    yield from walk_cited(kb.body_map, "body_map")
    for inst_id, inst in kb.instruments.items():
        yield from walk_cited(inst, f"instruments.{inst_id}")


def _prob(value: float, where: str, what: str) -> Iterator[KbIssue]:
    if not 0.0 <= value <= 1.0:
        yield KbIssue("ProbabilityOutOfRange", where, f"{what} = {value} is outside 0..1")


def _distribution(dist: Mapping[Any, float], where: str, what: str, required: bool) -> Iterator[KbIssue]:
    if not dist:
        if required:
            yield KbIssue("EmptyDistribution", where, f"{what} is empty")
        return
    for k, v in dist.items():
        yield from _prob(v, f"{where}.{k}", what)
    total = sum(dist.values())
    if abs(total - 1.0) > 1e-6:
        yield KbIssue("DistributionNotNormalised", where, f"{what} sums to {total:.4f}, not 1")


def _frequency(value: FrequencyTerm | float, where: str) -> Iterator[KbIssue]:
    if isinstance(value, float | int):
        yield from _prob(float(value), where, "frequency")


def _each_finding_once(kb: KnowledgeBase, ids: list[str], where: str, duplicate: tuple[str, str]) -> Iterator[KbIssue]:
    """Each id of a list names a finding and appears once; ``duplicate`` is the error code and the verb for a repeat."""
    seen: set[str] = set()
    for i, fid in enumerate(ids):
        if fid not in kb.findings:
            yield KbIssue("DanglingFinding", f"{where}[{i}]", f"finding {fid!r} does not exist")
        if fid in seen:
            yield KbIssue(duplicate[0], f"{where}[{i}]", f"finding {fid!r} is {duplicate[1]} twice")
        seen.add(fid)


def _check_condition(kb: KnowledgeBase, c: Condition) -> Iterator[KbIssue]:
    where = f"conditions.{c.id}"
    if c.specialist not in kb.specialists:
        yield KbIssue("DanglingSpecialist", where, f"specialist {c.specialist!r} is not in specialists.yaml")
    if not c.workup:
        yield KbIssue("MissingWorkup", where, "condition has no work-up")
    if not c.care_plan:
        yield KbIssue("MissingCarePlan", where, "condition has no care plan")
    if not c.findings:
        yield KbIssue("MissingFindings", where, "condition is linked to no findings")
    yield from _prob(c.prior.base, f"{where}.prior.base", "prior")
    multipliers: list[tuple[str, float]] = [*c.prior.age.items(), *c.prior.sex.items()]
    for band, m in multipliers:
        if m < 0:
            yield KbIssue("ProbabilityOutOfRange", f"{where}.prior.{band}", f"multiplier {m} is negative")
    yield from _distribution(c.atrophy_type, f"{where}.atrophy_type", "atrophy_type", True)
    yield from _distribution(c.lesion_site, f"{where}.lesion_site", "lesion_site", True)
    yield from _distribution(c.root_levels, f"{where}.root_levels", "root_levels", False)
    if c.urgency_threshold is not None:
        yield from _prob(c.urgency_threshold, f"{where}.urgency_threshold", "urgency_threshold")
    yield from _each_finding_once(kb, [link.finding for link in c.findings], f"{where}.findings", ("DuplicateLink", "linked"))
    for i, link in enumerate(c.findings):
        yield from _frequency(link.frequency, f"{where}.findings[{i}]")
    for i, w in enumerate(c.workup):
        if w.test not in kb.tests:
            yield KbIssue("DanglingTest", f"{where}.workup[{i}]", f"test {w.test!r} does not exist")
    for i, item in enumerate(c.care_plan):
        if item.treatment is not None and item.treatment not in kb.treatments:
            yield KbIssue("DanglingTreatment", f"{where}.care_plan[{i}]", f"treatment {item.treatment!r} does not exist")
    for ref in c.references:
        if ref not in kb.references:
            yield KbIssue("DanglingReference", f"{where}.references", f"reference {ref!r} does not exist")


def check_instruments(kb: KnowledgeBase) -> Iterator[KbIssue]:
    """Instrument files point at real findings and references, and their bands ascend."""
    for inst in kb.instruments.values():
        where = f"instruments.{inst.id}"
        for ref in inst.references:
            if ref not in kb.references:
                yield KbIssue("DanglingReference", f"{where}.references", f"reference {ref!r} does not exist")
        sided = {r.finding for r in inst.evidence if r.sides}
        for fid in [r.finding for r in inst.evidence] + [c.finding for c in inst.care]:
            finding = kb.findings.get(fid)
            if finding is None:
                yield KbIssue("DanglingFinding", where, f"finding {fid!r} does not exist")
            elif fid in sided and not finding.lateral:
                yield KbIssue("SchemaError", where, f"finding {fid!r} is given a side but is not lateral")
        for s in inst.scores:
            tops = [b.max for b in s.bands]
            if tops != sorted(tops):
                yield KbIssue("SchemaError", f"{where}.scores.{s.id}.bands", "bands must ascend")
        for item in inst.items:
            if item.kind == "number" and item.allow_unable and item.points and item.unable_points is None:
                yield KbIssue("SchemaError", f"{where}.items.{item.id}", "a scored test that allows 'unable' needs unable_points")


def check(kb: KnowledgeBase) -> list[KbIssue]:
    """Every problem in the knowledge base; an empty list means it is clean."""
    issues: list[KbIssue] = []
    for where, cited in all_cited(kb):
        if not cited.refs and not cited.estimate:
            issues.append(KbIssue("MissingCitation", where, "statement has no reference and is not marked as an estimate"))
        for ref in cited.refs:
            if ref not in kb.references:
                issues.append(KbIssue("DanglingReference", where, f"reference {ref!r} does not exist"))
    for c in kb.conditions.values():
        issues.extend(_check_condition(kb, c))
    for f in kb.findings.values():
        where = f"findings.{f.id}"
        issues.extend(_prob(f.background.value, f"{where}.background", "background"))
        for other in [*f.implies, *f.states_absent, *f.read_with, *(v for v in (f.bilateral, f.unilateral) if v)]:
            if other not in kb.findings:
                issues.append(KbIssue("DanglingFinding", where, f"finding {other!r} does not exist"))
        if (f.bilateral or f.unilateral) and not f.lateral:
            issues.append(KbIssue("SchemaError", where, "a finding with a side variant must be lateral"))
        for j, denial in enumerate(f.denied_by):
            if not denial.b and not denial.negated:
                # one plain word ("fine") would read any sentence that has it as the finding absent
                issues.append(KbIssue("UnsafeDenial", f"{where}.denied_by[{j}]", "a denial of one term alone must be negated: true"))
    for r in kb.red_flags.values():
        for i, clause in enumerate(r.all):
            for fid in clause.any:
                if fid not in kb.findings:
                    issues.append(KbIssue("DanglingFinding", f"red_flags.{r.id}.all[{i}]", f"finding {fid!r} does not exist"))
            if clause.min > len(clause.any):
                issues.append(KbIssue("SchemaError", f"red_flags.{r.id}.all[{i}]", "min is larger than the clause"))
        for fid in r.unless:
            if fid not in kb.findings:
                issues.append(KbIssue("DanglingFinding", f"red_flags.{r.id}.unless", f"finding {fid!r} does not exist"))
        if r.unless and r.urgency == Urgency.emergency:
            issues.append(KbIssue("UnsafeRule", f"red_flags.{r.id}.unless", "an emergency rule may not be switched off by other findings"))
    for i, rl in enumerate(kb.localization.root_findings):
        if rl.finding not in kb.findings:
            issues.append(KbIssue("DanglingFinding", f"localization.root_findings[{i}]", f"finding {rl.finding!r} does not exist"))
        for root, v in rl.likelihood.items():
            if isinstance(v, float | int):
                issues.extend(_prob(float(v), f"localization.root_findings[{i}].{root}", "likelihood"))
    rule_findings = [r.finding for r in kb.meta.duration_rules] + [r.finding for r in kb.meta.age_findings]
    for fid in rule_findings + [r.finding for r in kb.meta.value_rules]:
        if fid not in kb.findings:
            issues.append(KbIssue("DanglingFinding", "meta", f"finding {fid!r} does not exist"))
    for fid in [kb.meta.engine.atrophy_finding, *kb.meta.engine.muscle_involvement]:
        if fid not in kb.findings:
            issues.append(KbIssue("DanglingFinding", "meta.engine", f"finding {fid!r} does not exist"))
    for term, v in kb.meta.frequency_scale.terms.items():
        issues.extend(_prob(v, f"meta.frequency_scale.{term}", "frequency term"))
    for level, v in kb.meta.triage.condition_safety.items():
        issues.extend(_prob(v, f"meta.triage.{level.value}", "threshold"))
    issues.extend(_check_interview(kb))
    issues.extend(_check_body_map(kb))
    linked = {link.finding for c in kb.conditions.values() for link in c.findings}
    issues.extend(check_instruments(kb))
    linked |= {fc.finding for inst in kb.instruments.values() for fc in inst.care}
    linked |= {fid for r in kb.red_flags.values() for cl in r.all for fid in cl.any}
    linked |= {g.finding for g in kb.interview.gates}
    for fid in kb.findings:
        if fid not in linked:
            issues.append(KbIssue("UnusedFinding", f"findings.{fid}", "finding is used by no condition or red flag", "warning"))
    return issues


def _check_interview(kb: KnowledgeBase) -> Iterator[KbIssue]:
    """interview.yaml: every id exists, a finding sits in one theme at most, question ids do not clash."""
    iv = kb.interview
    named = [("interview.settings.never_ask", f) for f in iv.settings.never_ask]
    named += [(f"interview.sex_only[{i}]", f) for i, r in enumerate(iv.sex_only) for f in r.findings]
    seen: dict[str, str] = {}
    for t in iv.themes:
        where = f"interview.themes.{t.id}"
        named += [(where, f) for f in (*t.options, *t.after)]
        if t.id in kb.findings or t.id in seen.values() or t.id in {q.id for q in iv.case_questions}:
            yield KbIssue("DuplicateId", where, f"theme id {t.id!r} is also a finding, case question or another theme")
        for f in t.options:
            if f in seen:
                yield KbIssue("DuplicateId", where, f"finding {f!r} is already asked in theme {seen[f]!r}")
            seen[f] = t.id
    for where, f in named:
        if f not in kb.findings:
            yield KbIssue("DanglingFinding", where, f"finding {f!r} does not exist")
    linked = {link.finding for c in kb.conditions.values() for link in c.findings}
    for i, g in enumerate(iv.gates):
        where = f"interview.gates[{i}]"
        gate = kb.findings.get(g.finding)
        if gate is None:
            yield KbIssue("DanglingFinding", where, f"finding {g.finding!r} does not exist")
        elif g.finding in linked or g.finding in g.opens:
            yield KbIssue("BadGate", where, f"gate {g.finding!r} must be linked by no condition and not open itself")
        for f in g.opens:
            if f not in kb.findings:
                yield KbIssue("DanglingFinding", where, f"finding {f!r} does not exist")


def _check_body_map(kb: KnowledgeBase) -> Iterator[KbIssue]:
    """bodymap.yaml: one entry per root and per finding, and every finding exists."""
    bm = kb.body_map
    for table, keys in (("dermatomes", [d.root for d in bm.dermatomes]), ("myotomes", [m.root for m in bm.myotomes])):
        for key in {k for k in keys if keys.count(k) > 1}:
            yield KbIssue("DuplicateId", f"body_map.{table}", f"root {key} is listed twice")
    yield from _each_finding_once(kb, [fr.finding for fr in bm.finding_regions], "body_map.finding_regions", ("DuplicateId", "listed"))


def stats(kb: KnowledgeBase) -> dict[str, Any]:
    """Counts of everything and the share of cited statements."""
    cited = list(all_cited(kb))
    with_refs = sum(1 for _, c in cited if c.refs)
    estimates = sum(1 for _, c in cited if not c.refs and c.estimate)
    total = len(cited)
    return {
        "kb_version": kb.meta.kb_version,
        "conditions": len(kb.conditions),
        "findings": len(kb.findings),
        "links": sum(len(c.findings) for c in kb.conditions.values()),
        "red_flags": len(kb.red_flags),
        "tests": len(kb.tests),
        "specialists": len(kb.specialists),
        "treatments": len(kb.treatments),
        "references": len(kb.references),
        "instruments": len(kb.instruments),
        "statements": total,
        "statements_with_reference": with_refs,
        "statements_marked_estimate": estimates,
        "cited_or_estimate_share": (with_refs + estimates) / total if total else 1.0,
        "reference_share": with_refs / total if total else 1.0,
    }

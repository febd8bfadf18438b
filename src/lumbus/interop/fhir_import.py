"""A Patient with its Observations and Conditions (a Bundle, one resource, or a CDS Hooks
prefetch) read into a ``Case``, mapping codes back to knowledge-base findings.

Every resource is validated with ``fhir.resources`` first; invalid FHIR is refused with the
resource and field named. What cannot be mapped is reported, never silently dropped: a
clinician must know which recorded facts Lumbus did not use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from fhir.resources.R4B import get_fhir_model_class
from pydantic import ValidationError

from lumbus.case import Case, Evidence, Side
from lumbus.intake.casefile import describe_validation_error
from lumbus.interop import codes as cs
from lumbus.knowledge.loader import KnowledgeBase, load_packaged

#: SNOMED CT answers that say yes or no (373066001 Yes, 373067005 No, 52101004 Present, 2667000 Absent)
_YES = {"373066001", "52101004"}
_NO = {"373067005", "2667000"}
_SIDES: dict[str, Side] = {code: side for side, code in cs.LATERALITY.items()}  # type: ignore[misc]
_SKIP_STATUS = {"entered-in-error", "cancelled"}
#: FHIR administrative-gender (fhir.resources does not check bound codes)
_GENDERS = {"male", "female", "other", "unknown"}
#: a diagnosis someone is only considering is not a fact to reason from
_NOT_ESTABLISHED = {"entered-in-error", "differential", "provisional", "unconfirmed"}


class FhirInputError(ValueError):
    """FHIR that is malformed or not what Lumbus reads; the message names the resource and field."""


@dataclass
class FhirImport:
    case: Case
    used: list[str] = field(default_factory=list)
    """what was read, as 'Observation/abc -> finding_id'"""
    unmapped: list[str] = field(default_factory=list)
    """coded facts no finding matches, with their code"""
    ignored: list[str] = field(default_factory=list)
    """resources Lumbus does not read (with their type), or entries not in force"""


def case_from_fhir(data: Mapping[str, Any], kb: KnowledgeBase | None = None, *, today: dt.date | None = None) -> FhirImport:
    """Read ``data``: a Bundle, a single resource, or a CDS Hooks ``prefetch`` object."""
    kb = kb or load_packaged()
    index = _code_index(kb)
    resources = list(_resources(data))
    age: int | None = None
    sex: str | None = None
    found: dict[str, tuple[str, bool, Side | None, str]] = {}  # finding -> (when, present, side, where)
    out = FhirImport(case=Case())
    for where, res in resources:
        kind = res["resourceType"]
        if res.get("status") in _SKIP_STATUS:
            out.ignored.append(f"{where} ({res['status']})")
            continue
        if kind == "Patient":
            gender = res.get("gender")
            if gender is not None and gender not in _GENDERS:
                raise FhirInputError(f"invalid FHIR Patient: gender {gender!r} is not one of {', '.join(sorted(_GENDERS))}")
            sex = gender if gender in ("female", "male") else sex
            if res.get("birthDate"):
                age = _age(res["birthDate"], today or dt.date.today())
        elif kind == "Observation":
            if _is_age(res):
                age = int(res["valueQuantity"]["value"])
                continue
            present = _observed(res)
            if present is None:
                out.ignored.append(f"{where} (no value)")
                continue
            _collect(res, present, where, res.get("effectiveDateTime") or res.get("issued") or "", index, found, out)
        elif kind == "Condition":
            status = _first_code(res.get("verificationStatus"))
            if status in _NOT_ESTABLISHED:
                out.ignored.append(f"{where} ({status})")
                continue
            _collect(res, status != "refuted", where, res.get("recordedDate") or res.get("onsetDateTime") or "", index, found, out)
        else:
            out.ignored.append(f"{where} ({kind} is not read)")
    evidence = [Evidence(finding=fid, present=present, side=side, source="fhir") for fid, (_, present, side, _) in found.items()]
    if age is not None and not 0 <= age <= 120:
        raise FhirInputError(f"age {age} is outside 0-120")
    out.case = Case(age=age, sex=sex, evidence=evidence, duration_days=_duration(resources, found, kb, today or dt.date.today()))
    out.used = [f"{where} -> {fid}" for fid, (_, _, _, where) in found.items()]
    return out


def _resources(data: Mapping[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Validated resources with a short label saying where each came from."""
    if not isinstance(data, Mapping):
        raise FhirInputError("expected a FHIR resource, a Bundle or a CDS Hooks prefetch object")
    if "resourceType" not in data:  # a CDS Hooks prefetch: key -> resource, Bundle or null
        for key, value in data.items():
            if value is None:
                continue
            for where, res in _resources(value):
                yield f"prefetch.{key}: {where}", res
        return
    res = _validated(data, str(data.get("resourceType")))
    if res["resourceType"] != "Bundle":
        yield f"{res['resourceType']}/{res.get('id', '?')}", res
        return
    for i, entry in enumerate(res.get("entry") or []):
        inner = entry.get("resource")
        if inner is None:
            continue
        label = f"entry[{i}] {inner['resourceType']}/{inner.get('id', '?')}"
        if inner["resourceType"] == "Bundle":
            yield from ((f"entry[{i}].{w}", r) for w, r in _resources(inner))
        else:
            yield label, inner


def _validated(data: Mapping[str, Any], kind: str) -> dict[str, Any]:
    """``data`` once it validates as a FHIR ``kind``: the resource as sent, since a valid resource needs no
    rewriting to be read (re-serialising the parsed model was a third of a patient-view call's time).

    A Bundle is checked as its shell and then each entry's resource as its own type: the same checks,
    at under half the cost of validating the whole Bundle, whose generic entries fhir.resources resolves
    and validates again, resource by resource.
    """
    entries = data.get("entry") if kind == "Bundle" else None
    if not isinstance(entries, list) or not all(isinstance(e, Mapping) and _typed(e.get("resource")) for e in entries):
        _check(kind, data)
        return dict(data)
    _check(kind, {**data, "entry": [{k: v for k, v in e.items() if k != "resource"} for e in entries]})
    for i, entry in enumerate(entries):
        _check(kind, entry["resource"], inner=(f"entry.{i}.resource", str(entry["resource"]["resourceType"])))
    return dict(data)


def _typed(value: Any) -> bool:
    return isinstance(value, Mapping) and isinstance(value.get("resourceType"), str)


def _check(kind: str, part: Mapping[str, Any], inner: tuple[str, str] | None = None) -> None:
    """Validate ``part`` of a ``kind`` resource (all of it, or the resource at ``inner``: its path and type);
    errors name the field from the top of the whole resource."""
    where, part_kind = inner or ("", kind)
    try:
        model = get_fhir_model_class(part_kind)
    except (ValueError, KeyError) as exc:
        at = f" at {where}" if where else ""
        raise FhirInputError(f"unknown FHIR resourceType {part_kind!r}{at}") from exc
    try:
        model.model_validate(dict(part))
    except ValidationError as exc:
        problem = describe_validation_error(exc, root="(resource)", limit=1)
        raise FhirInputError(f"invalid FHIR {kind}: {where + '.' if where else ''}{problem}") from exc


_INDEXES: dict[int, tuple[KnowledgeBase, dict[tuple[str, str], str]]] = {}
"""code index per knowledge base (kept with the base itself, so an id is never reused while cached)"""


def _code_index(kb: KnowledgeBase) -> dict[tuple[str, str], str]:
    """(code system, code) -> finding id; built once per knowledge base, not on every CDS call."""
    cached = _INDEXES.get(id(kb))
    if cached is not None and cached[0] is kb:
        return cached[1]
    index: dict[tuple[str, str], str] = {}
    for f in kb.findings.values():
        index.setdefault((cs.FINDING_SYSTEM, f.id), f.id)
        for system, code in ((cs.SNOMED, f.codes.snomed), (cs.HPO, f.codes.hpo), (cs.LOINC, f.codes.loinc)):
            if code:
                index.setdefault((system, code), f.id)
    _INDEXES[id(kb)] = (kb, index)
    return index


def _collect(
    res: dict[str, Any],
    present: bool,
    where: str,
    when: str,
    index: dict[tuple[str, str], str],
    found: dict[str, tuple[str, bool, Side | None, str]],
    out: FhirImport,
) -> None:
    codings = (res.get("code") or {}).get("coding") or []
    fid = next((index[(c.get("system"), c.get("code"))] for c in codings if (c.get("system"), c.get("code")) in index), None)
    if fid is None:
        label = ", ".join(f"{c.get('system', '?')}|{c.get('code', '?')}" for c in codings) or (res.get("code") or {}).get("text", "no code")
        out.unmapped.append(f"{where}: {label}")
        return
    side = _SIDES.get(_first_code(res.get("bodySite")) or "")
    if fid in found and found[fid][0] > when:
        return  # an older record of the same finding does not overrule a newer one
    found[fid] = (when, present, side, where)


def _observed(res: dict[str, Any]) -> bool | None:
    """Present, absent, or None when the Observation carries no usable value."""
    if "valueBoolean" in res:
        return bool(res["valueBoolean"])
    if "valueCodeableConcept" in res:
        code = _first_code(res["valueCodeableConcept"])
        return True if code in _YES else False if code in _NO else None
    if "dataAbsentReason" in res:
        return None
    value_keys = [k for k in res if k.startswith("value")]
    return True if not value_keys else None  # a coded finding recorded without a value asserts it


def _duration(
    resources: list[tuple[str, dict[str, Any]]],
    found: dict[str, tuple[str, bool, Side | None, str]],
    kb: KnowledgeBase,
    today: dt.date,
) -> float | None:
    """Days since the earliest recorded onset of a present symptom or sign (Condition.onset, an Observation's period)."""
    symptom_sources = {where for fid, (_, present, _, where) in found.items() if present and kb.findings[fid].type in ("symptom", "sign")}
    starts = []
    for where, res in resources:
        if where not in symptom_sources:
            continue
        start = res.get("onsetDateTime") or (res.get("onsetPeriod") or {}).get("start") or (res.get("effectivePeriod") or {}).get("start")
        if start:
            starts.append(dt.date.fromisoformat(start[:10]))
    if not starts:
        return None
    return float(max(0, (today - min(starts)).days))


def _is_age(res: dict[str, Any]) -> bool:
    codings = (res.get("code") or {}).get("coding") or []
    return any(c.get("system") == cs.LOINC and c.get("code") == cs.AGE_LOINC for c in codings) and "valueQuantity" in res


def _first_code(concept: Any) -> str | None:
    codings = (concept or {}).get("coding") or []
    return codings[0].get("code") if codings else None


def _age(birth: str, today: dt.date) -> int:
    born = dt.date.fromisoformat(birth if len(birth) == 10 else f"{birth[:4]}-07-01" if len(birth) == 4 else f"{birth[:7]}-15")
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))

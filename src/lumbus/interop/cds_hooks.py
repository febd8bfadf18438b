"""CDS Hooks 2.0 services, as pure functions from a hook request to cards (the web tier mounts them).

``patient-view`` reads the prefetched Patient, Conditions and Observations into a case and
returns one card: the urgency as the indicator, the leading conditions, the next tests as
suggestions. ``order-select`` looks at lumbar spine imaging orders and, only while no red flag
fires and the back pain is younger than the guideline's window, returns the guideline card.
Card wording that is medicine comes from the knowledge base (``cds.yaml``, conditions, tests,
red flags); this module only lays it out.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from lumbus.assessment import Assessment
from lumbus.intake.casefile import describe_validation_error
from lumbus.interop import codes as cs
from lumbus.interop.fhir_import import FhirImport, FhirInputError, case_from_fhir
from lumbus.knowledge.loader import KnowledgeBase, load_packaged
from lumbus.knowledge.schema import OrderGuidance, Urgency

PATIENT_VIEW = "lumbus-patient-view"
LUMBAR_IMAGING = "lumbus-lumbar-imaging"
PREFETCH = {
    "patient": "Patient/{{context.patientId}}",
    "conditions": "Condition?patient={{context.patientId}}",
    "observations": "Observation?patient={{context.patientId}}&_sort=-date&_count=200",
}
#: cards list at most this many conditions and tests: a clinician reads a card in seconds
_SHOWN = 3


class HookRequestError(ValueError):
    """A hook request Lumbus cannot answer; the message says which field is wrong."""


class HookRequest(BaseModel):
    """The parts of a CDS Hooks request Lumbus reads; other fields are allowed and ignored."""

    model_config = ConfigDict(extra="allow")

    hook: str
    hookInstance: str = Field(min_length=1)
    context: dict[str, Any]
    prefetch: dict[str, Any] | None = None
    fhirServer: str | None = None


def discovery() -> dict[str, Any]:
    """The ``/cds-services`` document."""
    return {
        "services": [
            {
                "hook": "patient-view",
                "id": PATIENT_VIEW,
                "title": "Lumbus: back weakness and muscle wasting",
                "description": "Urgency, likely causes, root level and next tests from the recorded findings.",
                "prefetch": PREFETCH,
            },
            {
                "hook": "order-select",
                "id": LUMBAR_IMAGING,
                "title": "Lumbus: lumbar spine imaging",
                "description": "Guideline advice on early lumbar imaging when no red flag is recorded.",
                "prefetch": PREFETCH,
            },
        ]
    }


def parse_request(body: Any, service_id: str) -> HookRequest:
    """Validate a request for ``service_id``; raises :class:`HookRequestError` with the field named."""
    if not isinstance(body, Mapping):
        raise HookRequestError("the request body must be a JSON object")
    try:
        req = HookRequest.model_validate(body)
    except ValidationError as exc:
        raise HookRequestError(describe_validation_error(exc, root="request", limit=1)) from exc
    expected = {PATIENT_VIEW: "patient-view", LUMBAR_IMAGING: "order-select"}[service_id]
    if req.hook != expected:
        raise HookRequestError(f"service {service_id!r} answers the {expected!r} hook, not {req.hook!r}")
    if not isinstance(req.context.get("patientId"), str):
        raise HookRequestError("context.patientId is required")
    if req.prefetch is None:
        raise HookRequestError("prefetch is required: Lumbus does not call back to the FHIR server")
    return req


def read_prefetch(req: HookRequest, kb: KnowledgeBase) -> FhirImport:
    try:
        return case_from_fhir(req.prefetch or {}, kb)
    except FhirInputError as exc:
        raise HookRequestError(f"prefetch: {exc}") from exc


def patient_view(req: HookRequest, assessment: Assessment, imported: FhirImport, *, link: str | None = None) -> dict[str, Any]:
    """One card summarising ``assessment`` (made from ``imported``) for the clinician."""
    kb = load_packaged()
    triage = assessment.triage
    top = assessment.differential[:_SHOWN]
    lead = top[0]
    level = triage.level
    action = kb.cds.clinician_action.get(level, _level_word(level))
    summary = _clip(f"{action}: {lead.condition.name} ({lead.probability:.0%})")
    lines = [f"**Urgency: {_level_word(level)}.** {action}.", ""]
    lines += [f"- Red flag: **{rf.name}**. {rf.reason}" for rf in triage.red_flags] or [f"- {r}" for r in triage.reasons]
    lines += ["", "**Most likely:**"]
    lines += [f"- {e.condition.name} ({e.condition.icd10}): {e.probability:.0%}" for e in top]
    if assessment.localization.root_levels:
        r = assessment.localization.root_levels[0]
        lines += ["", f"**Root level:** {r.level}{' ' + r.side if r.side else ''} ({r.probability:.0%})"]
    lines += ["", f"**Atrophy type:** {assessment.atrophy_type.label}", "", "**Next tests:**"]
    lines += [f"- {w.test.name}: {w.timing}" for w in assessment.workup[:_SHOWN]]
    lines += ["", f"**Specialist:** {assessment.specialist.name}"]
    if imported.unmapped:
        lines += ["", f"_{len(imported.unmapped)} recorded item(s) could not be mapped and were not used._"]
    lines += ["", f"_{assessment.disclaimer}_"]
    refs = [ref for rf in triage.red_flags for ref in rf.refs] or list(kb.conditions[lead.condition.id].references)
    card: dict[str, Any] = {
        "uuid": str(uuid.uuid4()),
        "summary": summary,
        "indicator": kb.cds.indicator.get(level, "info"),
        "detail": "\n".join(lines),
        "source": _source(kb, refs),
        "suggestions": [_order_suggestion(kb, w.test.id, w.rationale, req.context["patientId"]) for w in assessment.workup[:_SHOWN]],
        "selectionBehavior": "any",
    }
    if link:
        card["links"] = [{"label": "Full Lumbus assessment", "url": link, "type": "absolute"}]
    return {"cards": [card]}


def order_select(req: HookRequest, assessment: Assessment, imported: FhirImport) -> dict[str, Any]:
    """The guideline card for each selected order it applies to, never when a red flag fires."""
    kb = load_packaged()
    orders = _selected_orders(req)
    if assessment.triage.red_flags:
        return {"cards": []}  # a red flag makes imaging appropriate: never discourage it
    duration = imported.case.duration_days
    cards = []
    for guidance in kb.cds.order_guidance:
        if duration is None or duration >= guidance.max_days:
            continue
        if any(_matches(guidance, order) for order in orders):
            cards.append(
                {
                    "uuid": str(uuid.uuid4()),
                    "summary": guidance.summary,
                    "indicator": "warning",
                    "detail": guidance.detail,
                    "source": _source(kb, guidance.refs),
                }
            )
    return {"cards": cards}


def _selected_orders(req: HookRequest) -> list[dict[str, Any]]:
    draft = req.context.get("draftOrders")
    if not isinstance(draft, Mapping) or draft.get("resourceType") != "Bundle":
        raise HookRequestError("context.draftOrders must be a FHIR Bundle")
    selections = req.context.get("selections")
    if not isinstance(selections, list) or not all(isinstance(s, str) for s in selections):
        raise HookRequestError("context.selections must be a list of 'Type/id' strings")
    out = []
    for entry in draft.get("entry") or []:
        res = (entry or {}).get("resource") or {}
        if f"{res.get('resourceType')}/{res.get('id')}" in selections:
            out.append(res)
    return out


def _matches(guidance: OrderGuidance, order: Mapping[str, Any]) -> bool:
    code = order.get("code") or {}
    codings = {(c.get("system"), c.get("code")) for c in code.get("coding") or []}
    if codings & {(c.system, c.code) for c in guidance.orders.codes}:
        return True
    words = " ".join([code.get("text") or "", *(c.get("display") or "" for c in code.get("coding") or [])]).lower()
    tokens = set(words.replace(",", " ").replace("/", " ").split())
    return bool(guidance.orders.text_all) and all(
        any((t in tokens) if " " not in t else (t in words) for t in group) for group in guidance.orders.text_all
    )


def _order_suggestion(kb: KnowledgeBase, test_id: str, rationale: str, patient_id: str) -> dict[str, Any]:
    t = kb.tests[test_id]
    return {
        "label": f"Order {t.name}",
        "uuid": str(uuid.uuid4()),
        "actions": [
            {
                "type": "create",
                "description": rationale,
                "resource": {
                    "resourceType": "ServiceRequest",
                    "status": "draft",
                    "intent": "proposal",
                    "subject": {"reference": f"Patient/{patient_id}"},
                    "code": {"coding": cs.codings(t.codes, cs.TEST_SYSTEM, t.id, t.name), "text": t.name},
                },
            }
        ],
    }


def _source(kb: KnowledgeBase, refs: list[str]) -> dict[str, str]:
    ref = next((kb.references[r] for r in refs if r in kb.references), None)
    source = {"label": ref.citation if ref else "Lumbus knowledge base"}
    if ref and ref.url:
        source["url"] = ref.url
    return source


def _level_word(level: Urgency) -> str:
    return level.value.replace("_", " ").capitalize()


def _clip(text: str, limit: int = 140) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def prepare(service_id: str, body: Any) -> tuple[HookRequest, FhirImport, Assessment]:
    """Validate a call, read its prefetch into a case and assess it (raises :class:`HookRequestError`)."""
    from lumbus.reasoning.engine import assess

    if service_id not in (PATIENT_VIEW, LUMBAR_IMAGING):
        raise KeyError(service_id)
    req = parse_request(body, service_id)
    imported = read_prefetch(req, load_packaged())
    return req, imported, assess(imported.case)


def handle(service_id: str, body: Any, *, link: str | None = None) -> dict[str, Any]:
    """Answer one call without storing anything (the web tier stores patient-view assessments itself)."""
    req, imported, assessment = prepare(service_id, body)
    if service_id == PATIENT_VIEW:
        return patient_view(req, assessment, imported, link=link)
    return order_select(req, assessment, imported)

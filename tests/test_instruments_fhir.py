"""Questionnaires and Observations validate with fhir.resources (R4B) and survive a JSON round trip."""

from __future__ import annotations

from typing import Any

import pytest
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.questionnaire import Questionnaire

from lumbus.instruments.fhir import export_questionnaire, questionnaire_url, score_response
from lumbus.instruments.scoring import AnswerError, get_instrument, packaged_instruments


def _response(instrument: str, answers: dict[str, Any], url: str | None = None) -> dict[str, Any]:
    inst = get_instrument(instrument)
    return {
        "resourceType": "QuestionnaireResponse",
        "id": "resp-1",
        "status": "completed",
        "questionnaire": url or questionnaire_url(inst),
        "item": [{"linkId": k, "answer": [{"valueCoding": {"code": str(v)}}]} for k, v in answers.items()],
    }


@pytest.mark.parametrize("instrument", sorted(packaged_instruments()))
def test_questionnaire_validates_and_round_trips(instrument: str) -> None:
    q = export_questionnaire(instrument)
    again = Questionnaire.model_validate_json(q.model_dump_json())
    assert again == q
    choice = [i for i in q.item if i.type == "choice" and i.linkId != "sex"]
    assert all(o.valueCoding.extension[0].valueDecimal is not None for i in choice for o in i.answerOption)


@pytest.mark.parametrize(
    ("instrument", "answers", "code"),
    [
        ("oswestry", {k: "2" for k in ("pain_intensity", "personal_care", "lifting", "walking", "sitting")}, "97909-6"),
        ("start_back", {"leg_pain": "agree"}, None),
        ("mrc_lower_limb", {"ankle_dorsiflexion_left": "4-"}, None),
        ("ewgsop2", {"sex": "female", "grip_kg": 14.5}, None),
    ],
)
def test_every_kind_of_result_is_a_valid_observation(instrument: str, answers: dict[str, Any], code: str | None) -> None:
    inst = get_instrument(instrument)
    full = dict(answers)
    for item in inst.items:  # fill the rest with the first option so the published missing rules are met
        if item.kind == "choice" and item.id not in full:
            full[item.id] = item.options[0].code
    response = _response(instrument, full)
    if "grip_kg" in full:
        response["item"][1]["answer"] = [{"valueDecimal": 14.5}]
    result, obs = score_response(response, instrument)
    again = Observation.model_validate_json(obs.model_dump_json())
    assert again == obs and obs.derivedFrom[0].reference == "QuestionnaireResponse/resp-1"
    if code:
        assert obs.code.coding[0].code == code
    if instrument == "start_back":
        risk = next(c for c in obs.component if c.code.coding[0].code == "91352-5")
        assert risk.valueCodeableConcept.coding[0].code == result.outcome.id  # type: ignore[union-attr]
    if instrument == "ewgsop2":
        assert result.sex == "female" and obs.valueCodeableConcept.coding[0].code == "probable"


def _full_response(instrument: str) -> dict[str, Any]:
    """A completed response to every item: the last option of each choice, a mid-range measurement otherwise."""
    inst = get_instrument(instrument)
    items: list[dict[str, Any]] = [{"linkId": "sex", "answer": [{"valueCoding": {"code": "male"}}]}] if inst.needs else []
    for item in inst.items:
        if item.kind == "choice":
            items.append({"linkId": item.id, "answer": [{"valueCoding": {"code": item.options[-1].code}}]})
        else:
            items.append({"linkId": item.id, "answer": [{"valueDecimal": ((item.min or 0) + (item.max or 0)) / 2}]})
    return _response(instrument, {}) | {"item": items}


@pytest.mark.parametrize("instrument", sorted(packaged_instruments()))
def test_a_response_to_every_questionnaire_gives_a_valid_observation(instrument: str) -> None:
    questionnaire = export_questionnaire(instrument)
    response = _full_response(instrument)
    assert {i["linkId"] for i in response["item"]} == {i.linkId for i in questionnaire.item}
    result, obs = score_response(response, instrument)
    again = Observation.model_validate_json(obs.model_dump_json())
    assert again == obs and obs.status == "final"
    assert obs.derivedFrom[0].reference == "QuestionnaireResponse/resp-1"
    assert obs.valueQuantity is not None or obs.valueCodeableConcept is not None or obs.component
    if result.primary:
        assert obs.valueQuantity.value == pytest.approx(result.score().value, abs=1e-4)


def test_licensed_text_replaces_the_neutral_label() -> None:
    q = export_questionnaire("start_back", {"leg_pain": "Licensed wording", "leg_pain.agree": "Licensed agree"})
    assert q.item[0].text == "Licensed wording"
    assert q.item[0].answerOption[1].valueCoding.display == "Licensed agree"


def test_sarc_f_response_becomes_observation_derived_from_it() -> None:
    answers = {"strength": 2, "assistance_walking": 1, "rise_from_chair": 1, "climb_stairs": 1, "falls": 0}
    result, obs = score_response(_response("sarc_f", answers), "sarc_f")
    assert result.score().value == 5
    assert obs.valueQuantity.value == 5
    assert obs.derivedFrom[0].reference == "QuestionnaireResponse/resp-1"
    assert Observation.model_validate_json(obs.model_dump_json()) == obs


def test_observation_carries_the_response_subject_and_time() -> None:
    response = _response("pain_nrs", {"pain": 4}) | {"authored": "2026-03-01T10:00:00+00:00", "subject": {"reference": "Patient/p1"}}
    _, obs = score_response(response, "pain_nrs")
    again = Observation.model_validate_json(obs.model_dump_json())
    assert again.subject.reference == "Patient/p1" and again.effectiveDateTime is not None
    _, obs = score_response(response | {"authored": "2026-03-01"}, "pain_nrs")
    assert Observation.model_validate_json(obs.model_dump_json()).effectiveDateTime is not None


def test_response_for_another_questionnaire_is_refused() -> None:
    with pytest.raises(AnswerError, match="not SARC-F"):
        score_response(_response("sarc_f", {"strength": 1}, url="http://example.org/Questionnaire/phq-9"), "sarc_f")

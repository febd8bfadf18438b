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


def test_sarc_f_response_becomes_observation_derived_from_it() -> None:
    answers = {"strength": 2, "assistance_walking": 1, "rise_from_chair": 1, "climb_stairs": 1, "falls": 0}
    result, obs = score_response(_response("sarc_f", answers), "sarc_f")
    assert result.score().value == 5
    assert obs.valueQuantity.value == 5
    assert obs.derivedFrom[0].reference == "QuestionnaireResponse/resp-1"
    assert Observation.model_validate_json(obs.model_dump_json()) == obs


def test_response_for_another_questionnaire_is_refused() -> None:
    with pytest.raises(AnswerError, match="not SARC-F"):
        score_response(_response("sarc_f", {"strength": 1}, url="http://example.org/Questionnaire/phq-9"), "sarc_f")

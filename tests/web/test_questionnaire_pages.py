"""The questionnaire pages, as a browser without JavaScript uses them: list, form, errors next to fields, result."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from helpers import stored

from lumbus.instruments.licensed import ENV_VAR
from lumbus.instruments.scoring import packaged_instruments
from lumbus.knowledge.loader import load_packaged

SARC_F = {"strength": "1", "assistance_walking": "0", "rise_from_chair": "1", "climb_stairs": "2", "falls": "0"}
ODI_ITEMS = [i.id for i in packaged_instruments()["oswestry"].items]


def test_the_list_says_what_each_measures(client: TestClient) -> None:
    page = client.get("/questionnaires")
    assert page.status_code == 200
    for inst in packaged_instruments().values():
        assert f'href="/questionnaires/{inst.id}"' in page.text and inst.name in page.text
    assert 'href="/questionnaires"' in client.get("/").text  # in the main navigation


def test_the_oswestry_form_has_neutral_labels_and_the_licence_note(client: TestClient) -> None:
    page = client.get("/questionnaires/oswestry").text
    assert page.count("<legend>") == 10 and "Pain intensity" in page
    assert page.count('type="radio" name="pain_intensity"') == 6 and "statement 1 (least limitation)" in page
    assert "copyrighted" in page and "may be left unanswered" in page
    assert "copyrighted" in client.get("/questionnaires/start_back").text


def test_a_measurement_form_has_units_sex_and_unable(client: TestClient) -> None:
    page = client.get("/questionnaires/ewgsop2").text
    assert re.search(r'<label for="item-grip_kg">[^<]*Grip strength', page)
    assert re.search(r'id="item-grip_kg" name="grip_kg" type="number"', page) and 'id="unit-grip_kg">kg<' in page
    assert 'id="unit-gait_speed_m_s">m/s<' in page and 'id="unit-chair_stand_s">seconds<' in page
    assert '<input type="radio" name="sex" value="female"' in page and "Could not do the test" in page


def test_a_scored_result(client: TestClient) -> None:
    r = client.post("/questionnaires/sarc_f", data=SARC_F)
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    page = r.text
    assert re.search(r'class="score-value">4<', page) and "Positive (4 or more)" in page
    kb = load_packaged()
    assert kb.findings["sarc_f_positive"].name.lower() in page  # the finding it feeds into an assessment
    assert kb.references["malmstrom_2013_sarcf"].citation in page
    assert stored(client) == 0  # nothing is stored


def test_the_oswestry_result_gives_the_minimal_important_change(client: TestClient) -> None:
    page = client.post("/questionnaires/oswestry", data=dict.fromkeys(ODI_ITEMS, "2")).text
    assert "40.0%" in page and "<strong>10 points</strong>" in page and "<strong>30%</strong>" in page
    assert "lower scores are better" in page


def test_missing_answers_come_back_next_to_their_fields_with_the_answers_kept(client: TestClient) -> None:
    answers = dict.fromkeys(ODI_ITEMS[:7], "3")
    r = client.post("/questionnaires/oswestry", data=answers)
    assert r.status_code == 422
    page = r.text
    assert 'id="error-summary"' in page and "Please check 3 answers" in page
    for item in ODI_ITEMS[7:]:
        assert f'id="error-{item}"' in page and f'href="#field-{item}"' in page
    for item in ODI_ITEMS[:7]:
        assert f'id="error-{item}"' not in page
        assert re.search(rf'name="{item}" value="3" checked', page)  # kept


def test_sex_and_a_bad_measurement_are_marked(client: TestClient) -> None:
    r = client.post("/questionnaires/ewgsop2", data={"grip_kg": "250", "chair_stand_s": "12"})
    assert r.status_code == 422
    page = r.text
    assert 'id="error-sex"' in page and 'id="error-grip_kg"' in page and "250 kg is out of range (0 to 100 kg)" in page
    assert 'value="250" aria-invalid="true"' in page and 'value="12"' in page
    ok = client.post("/questionnaires/ewgsop2", data={"sex": "female", "grip_kg": "14", "tug_s": "unable"})
    assert ok.status_code == 200 and "could not do the test" in ok.text and "14 kg" in ok.text


def test_an_empty_measurement_form_asks_for_something(client: TestClient) -> None:
    r = client.post("/questionnaires/mrc_lower_limb", data={})
    assert r.status_code == 422 and "Please answer at least one item." in r.text


def test_user_text_is_escaped(client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    r = client.post("/questionnaires/ewgsop2", data={"sex": "male", "grip_kg": "<script>alert(1)</script>"})
    assert r.status_code == 422 and "<script>alert" not in r.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text
    text = tmp_path / "licensed.yaml"
    text.write_text('oswestry:\n  pain_intensity: "<b>Licensed</b> wording"\n')
    monkeypatch.setenv(ENV_VAR, str(text))
    page = client.get("/questionnaires/oswestry").text
    assert "&lt;b&gt;Licensed&lt;/b&gt; wording" in page and "<b>Licensed" not in page
    assert "The items below carry neutral labels" not in page  # the clinic's licensed wording is shown


def test_unknown_questionnaire(client: TestClient) -> None:
    assert client.get("/questionnaires/nope").status_code == 404
    assert client.post("/questionnaires/nope", data=SARC_F).status_code == 404

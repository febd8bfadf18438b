"""The patient pages: from free text to the result page, escaping, the condition library, local assets."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from helpers import stored, submit

from lumbus.case import MAX_TEXT_CHARS
from lumbus.knowledge.loader import load_packaged

SCRIPT = "<script>alert('x')</script>"
EMERGENCY = "I suddenly can't pee and the skin around my bottom is numb, my back is killing me"


def test_start_page_is_a_labelled_form(client: TestClient) -> None:
    page = client.get("/").text
    assert '<form class="card form" method="post" action="/assess"' in page
    for field in ("text", "age"):
        assert f'<label for="{field}">' in page and f'id="{field}"' in page
    assert "<legend>Sex" in page and page.count('type="radio" name="sex"') == 3
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page


def test_free_text_to_the_result_page(client: TestClient) -> None:
    story = "I strained my back last year; my right buttock has shrunk and it hurts down the back of my right leg"
    location = submit(client, text=story, age="30", sex="female")
    page = client.get(location).text
    a = client.get("/api/v1" + location).json()
    order = [page.index(s) for s in ('class="urgency', "What it could be", "The muscle wasting", "Tests to ask about", "Who to see")]
    assert order == sorted(order), "urgency first, then the differential, atrophy, tests and doctor"
    assert order[-1] < page.index("What to do meanwhile") < page.index(_escaped(a["disclaimer"]))
    assert _escaped(a["triage"]["action"]) in page
    for d in a["differential"][:5]:
        assert f'<a href="/conditions/{d["condition"]["id"]}">' in page, "every condition links to the library"
    assert _escaped(a["specialist"]["name"]) in page
    for w in a["workup"]:
        assert _escaped(w["test"]["name"]) in page
    assert "emergency-banner" not in page
    assert stored(client) == 1
    assert client.get(location).headers["cache-control"] == "no-store", "health data is never cached"
    assert '<meta name="robots" content="noindex, nofollow">' in page


def test_emergency_banner_comes_before_any_other_content(client: TestClient) -> None:
    location = submit(client, text=EMERGENCY, age="45", sex="male")
    a = client.get("/api/v1" + location).json()
    assert a["triage"]["level"] == "emergency"
    body = client.get(location).text.split("<body", 1)[1].split(">", 1)[1].lstrip()
    assert body.startswith('<div class="emergency-banner" role="alert">')
    banner = body.split("</div>", 2)[0]
    assert "EMERGENCY" in banner and _escaped(a["triage"]["action"]) in banner


def test_script_in_free_text_is_shown_escaped(client: TestClient) -> None:
    page = client.get(submit(client, text=f"my leg is weak {SCRIPT} and my back hurts")).text
    assert SCRIPT not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "Content-Security-Policy" in client.get("/").headers


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"text": "   "}, "Please tell us what is happening"),
        ({"text": "x" * (MAX_TEXT_CHARS + 1)}, f"the limit is {MAX_TEXT_CHARS:,}"),
        ({"text": "my back hurts", "age": "thirty"}, "age: enter your age as a whole number"),
        ({"text": "my back hurts", "age": "200"}, "age: Input should be less than or equal to 120"),
        ({"text": "my back hurts", "sex": "other"}, "sex: Input should be"),
        ({"text": "my back hurts\x00"}, "text: contains a NUL character"),
    ],
)
def test_bad_form_input_is_explained_on_the_form_and_stores_nothing(client: TestClient, form: dict[str, str], message: str) -> None:
    r = client.post("/assess", data=form, headers={"HX-Request": "true"})
    assert r.status_code == 422
    assert message in r.text and 'role="alert"' in r.text
    assert r.headers["HX-Push-Url"] == "false", "htmx keeps the form's own address"
    assert stored(client) == 0


def test_a_form_with_too_many_fields_is_refused(client: TestClient) -> None:
    r = client.post(
        "/assess", content="&".join(f"f{i}=x" for i in range(30)), headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert r.status_code == 400 and "too many fields" in r.text
    assert stored(client) == 0


def test_bad_form_keeps_the_words_escaped(client: TestClient) -> None:
    r = client.post("/assess", data={"text": f"{SCRIPT} my back", "age": "abc"})
    assert r.status_code == 422
    assert SCRIPT not in r.text and "&lt;script&gt;" in r.text


def test_the_form_address_leads_back_to_the_form(client: TestClient) -> None:
    r = client.get("/assess", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/"


def test_unknown_result_is_a_404_page(client: TestClient) -> None:
    r = client.get("/assessments/nope")
    assert r.status_code == 404 and "text/html" in r.headers["content-type"]


def test_library_lists_and_searches_every_condition(client: TestClient) -> None:
    kb = load_packaged()
    page = client.get("/conditions").text
    assert all(f'href="/conditions/{cid}"' in page for cid in kb.conditions)
    found = client.get("/conditions", params={"q": "cauda equina"}).text
    assert 'href="/conditions/cauda_equina_syndrome"' in found
    assert 'href="/conditions/nonspecific_lbp"' not in found
    assert "No condition matches" in client.get("/conditions", params={"q": "zzzz"}).text
    assert "&lt;b&gt;" in client.get("/conditions", params={"q": "<b>"}).text


def test_every_condition_has_a_page_from_the_knowledge_base(client: TestClient) -> None:
    kb = load_packaged()
    for cid, c in kb.conditions.items():
        r = client.get(f"/conditions/{cid}")
        assert r.status_code == 200, cid
        page = r.text
        for heading in (
            "What it is",
            "Symptoms and signs",
            "How it is diagnosed",
            "Which doctor",
            "Treatment and care",
            "Recovery",
            "References",
        ):
            assert f"<h2>{heading}</h2>" in page, (cid, heading)
        assert _escaped(c.summary.text) in page and _escaped(c.prognosis.text) in page
        assert _escaped(kb.specialists[c.specialist].name) in page
        assert all(_escaped(kb.tests[w.test].name) in page for w in c.workup)
        assert all(_escaped(kb.references[r].citation) in page for r in c.references)
    assert client.get("/conditions/not_a_condition").status_code == 404


def test_assets_and_api_docs_are_served_locally(client: TestClient) -> None:
    pages = [client.get(p).text for p in ("/", "/conditions", "/conditions/nonspecific_lbp", "/docs")]
    for page in pages:
        for url in re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page):
            assert url.startswith("/static/"), url
            assert client.get(url).status_code == 200, url
    docs = pages[-1]
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs and 'data-openapi="/api/v1/openapi.json"' in docs
    assert client.get("/static/vendor/htmx.min.js").text.startswith("var htmx=")


def _escaped(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


def test_the_kind_of_wasting_names_the_conditions_behind_it(client: TestClient) -> None:
    story = "my right calf and buttock have wasted over a year and pain shoots down the back of my right leg to the outer foot"
    location = submit(client, text=story, age="40")
    a = client.get("/api/v1" + location).json()
    page = client.get(location).text
    assert a["atrophy_type"]["label"] == "neurogenic"
    why = page.split("Why: it is the kind that the likeliest conditions cause:")[1].split("</p>")[0]
    kb = load_packaged()
    named = re.findall(r'href="/conditions/(\w+)"', why)
    assert named and all(kb.conditions[c].atrophy_type.get("neurogenic", 0) >= 0.5 for c in named)
    assert named[0] in [d["condition"]["id"] for d in a["differential"][:3]]


def test_an_emergency_page_gives_no_lower_level_advice(client: TestClient) -> None:
    """A routine flag's "book an appointment" would read as permission to wait: only the emergency's action is shown."""
    story = EMERGENCY + "; it has been going on for two months and it isn't getting better"
    location = submit(client, text=story, age="50")
    a = client.get("/api/v1" + location).json()
    assert a["triage"]["level"] == "emergency"
    lower = [f for f in a["triage"]["red_flags"] if f["urgency"] != "emergency" and f["action"] != a["triage"]["action"]]
    assert lower, "the story should also raise a lower-level flag"
    page = client.get(location).text
    assert _escaped(a["triage"]["action"]) in page
    for flag in lower:
        assert _escaped(flag["name"]) in page, "the flag itself is still listed"
        assert _escaped(flag["action"]) not in page

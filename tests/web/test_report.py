"""The result page's body map and similar cases, and the doctor's report as a PDF (read back with poppler's tools)."""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

from fastapi.testclient import TestClient
from helpers import stored, submit
from markupsafe import escape
from PIL import Image

from lumbus.knowledge.loader import load_packaged
from lumbus.report.cases import published_cases
from lumbus.web.views import URGENCY_LABEL

ORIGIN = (
    "I strained my back doing warm-ups last year. After three months of rehab I still can't recover; stretching my right leg "
    "hurts when I sit down or stand up, and my physiotherapist says the right side of my buttock has shrunk."
)
INJECTED = "<script>alert('x')</script> <h1>BIG</h1> <img src=x onerror=alert(1)>"


def _flat(text: str) -> str:
    return " ".join(text.split())


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    """The PDF's text as pdftotext extracts it, whitespace collapsed."""
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True).stdout
    return _flat(out)


def get_pdf(client: TestClient, location: str) -> bytes:
    r = client.get(f"{location}/report.pdf")
    assert r.status_code == 200, r.text[:500]
    assert r.headers["content-type"] == "application/pdf"
    disposition = r.headers["content-disposition"]
    assert re.fullmatch(rf'attachment; filename="lumbus-report-\d{{4}}-\d\d-\d\d-{location.split("/")[-1][:8]}\.pdf"', disposition)
    assert r.headers["cache-control"] == "no-store", "health data is never cached"
    assert r.content.startswith(b"%PDF-")
    return r.content


def test_the_result_page_has_a_body_map_similar_cases_and_the_report_button(client: TestClient) -> None:
    location = submit(client, text=ORIGIN, age="30", sex="female")
    page = client.get(location).text
    assert f'<a class="button" href="{location}/report.pdf" download hx-boost="false">Report for my doctor (PDF)</a>' in page
    svg = page[page.index('<svg class="bodymap-svg"') : page.index("</svg>", page.index('<svg class="bodymap-svg"'))]
    assert 'role="img" aria-labelledby="bodymap-svg-title bodymap-svg-desc"' in svg
    desc = re.search(r'<desc id="bodymap-svg-desc">(.*?)</desc>', svg, re.S)
    assert desc and "S1 nerve root" in desc.group(1) and "on the right side" in desc.group(1) and "buttock" in desc.group(1)
    assert svg.count('stroke-dasharray="6 3"') == 1, "one wasted region outlined: the right buttock"
    assert svg.count('fill="url(#bodymap-stripes)"') == 3, "S1 skin: calf, outer foot, heel and sole"
    text = _flat(re.sub(r"<[^>]+>", " ", html.unescape(page[page.index('<dl class="bodymap-list">') :])))
    assert "Suspected nerve root S1, right side (78%)" in text
    assert "Buttock muscle wasting: buttock, right" in text
    similar = page[page.index('<ol class="similar">') : page.index("</ol>", page.index('<ol class="similar">'))]
    assert similar.count("<li>") == 3
    shown = [c for c in published_cases() if html.escape(c.citation, quote=False) in similar or html.escape(c.citation) in similar]
    assert len(shown) == 3 and all(c.condition == "disc_herniation_s1" for c in shown)
    assert "v001" not in similar and html.escape(ORIGIN[:60], quote=True) not in similar, "not the person's own story"
    order = [
        page.index(s) for s in ('class="urgency', "What it could be", "Where on your body", "Similar published cases", "What we understood")
    ]
    assert order == sorted(order)


def test_the_report_for_the_origin_case(any_client: TestClient, tmp_path: Path) -> None:
    location = submit(any_client, text=ORIGIN, age="30", sex="female")
    a = any_client.get("/api/v1" + location).json()
    pdf = get_pdf(any_client, location)
    text = pdf_text(pdf, tmp_path)
    assert _flat(ORIGIN) in text, "the person's own words"
    assert "No interview questions were answered." in text, "the interview behind the result was found in the store"
    assert a["differential"][0]["condition"]["name"] == "Lumbar disc herniation with S1 radiculopathy"
    assert "Lumbar disc herniation with S1 radiculopathy" in text
    assert "Most likely kind: neurogenic" in text
    assert "nerve root: S1 right (78%)" in text and "S1, right side (78%)" in text
    assert _flat(a["disclaimer"]) in text
    assert f"Assessment {location.split('/')[-1]}" in text and "age 30, female" in text
    kb = load_packaged()
    for w in a["workup"]:
        assert w["test"]["name"] in text
    assert a["specialist"]["name"] in text
    cited = [kb.references[r] for w in a["workup"] for r in w["refs"]]
    assert cited and all(_flat(r.citation) in text for r in cited), "the references behind the tests"
    urgency = text.index(f"Urgency: {URGENCY_LABEL[a['triage']['level']]}")
    headings = [text.index(h) for h in ("IN THEIR OWN WORDS", "DIFFERENTIAL", "BODY MAP", "SUGGESTED TESTS", "CARE PLAN", "REFERENCES")]
    assert [urgency, *headings, text.index(_flat(a["disclaimer"]))] == sorted([urgency, *headings, text.index(_flat(a["disclaimer"]))])
    assert stored(any_client) == 1, "downloading the report stores nothing"


def test_page_one_is_a_non_blank_a4_image(client: TestClient, tmp_path: Path) -> None:
    pdf = get_pdf(client, submit(client, text=ORIGIN, age="30", sex="female"))
    (tmp_path / "report.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile", "report.pdf", "page1"], cwd=tmp_path, check=True)
    with Image.open(tmp_path / "page1.png") as im:
        width, height = im.size
        grey = im.convert("L")
        histogram = grey.histogram()
    assert abs(height / width - 297 / 210) < 0.01, (width, height)
    inked = sum(histogram[:200]) / (width * height)
    assert 0.02 < inked < 0.5, f"{inked:.1%} of the page is ink"


def test_markup_in_the_words_is_printed_as_text(client: TestClient, tmp_path: Path) -> None:
    location = submit(client, text=f"My back hurts and my right buttock has shrunk {INJECTED}", age="40")
    pdf = get_pdf(client, location)
    text = pdf_text(pdf, tmp_path)
    assert INJECTED in text, "the words exactly as typed"
    assert b"/JavaScript" not in pdf and b"/JS" not in pdf
    page = client.get(location).text
    assert INJECTED not in page and str(escape(INJECTED)) in page


def test_the_interviews_answers_are_in_the_report(client: TestClient, tmp_path: Path) -> None:
    r = client.post("/assess", data={"text": ORIGIN, "age": "30", "sex": "female"}, follow_redirects=False)
    interview = r.headers["location"]
    assert interview.startswith("/interview/")
    asked = []
    for value in ("dont_know", "no"):
        page = client.get(interview).text
        qid = re.search(r'name="question" value="([^"]+)"', page)
        kind = "yes_no" if 'value="yes"' in page else "choice"
        assert qid, page[:500]
        question = html.unescape(re.search(r'<h1 class="question">(.*?)</h1>', page, re.S).group(1))  # type: ignore[union-attr]
        answer = value if kind == "yes_no" else "dont_know"
        client.post(interview, data={"question": qid.group(1), "value": answer})
        asked.append((_flat(question), {"dont_know": "I don't know", "no": "No"}[answer]))
    location = client.post(interview, data={"action": "finish"}, follow_redirects=False).headers["location"]
    text = pdf_text(get_pdf(client, location), tmp_path)
    assert "Answers to the interview's questions" in text
    for question, answer in asked:
        assert re.search(re.escape(question) + r"( \(.*?\))? " + re.escape(answer), text), (question, answer)
    page = html.unescape(client.get(location).text)
    assert "Your answers (2)" in page and asked[0][0] in _flat(page)


def test_a_structured_case_from_the_api_lists_its_findings(client: TestClient, tmp_path: Path) -> None:
    case = {"age": 62, "sex": "male", "present": ["leg_weakness", "muscle_atrophy"], "absent": ["low_back_pain"]}
    r = client.post("/api/v1/assessments", json=case)
    assert r.status_code == 201, r.text
    text = pdf_text(get_pdf(client, f"/assessments/{r.json()['id']}"), tmp_path)
    kb = load_packaged()
    assert "The case as given" in text and "No words given" in text
    for fid, answer in (("leg_weakness", "Yes"), ("muscle_atrophy", "Yes"), ("low_back_pain", "No")):
        assert f"{_flat(kb.findings[fid].name)} {answer}" in text
    assert "Age 62" in text


def test_an_unknown_report_is_a_404_page(client: TestClient) -> None:
    for address in ("/assessments/nope/report.pdf", "/assessments/00000000-0000-0000-0000-000000000000/report.pdf"):
        r = client.get(address)
        assert r.status_code == 404
        assert r.headers["content-type"].startswith("text/html")
        assert "There is no result at this address." in r.text


def test_a_report_is_rendered_once_and_then_served_from_memory(client: TestClient) -> None:
    """A stored assessment never changes, so neither does its PDF: the second download is not laid out again."""
    first = submit(client, text="my right buttock has shrunk and my leg hurts when I sit", age="30")
    second = submit(client, text="my left calf is wasting and my foot slaps", age="52")
    reports = client.app.state.reports  # type: ignore[attr-defined]
    before = reports.rendered
    a = get_pdf(client, first)
    assert reports.rendered == before + 1
    assert get_pdf(client, first) == a and reports.rendered == before + 1, "the same bytes, not rendered again"
    b = get_pdf(client, second)
    assert b != a and reports.rendered == before + 2

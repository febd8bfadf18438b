"""The adaptive interview on the patient pages, as a browser without JavaScript uses it."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from helpers import stored

STORY = "my right buttock has shrunk and my leg hurts when I sit"


def _start(client: TestClient, text: str = STORY) -> str:
    r = client.post("/assess", data={"text": text, "age": "30", "sex": "female"}, follow_redirects=False)
    assert r.status_code == 303, r.text
    location: str = r.headers["location"]
    return location


def _question(page: str) -> str:
    found = re.search(r'name="question" value="([^"]+)"', page)
    assert found, page[:500]
    return found.group(1)


def test_questions_one_at_a_time_with_back_why_and_result(client: TestClient) -> None:
    at = _start(client)
    assert re.fullmatch(r"/interview/[0-9a-f-]{36}", at)
    first = client.get(at)
    assert first.status_code == 200 and "Why are you asking?" in first.text and "I don't know" in first.text
    q1 = _question(first.text)
    r = client.post(at, data={"question": q1, "value": "dont_know"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == at
    q2 = _question(client.get(at).text)
    assert q2 != q1
    client.post(at, data={"action": "back"})
    assert _question(client.get(at).text) == q1  # back to the first question
    assert stored(client) == 0
    done = client.post(at, data={"action": "finish"}, follow_redirects=False)
    result = done.headers["location"]
    assert re.fullmatch(r"/assessments/[0-9a-f-]{36}", result) and stored(client) == 1
    assert "What it could be" in client.get(result).text
    # the interview is over: its address now leads to the result
    again = client.get(at, follow_redirects=False)
    assert again.status_code == 303 and again.headers["location"] == result


def test_an_emergency_goes_straight_to_the_result(client: TestClient) -> None:
    at = _start(client, "I suddenly can't pee and the skin around my bottom is numb, my back is killing me")
    assert at.startswith("/assessments/")
    page = client.get(at).text
    assert page.index("emergency") < page.index("What it could be")


def test_a_bad_answer_is_explained_and_changes_nothing(client: TestClient) -> None:
    at = _start(client)
    q = _question(client.get(at).text)
    r = client.post(at, data={"question": q, "value": "maybe"})
    assert r.status_code == 422 and "Please check" in r.text
    assert _question(client.get(at).text) == q
    stale = client.post(at, data={"question": "not_this_one", "value": "yes"}, follow_redirects=False)
    assert stale.status_code == 303 and _question(client.get(at).text) == q


def test_unknown_interview(client: TestClient) -> None:
    assert client.get("/interview/00000000-0000-0000-0000-000000000000").status_code == 404
    assert client.post("/interview/nope", data={"action": "finish"}).status_code == 404

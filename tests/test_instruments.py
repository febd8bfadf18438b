"""Instruments scored exactly as published: clinical-notes §7 worked examples and the published rules."""

from __future__ import annotations

import pytest

from lumbus.instruments.scoring import AnswerError, score

SARC_F_ITEMS = ("strength", "assistance_walking", "rise_from_chair", "climb_stairs", "falls")


@pytest.mark.parametrize(
    ("answers", "total", "band"),
    [
        ((1, 0, 1, 2, 0), 4, "positive"),  # F1
        ((0, 0, 1, 1, 1), 3, "negative"),  # F2
        ((2, 2, 2, 2, 2), 10, "positive"),  # F3
    ],
)
def test_sarc_f_worked_examples(answers: tuple[int, ...], total: int, band: str) -> None:
    r = score("sarc_f", dict(zip(SARC_F_ITEMS, answers, strict=True)))
    assert r.score().value == total
    assert r.score().band == band
    assert {e.finding: e.present for e in r.evidence}["sarc_f_positive"] is (total >= 4)


def test_sarc_f_missing_item_is_refused_by_name() -> None:
    with pytest.raises(AnswerError, match="falls"):
        score("sarc_f", dict(zip(SARC_F_ITEMS[:4], (1, 1, 1, 1), strict=True)))


@pytest.mark.parametrize(
    ("answers", "named"),
    [
        ({"strength": 3}, "'strength'"),
        ({"strength": -1}, "'strength'"),
        ({"strenght": 1}, "'strenght'"),
        ({"falls": "often"}, "'falls'"),
    ],
)
def test_bad_answers_name_the_item(answers: dict[str, object], named: str) -> None:
    with pytest.raises(AnswerError, match=named):
        score("sarc_f", {**dict.fromkeys(SARC_F_ITEMS, 0), **answers})


def test_unknown_instrument_suggests() -> None:
    with pytest.raises(AnswerError, match="sarc_f"):
        score("sarcf", {})

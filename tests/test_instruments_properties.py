"""Properties of every scored instrument: scores stay in range, rise with each item, and follow the missing-item rule."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lumbus.instruments.schema import Instrument, Item
from lumbus.instruments.scoring import AnswerError, packaged_instruments, score

INSTRUMENTS = [i for i in packaged_instruments().values() if i.scores]
SCORED = [(i, s.id) for i in INSTRUMENTS for s in i.scores]


def answer(item: Item) -> st.SearchStrategy[Any]:
    """Any valid answer to one item (option code, measurement, or 'unable' where allowed)."""
    if item.kind == "choice":
        return st.sampled_from([o.code for o in item.options if not o.missing])
    values = st.floats(item.min or 0, item.max or 1000, allow_nan=False)
    return st.one_of(values, st.just("unable")) if item.allow_unable else values


@st.composite
def complete(draw: st.DrawFn, inst: Instrument) -> dict[str, Any]:
    return {i.id: draw(answer(i)) for i in inst.items}


@settings(max_examples=25, deadline=None)
@given(st.data())
@pytest.mark.parametrize(("inst", "score_id"), SCORED, ids=[f"{i.id}.{s}" for i, s in SCORED])
def test_scores_stay_in_range(inst: Instrument, score_id: str, data: st.DataObject) -> None:
    r = score(inst, data.draw(complete(inst)), sex=data.draw(st.sampled_from(["female", "male"])))
    spec = next(s for s in inst.scores if s.id == score_id)
    top = 100.0 if spec.method == "percent" else sum(inst.item(i).max_points for i in spec.items)
    s = r.score(score_id)
    assert 0 <= s.value <= top
    assert s.band is not None or not spec.bands


@settings(max_examples=25, deadline=None)
@given(st.data())
@pytest.mark.parametrize(("inst", "score_id"), SCORED, ids=[f"{i.id}.{s}" for i, s in SCORED])
def test_scores_rise_with_each_choice_item(inst: Instrument, score_id: str, data: st.DataObject) -> None:
    spec = next(s for s in inst.scores if s.id == score_id)
    choices = [inst.item(i) for i in spec.items if inst.item(i).kind == "choice"]
    if not choices:
        return
    answers = data.draw(complete(inst))
    item = data.draw(st.sampled_from(choices))
    low, high = sorted(
        data.draw(st.lists(st.sampled_from([o for o in item.options if not o.missing]), min_size=2, max_size=2)), key=lambda o: o.value
    )
    before = score(inst, answers | {item.id: low.code}, sex="female").score(score_id).value
    after = score(inst, answers | {item.id: high.code}, sex="female").score(score_id).value
    assert before <= after


@settings(max_examples=30, deadline=None)
@given(st.data())
@pytest.mark.parametrize("item", [i for inst in INSTRUMENTS for i in inst.items if i.points], ids=lambda i: i.id)
def test_timed_items_score_monotonically(item: Item, data: st.DataObject) -> None:
    inst = next(i for i in INSTRUMENTS if item in i.items)
    xs = sorted(data.draw(st.lists(st.floats(item.min or 0, item.max or 1000, allow_nan=False), min_size=3, max_size=3)))
    base = {i.id: (i.options[0].code if i.kind == "choice" else i.max) for i in inst.items}
    pts = [score(inst, base | {item.id: x}).answers[item.id].points or 0 for x in xs]
    assert pts == sorted(pts) or pts == sorted(pts, reverse=True)


@settings(max_examples=25, deadline=None)
@given(st.data())
@pytest.mark.parametrize(("inst", "score_id"), SCORED, ids=[f"{i.id}.{s}" for i, s in SCORED])
def test_missing_items_follow_the_published_rule(inst: Instrument, score_id: str, data: st.DataObject) -> None:
    spec = next(s for s in inst.scores if s.id == score_id)
    answers = data.draw(complete(inst))
    dropped = data.draw(st.lists(st.sampled_from(spec.items), unique=True, min_size=1, max_size=len(spec.items)))
    kept = {k: v for k, v in answers.items() if k not in dropped}
    if not kept:
        with pytest.raises(AnswerError, match="no answers"):
            score(inst, kept, sex="female")
    elif spec.missing.counts_as is not None:  # RMDQ: an unticked statement is "no"
        full = score(inst, kept | {d: "no" for d in dropped}).score(score_id).value
        assert score(inst, kept).score(score_id).value == full
    elif len(dropped) <= spec.missing.max_missing:  # ODI: one section may be missing; the denominator shrinks
        s = score(inst, kept).score(score_id)
        points = sum(score(inst, answers).answers[i].points or 0 for i in spec.items if i not in dropped)
        assert s.value == pytest.approx(points / (5 * (len(spec.items) - len(dropped))) * 100)
    else:
        with pytest.raises(AnswerError) as info:
            score(inst, kept, sex="female")
        assert info.value.item in dropped and "unanswered" in str(info.value)


@settings(max_examples=25, deadline=None)
@given(st.data())
@pytest.mark.parametrize("inst", [i for i in packaged_instruments().values()], ids=lambda i: i.id)
def test_out_of_range_answers_name_the_item(inst: Instrument, data: st.DataObject) -> None:
    item = data.draw(st.sampled_from(inst.items))
    if item.kind == "choice":
        bad: Any = data.draw(st.integers(max(o.value for o in item.options) + 1, 1000) | st.integers(-1000, -1))
    else:
        bad = data.draw(st.floats((item.max or 0) + 0.001, 1e6) | st.floats(-1e6, (item.min or 0) - 0.001))
    with pytest.raises(AnswerError) as info:
        score(inst, {item.id: bad}, sex="male")
    assert info.value.item == item.id and repr(item.id) in str(info.value)

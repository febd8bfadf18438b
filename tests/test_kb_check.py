"""Broken knowledge bases each produce a named error; the packaged base is clean and cited."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from lumbus.knowledge.check import check, stats
from lumbus.knowledge.loader import KnowledgeBaseError, load_from, load_packaged

Edit = Callable[[dict], None]
MakeKb = Callable[[str, Edit], Path]


def _cond(d: dict) -> dict:
    return d["conditions"][0]


LOAD_ERRORS: list[tuple[str, str, Edit]] = [
    ("UnknownField", "conditions/c.yaml", lambda d: _cond(d).update(colour="red")),
    ("SchemaError", "conditions/c.yaml", lambda d: _cond(d).update(icd10="not a code")),
    ("SchemaError", "findings/f.yaml", lambda d: d["findings"][0].update(type="feeling")),
    ("DuplicateId", "findings/f.yaml", lambda d: d["findings"].append(dict(d["findings"][0]))),
    ("SchemaError", "red_flags/r.yaml", lambda d: d["red_flags"][0].update(urgency="whenever")),
    ("UnknownField", "findings/f.yaml", lambda d: d["findings"][0].update(denied_by=[{"a": ["bladder"], "b": ["fine"], "colour": "red"}])),
]

CHECK_ERRORS: list[tuple[str, str, Edit]] = [
    ("DanglingFinding", "conditions/c.yaml", lambda d: _cond(d)["findings"].append({"finding": "nope", "frequency": 0.5})),
    ("DanglingReference", "conditions/c.yaml", lambda d: _cond(d)["summary"].update(refs=["missing_ref"])),
    ("MissingCitation", "conditions/c.yaml", lambda d: _cond(d)["summary"].pop("refs")),
    ("ProbabilityOutOfRange", "conditions/c.yaml", lambda d: _cond(d)["findings"][0].update(frequency=1.5)),
    ("ProbabilityOutOfRange", "findings/f.yaml", lambda d: d["findings"][2]["background"].update(value=-0.1)),
    ("DistributionNotNormalised", "conditions/c.yaml", lambda d: _cond(d).update(atrophy_type={"neurogenic": 0.7})),
    ("DanglingSpecialist", "conditions/c.yaml", lambda d: _cond(d).update(specialist="wizard")),
    ("MissingWorkup", "conditions/c.yaml", lambda d: _cond(d).update(workup=[])),
    ("MissingCarePlan", "conditions/c.yaml", lambda d: _cond(d).update(care_plan=[])),
    ("DanglingTest", "conditions/c.yaml", lambda d: _cond(d)["workup"][0].update(test="xray_of_soul")),
    ("DanglingFinding", "red_flags/r.yaml", lambda d: d["red_flags"][0]["all"][0]["any"].append("ghost")),
    ("DuplicateLink", "conditions/c.yaml", lambda d: _cond(d)["findings"].append(dict(_cond(d)["findings"][0]))),
    ("UnsafeRule", "red_flags/r.yaml", lambda d: d["red_flags"][0].update(urgency="emergency", unless=["z"])),
    ("DanglingFinding", "red_flags/r.yaml", lambda d: d["red_flags"][0].update(unless=["ghost"])),
    ("DanglingFinding", "findings/f.yaml", lambda d: d["findings"][3].update(states_absent=["ghost"])),
    ("UnsafeDenial", "findings/f.yaml", lambda d: d["findings"][0].update(denied_by=[{"a": ["fine"]}])),
]


@pytest.mark.parametrize(("code", "path", "edit"), LOAD_ERRORS)
def test_broken_file_is_refused(kb_copy: MakeKb, code: str, path: str, edit: Edit) -> None:
    root = kb_copy(path, edit)
    with pytest.raises(KnowledgeBaseError) as info:
        load_from(root)
    assert info.value.code == code


@pytest.mark.parametrize(("code", "path", "edit"), CHECK_ERRORS)
def test_broken_content_is_named(kb_copy: MakeKb, code: str, path: str, edit: Edit) -> None:
    kb = load_from(kb_copy(path, edit))
    codes = {i.code for i in check(kb) if i.severity == "error"}
    assert code in codes


def test_invalid_yaml_is_named(tmp_path: Path, kb_copy: MakeKb) -> None:
    root = kb_copy("tests.yaml", lambda d: None)
    (root / "tests.yaml").write_text("tests: [unclosed")
    with pytest.raises(KnowledgeBaseError) as info:
        load_from(root)
    assert info.value.code == "InvalidYaml"


def test_a_key_written_twice_is_named(kb_copy: MakeKb) -> None:
    """YAML would keep the second silently (an edit once gave a finding two ``exclude:`` lists and lost the first)."""
    root = kb_copy("tests.yaml", lambda d: None)
    f = root / "findings" / "f.yaml"
    f.write_text(f.read_text().replace("type: symptom,", "type: symptom, type: sign,", 1))
    with pytest.raises(KnowledgeBaseError) as info:
        load_from(root)
    assert info.value.code == "InvalidYaml" and "duplicate key 'type'" in info.value.message


def test_minimal_fixture_is_clean(kb_copy: MakeKb) -> None:
    kb = load_from(kb_copy("tests.yaml", lambda d: None))
    assert [i for i in check(kb) if i.severity == "error"] == []


def test_packaged_kb_is_clean_and_cited() -> None:
    kb = load_packaged()
    errors = [str(i) for i in check(kb) if i.severity == "error"]
    assert errors == []
    s = stats(kb)
    assert s["cited_or_estimate_share"] == 1.0

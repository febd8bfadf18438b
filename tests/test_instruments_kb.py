"""Instrument files are knowledge files: broken ones are refused or reported with a named error."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from lumbus.knowledge.check import check
from lumbus.knowledge.loader import KnowledgeBaseError, load_from

# not imported from conftest: tests/web has a conftest of its own, and which one "conftest" names
# depends on the order pytest collects the folders in
FIXTURES = Path(__file__).parent / "fixtures"
KB_MIN = FIXTURES / "kb_min"

Edit = Callable[[dict[str, Any]], None]


def kb_with_instrument(tmp_path: Path, edit: Edit) -> Path:
    root = tmp_path / "kb"
    shutil.copytree(KB_MIN, root)
    (root / "instruments").mkdir()
    data = yaml.safe_load((FIXTURES / "instrument_min" / "tiny.yaml").read_text())
    edit(data["instrument"])
    (root / "instruments" / "tiny.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    return root


def test_minimal_instrument_is_clean(tmp_path: Path) -> None:
    kb = load_from(kb_with_instrument(tmp_path, lambda d: None))
    assert set(kb.instruments) == {"tiny"}
    assert [str(i) for i in check(kb) if i.severity == "error"] == []
    assert "findings.z" not in {i.where for i in check(kb)}  # a finding that brings care is used


@pytest.mark.parametrize(
    ("code", "edit"),
    [
        ("UnknownField", lambda d: d.update(colour="red")),
        ("SchemaError", lambda d: d["scores"][0].update(items=["nope"])),
        ("SchemaError", lambda d: d["items"][0].update(options=[])),
        ("SchemaError", lambda d: d["evidence"][0].update(when=[{"score": "total", "item": "a"}])),
    ],
)
def test_broken_instrument_file_is_refused(tmp_path: Path, code: str, edit: Edit) -> None:
    with pytest.raises(KnowledgeBaseError) as info:
        load_from(kb_with_instrument(tmp_path, edit))
    assert info.value.code == code and "instruments/tiny.yaml" in info.value.where


@pytest.mark.parametrize(
    ("code", "edit"),
    [
        ("DanglingFinding", lambda d: d["evidence"][0].update(finding="ghost")),
        ("DanglingFinding", lambda d: d["care"][0].update(finding="ghost")),
        ("DanglingReference", lambda d: d.update(references=["missing_ref"])),
        ("DanglingReference", lambda d: d["scores"][0]["bands"][0].update(refs=["missing_ref"])),
        ("MissingCitation", lambda d: d["scores"][0]["missing"].pop("refs")),
        ("SchemaError", lambda d: d["scores"][0]["bands"].reverse()),
        ("SchemaError", lambda d: d["evidence"][1].update(finding="y")),  # a side for a finding that has none
    ],
)
def test_broken_instrument_content_is_named(tmp_path: Path, code: str, edit: Edit) -> None:
    kb = load_from(kb_with_instrument(tmp_path, edit))
    assert code in {i.code for i in check(kb) if i.severity == "error"}

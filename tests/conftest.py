"""Shared fixtures: the tiny hand-checkable knowledge base and the packaged one."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from lumbus.knowledge.compiled import CompiledKB, compile_kb, compiled_packaged
from lumbus.knowledge.loader import load_from

FIXTURES = Path(__file__).parent / "fixtures"
KB_MIN = FIXTURES / "kb_min"


@pytest.fixture(scope="session")
def min_ckb() -> CompiledKB:
    return compile_kb(load_from(KB_MIN))


@pytest.fixture(scope="session")
def ckb() -> CompiledKB:
    return compiled_packaged()


@pytest.fixture
def kb_copy(tmp_path: Path) -> Callable[[str, Callable[[dict], None]], Path]:
    """Copy the minimal knowledge base and apply one edit to one YAML file."""

    def make(relpath: str, edit: Callable[[dict], None]) -> Path:
        root = tmp_path / "kb"
        shutil.copytree(KB_MIN, root)
        target = root / relpath
        data = yaml.safe_load(target.read_text())
        edit(data)
        target.write_text(yaml.safe_dump(data, sort_keys=False))
        return root

    return make

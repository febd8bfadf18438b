"""Load the knowledge base from YAML files into validated pydantic models.

The packaged base is read with :mod:`importlib.resources`; tests and
``lumbus kb check --path`` can point at any directory with the same layout (``interview.yaml``, the adaptive
interview's themes, screen and stop rules, is optional)::

    meta.yaml  specialists.yaml  tests.yaml  treatments.yaml  localization.yaml
    references/*.yaml  findings/*.yaml  conditions/*.yaml  red_flags/*.yaml
    intake/context.yaml
    cds.yaml (optional: CDS Hooks card content)
    bodymap.yaml (optional: dermatomes, myotomes and wasting sites for the body map)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, TypeVar, cast

import yaml
from pydantic import BaseModel, ValidationError

from lumbus.instruments.schema import Instrument, InstrumentFile
from lumbus.knowledge.schema import (
    BodyMapFile,
    CdsFile,
    Condition,
    ConditionFile,
    ContextFile,
    Finding,
    FindingFile,
    InterviewFile,
    LocalizationFile,
    Meta,
    RedFlagFile,
    RedFlagRule,
    Reference,
    Specialist,
    SpecialistFile,
    Test,
    TestFile,
    Treatment,
    TreatmentFile,
)

M = TypeVar("M", bound=BaseModel)
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Safe YAML that refuses a key written twice in one mapping: YAML keeps the last silently, so a second
    ``exclude:`` added to a finding would throw its first list away."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
            seen.add(key)
        return cast(dict[Any, Any], super().construct_mapping(node, deep=deep))


class KnowledgeBaseError(Exception):
    """A knowledge-base file could not be loaded. ``code`` names the error kind."""

    def __init__(self, code: str, where: str, message: str) -> None:
        super().__init__(f"{code} in {where}: {message}")
        self.code = code
        self.where = where
        self.message = message


class _ReferenceFile(BaseModel):
    model_config = {"extra": "forbid"}
    references: list[Reference]


@dataclass(frozen=True)
class KnowledgeBase:
    """Every knowledge-base table, validated, keyed by id."""

    meta: Meta
    references: dict[str, Reference]
    findings: dict[str, Finding]
    conditions: dict[str, Condition]
    red_flags: dict[str, RedFlagRule]
    tests: dict[str, Test]
    specialists: dict[str, Specialist]
    treatments: dict[str, Treatment]
    localization: LocalizationFile
    context: ContextFile
    interview: InterviewFile = field(default_factory=InterviewFile)
    sources: dict[str, str] = field(default_factory=dict, repr=False)
    """Which file each id came from, for error messages."""
    cds: CdsFile = field(default_factory=CdsFile)
    instruments: dict[str, Instrument] = field(default_factory=dict)
    """Validated questionnaires and tests (``instruments/*.yaml``), keyed by id."""
    body_map: BodyMapFile = field(default_factory=BodyMapFile)


def _read_yaml(node: Traversable, where: str) -> Any:
    try:
        return yaml.load(node.read_text(encoding="utf-8"), Loader=_Loader)
    except yaml.YAMLError as exc:
        raise KnowledgeBaseError("InvalidYaml", where, str(exc).replace("\n", " ")) from exc
    except UnicodeDecodeError as exc:
        raise KnowledgeBaseError("InvalidYaml", where, f"not UTF-8 text: {exc}") from exc


def _parse(model: type[M], node: Traversable, where: str) -> M:
    data = _read_yaml(node, where)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"])
        kind = "UnknownField" if first["type"] == "extra_forbidden" else "SchemaError"
        raise KnowledgeBaseError(kind, f"{where}:{loc}", first["msg"]) from exc


def _yaml_files(folder: Traversable) -> list[Traversable]:
    if not folder.is_dir():
        return []
    return sorted((n for n in folder.iterdir() if n.name.endswith((".yaml", ".yml"))), key=lambda n: n.name)


def _index(items: Iterable[tuple[str, Any]], kind: str, sources: dict[str, str], where: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item_id, item in items:
        key = f"{kind}:{item_id}"
        if item_id in out or key in sources:
            raise KnowledgeBaseError("DuplicateId", where, f"{kind} id {item_id!r} is defined twice")
        out[item_id] = item
        sources[key] = where
    return out


def load_from(root: Traversable | Path) -> KnowledgeBase:
    """Load and validate every file under ``root``. Raises :class:`KnowledgeBaseError`."""
    base: Traversable = root if not isinstance(root, Path) else cast(Traversable, _PathNode(root))
    sources: dict[str, str] = {}

    def one(name: str, model: type[M]) -> M:
        node = base / name
        if not node.is_file():
            raise KnowledgeBaseError("MissingFile", name, "required knowledge-base file is missing")
        return _parse(model, node, name)

    def many(folder: str, model: type[M], attr: str, kind: str) -> dict[str, Any]:
        merged: dict[str, Any] = {}
        for node in _yaml_files(base / folder):
            where = f"{folder}/{node.name}"
            parsed = _parse(model, node, where)
            items = getattr(parsed, attr)
            for item_id, item in _index(((i.id, i) for i in items), kind, sources, where).items():
                merged[item_id] = item
        return merged

    def table(name: str, model: type[M], attr: str, kind: str) -> dict[str, Any]:
        """``name.yaml`` plus any ``name/*.yaml`` that domains add."""
        merged = _index(((i.id, i) for i in getattr(one(f"{name}.yaml", model), attr)), kind, sources, f"{name}.yaml")
        for item_id, item in many(name, model, attr, kind).items():
            if item_id in merged:
                raise KnowledgeBaseError("DuplicateId", sources[f"{kind}:{item_id}"], f"{kind} id {item_id!r} is defined twice")
            merged[item_id] = item
        return merged

    meta = one("meta.yaml", Meta)
    specialists = table("specialists", SpecialistFile, "specialists", "specialist")
    tests = table("tests", TestFile, "tests", "test")
    treatments = table("treatments", TreatmentFile, "treatments", "treatment")
    return KnowledgeBase(
        meta=meta,
        references=many("references", _ReferenceFile, "references", "reference"),
        findings=many("findings", FindingFile, "findings", "finding"),
        conditions=many("conditions", ConditionFile, "conditions", "condition"),
        red_flags=many("red_flags", RedFlagFile, "red_flags", "red_flag"),
        tests=tests,
        specialists=specialists,
        treatments=treatments,
        instruments=load_instruments(base, sources),
        localization=one("localization.yaml", LocalizationFile),
        interview=one("interview.yaml", InterviewFile) if (base / "interview.yaml").is_file() else InterviewFile(),
        context=one("intake/context.yaml", ContextFile),
        sources=sources,
        cds=one("cds.yaml", CdsFile) if (base / "cds.yaml").is_file() else CdsFile(),
        body_map=one("bodymap.yaml", BodyMapFile) if (base / "bodymap.yaml").is_file() else BodyMapFile(),
    )


def load_instruments(root: Traversable | Path, sources: dict[str, str] | None = None) -> dict[str, Instrument]:
    """The instruments under ``root/instruments``, one file each; readable without the rest of the base."""
    base: Traversable = root if not isinstance(root, Path) else cast(Traversable, _PathNode(root))
    files = [(f"instruments/{n.name}", n) for n in _yaml_files(base / "instruments")]
    parsed = ((where, _parse(InstrumentFile, node, where).instrument) for where, node in files)
    seen = {} if sources is None else sources
    out: dict[str, Instrument] = {}
    for where, inst in parsed:
        out.update(_index([(inst.id, inst)], "instrument", seen, where))
    return out


class _PathNode:
    """Adapts a filesystem path to the small Traversable surface the loader uses."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self.name = path.name

    def __truediv__(self, child: str) -> _PathNode:
        return _PathNode(self._path / child)

    def is_dir(self) -> bool:
        return self._path.is_dir()

    def is_file(self) -> bool:
        return self._path.is_file()

    def iterdir(self) -> Iterable[_PathNode]:
        return (_PathNode(p) for p in self._path.iterdir())

    def read_text(self, encoding: str = "utf-8") -> str:
        return self._path.read_text(encoding=encoding)


def packaged_root() -> Traversable:
    return resources.files("lumbus.knowledge") / "data"


@lru_cache(maxsize=1)
def load_packaged() -> KnowledgeBase:
    """The knowledge base shipped inside the package, loaded once per process."""
    return load_from(packaged_root())


__all__ = ["KnowledgeBase", "KnowledgeBaseError", "load_from", "load_instruments", "load_packaged", "packaged_root"]

"""Write src/lumbus/report/data/cases.json, the similar-cases index, from vignettes/ (run after editing a vignette)."""

from __future__ import annotations

import sys
from pathlib import Path

from lumbus.evaluation.vignettes import load_vignettes
from lumbus.report.cases import build_index, dump_index

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "src" / "lumbus" / "report" / "data" / "cases.json"


def main() -> int:
    index = build_index(load_vignettes(ROOT / "vignettes"))
    TARGET.write_text(dump_index(index), encoding="utf-8")
    print(f"{TARGET.relative_to(ROOT)}: {len(index['cases'])} cases")
    return 0


if __name__ == "__main__":
    sys.exit(main())

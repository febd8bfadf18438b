"""Insert or update condition -> finding links in conditions/*.yaml, keeping each file's layout.

Usage (from the repository root): python tools/add_links.py FINDING 'cond_a=frequent' 'cond_b=0.3' ... [--refs r1,r2]
Every link written is marked ``estimate: true`` (add refs with --refs). Existing links are left alone.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

CONDITIONS = Path(__file__).resolve().parents[1] / "src/lumbus/knowledge/data/conditions"


def add_link(finding: str, condition: str, frequency: str, refs: list[str]) -> str:
    for path in sorted(CONDITIONS.glob("*.yaml")):
        text = path.read_text()
        m = re.search(rf"^(\s*)- id: {re.escape(condition)}\s*$", text, flags=re.M)
        if not m:
            continue
        nxt = re.search(r"^\s*- id: ", text[m.end() :], flags=re.M)
        block_end = m.end() + (nxt.start() if nxt else len(text) - m.end())
        block = text[m.end() : block_end]
        if re.search(rf"\{{finding: {re.escape(finding)},", block):
            return f"{condition}: already links {finding}"
        f = re.search(r"^(\s*)findings:\s*\n(\s*)- ", block, flags=re.M)
        if not f:
            raise SystemExit(f"{condition}: no findings list")
        cite = f"refs: [{', '.join(refs)}], estimate: true" if refs else "estimate: true"
        line = f"{f.group(2)}- {{finding: {finding}, frequency: {frequency}, {cite}}}\n"
        at = m.end() + block.index("\n", f.start() + len(f.group(1))) + 1
        path.write_text(text[:at] + line + text[at:])
        return f"{condition}: linked {finding} ({frequency}) in {path.name}"
    raise SystemExit(f"no condition {condition}")


def main(argv: list[str]) -> None:
    refs: list[str] = []
    if "--refs" in argv:
        i = argv.index("--refs")
        refs = argv[i + 1].split(",")
        argv = argv[:i] + argv[i + 2 :]
    finding, *pairs = argv
    for pair in pairs:
        condition, frequency = pair.split("=")
        print(add_link(finding, condition, frequency, refs))


if __name__ == "__main__":
    main(sys.argv[1:])

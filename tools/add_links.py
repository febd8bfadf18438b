"""Insert or update condition -> finding links in conditions/*.yaml, keeping each file's layout.

Usage (from the repository root): python tools/add_links.py FINDING 'cond_a=frequent' 'cond_b=0.3' ... [--refs r1,r2] [--replace]
Every link written is marked ``estimate: true`` (add refs with --refs). Existing links are left alone
unless --replace is given, which rewrites them.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

CONDITIONS = Path(__file__).resolve().parents[1] / "src/lumbus/knowledge/data/conditions"


def add_link(finding: str, condition: str, frequency: str, refs: list[str], replace: bool = False) -> str:
    for path in sorted(CONDITIONS.glob("*.yaml")):
        text = path.read_text()
        m = re.search(rf"^(\s*)- id: {re.escape(condition)}\s*$", text, flags=re.M)
        if not m:
            continue
        nxt = re.search(r"^\s*- id: ", text[m.end() :], flags=re.M)
        block_end = m.end() + (nxt.start() if nxt else len(text) - m.end())
        block = text[m.end() : block_end]
        cite = f"refs: [{', '.join(refs)}], estimate: true" if refs else "estimate: true"
        existing = re.search(rf"^(\s*)- \{{finding: {re.escape(finding)},.*\}}\s*$", block, flags=re.M)
        if existing:
            if not replace:
                return f"{condition}: already links {finding}"
            new_line = f"{existing.group(1)}- {{finding: {finding}, frequency: {frequency}, {cite}}}"
            start = m.end() + existing.start()
            path.write_text(text[:start] + new_line + text[m.end() + existing.end() :])
            return f"{condition}: replaced {finding} ({frequency}) in {path.name}"
        f = re.search(r"^(\s*)findings:\s*\n(\s*)- ", block, flags=re.M)
        if not f:
            raise SystemExit(f"{condition}: no findings list")
        line = f"{f.group(2)}- {{finding: {finding}, frequency: {frequency}, {cite}}}\n"
        at = m.end() + block.index("\n", f.start() + len(f.group(1))) + 1
        path.write_text(text[:at] + line + text[at:])
        return f"{condition}: linked {finding} ({frequency}) in {path.name}"
    raise SystemExit(f"no condition {condition}")


def main(argv: list[str]) -> None:
    refs: list[str] = []
    replace = "--replace" in argv
    argv = [a for a in argv if a != "--replace"]
    if "--refs" in argv:
        i = argv.index("--refs")
        refs = argv[i + 1].split(",")
        argv = argv[:i] + argv[i + 2 :]
    finding, *pairs = argv
    for pair in pairs:
        condition, frequency = pair.split("=")
        print(add_link(finding, condition, frequency, refs, replace))


if __name__ == "__main__":
    main(sys.argv[1:])

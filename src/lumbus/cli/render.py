"""Rich rendering of an Assessment for a person: urgency first, then what it could be and why, then what to do."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from lumbus.assessment import Assessment, Contribution

URGENCY_STYLE = {
    "emergency": ("bold white on red", "EMERGENCY"),
    "urgent": ("bold white on dark_orange3", "URGENT: see a doctor today"),
    "soon": ("bold black on yellow", "SOON: see a doctor within days"),
    "routine": ("bold white on blue", "ROUTINE appointment"),
    "self_care": ("bold white on green", "SELF-CARE for now"),
}
CATEGORY_LABEL = {
    "self_care": "Looking after yourself",
    "exercise": "Exercise",
    "physiotherapy": "Physiotherapy",
    "pain": "Pain relief",
    "medication": "Medicines",
    "surgery": "When surgery is considered",
    "nutrition": "Nutrition",
    "devices": "Aids and devices",
    "recovery": "What recovery to expect",
    "safety": "Get help urgently if",
    "follow_up": "Follow-up",
}


def _against(c: Contribution) -> str:
    """A finding as the person gave it, for or against: "no fever" when they said no, "... not mentioned" when left out."""
    if not c.mentioned:
        return f"{c.name.lower()} not mentioned"
    return ("no " if not c.present else "") + c.name.lower()


def render(a: Assessment, console: Console) -> None:
    style, title = URGENCY_STYLE[a.triage.level.value]
    head = [Text(a.triage.action, style="bold")]
    head += [Text(f"• {r}") for r in a.triage.reasons]
    console.print(Panel(Group(*head), title=title, style=style, title_align="left"))

    table = Table(title="What it could be", show_lines=False, expand=True)
    table.add_column("Condition", ratio=3)
    table.add_column("Chance", justify="right", min_width=6)
    table.add_column("For", ratio=4)
    table.add_column("Against", ratio=3)
    for d in a.differential[:5]:
        table.add_row(
            d.condition.name,
            f"{d.probability:.0%}",
            ", ".join(_against(c) for c in d.supporting[:4]) or "-",
            ", ".join(_against(c) for c in d.opposing[:3]) or "-",
        )
    console.print(table)

    at = a.atrophy_type
    loc = a.localization
    lines = [
        f"Type of muscle wasting: [bold]{at.label}[/] ({at.probabilities[at.label]:.0%})"
        + {True: "", False: " — you said there is no wasting", None: " — no wasting was mentioned"}[at.observed]
    ]
    lines.append(f"Most likely site of the problem: [bold]{loc.lesion_site.replace('_', ' ')}[/]")
    if loc.root_levels:
        roots = ", ".join(f"{r.level}{' ' + r.side if r.side else ''} ({r.probability:.0%})" for r in loc.root_levels[:3])
        lines.append(f"Nerve root: {roots}")
    lines.append(f"Who to see: [bold]{a.specialist.name}[/]")
    console.print(Panel("\n".join(lines), title="Where and what kind", title_align="left"))

    tests = Table(title="Tests to ask about", expand=True)
    tests.add_column("Test", ratio=2)
    tests.add_column("Why", ratio=4)
    tests.add_column("When", ratio=3)
    for w in a.workup:
        tests.add_row(w.test.name, w.rationale, w.timing)
    console.print(tests)

    plan = Table(title="What to do meanwhile", show_header=False, expand=True)
    plan.add_column(ratio=1)
    plan.add_column(ratio=4)
    for item in a.care_plan:
        plan.add_row(CATEGORY_LABEL.get(item.category, item.category), item.text)
    console.print(plan)

    understood = [
        ("" if e.present else "no ") + e.name.lower() + (f" ({e.side})" if e.side else "") for e in a.evidence if e.source != "derived"
    ]
    if understood:
        console.print(Panel("; ".join(understood), title="What we understood", title_align="left", style="dim"))
    console.print(Text(a.disclaimer, style="italic"))

"""What a person does on the patient pages, and what every page must get right, as Playwright steps.

Everything goes through what the person sees: labels, button names, headings; never ids or hidden fields.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

NewPage = Callable[..., Page]
"""The ``new_page`` fixture: a page in a fresh context on the test's screen; keywords go to ``Browser.new_context``."""
Snap = Callable[[Page, str], Path]
"""The ``snap`` fixture: a full-page screenshot under a name."""

RESULT_URL = re.compile(r"/assessments/[0-9a-f-]{36}$")
INTERVIEW_URL = re.compile(r"/interview/[0-9a-f-]{36}$")
UNNAMED_CONTROL = re.compile(r"^\s*- (textbox|spinbutton|radio|checkbox|button|combobox|searchbox|link)\s*(\[[^\]]*\])?:?$", re.M)


def check_page(page: Page) -> None:
    """The basics of every page: a language, one h1, a name for every control, nothing wider than the screen."""
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.locator("h1")).to_have_count(1)
    tree = page.locator("body").aria_snapshot()
    assert not UNNAMED_CONTROL.search(tree), f"a control without an accessible name:\n{tree}"
    width = page.viewport_size["width"] if page.viewport_size else 0
    scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} scrolls sideways: {scroll_width} px wide on a {width} px screen"


def start(page: Page, text: str, age: int | None = None, sex: str | None = None) -> None:
    """Tell us what's happening, and wait for the first question or the result."""
    submit_start(page, text, age, sex)
    expect(page).to_have_url(re.compile(f"{INTERVIEW_URL.pattern}|{RESULT_URL.pattern}"))


def submit_start(page: Page, text: str, age: int | None = None, sex: str | None = None) -> None:
    """Fill in "Tell us what's happening" by its labels and send it."""
    page.goto("/")
    check_page(page)
    page.get_by_label("What is happening?").fill(text)
    if age is not None:
        page.get_by_label("Age").fill(str(age))
    if sex is not None:
        page.get_by_role("radio", name=sex, exact=True).check()
    page.get_by_role("button", name="See what it could be").click()


def tab_to(page: Page, selector: str, presses: int = 30) -> None:
    """Press Tab until the focused element matches ``selector``, as a keyboard user moves through a page."""
    for _ in range(presses):
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector} on {page.url}")


def focus_shown(page: Page) -> bool:
    """Whether the focused element, or the answer row around it, draws a focus ring."""
    return bool(
        page.evaluate(
            "() => [document.activeElement, document.activeElement.closest('.choice')].some("
            "e => e && getComputedStyle(e).outlineStyle !== 'none' && getComputedStyle(e).outlineWidth !== '0px')"
        )
    )


def progress(page: Page) -> Locator:
    return page.locator(".progress")


def question_number(page: Page) -> int:
    found = re.match(r"Question (\d+)", progress(page).inner_text())
    assert found, progress(page).inner_text()
    return int(found.group(1))


def question(page: Page) -> str:
    return page.get_by_role("heading", level=1).inner_text()


def options(page: Page) -> list[str]:
    """The labels of the answers offered, without "I don't know"."""
    labels = page.locator(".choices label").all_inner_texts()
    return [label.strip() for label in labels if label.strip() != "I don't know"]


def _after(page: Page, number: int) -> None:
    """Wait for question ``number`` or the result page."""
    expect(progress(page).filter(has_text=re.compile(rf"^Question {number}\b")).or_(page.locator(".urgency"))).to_be_attached()


def answer(page: Page, chosen: Collection[str]) -> None:
    """Tick or choose the answers labelled ``chosen`` (none: leave all unticked) and go on."""
    number = question_number(page)
    for label in chosen:
        page.get_by_label(label, exact=True).check()
    page.get_by_role("button", name="Next").click()
    _after(page, number + 1)


def back(page: Page) -> None:
    number = question_number(page)
    page.get_by_role("button", name="Back").click()
    _after(page, number - 1)


CONTRAST_JS = """el => {
  const rgb = c => c.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => v / 255).map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  let back = el;
  while (back && rgb(getComputedStyle(back).backgroundColor)[3] === 0) back = back.parentElement;
  const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(rgb(back ? getComputedStyle(back).backgroundColor : "rgb(255,255,255)"))];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""


def contrast(locator: Locator) -> float:
    """WCAG contrast ratio of an element's text colour against the background it sits on."""
    ratio: float = locator.evaluate(CONTRAST_JS)
    return ratio


def on_result(page: Page) -> bool:
    return RESULT_URL.search(page.url) is not None


def section(page: Page, title: str) -> Locator:
    """A section of the result page by its heading."""
    return page.get_by_role("region", name=title)

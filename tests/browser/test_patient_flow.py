"""The patient pages in a real browser (Debian's Chromium), on a phone and on a desktop screen."""

from __future__ import annotations

import re

from patient_pages import (
    RESULT_URL,
    NewPage,
    Snap,
    answer,
    back,
    check_page,
    contrast,
    focus_shown,
    on_result,
    options,
    progress,
    question,
    question_number,
    section,
    start,
    submit_start,
    tab_to,
)
from playwright.sync_api import Dialog, Page, expect

ORIGIN_STORY = (
    "I strained my back doing warm-ups last year. After three months of rehab I still can't recover; stretching my right leg "
    "hurts when I sit down or stand up, and my physiotherapist says the right side of my buttock has shrunk."
)
ORIGIN_DOES_NOT_HAVE = {
    "Fever", "Injecting drug use", "Weakened immune system", "Recent spinal procedure, bacterial infection or bloodstream infection",
    "Repeated infections", "Difficulty passing urine or retention", "Loss of bladder control", "Loss of bowel control or rectal sensation",
    "Numbness in the saddle area", "New sexual dysfunction", "Known abdominal aortic aneurysm", "Pulsating lump in the belly",
    "Collapse, fainting or signs of shock", "History of cancer", "Cancer known to have spread to the bones", "Unexplained weight loss",
    "Night sweats", "Significant injury", "Osteoporosis", "Long-term corticosteroid use", "Previous fracture from a minor fall", "Falls",
    "Sudden tearing or ripping pain in the chest or upper back", "A cold, pale, white or mottled leg or foot",
    "A tense, rock-hard swollen calf, shin or thigh", "Dark, cola-coloured urine", "A newly swollen leg, calf or thigh",
}  # fmt: skip
"""What the woman of the origin case does not have: none of the safety screens applies to her."""
CAUDA_EQUINA_STORY = (
    "Since yesterday I can't feel anything when I wipe after the toilet, I haven't passed urine since this morning "
    "and both my legs are getting weak"
)


def _origin_answers(page: Page) -> list[str]:
    """What she would answer to the question on the page; a question her story cannot answer fails the test."""
    offered = options(page)
    unknown = [o for o in offered if o not in ORIGIN_DOES_NOT_HAVE]
    assert not unknown, f"the test does not know how she would answer {question(page)!r}: {unknown}"
    return []


def test_origin_case_through_the_interview_to_its_result(page: Page, snap: Snap) -> None:
    start(page, ORIGIN_STORY, age=34, sex="Female")
    assert question_number(page) == 1
    check_page(page)
    snap(page, "interview")
    why = page.get_by_text("Why are you asking?")
    rationale = page.locator("details.why p")
    expect(rationale).to_be_hidden()
    why.click()
    expect(rationale).to_be_visible()
    assert len(rationale.inner_text()) > 20
    first = question(page), options(page)
    answer(page, _origin_answers(page))
    assert question_number(page) == 2 and (question(page), options(page)) != first
    back(page)
    assert question_number(page) == 1 and (question(page), options(page)) == first
    for _ in range(25):
        if on_result(page):
            break
        check_page(page)
        answer(page, _origin_answers(page))
    expect(page).to_have_url(RESULT_URL)
    check_page(page)
    snap(page, "result-origin")
    expect(section(page, "The muscle wasting")).to_contain_text(re.compile(r"Most likely kind: Neurogenic", re.I))
    expect(section(page, "The muscle wasting")).to_contain_text(re.compile(r"nerve root: S1 right \(\d+%\), L5 right"))
    expect(section(page, "Who to see")).to_contain_text("Neurologist")
    expect(section(page, "Tests to ask about")).to_contain_text(re.compile(r"Nerve conduction study.*EMG", re.I))
    expect(page.locator(".emergency-banner")).to_have_count(0)
    denied = {chip.lower().removeprefix("no ") for chip in page.locator(".chips li.absent").all_inner_texts()}
    supporting = {item.lower() for item in page.locator(".for-against > div:first-child li").all_inner_texts()}
    assert denied and not denied & supporting, f"shown as speaking for a condition though she said no: {denied & supporting}"
    badge = page.locator(".urgency .badge")
    expect(badge).to_contain_text(re.compile("routine", re.I))
    assert contrast(badge) >= 4.5


def test_cauda_equina_puts_the_emergency_banner_first(page: Page, snap: Snap) -> None:
    start(page, CAUDA_EQUINA_STORY, age=45)
    expect(page).to_have_url(RESULT_URL)  # an emergency skips the questions
    check_page(page)
    snap(page, "result-emergency")
    banner = page.get_by_role("alert")
    expect(banner).to_contain_text(re.compile("emergency", re.I))
    expect(banner).to_contain_text(re.compile("ambulance|emergency department", re.I))
    assert min(contrast(banner.locator(".level")), contrast(banner.locator(".action"))) >= 4.5
    assert contrast(page.locator(".urgency .badge")) >= 4.5
    expect(page.locator(".urgency .flags")).to_contain_text(re.compile("cauda equina", re.I))
    understood = section(page, "What we understood")
    expect(understood).to_contain_text("numbness in the saddle area")
    expect(understood).to_contain_text("difficulty passing urine or retention")
    first = page.evaluate("document.body.firstElementChild.className")
    assert first == "emergency-banner", f"the first thing on the page is {first!r}"
    box = banner.bounding_box()
    viewport = page.viewport_size
    assert box is not None and viewport is not None
    assert box["y"] == 0 and box["y"] + box["height"] <= viewport["height"], box  # at the top, whole without scrolling


def test_the_start_form_and_a_question_by_keyboard_alone(page: Page) -> None:
    page.goto("/")
    tab_to(page, "#text")
    assert focus_shown(page)
    page.keyboard.type(ORIGIN_STORY)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "age"
    page.keyboard.type("34")
    page.keyboard.press("Tab")  # into the sex radio group, on its checked choice
    female = page.get_by_role("radio", name="Female")
    for _ in range(3):
        if female.is_checked():
            break
        page.keyboard.press("ArrowDown")  # moves to the next choice and chooses it, wrapping round
    expect(female).to_be_checked()
    assert focus_shown(page)
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")  # submits the form from the age field
    expect(page.get_by_text("Why are you asking?")).to_be_visible()
    tab_to(page, "details.why summary")
    page.keyboard.press("Enter")
    expect(page.locator("details.why p")).to_be_visible()
    tab_to(page, "input[type=checkbox]")
    assert focus_shown(page)
    page.keyboard.press("Space")
    expect(page.locator("input[type=checkbox]").first).to_be_checked()
    page.keyboard.press("Space")  # she has none of these: untick
    tab_to(page, "button.primary")
    page.keyboard.press("Enter")
    expect(progress(page)).to_have_text(re.compile(r"^Question 2\b"))


def test_the_whole_flow_without_javascript(new_page: NewPage, snap: Snap) -> None:
    page = new_page(java_script_enabled=False)
    start(page, ORIGIN_STORY, age=34, sex="Female")
    answer(page, _origin_answers(page))
    page.get_by_role("button", name="Show my result now").click()
    expect(page).to_have_url(RESULT_URL)
    check_page(page)
    expect(section(page, "Who to see")).to_contain_text("Neurologist")
    snap(page, "result-no-js")


def test_the_persons_words_are_shown_as_text_never_run(page: Page) -> None:
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    words = "<script>alert(1)</script> my right buttock has shrunk and my leg hurts <img src=x onerror=alert(2)>"
    submit_start(page, words, age=130)  # too old: the form comes back with the words in it
    expect(page.get_by_role("alert")).to_contain_text("age")
    expect(page.get_by_label("What is happening?")).to_have_value(words)
    page.get_by_label("Age").fill("34")
    page.get_by_role("button", name="See what it could be").click()
    page.get_by_role("button", name="Show my result now").click()
    expect(page).to_have_url(RESULT_URL)
    expect(page.locator(".own-words")).to_have_text(words)
    assert page.locator(".words script, .words img").count() == 0
    assert not dialogs, dialogs


def test_a_missing_answer_is_explained_on_the_page(page: Page, snap: Snap) -> None:
    start(page, "my back hurts")
    expect(page.get_by_role("heading", level=1)).to_have_text("How old are you (years)?")
    number = question_number(page)
    page.get_by_role("button", name="Next").click()  # nothing entered
    expect(page.get_by_role("alert")).to_contain_text("please")
    age = page.get_by_role("spinbutton", name="How old are you (years)?")
    expect(age).to_have_attribute("aria-invalid", "true")
    expect(age).to_have_accessible_description(re.compile("please choose an answer"))
    check_page(page)
    snap(page, "interview-missing-answer")
    assert question_number(page) == number
    age.fill("40")
    answer(page, [])
    check_page(page)
    snap(page, "interview-single-choice")
    expect(page.get_by_role("alert")).to_have_count(0)


def test_an_unknown_address_gets_a_friendly_page(page: Page) -> None:
    response = page.goto("/assessments/00000000-0000-0000-0000-000000000000")
    assert response is not None and response.status == 404
    check_page(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Not found")
    expect(page.get_by_role("link", name="Start again")).to_be_visible()

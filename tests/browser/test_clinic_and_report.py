"""In the browser: the doctor's report downloaded as a PDF (and rendered to an image), and the clinician sign-in."""

from __future__ import annotations

import re
import subprocess
import sys
import uuid
from pathlib import Path

import numpy as np
from matplotlib.image import imread
from patient_pages import RESULT_URL, NewPage, Snap, check_page, start
from playwright.sync_api import Page, expect

from live_server import LiveServer, lumbus_env

ORIGIN = (
    "I strained my back doing warm-ups last year. After three months of rehab I still can't recover; stretching my "
    "right leg hurts when I sit down or stand up, and my physiotherapist says the right side of my buttock has shrunk."
)
A4_RATIO = 297 / 210


def test_the_report_for_my_doctor_downloads_as_a_readable_pdf(page: Page, tmp_path: Path) -> None:
    start(page, ORIGIN, age=34, sex="Female")
    page.get_by_role("button", name="Show my result now").click()
    expect(page).to_have_url(RESULT_URL)
    with page.expect_download(timeout=60_000) as download_info:  # WeasyPrint takes seconds on a busy machine
        page.get_by_role("link", name=re.compile("Report for my doctor")).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    pdf = tmp_path / download.suggested_filename
    download.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")

    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    assert "my physiotherapist says the right side of my buttock has shrunk" in flat, "the person's own words"
    assert "eurogenic" in flat and "S1" in flat, "the atrophy type and the root"
    assert "not a diagnosis" in flat.lower(), "the disclaimer"

    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")], check=True)
    png = next(tmp_path.glob("page*.png"))
    image = imread(str(png))
    height, width = image.shape[:2]
    assert abs(height / width - A4_RATIO) < 0.02, f"page 1 is {width}x{height}, not A4"
    ink = image[..., :3].mean(axis=2) < 0.5
    assert 0.01 < float(np.mean(ink)) < 0.5, "page 1 carries text, and is not a solid block"


def _add_clinician(server: LiveServer, name: str, password: str) -> None:
    """Create an account the way a clinic's admin does, with ``lumbus user add``, in the running server's store."""
    done = subprocess.run(
        [sys.executable, "-m", "lumbus.cli", "user", "add", name, "--role", "clinician", "--data-dir", str(server.data_dir)],
        env=lumbus_env({"LUMBUS_NEW_PASSWORD": password}),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert password not in done.stdout + done.stderr


def test_a_clinician_signs_in_and_adds_a_person(new_page: NewPage, live_server: LiveServer, snap: Snap) -> None:
    name, password = f"dr-{uuid.uuid4().hex[:8]}", f"pw-{uuid.uuid4().hex}"
    _add_clinician(live_server, name, password)
    page = new_page()

    page.goto("/clinic/people")  # anonymous: sent to sign in, and back afterwards
    expect(page).to_have_url(re.compile(r"/clinic/login"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Clinician sign in")
    check_page(page)

    page.get_by_label("Username").fill(name)
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/clinic/login"))

    page.get_by_label("Username").fill(name)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/clinic/people$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("People")
    check_page(page)

    label = f"Follow-up {uuid.uuid4().hex[:6]} <b>"
    page.get_by_label("Label").fill(label)
    page.get_by_role("button", name="Add person").click()
    expect(page.get_by_text(label, exact=False).first).to_be_visible()
    snap(page, "clinic-person")
    assert page.locator("b", has_text="Follow-up").count() == 0, "the label is shown as text, never as markup"

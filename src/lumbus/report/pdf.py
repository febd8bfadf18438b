"""The doctor's report as a PDF: the print template's HTML laid out by WeasyPrint (A4, ``report.css``).

WeasyPrint is imported here only, so the CLI and the web app start without it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from importlib import resources

REPORT_CSS = resources.files("lumbus.web") / "static" / "css" / "report.css"


def render_pdf(html: str) -> bytes:
    """``html`` (a complete document, its user text already escaped) as PDF bytes; nothing is fetched from the network."""
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    local_only = URLFetcher(allowed_protocols={"data"})
    stylesheet = CSS(string=REPORT_CSS.read_text(encoding="utf-8"), url_fetcher=local_only)
    pdf: bytes = HTML(string=html, url_fetcher=local_only).write_pdf(stylesheets=[stylesheet])
    return pdf


class RenderedReports:
    """The last ``size`` reports by (assessment id, knowledge-base version).

    A stored assessment never changes, so its PDF never does: a second download (a phone retrying, the person
    and then their doctor) is served from memory. Rendering is seconds of CPU (a 20,000-character story takes
    about 6 s); the web app runs renders one at a time on their own limiter, so waiting downloads hold none of
    the threads that assessments run on.
    """

    def __init__(self, size: int = 32) -> None:
        self.size = size
        self.rendered = 0
        """how many PDFs this process has laid out (not served from memory)"""
        self._items: OrderedDict[tuple[str, str], bytes] = OrderedDict()
        self._lock = threading.Lock()

    def cached(self, key: tuple[str, str]) -> bytes | None:
        with self._lock:
            pdf = self._items.get(key)
            if pdf is not None:
                self._items.move_to_end(key)
            return pdf

    def render(self, key: tuple[str, str], html: str) -> bytes:
        """Lay out ``html`` as the PDF for ``key`` and keep it."""
        pdf = render_pdf(html)
        with self._lock:
            self.rendered += 1
            self._items[key] = pdf
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return pdf

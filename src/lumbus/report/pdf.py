"""The doctor's report as a PDF: the print template's HTML laid out by WeasyPrint (A4, ``report.css``).

WeasyPrint is imported here only, so the CLI and the web app start without it.
"""

from __future__ import annotations

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

"""Presenters for the person and their doctor: the body map, similar published cases, the PDF report."""

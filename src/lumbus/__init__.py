"""Lumbus: clinical decision support for lower back weakness and muscle atrophy."""

__version__ = "0.1.0"

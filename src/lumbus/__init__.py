"""Lumbus: clinical decision support for lower back weakness and muscle atrophy.

>>> from lumbus import assess_text
>>> a = assess_text("my right buttock has shrunk and my leg hurts", age=30, sex="female")
>>> a.triage.level
"""

from lumbus.api import assess, assess_text, start_interview
from lumbus.assessment import Assessment
from lumbus.case import Case, Evidence
from lumbus.reasoning.interview import Interview, InterviewError, Question

__version__ = "0.1.0"
__all__ = [
    "Assessment",
    "Case",
    "Evidence",
    "Interview",
    "InterviewError",
    "Question",
    "__version__",
    "assess",
    "assess_text",
    "start_interview",
]

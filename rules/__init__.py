"""The rules of the 河南省专业技术人员继续教育证书管理办法 as pure functions over plain data.

Standard library only: no Django, no database. The year is always an argument.
"""

from __future__ import annotations

from rules.catalogue import HOUR_TYPES
from rules.hours import (
    AUTHORITY_SETS_HOURS,
    CERTIFICATE_HOURS,
    HR_CONFIRMATION,
    UNIT_SETS_HOURS,
    Outcome,
    assess,
)
from rules.requirement import Record, Requirement, YearStatus, requirement, year_status
from rules.schema import (
    PROFESSIONAL,
    PUBLIC,
    SUBJECTS,
    Choice,
    DateKind,
    Fact,
    FactKind,
    HourType,
    InvalidFacts,
    Material,
    When,
)
from rules.text import Text

__all__ = [
    "AUTHORITY_SETS_HOURS",
    "CERTIFICATE_HOURS",
    "HOUR_TYPES",
    "HR_CONFIRMATION",
    "PROFESSIONAL",
    "PUBLIC",
    "SUBJECTS",
    "UNIT_SETS_HOURS",
    "Choice",
    "DateKind",
    "Fact",
    "FactKind",
    "HourType",
    "InvalidFacts",
    "Material",
    "Outcome",
    "Record",
    "Requirement",
    "Text",
    "When",
    "YearStatus",
    "assess",
    "requirement",
    "year_status",
]

"""The hour amounts of 办法 第七条 and the 第八条 thresholds, as data.

Tables "by rank" list the hours of rank 1, 2, 3...; a rank past the end of its tuple gets nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple


class ConferenceRate(NamedTuple):
    per_day: int
    paper: int


# 第七条（三）
DEGREE_PER_COURSE = 15
COURSE_STUDY_PER_MONTH = 10
# Up to this many months course study is paid per month; beyond, it covers the professional part.
COURSE_STUDY_PER_MONTH_UP_TO = 6

# 第七条（四）: only ministry-level and provincial conferences; municipal is absent on purpose.
CONFERENCE: Mapping[str, ConferenceRate] = {
    "national": ConferenceRate(per_day=6, paper=6),
    "provincial": ConferenceRate(per_day=4, paper=4),
}

# 第七条（五）, keyed by (level, role)
RESEARCH_PROJECT_BY_RANK: Mapping[tuple[str, str], tuple[int, ...]] = {
    ("national", "main"): (68, 60, 52, 44, 36),
    ("national", "sub"): (52, 44, 36),
    ("provincial", "main"): (60, 52, 44),
    ("provincial", "sub"): (44, 36, 28),
}

# 第七条（六）
BOOK_PER_WAN_ZI_BY_RANK: tuple[int, ...] = (16, 12, 8)
PAPER_BY_RANK: Mapping[str, tuple[int, ...]] = {
    "international_or_national_society": (52, 44, 36),
    "provincial_core": (44, 36, 28),
    "issn_cn": (36, 28, 20),
}

# 第七条（七）
PATENT_BY_RANK: Mapping[str, tuple[int, ...]] = {
    "invention": (68, 68, 68),
    "utility_model": (60, 60, 60),
    "design": (60, 60, 60),
}

# 第七条（八）
AWARD_BY_RANK: Mapping[str, tuple[int, ...]] = {
    "national": (68, 68, 68),
    "provincial_ministerial": (60, 60, 60),
}

# 第七条（九）
QUALIFICATION_EXAM: Mapping[str, int] = {
    "senior": 68,
    "intermediate": 60,
    "junior": 52,
    "practice_or_vocational": 68,
}

# 第七条（十）
ENDORSED_REPORT = 20

# 第七条（十一）
AID_FULL_YEAR_MONTHS = 12

# 第七条（十二）
GRASSROOTS_PER_DAY = 6

# 第八条（一）（二）: away MORE than this many months; the other reasons have no minimum.
LEAVE_AWAY_MORE_THAN: Mapping[str, int] = {"abroad": 6, "sick": 6}

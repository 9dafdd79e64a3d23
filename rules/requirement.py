"""The yearly requirement (办法 第五条, scaled by 第八条) and whether a year's records meet it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType

from rules.schema import PROFESSIONAL, PUBLIC, SUBJECTS
from rules.text import Text


@dataclass(frozen=True, slots=True)
class Requirement:
    """Whole hours a person must complete in a year."""

    total: int
    public: int
    professional: int


# 第五条: 90 in total, public 24 (30 in 2018), professional two thirds of the total.
_DEFAULT_REQUIREMENT = Requirement(total=90, public=24, professional=60)
_REQUIREMENT_BY_YEAR: Mapping[int, Requirement] = {
    2018: Requirement(total=90, public=30, professional=60),
}


def _scale(hours: int, on_duty_months: int) -> int:
    # Half up in integers: hours × months / 12, plus a half, floored.
    return (2 * hours * on_duty_months + 12) // 24


def requirement(year: int, *, on_duty_months: int = 12) -> Requirement:
    """The year's requirement, scaled to the months on duty (第八条), rounded half up."""
    if not 0 <= on_duty_months <= 12:
        raise ValueError(f"on_duty_months must be 0 to 12, not {on_duty_months}")
    full = _REQUIREMENT_BY_YEAR.get(year, _DEFAULT_REQUIREMENT)
    if on_duty_months == 12:
        return full
    return Requirement(
        total=_scale(full.total, on_duty_months),
        public=_scale(full.public, on_duty_months),
        professional=_scale(full.professional, on_duty_months),
    )


@dataclass(frozen=True, slots=True)
class Record:
    """Hours of one subject counted towards a year; `covers` marks subjects counted as complete."""

    subject: str
    hours: Decimal
    covers: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.subject not in SUBJECTS:
            raise ValueError(f"subject must be public or professional, not {self.subject!r}")
        if not self.covers <= SUBJECTS:
            raise ValueError(f"covers must be a subset of {sorted(SUBJECTS)}: {self.covers}")


@dataclass(frozen=True, slots=True)
class YearStatus:
    public: Decimal
    professional: Decimal
    total: Decimal
    covers: frozenset[str]
    requirement: Requirement
    met: bool
    shortfall: Mapping[str, Decimal]
    over_declared: bool
    explanation: Text


_ZERO = Decimal(0)


def year_status(
    year: int,
    records: Iterable[Record],
    *,
    on_duty_months: int = 12,
    over_threshold: int | Decimal | None = 100,
) -> YearStatus:
    """Sum a year's records and judge them against the year's requirement. `over_threshold`
    None leaves the over-declaration judgement to the caller (it concerns claims, not records).

    Covered public counts as its full requirement towards the total; covered professional
    completes the professional part and the total; both covered means the year is met.
    """
    needed = requirement(year, on_duty_months=on_duty_months)
    public = professional = _ZERO
    covers: frozenset[str] = frozenset()
    for record in records:
        if record.subject == PUBLIC:
            public += record.hours
        else:
            professional += record.hours
        if record.covers:
            covers |= record.covers
    total = public + professional

    if PUBLIC in covers:
        public_short = _ZERO
        counted_public = max(public, Decimal(needed.public))
    else:
        public_short = max(_ZERO, needed.public - public)
        counted_public = public
    if PROFESSIONAL in covers:
        professional_short = total_short = _ZERO
    else:
        professional_short = max(_ZERO, needed.professional - professional)
        total_short = max(_ZERO, needed.total - counted_public - professional)
    met = not (public_short or professional_short or total_short)
    over_declared = over_threshold is not None and total > over_threshold

    return YearStatus(
        public=public,
        professional=professional,
        total=total,
        covers=covers,
        requirement=needed,
        met=met,
        shortfall=MappingProxyType(
            {PUBLIC: public_short, PROFESSIONAL: professional_short, "total": total_short}
        ),
        over_declared=over_declared,
        explanation=_explain(
            public_short, professional_short, total_short, total, over_declared, over_threshold
        ),
    )


def _hours(value: Decimal) -> str:
    """28.00 → 28, 2.50 → 2.5: hours as people write them."""
    return f"{value.normalize():f}"


def _explain(
    public_short: Decimal,
    professional_short: Decimal,
    total_short: Decimal,
    total: Decimal,
    over_declared: bool,
    over_threshold: int | Decimal | None,
) -> Text:
    zh: list[str] = []
    en: list[str] = []
    if public_short:
        zh.append(f"{_hours(public_short)} 公需学时")
        en.append(f"{_hours(public_short)} public hours")
    if professional_short:
        zh.append(f"{_hours(professional_short)} 专业学时")
        en.append(f"{_hours(professional_short)} professional hours")
    # The total can ask for more than the two parts together (24 + 60 < 90).
    either = total_short - public_short - professional_short
    if either > 0:
        zh.append(f"{_hours(either)} 学时（公需或专业均可）")
        en.append(f"{_hours(either)} hours of either subject")
    if zh:
        text_zh = "还差 " + "、".join(zh)
        text_en = "Short of " + _english_list(en)
    else:
        text_zh, text_en = "已达标", "Met"
    if over_declared:
        text_zh += f"；申报 {_hours(total)} 学时，超过 {over_threshold} 学时，可能被退回"
        text_en += f"; {_hours(total)} hours claimed, over {over_threshold}: may be returned"
    return Text(text_zh, text_en)


def _english_list(items: list[str]) -> str:
    """["a"] → a; ["a", "b"] → a and b; ["a", "b", "c"] → a, b and c."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]

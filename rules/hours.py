"""How many hours one declaration earns (办法 第七条), or how it scales the year (第八条)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from rules import amounts
from rules.catalogue import HOUR_TYPES
from rules.requirement import requirement
from rules.schema import PROFESSIONAL, PUBLIC, HourType, InvalidFacts
from rules.text import Text

CERTIFICATE_HOURS = "certificate_hours"
HR_CONFIRMATION = "hr_confirmation"
# Who sets the hours where the 办法 leaves them to an authority (`Outcome.hours_set_by`): the unit's
# HR office, at the unit's (department) review; the HR authority, at bureau approval.
UNIT_SETS_HOURS = "unit"
AUTHORITY_SETS_HOURS = "authority"


@dataclass(frozen=True, slots=True)
class Outcome:
    hours: Decimal
    covers: frozenset[str]
    clause: str
    explanation: Text
    credited: bool
    flags: frozenset[str]
    on_duty_months: int | None = None
    hours_set_by: str = ""


def assess(code: str, facts: Mapping[str, object], *, year: int) -> Outcome:
    """Clean `facts` for the type `code` and compute what the 办法 credits for them.

    Facts the clause does not credit give 0 hours with the reason; only facts that do not fit
    the type's schema (or an unknown type) raise `InvalidFacts`.
    """
    found = _ASSESSORS.get(code)
    if found is None:
        raise InvalidFacts(
            {"type": Text(f"未知的申报类型：{code}", f"Unknown declaration type: {code}.")}
        )
    hour_type, rule = found
    return rule(hour_type, hour_type.clean(facts), year)


# Cleaned facts: the schema has already checked every value's kind and range.
_Facts = Mapping[str, Any]
_NO_COVER: frozenset[str] = frozenset()
_COVERS_PROFESSIONAL = frozenset({PROFESSIONAL})
_COVERS_BOTH = frozenset({PUBLIC, PROFESSIONAL})
_ZERO = Decimal(0)
_FLAGS = {
    code: frozenset(
        flag
        for flag, applies in (
            (CERTIFICATE_HOURS, hour_type.hours_from_certificate),
            (HR_CONFIRMATION, hour_type.needs_hr_confirmation),
        )
        if applies
    )
    for code, hour_type in HOUR_TYPES.items()
}


def _credit(
    hour_type: HourType,
    hours: int | Decimal,
    zh: str,
    en: str,
    covers: frozenset[str] = _NO_COVER,
    *,
    hours_set_by: str = "",
) -> Outcome:
    return Outcome(
        hours if type(hours) is Decimal else Decimal(hours),
        covers,
        hour_type.clause,
        Text(zh, en),
        bool(hours) or bool(covers),
        _FLAGS[hour_type.code],
        None,
        hours_set_by,
    )


def _nothing(hour_type: HourType, zh: str, en: str, *, hours_set_by: str = "") -> Outcome:
    return Outcome(
        _ZERO,
        _NO_COVER,
        hour_type.clause,
        Text(zh, en),
        False,
        _FLAGS[hour_type.code],
        None,
        hours_set_by,
    )


# (type code, fact, choice value) → the choice's labels (zh, en)
_LABELS = {
    (code, fact.name, choice.value): (choice.label_zh, choice.label_en)
    for code, hour_type in HOUR_TYPES.items()
    for fact in hour_type.facts
    for choice in fact.choices
}


def _label(hour_type: HourType, fact: str, value: str) -> tuple[str, str]:
    return _LABELS[hour_type.code, fact, value]


def _by_rank(table: tuple[int, ...], rank: int) -> int:
    return table[rank - 1] if rank <= len(table) else 0


def _past_last_rank(
    hour_type: HourType, what_zh: str, what_en: str, last: int, rank: int
) -> Outcome:
    return _nothing(
        hour_type,
        f"{what_zh}只计前 {last} 名，第 {rank} 名不计学时",
        f"{what_en} credits only the first {last} ranks; rank {rank} gets no hours",
    )


def _from_certificate(hour_type: HourType, facts: _Facts, year: int) -> Outcome:
    hours: Decimal = facts["hours"]
    shown = f"{hours:f}"
    if not facts.get("in_annual_plan", True):
        return _nothing(
            hour_type,
            f"{hour_type.name_zh}未列入年度培训计划并报人社部门备案，不计学时",
            f"{hour_type.name_en} not in the year's training plan filed with the HR authority: "
            "no hours",
        )
    if hour_type.needs_hr_confirmation:
        return _credit(
            hour_type,
            hours,
            f"{hour_type.name_zh}：申报 {shown} 学时，由人社部门确定（主管部门审核时填写）",
            f"{hour_type.name_en}: {shown} hours claimed; the HR authority sets the hours "
            "at bureau approval",
            hours_set_by=AUTHORITY_SETS_HOURS,
        )
    return _credit(
        hour_type,
        hours,
        f"{hour_type.name_zh}：证书或通知载明 {shown} 学时，由审核人核实",
        f"{hour_type.name_en}: {shown} hours as stated by the organiser; reviewers verify",
    )


def _degree_education(hour_type: HourType, facts: _Facts, year: int) -> Outcome:
    if facts["mode"] == "degree":
        courses: int = facts["passed_courses"]
        per_course = amounts.DEGREE_PER_COURSE
        return _credit(
            hour_type,
            courses * per_course,
            f"学历、学位教育考试合格 {courses} 门 × {per_course} 学时 "
            f"= {courses * per_course} 学时",
            f"Degree education {courses} courses passed × {per_course} hours "
            f"= {courses * per_course} hours",
        )
    months: int = facts["months"]
    if months > amounts.COURSE_STUDY_PER_MONTH_UP_TO:
        return _credit(
            hour_type,
            0,
            f"课程进修 {months} 个月，超过 {amounts.COURSE_STUDY_PER_MONTH_UP_TO} 个月："
            "可计算完成年度全部专业科目学时",
            f"Course study {months} months, over {amounts.COURSE_STUDY_PER_MONTH_UP_TO}: "
            "covers the year's whole professional requirement",
            _COVERS_PROFESSIONAL,
        )
    per_month = amounts.COURSE_STUDY_PER_MONTH
    return _credit(
        hour_type,
        months * per_month,
        f"课程进修 {months} 个月 × {per_month} 学时 = {months * per_month} 学时",
        f"Course study {months} months × {per_month} hours = {months * per_month} hours",
    )


def _conference(hour_type: HourType, facts: _Facts, year: int) -> Outcome:
    level: str = facts["level"]
    days: int = facts["days"]
    level_zh, level_en = _label(hour_type, "level", level)
    rate = amounts.CONFERENCE.get(level)
    if rate is None:
        return _nothing(
            hour_type,
            f"{level_zh}学术会议不在第七条（四）的计算标准内（只有国家部委和省级），计 0 学时；"
            "按“其他继续教育形式”由人社部门确定学时（第七条（十三）），主管部门审核时填写",
            f"{level_en} conferences are not in Art. 7(4) (only ministry-level and "
            "provincial): 0 hours until the HR authority sets them (Art. 7(13)) at bureau "
            "approval",
            hours_set_by=AUTHORITY_SETS_HOURS,
        )
    if days == 0:
        return _nothing(
            hour_type,
            f"{level_zh}学术会议 0 天，不计学时",
            f"{level_en} conference 0 days: no hours",
        )
    hours = days * rate.per_day
    zh = f"{level_zh}学术会议 {days} 天 × {rate.per_day} 学时"
    en = f"{level_en} conference {days} days × {rate.per_day} hours"
    if facts["presented"]:
        hours += rate.paper
        zh += f" + 宣读论文 {rate.paper} 学时"
        en += f" + paper presented {rate.paper} hours"
    return _credit(hour_type, hours, f"{zh} = {hours} 学时", f"{en} = {hours} hours")


def _research_project(hour_type: HourType, facts: _Facts, year: int) -> Outcome:
    level: str = facts["level"]
    role: str = facts["role"]
    rank: int = facts["rank"]
    level_zh, level_en = _label(hour_type, "level", level)
    role_zh, role_en = _label(hour_type, "role", role)
    table = amounts.RESEARCH_PROJECT_BY_RANK[level, role]
    hours = _by_rank(table, rank)
    if not hours:
        return _nothing(
            hour_type,
            f"{level_zh}{role_zh}表列前 {len(table)} 名；第 {rank} 名的学时由单位人事部门确定"
            "（第七条（五）），审核时填写",
            f"{level_en} {role_en}: the table lists the first {len(table)} ranks; for rank "
            f"{rank} the unit's HR office sets the hours (第七条（五）) at review",
            hours_set_by=UNIT_SETS_HOURS,
        )
    return _credit(
        hour_type,
        hours,
        f"{level_zh}{role_zh}第 {rank} 名：每年 {hours} 学时",
        f"{level_en} {role_en}, rank {rank}: {hours} hours a year",
    )


def _publication(hour_type: HourType, facts: _Facts, year: int) -> Outcome:
    rank: int = facts["rank"]
    if facts["kind"] == "book":
        wan_zi: Decimal = facts["wan_zi"]
        table = amounts.BOOK_PER_WAN_ZI_BY_RANK
        per_wan_zi = _by_rank(table, rank)
        if not per_wan_zi:
            return _past_last_rank(hour_type, "著作（译作）", "A book", len(table), rank)
        whole = int(wan_zi)
        if not whole:
            return _nothing(
                hour_type,
                f"著作（译作）{wan_zi:f} 万字，不足 1 万字，不计学时",
                f"Book of {wan_zi:f} × 10,000 characters, under one whole 10,000: no hours",
            )
        # Only whole 万字 count: 2.9 万字 is credited as 2.
        length_zh, length_en = f"{whole} 万字", f"{whole} × 10,000 characters"
        if wan_zi != whole:
            length_zh = f"{wan_zi:f} 万字按整 {length_zh}"
            length_en = f"{wan_zi:f} × 10,000 characters, counted as {whole},"
        return _credit(
            hour_type,
            whole * per_wan_zi,
            f"著作（译作）第 {rank} 作者：{length_zh} × {per_wan_zi} 学时 "
            f"= {whole * per_wan_zi} 学时",
            f"Book, author {rank}: {length_en} × {per_wan_zi} hours = {whole * per_wan_zi} hours",
        )
    tier: str = facts["journal_tier"]
    tier_zh, tier_en = _label(hour_type, "journal_tier", tier)
    if facts["supplement"]:
        return _nothing(
            hour_type,
            "增刊、副刊发表的论文不计学时（第七条（六））",
            "Papers in supplement issues get no hours (Art. 7(6))",
        )
    table = amounts.PAPER_BY_RANK[tier]
    hours = _by_rank(table, rank)
    if not hours:
        return _past_last_rank(hour_type, "论文", "A paper", len(table), rank)
    return _credit(
        hour_type,
        hours,
        f"{tier_zh}论文第 {rank} 作者：{hours} 学时",
        f"Paper ({tier_en}), author {rank}: {hours} hours",
    )


def _ranked_table(
    fact: str, tables: Mapping[str, tuple[int, ...]], who_zh: str, who_en: str
) -> Callable[[HourType, _Facts, int], Outcome]:
    def rule(hour_type: HourType, facts: _Facts, year: int) -> Outcome:
        value: str = facts[fact]
        rank: int = facts["rank"]
        value_zh, value_en = _label(hour_type, fact, value)
        table = tables[value]
        hours = _by_rank(table, rank)
        if not hours:
            return _past_last_rank(hour_type, value_zh, value_en, len(table), rank)
        return _credit(
            hour_type,
            hours,
            f"{value_zh}第 {rank} 名{who_zh}：{hours} 学时",
            f"{value_en}, {who_en} {rank}: {hours} hours",
        )

    return rule


def _qualification_exam(hour_type: HourType, facts: _Facts, year: int) -> Outcome:
    kind: str = facts["kind"]
    kind_zh, kind_en = _label(hour_type, "kind", kind)
    hours = amounts.QUALIFICATION_EXAM[kind]
    return _credit(
        hour_type, hours, f"通过{kind_zh}：{hours} 学时", f"{kind_en} passed: {hours} hours"
    )


def _endorsed_report(hour_type: HourType, facts: _Facts, year: int) -> Outcome:
    hours = amounts.ENDORSED_REPORT
    return _credit(
        hour_type,
        hours,
        f"专题调研报告获领导批示：{hours} 学时",
        f"Research report endorsed by leaders: {hours} hours",
    )


def _aid_assignment(hour_type: HourType, facts: _Facts, year: int) -> Outcome:
    months: int = facts["months"]
    full = amounts.AID_FULL_YEAR_MONTHS
    if months < full:
        return _nothing(
            hour_type,
            f"援派、挂职等 {months} 个月，不满一年，第七条（十一）不计学时；"
            "可按“其他继续教育形式”申报，由人社部门确认",
            f"Posting of {months} months, under a full year: no hours under Art. 7(11); "
            "it may be declared as another form of continuing education for the HR authority "
            "to confirm",
        )
    return _credit(
        hour_type,
        0,
        f"援派、挂职等满一年（{months} 个月）：可计算完成年度全部公需和专业科目学时",
        f"Posting of a full year ({months} months): covers the year's whole public and "
        "professional requirement",
        _COVERS_BOTH,
    )


def _grassroots_service(hour_type: HourType, facts: _Facts, year: int) -> Outcome:
    days: int = facts["days"]
    per_day = amounts.GRASSROOTS_PER_DAY
    if not days:
        return _nothing(
            hour_type, "服务基层活动 0 天，不计学时", "Grassroots service 0 days: no hours"
        )
    return _credit(
        hour_type,
        days * per_day,
        f"服务基层活动 {days} 天 × {per_day} 学时 = {days * per_day} 学时",
        f"Grassroots service {days} days × {per_day} hours = {days * per_day} hours",
    )


def _leave_adjustment(hour_type: HourType, facts: _Facts, year: int) -> Outcome:
    reason: str = facts["reason"]
    on_duty: int = facts["on_duty_months"]
    reason_zh, reason_en = _label(hour_type, "reason", reason)
    away_more_than = amounts.LEAVE_AWAY_MORE_THAN.get(reason)
    if away_more_than is not None and 12 - on_duty <= away_more_than:
        return _nothing(
            hour_type,
            f"第八条只折算{reason_zh}的情况；在岗 {on_duty} 个月，"
            f"即离岗不超过 {away_more_than} 个月，不折算",
            f"Art. 8 scales the year only for {reason_en.lower()}; {on_duty} months on duty "
            f"means at most {away_more_than} away: no scaling",
        )
    needed = requirement(year, on_duty_months=on_duty)
    return Outcome(
        hours=_ZERO,
        covers=_NO_COVER,
        clause=hour_type.clause,
        explanation=Text(
            f"第八条：{reason_zh}，实际在岗 {on_duty} 个月，{year} 年应完成学时按 {on_duty}/12 "
            f"折算为 {needed.total} 学时（公需 {needed.public}，专业 {needed.professional}）；"
            "本项不计学时",
            f"Art. 8: {reason_en.lower()}, {on_duty} months on duty, so {year}'s requirement "
            f"is scaled by {on_duty}/12 to {needed.total} hours (public {needed.public}, "
            f"professional {needed.professional}); this declaration itself gives no hours",
        ),
        credited=True,
        flags=_FLAGS[hour_type.code],
        on_duty_months=on_duty,
    )


_RULES: Mapping[str, Callable[[HourType, _Facts, int], Outcome]] = {
    "base_training": _from_certificate,
    "training": _from_certificate,
    "degree_education": _degree_education,
    "conference": _conference,
    "research_project": _research_project,
    "publication": _publication,
    "patent": _ranked_table("kind", amounts.PATENT_BY_RANK, "专利权人", "patentee"),
    "award": _ranked_table("level", amounts.AWARD_BY_RANK, "获奖者", "awardee"),
    "qualification_exam": _qualification_exam,
    "endorsed_report": _endorsed_report,
    "aid_assignment": _aid_assignment,
    "grassroots_service": _grassroots_service,
    "authority_training": _from_certificate,
    "employer_training": _from_certificate,
    "leave_adjustment": _leave_adjustment,
    "other": _from_certificate,
}
if _RULES.keys() != HOUR_TYPES.keys():
    raise RuntimeError("every declaration type needs exactly one rule")
# One look-up per assessment: the type and its rule together.
_ASSESSORS = {code: (hour_type, _RULES[code]) for code, hour_type in HOUR_TYPES.items()}

"""Every rank, tier, level and boundary of 第七条, as one table, plus what each outcome carries."""

from __future__ import annotations

from decimal import Decimal

import pytest

import rules

NONE: frozenset[str] = frozenset()
PRO = frozenset({"professional"})
BOTH = frozenset({"public", "professional"})


def case(
    case_id: str,
    code: str,
    facts: dict[str, object],
    hours: str,
    *,
    covers: frozenset[str] = NONE,
    credited: bool = True,
) -> object:
    return pytest.param(code, facts, Decimal(hours), covers, credited, id=case_id)


AMOUNTS = [
    # 第七条（一）（二）（十三）: the organiser's hours pass through
    case("base training", "base_training", {"hours": 32}, "32"),
    case("base training in a batch", "base_training", {"hours": 8, "source": "base_batch"}, "8"),
    case("training with fractional hours", "training", {"hours": "15.8"}, "15.8"),
    case("training of zero hours", "training", {"hours": 0}, "0", credited=False),
    case("authority training in plan", "authority_training", {"hours": 24}, "24"),
    case(
        "authority training not in plan",
        "authority_training",
        {"hours": 24, "in_annual_plan": False},
        "0",
        credited=False,
    ),
    case(
        "employer training in plan",
        "employer_training",
        {"hours": "12", "in_annual_plan": "on"},
        "12",
    ),
    case(
        "employer training not in plan",
        "employer_training",
        {"hours": 12, "in_annual_plan": "false"},
        "0",
        credited=False,
    ),
    case("other", "other", {"hours": "10"}, "10"),
    # 第七条（三）
    case(
        "degree 0 courses",
        "degree_education",
        {"mode": "degree", "passed_courses": 0},
        "0",
        credited=False,
    ),
    case("degree 1 course", "degree_education", {"mode": "degree", "passed_courses": 1}, "15"),
    case(
        "degree 3 courses as text",
        "degree_education",
        {"mode": "degree", "passed_courses": "3"},
        "45",
    ),
    case(
        "course study 0 months",
        "degree_education",
        {"mode": "course_study", "months": 0},
        "0",
        credited=False,
    ),
    case("course study 5 months", "degree_education", {"mode": "course_study", "months": 5}, "50"),
    case(
        "course study exactly 6 months",
        "degree_education",
        {"mode": "course_study", "months": 6},
        "60",
    ),
    case(
        "course study 7 months",
        "degree_education",
        {"mode": "course_study", "months": 7},
        "0",
        covers=PRO,
    ),
    case(
        "course study 12 months",
        "degree_education",
        {"mode": "course_study", "months": "12"},
        "0",
        covers=PRO,
    ),
    # 第七条（四）
    case("national 1 day", "conference", {"level": "national", "days": 1}, "6"),
    case(
        "national 1 day with paper",
        "conference",
        {"level": "national", "days": 1, "presented": True},
        "12",
    ),
    case(
        "provincial 3 days",
        "conference",
        {"level": "provincial", "days": "3", "presented": "0"},
        "12",
    ),
    case(
        "provincial 1 day with paper",
        "conference",
        {"level": "provincial", "days": 1, "presented": "1"},
        "8",
    ),
    case("national 0 days", "conference", {"level": "national", "days": 0}, "0", credited=False),
    case(
        "national 0 days with paper",
        "conference",
        {"level": "national", "days": 0, "presented": True},
        "0",
        credited=False,
    ),
    case(
        "municipal",
        "conference",
        {"level": "municipal", "days": 2, "presented": True},
        "0",
        credited=False,
    ),
    # 第七条（五）
    *(
        case(
            f"national main rank {rank}",
            "research_project",
            {"level": "national", "role": "main", "rank": rank},
            hours,
        )
        for rank, hours in ((1, "68"), (2, "60"), (3, "52"), (4, "44"), (5, "36"))
    ),
    *(
        case(
            f"national sub rank {rank}",
            "research_project",
            {"level": "national", "role": "sub", "rank": rank},
            hours,
        )
        for rank, hours in ((1, "52"), (2, "44"), (3, "36"))
    ),
    *(
        case(
            f"provincial main rank {rank}",
            "research_project",
            {"level": "provincial", "role": "main", "rank": rank},
            hours,
        )
        for rank, hours in ((1, "60"), (2, "52"), (3, "44"))
    ),
    *(
        case(
            f"provincial sub rank {rank}",
            "research_project",
            {"level": "provincial", "role": "sub", "rank": rank},
            hours,
        )
        for rank, hours in ((1, "44"), (2, "36"), (3, "28"))
    ),
    *(
        case(
            f"{level} {role} rank {rank}",
            "research_project",
            {"level": level, "role": role, "rank": rank},
            "0",
            credited=False,
        )
        for level, role, rank in (
            ("national", "main", 6),
            ("national", "sub", 4),
            ("provincial", "main", 4),
            ("provincial", "sub", 4),
        )
    ),
    # 第七条（六）
    *(
        case(
            f"book author {rank}",
            "publication",
            {"kind": "book", "rank": rank, "wan_zi": 10},
            hours,
        )
        for rank, hours in ((1, "160"), (2, "120"), (3, "80"))
    ),
    case(
        "book 2.9 wan zi floors to 2",
        "publication",
        {"kind": "book", "rank": 1, "wan_zi": "2.9"},
        "32",
    ),
    case(
        "book 0.9 wan zi",
        "publication",
        {"kind": "book", "rank": 1, "wan_zi": "0.9"},
        "0",
        credited=False,
    ),
    case(
        "book author 4",
        "publication",
        {"kind": "book", "rank": 4, "wan_zi": 10},
        "0",
        credited=False,
    ),
    *(
        case(
            f"{tier} author {rank}",
            "publication",
            {"kind": "paper", "rank": rank, "journal_tier": tier},
            hours,
        )
        for tier, amounts in (
            ("international_or_national_society", ("52", "44", "36")),
            ("provincial_core", ("44", "36", "28")),
            ("issn_cn", ("36", "28", "20")),
        )
        for rank, hours in zip((1, 2, 3), amounts, strict=True)
    ),
    case(
        "paper author 4",
        "publication",
        {"kind": "paper", "rank": 4, "journal_tier": "issn_cn"},
        "0",
        credited=False,
    ),
    case(
        "paper in a supplement",
        "publication",
        {
            "kind": "paper",
            "rank": 1,
            "journal_tier": "international_or_national_society",
            "supplement": "true",
        },
        "0",
        credited=False,
    ),
    # 第七条（七）（八）
    *(
        case(f"{kind} patentee {rank}", "patent", {"kind": kind, "rank": rank}, hours)
        for kind, hours in (("invention", "68"), ("utility_model", "60"), ("design", "60"))
        for rank in (1, 2, 3)
    ),
    case("patentee 4", "patent", {"kind": "invention", "rank": 4}, "0", credited=False),
    *(
        case(f"{level} awardee {rank}", "award", {"level": level, "rank": rank}, hours)
        for level, hours in (("national", "68"), ("provincial_ministerial", "60"))
        for rank in (1, 2, 3)
    ),
    case("awardee 4", "award", {"level": "national", "rank": "4"}, "0", credited=False),
    # 第七条（九）（十）
    *(
        case(f"{kind} exam", "qualification_exam", {"kind": kind}, hours)
        for kind, hours in (
            ("senior", "68"),
            ("intermediate", "60"),
            ("junior", "52"),
            ("practice_or_vocational", "68"),
        )
    ),
    case("endorsed report", "endorsed_report", {}, "20"),
    # 第七条（十一）（十二）
    case("aid 11 months", "aid_assignment", {"months": 11}, "0", credited=False),
    case("aid 12 months", "aid_assignment", {"months": 12}, "0", covers=BOTH),
    case("aid 24 months", "aid_assignment", {"months": "24"}, "0", covers=BOTH),
    case("grassroots 0 days", "grassroots_service", {"days": 0}, "0", credited=False),
    case("grassroots 5 days", "grassroots_service", {"days": "5"}, "30"),
    # 第八条: no hours of its own
    case("childbirth", "leave_adjustment", {"reason": "childbirth", "on_duty_months": 6}, "0"),
]


@pytest.mark.parametrize(("code", "facts", "hours", "covers", "credited"), AMOUNTS)
def test_it_credits_the_amount_of_the_clause(
    code: str, facts: dict[str, object], hours: Decimal, covers: frozenset[str], credited: bool
) -> None:
    outcome = rules.assess(code, facts, year=2024)

    assert (outcome.hours, outcome.covers, outcome.credited) == (hours, covers, credited)


def test_it_explains_a_national_conference_with_a_paper() -> None:
    outcome = rules.assess(
        "conference", {"level": "national", "days": 3, "presented": True}, year=2024
    )

    assert outcome.explanation == rules.Text(
        "国家级学术会议 3 天 × 6 学时 + 宣读论文 6 学时 = 24 学时",
        "National conference 3 days × 6 hours + paper presented 6 hours = 24 hours",
    )


@pytest.mark.parametrize(
    ("code", "facts", "reason"),
    [
        ("research_project", {"level": "national", "role": "main", "rank": 6}, "前 5 名"),
        (
            "publication",
            {"kind": "paper", "rank": 1, "journal_tier": "issn_cn", "supplement": True},
            "增刊",
        ),
        ("conference", {"level": "municipal", "days": 2}, "其他继续教育形式"),
        ("conference", {"level": "national", "days": 0}, "0 天"),
        ("aid_assignment", {"months": 6}, "其他继续教育形式"),
        ("authority_training", {"hours": 8, "in_annual_plan": False}, "年度培训计划"),
        ("publication", {"kind": "book", "rank": 1, "wan_zi": "0.5"}, "不足 1 万字"),
    ],
)
def test_it_says_why_nothing_is_credited(code: str, facts: dict[str, object], reason: str) -> None:
    assert reason in rules.assess(code, facts, year=2024).explanation.zh


def test_it_names_the_clause() -> None:
    clauses = [
        rules.assess(code, facts, year=2024).clause
        for code, facts in (
            ("conference", {"level": "national", "days": 1}),
            ("employer_training", {"hours": 4}),
            ("leave_adjustment", {"reason": "childbirth", "on_duty_months": 3}),
        )
    ]

    assert clauses == ["第七条（四）", "第七条（二）/（十三）", "第八条"]


@pytest.mark.parametrize(
    ("code", "facts", "flags"),
    [
        ("base_training", {"hours": 8}, {"certificate_hours"}),
        ("training", {"hours": 8}, {"certificate_hours"}),
        ("authority_training", {"hours": 8}, {"certificate_hours"}),
        ("employer_training", {"hours": 8}, {"certificate_hours"}),
        ("other", {"hours": 8}, {"certificate_hours", "hr_confirmation"}),
        ("endorsed_report", {}, set()),
        ("conference", {"level": "national", "days": 1}, set()),
    ],
)
def test_it_flags_hours_that_someone_must_check(
    code: str, facts: dict[str, object], flags: set[str]
) -> None:
    assert rules.assess(code, facts, year=2024).flags == flags


# 第八条: abroad or sick only when away MORE than 6 months; childbirth and approved cases any time.
@pytest.mark.parametrize(
    ("reason", "on_duty_months", "expected"),
    [
        ("abroad", 5, 5),
        ("abroad", 6, None),
        ("sick", 0, 0),
        ("sick", 5, 5),
        ("sick", 7, None),
        ("childbirth", 0, 0),
        ("childbirth", 6, 6),
        ("childbirth", 12, 12),
        ("other_approved", 9, 9),
    ],
)
def test_it_scales_the_year_only_for_the_cases_of_article_8(
    reason: str, on_duty_months: int, expected: int | None
) -> None:
    outcome = rules.assess(
        "leave_adjustment", {"reason": reason, "on_duty_months": on_duty_months}, year=2024
    )

    assert (outcome.hours, outcome.on_duty_months, outcome.credited) == (
        Decimal(0),
        expected,
        expected is not None,
    )


def test_it_explains_the_scaled_requirement_of_a_half_year_of_maternity_leave() -> None:
    outcome = rules.assess(
        "leave_adjustment", {"reason": "childbirth", "on_duty_months": 6}, year=2024
    )

    assert "45 学时（公需 12，专业 30）" in outcome.explanation.zh


def test_it_leaves_on_duty_months_unset_for_other_types() -> None:
    assert rules.assess("endorsed_report", {}, year=2024).on_duty_months is None


@pytest.mark.parametrize(
    ("year", "on_duty_months", "expected"),
    [
        (2024, 12, (90, 24, 60)),
        (2018, 12, (90, 30, 60)),
        (2019, 12, (90, 24, 60)),
        (2024, 6, (45, 12, 30)),
        (2024, 0, (0, 0, 0)),
        (2024, 1, (8, 2, 5)),  # 7.5 -> 8, 2 -> 2, 5 -> 5
        (2024, 5, (38, 10, 25)),  # 37.5 -> 38
        (2018, 7, (53, 18, 35)),  # 52.5 -> 53, 17.5 -> 18, 35
    ],
)
def test_it_scales_the_requirement_to_months_on_duty_rounding_half_up(
    year: int, on_duty_months: int, expected: tuple[int, int, int]
) -> None:
    needed = rules.requirement(year, on_duty_months=on_duty_months)

    assert (needed.total, needed.public, needed.professional) == expected


@pytest.mark.parametrize("on_duty_months", [-1, 13])
def test_it_refuses_months_on_duty_outside_a_year(on_duty_months: int) -> None:
    with pytest.raises(ValueError, match="on_duty_months"):
        rules.requirement(2024, on_duty_months=on_duty_months)


def test_it_explains_that_only_whole_wan_zi_count() -> None:
    outcome = rules.assess("publication", {"kind": "book", "rank": 1, "wan_zi": "2.9"}, year=2024)

    assert outcome.explanation.zh.endswith("2.9 万字按整 2 万字 × 16 学时 = 32 学时")

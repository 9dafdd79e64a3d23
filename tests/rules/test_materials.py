"""Which supporting documents a declaration needs, from the notice's list."""

from __future__ import annotations

import pytest

import rules


def required(code: str, facts: dict[str, object]) -> list[str]:
    hour_type = rules.HOUR_TYPES[code]
    return [material.label_zh for material in hour_type.required_materials(hour_type.clean(facts))]


@pytest.mark.parametrize(
    ("code", "facts", "labels"),
    [
        ("base_training", {"hours": 8}, ["培训通知", "结业证书", "单位证明"]),
        ("base_training", {"hours": 8, "source": "base_batch"}, []),
        ("training", {"hours": 8}, ["培训通知", "结业证书", "单位证明"]),
        ("degree_education", {"mode": "degree", "passed_courses": 2}, ["当年度成绩单"]),
        (
            "degree_education",
            {"mode": "course_study", "months": 3},
            ["当年度成绩单", "单位派出证明", "进修单位考核证明"],
        ),
        ("conference", {"level": "national", "days": 2}, ["会议通知", "单位证明"]),
        (
            "conference",
            {"level": "national", "days": 2, "presented": "true"},
            ["会议通知", "单位证明", "宣读或报告论文的证明"],
        ),
        ("publication", {"kind": "book", "rank": 1, "wan_zi": 3}, ["封面", "扉页", "目录"]),
        (
            "publication",
            {"kind": "paper", "rank": 1, "journal_tier": "issn_cn"},
            ["杂志封面", "目录", "文章"],
        ),
        ("aid_assignment", {"months": 12}, ["用人单位或主管部门文件", "年度考核证明"]),
        ("grassroots_service", {"days": 2}, ["服务活动通知", "组织方参与证明", "单位证明"]),
        ("authority_training", {"hours": 8}, ["培训通知", "参训证明"]),
        ("employer_training", {"hours": 8}, ["单位培训通知", "参训证明"]),
        ("leave_adjustment", {"reason": "abroad", "on_duty_months": 4}, ["单位证明"]),
        ("leave_adjustment", {"reason": "sick", "on_duty_months": 4}, ["单位证明", "医院证明"]),
        ("leave_adjustment", {"reason": "childbirth", "on_duty_months": 6}, ["单位证明"]),
        (
            "leave_adjustment",
            {"reason": "other_approved", "on_duty_months": 6},
            ["单位证明", "业务主管部门批准文件"],
        ),
        ("other", {"hours": 8}, ["证明材料"]),
    ],
)
def test_it_asks_for_the_materials_the_facts_call_for(
    code: str, facts: dict[str, object], labels: list[str]
) -> None:
    assert required(code, facts) == labels


def test_a_paper_proof_is_required_only_when_a_paper_was_presented() -> None:
    proof = next(m for m in rules.HOUR_TYPES["conference"].materials if m.code == "paper_proof")

    assert [proof.is_required({"presented": True}), proof.is_required({"presented": False})] == [
        True,
        False,
    ]


def test_an_unconditional_material_is_always_required() -> None:
    unit_proof = rules.HOUR_TYPES["leave_adjustment"].materials[0]

    assert (unit_proof.code, unit_proof.when, unit_proof.is_required({})) == (
        "unit_proof",
        None,
        True,
    )


def test_every_type_but_base_training_asks_for_something_by_default() -> None:
    codes_asking_nothing = [
        code
        for code, hour_type in rules.HOUR_TYPES.items()
        if not any(material.when is None for material in hour_type.materials)
    ]

    assert codes_asking_nothing == ["base_training"]


def test_material_codes_are_ascii_slugs() -> None:
    codes = {m.code for t in rules.HOUR_TYPES.values() for m in t.materials}

    assert [
        code
        for code in codes
        if not (code.isascii() and code.replace("_", "").isalpha() and code.islower())
    ] == []

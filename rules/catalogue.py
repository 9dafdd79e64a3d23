"""The 16 declaration types (专业学时申报类型) in official order, with their facts and materials.

Materials follow the college notice ("专业学时申报类型需提交相关材料说明"); clauses follow the 办法.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal
from types import MappingProxyType

from rules.schema import (
    PROFESSIONAL,
    PUBLIC,
    Choice,
    DateKind,
    Fact,
    FactKind,
    HourType,
    Material,
    When,
)


def _int(name: str, zh: str, en: str, low: int, high: int, when: When | None = None) -> Fact:
    return Fact(name, FactKind.INT, zh, en, minimum=Decimal(low), maximum=Decimal(high), when=when)


def _decimal(name: str, zh: str, en: str, low: int, high: int, when: When | None = None) -> Fact:
    return Fact(
        name, FactKind.DECIMAL, zh, en, minimum=Decimal(low), maximum=Decimal(high), when=when
    )


def _bool(name: str, zh: str, en: str, *, default: bool, when: When | None = None) -> Fact:
    return Fact(name, FactKind.BOOL, zh, en, default=default, when=when)


def _choice(
    name: str,
    zh: str,
    en: str,
    choices: tuple[tuple[str, str, str], ...],
    *,
    default: str | None = None,
) -> Fact:
    return Fact(
        name,
        FactKind.CHOICE,
        zh,
        en,
        choices=tuple(Choice(*choice) for choice in choices),
        default=default,
    )


def _when(fact: str, *values: object) -> When:
    return When(fact, frozenset(values))


def _material(code: str, zh: str, en: str, when: When | None = None) -> Material:
    return Material(code, zh, en, when)


HOURS = _decimal("hours", "学时", "Hours", 0, 1000)
RANK = _int("rank", "排名（按职责排序）", "Rank (by responsibility)", 1, 99)
DAYS = _int("days", "天数", "Days", 0, 366)

TRAINING_NOTICE = _material("training_notice", "培训通知", "Training notice")
COMPLETION_CERTIFICATE = _material("completion_certificate", "结业证书", "Completion certificate")
UNIT_PROOF = _material("unit_proof", "单位证明", "Proof from your unit")
ATTENDANCE_PROOF = _material("attendance_proof", "参训证明", "Proof of attendance")

IN_ANNUAL_PLAN = _bool(
    "in_annual_plan",
    "已列入年度培训计划并报人社部门备案",
    "In the year's training plan filed with the HR authority",
    default=True,
)
ONLY_INDIVIDUAL = _when("source", "individual")
ONLY_COURSE_STUDY = _when("mode", "course_study")
ONLY_BOOK = _when("kind", "book")
ONLY_PAPER = _when("kind", "paper")

_TYPES = (
    HourType(
        1,
        "base_training",
        "继续教育基地培训班",
        "Continuing-education base training course",
        "第七条（一）",
        frozenset({PUBLIC, PROFESSIONAL}),
        "按基地审批部门确定的实际学习学时计",
        "Hours as set by the base's approving authority for the time actually studied",
        (
            HOURS,
            _choice(
                "source",
                "申报方式",
                "Filed by",
                (
                    ("individual", "个人申报", "Myself"),
                    ("base_batch", "基地统一申报", "The training base, in a batch"),
                ),
                default="individual",
            ),
        ),
        (
            _material("training_notice", "培训通知", "Training notice", ONLY_INDIVIDUAL),
            _material(
                "completion_certificate", "结业证书", "Completion certificate", ONLY_INDIVIDUAL
            ),
            _material("unit_proof", "单位证明", "Proof from your unit", ONLY_INDIVIDUAL),
        ),
        hours_from_certificate=True,
    ),
    HourType(
        2,
        "training",
        "培训、研修",
        "Training or study programme",
        "第七条（二）",
        frozenset({PUBLIC, PROFESSIONAL}),
        "按主办单位（或选派单位主管部门）确定的学时计",
        "Hours as set by the organiser (or the sending unit's authority)",
        (HOURS,),
        (TRAINING_NOTICE, COMPLETION_CERTIFICATE, UNIT_PROOF),
        hours_from_certificate=True,
    ),
    HourType(
        3,
        "degree_education",
        "学历、学位教育",
        "Degree education or course study",
        "第七条（三）",
        frozenset({PROFESSIONAL}),
        "考试合格每门课15学时；课程进修不满6个月每月10学时，超过6个月完成全年专业科目",
        "15 hours a passed course; course study 10 hours a month, over 6 months "
        "the year's whole professional requirement",
        (
            _choice(
                "mode",
                "形式",
                "Mode",
                (
                    ("degree", "学历、学位教育", "Degree education"),
                    ("course_study", "课程进修", "Course study"),
                ),
            ),
            _int(
                "passed_courses",
                "考试合格课程门数",
                "Courses passed",
                0,
                30,
                _when("mode", "degree"),
            ),
            _int("months", "进修月数", "Months of study", 0, 12, ONLY_COURSE_STUDY),
        ),
        (
            _material("transcript", "当年度成绩单", "This year's transcript"),
            _material(
                "dispatch_proof", "单位派出证明", "Proof your unit sent you", ONLY_COURSE_STUDY
            ),
            _material(
                "assessment_proof",
                "进修单位考核证明",
                "Assessment from the host institution",
                ONLY_COURSE_STUDY,
            ),
        ),
    ),
    HourType(
        4,
        "conference",
        "学术会议",
        "Academic conference",
        "第七条（四）",
        frozenset({PROFESSIONAL}),
        "国家部委学术会议每天6学时，宣读论文另加6学时；省级每天4学时，宣读论文另加4学时",
        "Ministry-level conference 6 hours a day, 6 more for a paper; "
        "provincial 4 a day, 4 more for a paper",
        (
            _choice(
                "level",
                "会议级别",
                "Level",
                (
                    ("national", "国家级", "National"),
                    ("provincial", "省级", "Provincial"),
                    ("municipal", "市级", "Municipal"),
                ),
            ),
            DAYS,
            _bool("presented", "宣读或报告论文", "Read or reported a paper", default=False),
        ),
        (
            _material("meeting_notice", "会议通知", "Conference notice"),
            UNIT_PROOF,
            _material(
                "paper_proof",
                "宣读或报告论文的证明",
                "Proof the paper was read or reported",
                _when("presented", True),
            ),
        ),
    ),
    HourType(
        5,
        "research_project",
        "课题研究与项目开发",
        "Research project or development",
        "第七条（五）",
        frozenset({PROFESSIONAL}),
        "国家级主课题前5名每年68至36学时，子课题前3名52至36学时；"
        "省级主课题前3名60至44学时，子课题前3名44至28学时",
        "National main project, first 5 ranks: 68 to 36 hours a year; sub-project, first 3: "
        "52 to 36; provincial main, first 3: 60 to 44; sub-project, first 3: 44 to 28",
        (
            _choice(
                "level",
                "课题级别",
                "Level",
                (("national", "国家级", "National"), ("provincial", "省级", "Provincial")),
            ),
            _choice(
                "role",
                "课题组",
                "Group",
                (
                    ("main", "主课题（项目）", "main project"),
                    ("sub", "子课题（项目）", "sub-project"),
                ),
            ),
            RANK,
        ),
        (
            _material(
                "research_proof",
                "国家级或省级课题（项目）研究证明",
                "Proof of the national or provincial research project",
            ),
        ),
    ),
    HourType(
        6,
        "publication",
        "出版著作（译作）或发表论文",
        "Published book, translation or paper",
        "第七条（六）",
        frozenset({PROFESSIONAL}),
        "署名前3名：著作每万字16、12、8学时；论文按刊物每篇52至20学时，增刊、副刊不计",
        "First 3 authors: books 16, 12, 8 hours per 10,000 characters; "
        "papers 52 to 20 by journal, supplements excluded",
        (
            _choice(
                "kind",
                "类别",
                "Kind",
                (("book", "著作（译作）", "Book or translation"), ("paper", "论文", "Paper")),
            ),
            RANK,
            _decimal("wan_zi", "字数（万字）", "Length (10,000 characters)", 0, 1000, ONLY_BOOK),
            Fact(
                "journal_tier",
                FactKind.CHOICE,
                "刊物级别",
                "Journal",
                choices=(
                    Choice(
                        "international_or_national_society",
                        "国外及国家一级学会主办的专业刊物",
                        "Foreign or national first-level society journal",
                    ),
                    Choice(
                        "provincial_core", "省级专业刊物（核心期刊）", "Provincial core journal"
                    ),
                    Choice("issn_cn", "具有ISSN和CN刊号的刊物", "Journal with ISSN and CN numbers"),
                ),
                when=ONLY_PAPER,
            ),
            _bool("supplement", "增刊、副刊", "Supplement issue", default=False, when=ONLY_PAPER),
        ),
        (
            _material("cover", "封面", "Cover", ONLY_BOOK),
            _material("title_page", "扉页", "Title page", ONLY_BOOK),
            _material("journal_cover", "杂志封面", "Journal cover", ONLY_PAPER),
            _material("table_of_contents", "目录", "Table of contents"),
            _material("article", "文章", "The article", ONLY_PAPER),
        ),
    ),
    HourType(
        7,
        "patent",
        "专利",
        "Patent",
        "第七条（七）",
        frozenset({PROFESSIONAL}),
        "署名前3名专利权人：发明专利68学时，实用新型、外观设计专利60学时",
        "First 3 patentees: invention 68 hours, utility model or design 60",
        (
            _choice(
                "kind",
                "专利类别",
                "Kind",
                (
                    ("invention", "发明专利", "Invention patent"),
                    ("utility_model", "实用新型专利", "Utility model patent"),
                    ("design", "外观设计专利", "Design patent"),
                ),
            ),
            RANK,
        ),
        (_material("patent_certificate", "专利证书", "Patent certificate"),),
    ),
    HourType(
        8,
        "award",
        "科技奖项",
        "Science and technology award",
        "第七条（八）",
        frozenset({PROFESSIONAL}),
        "署名前3名获奖者：国家级奖项68学时，省（部）级60学时",
        "First 3 awardees: national award 68 hours, provincial or ministerial 60",
        (
            _choice(
                "level",
                "奖项级别",
                "Level",
                (
                    ("national", "国家级奖项", "National award"),
                    ("provincial_ministerial", "省（部）级奖项", "Provincial or ministerial award"),
                ),
            ),
            RANK,
        ),
        (_material("award_certificate", "获奖证书", "Award certificate"),),
    ),
    HourType(
        9,
        "qualification_exam",
        "资格考试",
        "Qualification exam",
        "第七条（九）",
        frozenset({PROFESSIONAL}),
        "高级、中级、初级专业技术资格考试68、60、52学时；执业资格或职业水平考试68学时",
        "Senior, intermediate, junior title exam 68, 60, 52 hours; practice or vocational exam 68",
        (
            _choice(
                "kind",
                "考试",
                "Exam",
                (
                    ("senior", "高级专业技术资格考试", "Senior title exam"),
                    ("intermediate", "中级专业技术资格考试", "Intermediate title exam"),
                    ("junior", "初级专业技术资格考试", "Junior title exam"),
                    (
                        "practice_or_vocational",
                        "全国执业资格或职业水平考试",
                        "National practice-qualification or vocational-level exam",
                    ),
                ),
            ),
        ),
        (_material("qualification_certificate", "资格证书", "Qualification certificate"),),
    ),
    HourType(
        10,
        "endorsed_report",
        "调研报告获批示",
        "Research report endorsed by leaders",
        "第七条（十）",
        frozenset({PROFESSIONAL}),
        "专题调研报告获省委、省政府或当地党委、政府主要领导批示计20学时",
        "A report endorsed by provincial or local party and government leaders: 20 hours",
        (),
        (_material("leader_instruction", "领导批示件", "The leader's written endorsement"),),
    ),
    HourType(
        11,
        "aid_assignment",
        "援藏援疆援外、基层挂职等",
        "Aid posting (Tibet, Xinjiang, abroad) or grassroots assignment",
        "第七条（十一）",
        frozenset({PROFESSIONAL}),
        "满一年可计算完成全年公需和专业科目学时",
        "A full year counts as the year's whole public and professional requirement",
        # Postings span years, so months may exceed 12.
        (_int("months", "派出月数", "Months posted", 0, 36),),
        (
            _material(
                "assignment_document",
                "用人单位或主管部门文件",
                "Document from the employer or the authority",
            ),
            _material("annual_appraisal", "年度考核证明", "Annual appraisal"),
        ),
    ),
    HourType(
        12,
        "grassroots_service",
        "服务基层活动",
        "Grassroots service",
        "第七条（十二）",
        frozenset({PROFESSIONAL}),
        "服务基层活动每天6学时",
        "6 hours a day of grassroots service",
        (DAYS,),
        (
            _material("service_notice", "服务活动通知", "Service activity notice"),
            _material(
                "organiser_proof", "组织方参与证明", "Proof of taking part, from the organiser"
            ),
            UNIT_PROOF,
        ),
    ),
    HourType(
        13,
        "authority_training",
        "行业主管部门专业科目培训",
        "Professional training by the sector authority",
        "第七条（二）/（十三）",
        frozenset({PROFESSIONAL}),
        "列入年度计划并报人社部门备案的培训，按主办单位确定的学时计",
        "Training in the year's plan filed with the HR authority: hours as the organiser sets",
        (HOURS, IN_ANNUAL_PLAN),
        (TRAINING_NOTICE, ATTENDANCE_PROOF),
        hours_from_certificate=True,
    ),
    HourType(
        14,
        "employer_training",
        "用人单位专业科目培训",
        "Professional training by the employer",
        "第七条（二）/（十三）",
        frozenset({PROFESSIONAL}),
        "纳入主管部门年度培训计划的本单位培训，按确定的学时计",
        "In-house training in the authority's yearly plan: hours as set",
        (HOURS, IN_ANNUAL_PLAN),
        (_material("training_notice", "单位培训通知", "Unit's training notice"), ATTENDANCE_PROOF),
        hours_from_certificate=True,
    ),
    HourType(
        15,
        "leave_adjustment",
        "境外工作/病假/生育等折算",
        "Adjustment for work abroad, sick leave, childbirth",
        "第八条",
        frozenset(),
        "不计学时：按实际在岗月数折算全年应完成学时",
        "No hours: the year's requirement is scaled to the months on duty",
        (
            _choice(
                "reason",
                "情况",
                "Reason",
                (
                    ("abroad", "境外工作超过6个月", "Work abroad over 6 months"),
                    ("sick", "病假超过6个月", "Sick leave over 6 months"),
                    ("childbirth", "生育", "Childbirth"),
                    (
                        "other_approved",
                        "经业务主管部门批准的其他情况",
                        "Other case approved by the authority",
                    ),
                ),
            ),
            _int("on_duty_months", "实际在岗月数", "Months on duty", 0, 12),
        ),
        (
            UNIT_PROOF,
            _material(
                "hospital_proof", "医院证明", "Hospital certificate", _when("reason", "sick")
            ),
            # The notice names no document for this case; 第八条（四） needs the approval itself.
            _material(
                "approval_document",
                "业务主管部门批准文件",
                "The authority's approval",
                _when("reason", "other_approved"),
            ),
        ),
    ),
    HourType(
        16,
        "other",
        "其他继续教育形式",
        "Other form of continuing education",
        "第七条（十三）",
        frozenset({PROFESSIONAL}),
        "由人社部门参照专业科目标准确认学时",
        "Hours as the HR authority confirms, by the professional-subject standards",
        (HOURS,),
        (_material("supporting_proof", "证明材料", "Supporting documents"),),
        hours_from_certificate=True,
        needs_hr_confirmation=True,
    ),
)

# What each type's form asks besides its facts: which dates, whether an organiser, and who sets
# the hours where the 办法 leaves them to an authority.
_FORM: Mapping[str, dict[str, object]] = {
    "research_project": {
        "hours_set_by_zh": "排名超出表列名次的课题参加者，学时由单位人事部门确定（第七条（五））",
        "hours_set_by_en": "For ranks beyond the table, the unit's HR office sets the hours "
        "(第七条（五）)",
    },
    "conference": {
        "hours_set_by_zh": "市级学术会议不在第七条（四）的标准内：计 0 学时，由人社部门确定学时"
        "（第七条（十三））",
        "hours_set_by_en": "Municipal conferences are outside 第七条（四）: they count 0 until the "
        "HR authority sets the hours (第七条（十三）)",
    },
    "publication": {"dates": DateKind.PUBLISHED, "has_organiser": False},
    "patent": {"dates": DateKind.DAY, "has_organiser": False},
    "award": {"dates": DateKind.DAY, "has_organiser": False},
    "qualification_exam": {"dates": DateKind.DAY, "has_organiser": False},
    "endorsed_report": {"dates": DateKind.DAY, "has_organiser": False},
    "aid_assignment": {"has_organiser": False},
    "leave_adjustment": {"has_organiser": False},
    "other": {
        "hours_set_by_zh": "学时由人社部门参照专业科目标准确定；主管部门审核时确认",
        "hours_set_by_en": "The HR authority sets the hours by the professional-subject "
        "standards, at bureau approval",
    },
}
HOUR_TYPES: Mapping[str, HourType] = MappingProxyType(
    {t.code: replace(t, **_FORM.get(t.code, {})) for t in _TYPES}  # type: ignore[arg-type]
)

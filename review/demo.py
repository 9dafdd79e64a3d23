"""Demo work for the demo people: declarations in every state, with real (generated) proof files,
so that each role finds something to do after `make run`. Needs `seed_demo` first."""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw
from pypdf import PdfWriter

import rules
from declarations.models import Declaration, Role, Status
from declarations.uploads import check_upload
from portal.demo import PEOPLE
from portal.models import User


def _png(label: str) -> bytes:
    image = Image.new("RGB", (900, 640), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, 880, 620), outline="darkred", width=6)
    draw.text((60, 60), label, fill="black")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _pdf(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _person(role: str, index: int = 0) -> User:
    demo = [p for p in PEOPLE if p.role == role][index]
    return User.objects.get_by_natural_key(demo.id_number)


def _declare(
    person: User, code: str, facts: dict[str, Any], title: str, **fields: Any
) -> Declaration | None:
    year = timezone.localdate().year
    if Declaration.objects.filter(person=person, title=title).exists():
        return None
    declaration = Declaration.create_draft(
        person=person,
        by=person,
        outcome=rules.assess(code, facts, year=year),
        claimed=fields.pop("claimed", None),
        type=code,
        facts=facts,
        title=title,
        organiser=fields.pop("organiser", ""),
        starts_on=datetime.date(year, 3, 10),
        ends_on=datetime.date(year, 3, 12),
        year=year,
        subject=fields.pop("subject", "professional"),
    )
    hour_type = declaration.hour_type
    for index, material in enumerate(hour_type.required_materials(hour_type.clean(facts))):
        name, data = (
            (f"{material.label_zh}.png", _png(material.code))
            if index % 2 == 0
            else (f"{material.label_zh}.pdf", _pdf(index))
        )
        declaration.attach(
            [check_upload(SimpleUploadedFile(name, data))], material=material.code, by=person
        )
    declaration.move(Status.SUBMITTED, by=person, role=Role.DECLARANT)
    return declaration


@transaction.atomic
def seed() -> int:
    teacher, colleague, info_teacher = (_person("teacher", i) for i in range(3))
    admin = _person("department_admin", 0)
    info_admin = _person("department_admin", 2)
    bureau = _person("bureau_reviewer_professional")
    made = 0
    if _declare(
        teacher,
        "conference",
        {"level": "national", "days": 3, "presented": True},
        "全国职业教育学术年会",
        organiser="教育部职业教育发展中心",
    ):
        made += 1
    approved = _declare(
        teacher,
        "research_project",
        {"level": "national", "role": "main", "rank": 2},
        "国家社科基金课题（第二年度）",
    )
    if approved:
        approved.move(Status.DEPARTMENT_APPROVED, by=admin, role=Role.DEPARTMENT_ADMIN)
        approved.move(Status.APPROVED, by=bureau, role=Role.BUREAU)
        made += 1
    returned = _declare(
        colleague, "training", {"hours": "32"}, "省级骨干教师培训", organiser="河南省教育厅"
    )
    if returned:
        returned.move(
            Status.RETURNED,
            by=admin,
            role=Role.DEPARTMENT_ADMIN,
            reason="缺少单位证明；请补充盖章的单位证明",
        )
        made += 1
    over = _declare(
        colleague, "training", {"hours": "300"}, "国家级培训（全年）", organiser="教育部"
    )
    if over:
        over.over_declared = True
        over.save(update_fields=["over_declared"])
        made += 1
    waiting = _declare(
        info_teacher,
        "patent",
        {"kind": "invention", "rank": 1},
        "一种装配式构件连接装置（发明专利）",
    )
    if waiting:
        waiting.move(Status.DEPARTMENT_APPROVED, by=info_admin, role=Role.DEPARTMENT_ADMIN)
        made += 1
    return made

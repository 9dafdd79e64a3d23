"""Demo data: the seed's 15 departments and fictional people in every role.

Every ID number here is made up (a valid check digit on an invented birth date and sequence);
none of the names is from the seed's administrator list.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from stdnum.cn import ric

from portal.models import AdminAssignment, BureauScope, Department, User

DEPARTMENTS = (
    "思政教学部",
    "土木工程系",
    "基础部",
    "工程管理系",
    "设备工程系",
    "招生就业处",
    "信息工程系",
    "建筑系",
    "图书馆",
    "基建办公室（法规处）",
    "餐饮管理中心",
    "纪检监察室",
    "计划财务处",
    "后勤管理处",
    "中职教育教学部",
)

DEMO_PASSWORD = "demo-Portal-2026"  # noqa: S105 (printed for the demo on purpose)


@dataclass(frozen=True)
class DemoPerson:
    role: str
    name: str
    department: str | None
    birth: str  # YYYYMMDD
    sequence: str  # three digits
    confirmed: bool = True

    @property
    def id_number(self) -> str:
        body = f"410105{self.birth}{self.sequence}"
        return body + ric.calc_check_digit(body + "0")


PEOPLE = (
    DemoPerson("hr_office", "何静怡", None, "19800312", "024"),
    DemoPerson("bureau_reviewer_public", "罗文博", None, "19760521", "013"),
    DemoPerson("bureau_reviewer_professional", "梁嘉树", None, "19790908", "035"),
    DemoPerson("department_admin", "唐思齐", "土木工程系", "19840117", "046"),
    DemoPerson("department_admin", "韩雨辰", "土木工程系", "19861030", "057"),
    DemoPerson("department_admin", "曹子安", "信息工程系", "19830704", "068"),
    DemoPerson("teacher", "林思远", "土木工程系", "19900214", "079"),
    DemoPerson("teacher", "钱雨桐", "土木工程系", "19920619", "082"),
    DemoPerson("teacher", "孙若溪", "信息工程系", "19881126", "093"),
    DemoPerson("teacher", "周景行", "建筑系", "19950403", "105"),
    DemoPerson("teacher", "吴清禾", "信息工程系", "19970808", "116", confirmed=False),
)


@transaction.atomic
def seed() -> list[DemoPerson]:
    departments = {name: Department.objects.get_or_create(name=name)[0] for name in DEPARTMENTS}
    hr_officer: User | None = None
    # One hash for all: hashing costs ~0.5 s a time, and every `make run` refreshes the demo.
    password = make_password(DEMO_PASSWORD)
    for demo in PEOPLE:
        person = User.objects.with_id_number(demo.id_number).first()
        if person is None:
            person, _one_time = User.objects.create_person(
                id_number=demo.id_number, name=demo.name, usable_password=False
            )
        person.name = demo.name
        person.department = departments[demo.department] if demo.department else None
        person.is_active = True
        person.must_change_password = False
        person.is_hr_office = demo.role == "hr_office"
        person.is_staff = person.is_superuser = demo.role == "hr_office"
        person.bureau_scope = {
            "bureau_reviewer_public": BureauScope.PUBLIC,
            "bureau_reviewer_professional": BureauScope.PROFESSIONAL,
        }.get(demo.role, BureauScope.NONE)
        person.confirmed_at = person.confirmed_at or (timezone.now() if demo.confirmed else None)
        person.password = password
        person.save()
        if demo.role == "hr_office":
            hr_officer = person
        if demo.role == "department_admin" and demo.department:
            AdminAssignment.objects.get_or_create(
                person=person,
                department=departments[demo.department],
                active=True,
                defaults={"assigned_by": hr_officer},
            )
    return list(PEOPLE)

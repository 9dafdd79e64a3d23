"""The dashboards: the figures a department administrator, the HR office and a bureau reviewer
read for a year, each linking to the people or declarations behind it."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from certificates.models import SealedRecord
from declarations.models import Status
from portal.models import BureauScope, Department, User
from tests.factories import DepartmentFactory, UserFactory, logged_in
from tests.reports.helpers import YEAR, at, record


@pytest.fixture
def year_of_civil(
    civil: Department, info: Department, civil_admin: User, hr_officer: User
) -> dict[str, User]:
    """土木工程系's 2025: three met (one with half a year of maternity leave, one since moved to
    信息工程系), three short (public, professional with work pending, returned), one with a draft
    only; 信息工程系 has one person who declared nothing."""
    people = {name: UserFactory.create(name=name, department=civil) for name in "甲乙丙丁戊己庚"}
    people["辛"] = UserFactory.create(name="辛", department=info)
    record(people["甲"], 30, subject="public", submitted=at(2), approved=at(3))
    record(people["甲"], 60, type="employer_training", submitted=at(3), approved=at(4))
    record(people["乙"], 10, subject="public")
    record(people["乙"], 60)
    record(people["丙"], 24, subject="public")
    record(people["丙"], 40)
    record(people["丙"], 20, status=Status.SUBMITTED, submitted=at(11))
    record(people["丁"], 8, status=Status.RETURNED)
    record(people["戊"], 90, status=Status.DRAFT)
    record(
        people["己"],
        0,
        subject="",
        type="leave_adjustment",
        facts={"reason": "childbirth", "on_duty_months": 6},
    )
    record(people["己"], 12, subject="public")
    record(people["己"], 33)
    record(people["庚"], 30, subject="public")
    record(people["庚"], 60)
    people["庚"].move_to(info, by=hr_officer)
    # Civil's administrator counts in her department too: she declared nothing.
    return people


def figures(client: Client, **query: int) -> dict[str, int]:
    """The headline figures as the page shows them: label → number."""
    response = client.get(reverse("reports:dashboard"), {"year": YEAR, **query})
    assert response.status_code == 200
    html = response.content.decode()
    found = re.findall(
        r'<li class="figure" data-figure="(\w+)">(?:<a href="[^"]*">)?'
        r'<span class="figure-number">(\d+)</span>',
        html,
    )
    return {figure: int(n) for figure, n in found}


def test_a_department_administrator_sees_who_met_fell_short_or_declared_nothing(
    year_of_civil: dict[str, User], civil_admin: User
) -> None:
    assert figures(logged_in(civil_admin)) == {
        "people": 8,
        "met": 3,
        "short": 3,
        "nothing": 2,
        "pending": 1,
        "returned": 1,
    }


def test_the_shortfall_says_by_how_much_public_and_professional(
    year_of_civil: dict[str, User], civil_admin: User
) -> None:
    response = logged_in(civil_admin).get(reverse("reports:dashboard"), {"year": YEAR})
    rows = response.context["short_rows"]
    # 乙 misses 14 public hours, 丁 24; 丙 misses 20 professional hours, 丁 60.
    assert [(subject, n, hours) for subject, _label, n, hours, _link in rows] == [
        ("public", 2, Decimal(38)),
        ("professional", 2, Decimal(80)),
    ]
    # Bands of hours missing: up to 10, 10–30, 30–60, over 60; public, then professional.
    bands = [[n for n, _link in cells] for _label, cells in response.context["bands"]]
    assert bands == [[0, 0], [2, 1], [0, 1], [0, 0]]


def test_hours_by_type_and_subject_count_approved_and_pending_apart(
    year_of_civil: dict[str, User], civil_admin: User
) -> None:
    response = logged_in(civil_admin).get(reverse("reports:dashboard"), {"year": YEAR})
    types = {code: hours for code, _label, hours, *_links in response.context["types"]}
    assert types["employer_training"].approved == 60
    # training: public 30+10+24+12+30 and professional 60+40+33+60 approved; 20 pending
    assert types["training"].approved == 299
    assert types["training"].pending == 20
    subjects = {s: hours for s, _label, hours, *_links in response.context["subject_rows"]}
    assert subjects["public"].approved == 106
    assert subjects["professional"].approved == 253
    assert subjects["professional"].pending == 20


def test_progress_runs_by_the_month_declared_and_approved(
    year_of_civil: dict[str, User], civil_admin: User
) -> None:
    response = logged_in(civil_admin).get(reverse("reports:dashboard"), {"year": YEAR})
    months = response.context["months"]
    declared = [row[1][0] for row in months]
    approved = [row[2][0] for row in months]
    # 甲's public 30 declared in February; the pending 20 in November; the rest in March.
    assert declared[1] == 30
    assert declared[10] == 20
    assert declared[2] == 60 + 70 + 64 + 8 + 45 + 90
    assert sum(declared) == 30 + 20 + 60 + 70 + 64 + 8 + 45 + 90
    # 甲's public 30 approved in March, everything else approved in April.
    assert approved[2] == 30
    assert approved[3] == 60 + 70 + 64 + 45 + 90
    assert months[-1][2][1] == 359  # the running total of approved hours


def test_a_transferred_person_counts_in_the_department_of_their_records(
    year_of_civil: dict[str, User], info_admin: User, civil_admin: User
) -> None:
    # 庚 moved to 信息工程系 after her 2025 records were approved: she stays in civil's year.
    assert figures(logged_in(info_admin))["people"] == 2  # 辛 and the administrator
    assert figures(logged_in(info_admin))["met"] == 0
    met = logged_in(civil_admin).get(
        reverse("reports:dashboard-people"), {"year": str(YEAR), "figure": "met"}
    )
    assert [row["person"].name for row in met.context["rows"]] == ["己", "庚", "甲"]


def test_a_sealed_record_keeps_the_department_of_its_sealing(
    civil: Department, info: Department, hr_officer: User, civil_admin: User
) -> None:
    person = UserFactory.create(name="壬", department=civil)
    SealedRecord.seal(person=person, year=YEAR, by=hr_officer)
    person.move_to(info, by=hr_officer)
    board = figures(logged_in(hr_officer), department=civil.pk)
    # 壬 declared nothing in 2025 and was sealed in civil; civil's administrator counts there too.
    assert board["nothing"] == 2
    assert figures(logged_in(hr_officer), department=info.pk)["nothing"] == 0


def test_each_figure_links_to_the_people_behind_it(
    year_of_civil: dict[str, User], civil_admin: User
) -> None:
    client = logged_in(civil_admin)
    page = client.get(reverse("reports:dashboard"), {"year": YEAR})
    links = {figure: link for figure, _label, _n, link in page.context["headline"]}
    names = {
        label: sorted(row["person"].name for row in client.get(link).context["rows"])
        for label, link in links.items()
    }
    assert names == {
        "met": ["己", "庚", "甲"],
        "short": ["丁", "丙", "乙"],
        "nothing": ["唐管理员", "戊"],
        "pending": ["丙"],
        "returned": ["丁"],
    }


def test_the_shortfall_band_links_to_who_misses_that_much(
    year_of_civil: dict[str, User], civil_admin: User
) -> None:
    client = logged_in(civil_admin)
    page = client.get(reverse("reports:dashboard"), {"year": YEAR})
    _label, cells = page.context["bands"][2]  # 30–60 hours
    _public, (n, link) = cells
    rows = client.get(link).context["rows"]
    assert [(row["person"].name, row["missing"]) for row in rows] == [("丁", Decimal(90))]
    assert n == 1


def test_an_hours_figure_links_to_the_declarations_behind_it(
    year_of_civil: dict[str, User], civil_admin: User
) -> None:
    client = logged_in(civil_admin)
    page = client.get(reverse("reports:dashboard"), {"year": YEAR})
    by_type = {code: links for code, _label, _hours, *links in page.context["types"]}
    approved_link, pending_link = by_type["training"]
    approved = client.get(approved_link).context["rows"]
    assert sum(d.counted_hours for d in approved) == 299
    pending = client.get(pending_link).context["rows"]
    assert [(d.person.name, d.claimed_hours) for d in pending] == [("丙", 20)]
    november = page.context["months"][10][1][2]
    assert [d.title for d in client.get(november).context["rows"]] == ["training 20"]


def test_the_hr_office_sees_the_unit_and_every_department(
    year_of_civil: dict[str, User], hr_officer: User, civil: Department, info: Department
) -> None:
    client = logged_in(hr_officer)
    unit = figures(client)
    assert unit["people"] == 9  # civil's 8 and 辛
    assert unit["nothing"] == 3
    page = client.get(reverse("reports:dashboard"), {"year": YEAR})
    rows = {
        d.name: (total, [n for n, _l in cells])
        for d, total, cells, _link in page.context["departments"]
    }
    assert rows == {"信息工程系": (1, [0, 0, 1]), "土木工程系": (8, [3, 3, 2])}


def test_a_bureau_reviewer_sees_their_subject_as_it_reached_the_bureau(
    year_of_civil: dict[str, User], db: None
) -> None:
    reviewer = UserFactory.create(department=None, bureau_scope=BureauScope.PUBLIC)
    board = figures(logged_in(reviewer))
    # Public hours approved: 甲 30, 乙 10, 丙 24, 己 12 (of 12 after her leave), 庚 30.
    assert board["met"] == 4
    assert board["short"] == 1
    assert "returned" not in board
    page = logged_in(reviewer).get(reverse("reports:dashboard"), {"year": YEAR})
    assert [(s, n, hours) for s, _label, n, hours, _l in page.context["short_rows"]] == [
        ("public", 1, Decimal(14))
    ]
    # Nothing pending at the bureau; the professional 20 still awaits the department.
    assert board["pending"] == 0


def test_the_charts_carry_the_same_numbers_as_the_tables(
    year_of_civil: dict[str, User], civil_admin: User
) -> None:
    response = logged_in(civil_admin).get(reverse("reports:dashboard"), {"year": YEAR})
    html = response.content.decode()
    data = json.loads(re.search(r'id="dashboard-data"[^>]*>(.*?)</script>', html, re.S)[1])  # type: ignore[index]
    assert data["people"]["datasets"][0]["data"] == [3, 3, 2]
    assert data["months"]["datasets"][1]["data"][-1] == 359
    assert 'data-chart="types"' in html
    assert "vendor/chartjs/chart.umd.min.js" in html
    assert "<script>" not in html  # nothing inline: the CSP allows none


@pytest.mark.parametrize(
    ("who", "status"),
    [("teacher", 403), ("civil_admin", 200), ("hr_officer", 200), ("bureau_reviewer", 200)],
)
def test_only_overseers_open_the_dashboard(who: str, status: int, request: Any) -> None:
    user = request.getfixturevalue(who)
    for name in ("reports:dashboard", "reports:dashboard-people", "reports:dashboard-records"):
        assert logged_in(user).get(reverse(name)).status_code == status


def test_an_administrator_cannot_open_another_department(
    civil_admin: User, info: Department
) -> None:
    client = logged_in(civil_admin)
    for name in ("reports:dashboard", "reports:dashboard-people", "reports:dashboard-records"):
        assert client.get(reverse(name), {"department": info.pk}).status_code == 404


def test_a_bad_year_shows_this_year_with_an_error(civil_admin: User) -> None:
    response = logged_in(civil_admin).get(reverse("reports:dashboard"), {"year": "abc"})
    assert response.context["year"] == timezone.localdate().year
    assert "请输入 2017 至 2100 之间的年度" in response.content.decode()


def populate(size: int, hr_officer: User) -> Department:
    departments = [DepartmentFactory.create() for _ in range(max(size // 10, 2))]
    for i in range(size):
        person = UserFactory.create(department=departments[i % len(departments)])
        if i % 4 == 0:
            continue  # declared nothing
        record(person, 30, subject="public")
        record(person, 10 * (i % 7))
        if i % 3 == 0:
            record(person, 8, status=Status.SUBMITTED)
        if i % 5 == 0:
            record(person, 8, status=Status.RETURNED)
        if i % 11 == 0:
            record(
                person,
                0,
                subject="",
                type="leave_adjustment",
                facts={"reason": "sick", "on_duty_months": 5},
            )
    return departments[0]


@pytest.mark.parametrize("size", [6, 60])
def test_the_dashboards_run_a_fixed_number_of_queries(
    size: int, hr_officer: User, django_assert_num_queries: Any
) -> None:
    department = populate(size, hr_officer)
    client = logged_in(hr_officer)
    client.get(reverse("reports:dashboard"))  # the session's first use
    pages: list[tuple[str, dict[str, Any], int]] = [
        (reverse("reports:dashboard"), {"year": YEAR}, 10),
        (reverse("reports:dashboard"), {"year": YEAR, "department": department.pk}, 10),
        (reverse("reports:dashboard-people"), {"year": YEAR, "figure": "short"}, 9),
        (reverse("reports:dashboard-records"), {"year": YEAR, "approved_month": 4}, 4),
    ]
    for url, query, budget in pages:
        with django_assert_num_queries(budget):
            assert client.get(url, query).status_code == 200


def test_a_year_of_aid_assignment_meets_the_requirement_without_hours(
    hr_officer: User, db: None
) -> None:
    department = DepartmentFactory.create(name="援疆系")
    person = UserFactory.create(name="援疆", department=department)
    aid = record(person, 0, subject="professional", type="aid_assignment", facts={"months": 12})
    aid.covers = ["professional", "public"]
    aid.save(update_fields=["covers"])
    board = figures(logged_in(hr_officer), department=department.pk)
    assert (board["met"], board["short"]) == (1, 0)

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from declarations.models import Status
from portal.models import (
    AdminAssignment,
    BureauScope,
    Department,
    EmploymentStatus,
    OrganisationEvent,
    User,
)
from tests.factories import PASSWORD, UserFactory, logged_in, make_id_number
from tests.hr.helpers import bulk


def test_a_transfer_keeps_the_department_history_and_pending_work_follows_the_person(
    teacher: User, civil_admin: User, info: Department, info_admin: User, hr_officer: User
) -> None:
    pending = bulk(teacher, 1, status=Status.SUBMITTED)[0]
    approved = bulk(teacher, 1, status=Status.APPROVED)[0]
    logged_in(hr_officer).post(
        reverse("hr:person-transfer", args=[teacher.pk]), {"to": info.pk, "reason": "岗位调整"}
    )
    teacher.refresh_from_db()
    assert teacher.department == info
    move = OrganisationEvent.objects.get(kind=OrganisationEvent.Kind.TRANSFERRED, person=teacher)
    assert (move.from_department.name, move.department, move.by) == (  # type: ignore[union-attr]
        "土木工程系",
        info,
        hr_officer,
    )
    assert pending.pk in [
        d.pk for d in logged_in(info_admin).get(reverse("review:queue")).context["rows"]
    ]
    assert pending.pk not in [
        d.pk for d in logged_in(civil_admin).get(reverse("review:queue")).context["rows"]
    ]
    pending.refresh_from_db()
    approved.refresh_from_db()
    assert pending.department == info
    assert approved.department is not None and approved.department.name == "土木工程系"


def test_nobody_moves_into_a_closed_department(teacher: User, hr_officer: User) -> None:
    closed = Department.objects.create(name="已撤销部", active=False)
    response = logged_in(hr_officer).post(
        reverse("hr:person-transfer", args=[teacher.pk]), {"to": closed.pk}, follow=True
    )
    teacher.refresh_from_db()
    assert teacher.department is not None and teacher.department.name == "土木工程系"
    assert response.status_code == 200


def test_a_person_who_leaves_is_logged_out_on_their_next_request(
    teacher: User, hr_officer: User
) -> None:
    their_browser = logged_in(teacher)
    assert their_browser.get(reverse("portal:profile")).status_code == 200
    logged_in(hr_officer).post(
        reverse("hr:person-leave", args=[teacher.pk]), {"status": EmploymentStatus.RESIGNED}
    )
    response = their_browser.get(reverse("portal:profile"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    teacher.refresh_from_db()
    assert (teacher.is_active, teacher.employment_status) == (False, "resigned")


def test_the_hr_office_still_opens_everything_of_a_person_who_left(
    teacher: User, hr_officer: User
) -> None:
    declaration = bulk(teacher, 1, status=Status.APPROVED)[0]
    teacher.leave(EmploymentStatus.RETIRED, by=hr_officer)
    client = logged_in(hr_officer)
    assert declaration.title in client.get(reverse("hr:person", args=[teacher.pk])).content.decode()
    assert client.get(reverse("declarations:detail", args=[declaration.pk])).status_code == 200


def test_the_last_administrator_cannot_leave_until_replaced(
    teacher: User, civil_admin: User, hr_officer: User
) -> None:
    response = logged_in(hr_officer).post(
        reverse("hr:person-leave", args=[civil_admin.pk]),
        {"status": EmploymentStatus.RETIRED},
        follow=True,
    )
    assert "最后一位管理员" in response.content.decode()
    civil_admin.refresh_from_db()
    assert civil_admin.is_active


def test_a_withdrawn_role_stops_working_on_the_next_request(hr_officer: User) -> None:
    reviewer = UserFactory.create(department=None)
    their_browser = logged_in(reviewer)
    client = logged_in(hr_officer)
    client.post(
        reverse("hr:person-roles", args=[reviewer.pk]),
        {"bureau_scope": BureauScope.PROFESSIONAL, "is_hr_office": "on"},
    )
    assert their_browser.get(reverse("review:bureau-queue")).status_code == 200
    assert their_browser.get(reverse("hr:departments")).status_code == 200
    client.post(reverse("hr:person-roles", args=[reviewer.pk]), {"bureau_scope": ""})
    assert their_browser.get(reverse("review:bureau-queue")).status_code == 403
    assert their_browser.get(reverse("hr:departments")).status_code == 403
    kinds = list(OrganisationEvent.objects.filter(person=reviewer).values_list("kind", flat=True))
    assert sorted(kinds) == ["role_granted", "role_granted", "role_withdrawn", "role_withdrawn"]


def test_people_are_found_by_name_and_department(
    teacher: User, civil_admin: User, info_admin: User, hr_officer: User
) -> None:
    client = logged_in(hr_officer)
    by_name = client.get(reverse("hr:people"), {"q": "林"}).context["rows"]
    assert [p.name for p in by_name] == ["林老师"]
    by_department = client.get(reverse("hr:people"), {"department": str(info_admin.department_id)})
    assert [p.name for p in by_department.context["rows"]] == ["曹管理员"]


def test_an_id_number_is_searched_by_post_and_never_lands_in_a_url(
    teacher: User, hr_officer: User
) -> None:
    client = logged_in(hr_officer)
    response = client.post(reverse("hr:people"), {"id_number": teacher.id_number})
    assert response.status_code == 302
    assert response["Location"] == reverse("hr:person", args=[teacher.pk])
    assert teacher.id_number not in response["Location"]
    ignored = client.get(reverse("hr:people"), {"id_number": teacher.id_number, "q": "nobody"})
    assert ignored.status_code == 200 and ignored.context["rows"] == []


def test_an_unknown_id_number_is_not_echoed_back(hr_officer: User) -> None:
    number = make_id_number(777)
    response = logged_in(hr_officer).post(reverse("hr:people"), {"id_number": number})
    page = response.content.decode()
    assert "没有人用此身份证号码注册" in page
    assert number not in page


def test_a_mistyped_id_number_is_explained_beside_its_field_and_not_echoed(
    hr_officer: User,
) -> None:
    mistyped = make_id_number(778)[:-1] + ("0" if make_id_number(778)[-1] != "0" else "1")
    page = logged_in(hr_officer).post(reverse("hr:people"), {"id_number": mistyped})
    html = page.content.decode()
    assert page.context["id_form"].errors["id_number"]
    assert mistyped not in html
    # The error belongs to its field and to the one summary a screen reader is taken to.
    assert 'id="id_id_number_error"' in html
    assert 'aria-describedby="id_id_number_error"' in html
    assert 'class="error-summary"' in html and 'role="alert"' not in html


def test_a_persons_page_shows_roles_history_and_years_with_the_id_number_masked(
    teacher: User, civil_admin: User, hr_officer: User
) -> None:
    bulk(civil_admin, 1, status=Status.RETURNED, year=2025)
    page = logged_in(hr_officer).get(reverse("hr:person", args=[civil_admin.pk])).content.decode()
    assert "土木工程系管理员" in page
    assert "2025" in page and "已退回" in page
    assert civil_admin.masked_id_number in page
    assert civil_admin.id_number not in page


def test_adding_a_person_shows_the_one_time_password_once(
    civil: Department, hr_officer: User
) -> None:
    number = make_id_number(901)
    response = logged_in(hr_officer).post(
        reverse("hr:person-add"),
        {"id_number": number, "name": "新同事", "department": civil.pk, "phone": "13900000000"},
    )
    person = User.objects.with_id_number(number).get()
    secret = response.context["secret"]
    assert secret in response.content.decode()
    assert (
        response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    )
    assert person.check_password(secret) and person.must_change_password
    assert number[-6:] not in secret
    assert OrganisationEvent.objects.filter(kind="person_added", person=person).exists()


def test_adding_a_registered_id_number_is_refused(
    teacher: User, civil: Department, hr_officer: User
) -> None:
    response = logged_in(hr_officer).post(
        reverse("hr:person-add"),
        {"id_number": teacher.id_number, "name": "重复", "department": civil.pk},
    )
    assert "已注册" in response.content.decode()
    assert User.objects.filter(name="重复").count() == 0


def test_teachers_edit_their_own_phone_and_email(teacher: User) -> None:
    client = logged_in(teacher)
    client.post(
        reverse("portal:profile-edit"),
        {"phone": "13912345678", "email": "lin@example.cn", "language": "zh-hans"},
    )
    teacher.refresh_from_db()
    assert (teacher.phone, teacher.email) == ("13912345678", "lin@example.cn")
    response = client.post(reverse("portal:profile-edit"), {"phone": "12", "email": ""})
    assert "11位手机号码" in response.content.decode()


def test_the_one_time_password_of_a_closed_account_is_refused(
    teacher: User, hr_officer: User
) -> None:
    teacher.leave(EmploymentStatus.RESIGNED, by=hr_officer)
    password_before = User.objects.get(pk=teacher.pk).password
    response = logged_in(hr_officer).post(
        reverse("hr:one-time-password", args=[teacher.pk]), follow=True
    )
    assert "此账号已关闭" in response.content.decode()
    assert User.objects.get(pk=teacher.pk).password == password_before
    assert not OrganisationEvent.objects.filter(kind="one_time_password").exists()


def test_login_with_the_right_password_still_works_for_active_people(teacher: User) -> None:
    client = Client()
    response = client.post(reverse("login"), {"username": teacher.id_number, "password": PASSWORD})
    assert response.status_code == 302


def test_assignments_of_a_leaver_who_is_not_the_last_are_released(
    teacher: User, civil_admin: User, hr_officer: User
) -> None:
    second = UserFactory.create(department=teacher.department)
    assert teacher.department is not None
    teacher.department.assign_administrator(second, by=hr_officer)
    second.leave(EmploymentStatus.RETIRED, by=hr_officer)
    assert not AdminAssignment.objects.current().filter(person=second).exists()


def test_the_persons_page_keeps_the_hr_officers_own_menu(teacher: User, hr_officer: User) -> None:
    page = logged_in(hr_officer).get(reverse("hr:person", args=[teacher.pk])).content.decode()
    assert f'href="{reverse("hr:departments")}">人事处</a>' in page


def test_people_are_found_by_certificate_number(
    teacher: User, civil_admin: User, hr_officer: User
) -> None:
    number = teacher.certificate.number  # type: ignore[attr-defined]
    response = logged_in(hr_officer).get(reverse("hr:people"), {"certificate": number})
    assert [p.name for p in response.context["rows"]] == ["林老师"]
    assert number in response.content.decode()

"""What pages render once instead of per request or per row shows what rendering it each time
showed: the header's links for each set of roles and each language, a link per row, Django's
own row checkbox in the admin's list of people."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import admin_list_filter, items_for_result
from django.template import RequestContext, Template
from django.template.loader import render_to_string
from django.test import RequestFactory, SimpleTestCase
from django.urls import reverse
from django.utils import translation
from django.utils.timezone import now

from portal.links import LinkForEach
from portal.models import BureauScope, Department, User
from portal.templatetags import people_admin
from tests.factories import UserFactory, logged_in


def header_links(page: str) -> str:
    return page.split('<nav class="nav"', 1)[1].split("</nav>", 1)[0]


def test_each_role_sees_its_own_header_links(
    teacher: User, civil_admin: User, bureau_reviewer: User
) -> None:
    teacher_nav = header_links(logged_in(teacher).get(reverse("portal:profile")).content.decode())
    admin_nav = header_links(logged_in(civil_admin).get(reverse("portal:profile")).content.decode())
    bureau_nav = header_links(
        logged_in(bureau_reviewer).get(reverse("portal:profile")).content.decode()
    )
    assert reverse("review:queue") not in teacher_nav
    assert reverse("review:queue") in admin_nav
    assert reverse("review:bureau-queue") not in admin_nav
    assert reverse("review:bureau-queue") in bureau_nav


def test_the_header_links_follow_the_language(civil_admin: User) -> None:
    client = logged_in(civil_admin)
    chinese = client.get(reverse("portal:profile"), headers={"accept-language": "zh-hans"})
    english = client.get(reverse("portal:profile"), headers={"accept-language": "en"})
    assert "我的学时" in header_links(chinese.content.decode())
    assert "My hours" in header_links(english.content.decode())
    assert "我的学时" not in header_links(english.content.decode())


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("declarations:detail", ()),
        ("hr:one-time-password", ()),
        ("review:spot-check-decide", (7,)),
    ],
)
def test_a_link_for_each_row_is_the_url_django_reverses(name: str, args: tuple[int, ...]) -> None:
    link = LinkForEach(name, *args)
    for pk in (1, 42, 100_000):
        assert link(pk) == reverse(name, args=[*args, pk])


def test_the_admin_people_checkbox_is_djangos(db: None) -> None:
    person = UserFactory.create(name='林 "思远" <b>')
    ours = admin.site.get_model_admin(User).action_checkbox(person)
    djangos = admin.ModelAdmin.action_checkbox(admin.site.get_model_admin(User), person)
    SimpleTestCase().assertHTMLEqual(ours, djangos)


@pytest.mark.parametrize("query", [{}, {"employment_status__exact": "active", "o": "2"}])
def test_the_admin_people_rows_are_djangos(
    hr_officer: User, civil: Department, query: dict[str, str]
) -> None:
    UserFactory.create(name="林 <思远>", department=civil, is_hr_office=True)
    UserFactory.create(name="周景行", department=None, bureau_scope=BureauScope.PUBLIC)
    UserFactory.create(name="孙若溪", department=civil, is_active=False)
    request = RequestFactory().get(reverse("admin:portal_user_changelist"), query)
    request.user = hr_officer
    changelist = admin.site.get_model_admin(User).get_changelist_instance(request)
    ours = ["".join(row) for row in people_admin._rows(changelist)]
    order = [row.pk for row in changelist.result_list]
    people = User.objects.select_related("department").in_bulk(order)
    djangos = [list(items_for_result(changelist, people[pk], None)) for pk in order]
    assert len(ours) == len(djangos) == len(changelist.result_list) >= 3
    for our_row, django_row in zip(ours, djangos, strict=True):
        SimpleTestCase().assertHTMLEqual(our_row, "".join(django_row))


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize(
    "query", [{}, {"is_hr_office__exact": "1", "_facets": "True", "q": "林", "o": "2"}]
)
def test_the_admin_people_filters_are_djangos(
    hr_officer: User, civil: Department, language: str, query: dict[str, str]
) -> None:
    Department.objects.create(name='外国语系 <"&">')
    UserFactory.create(name="林思远", department=civil, is_hr_office=True)
    response = logged_in(hr_officer).get(
        reverse("admin:portal_user_changelist"), query, headers={"accept-language": language}
    )
    cl = response.context["cl"]
    with translation.override(language):
        djangos = "".join(admin_list_filter(cl, spec) for spec in cl.filter_specs)
        ours = "".join(people_admin.people_list_filter(cl, spec) for spec in cl.filter_specs)
    assert ours == djangos
    assert djangos in response.content.decode()
    assert "外国语系 &lt;&quot;&amp;&quot;&gt;" in djangos


def test_a_popup_list_of_people_is_djangos_from_whole_people(
    hr_officer: User, civil: Department
) -> None:
    UserFactory.create(name="林思远", department=civil)
    response = logged_in(hr_officer).get(
        reverse("admin:portal_user_changelist"), {"_popup": "1", "_to_field": "id"}
    )
    assert response.status_code == 200
    assert all(isinstance(p, User) for p in response.context["cl"].result_list)
    assert "林思远" in response.content.decode()


def test_the_admin_people_list_shows_each_person(hr_officer: User, civil: Department) -> None:
    UserFactory.create(name="林思远", department=civil)
    page = logged_in(hr_officer).get(reverse("admin:portal_user_changelist")).content.decode()
    assert "林思远" in page and "土木工程系" in page


# Rows as their templates wrote them before they were written out in Python.
REFERENCE = Path(__file__).parent / "reference"


def same_but_csrf(html: str) -> str:
    """The page without its CSRF tokens (masked afresh on every rendering)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def page_header(page: str) -> str:
    return '<a class="skip-link"' + page.split('<a class="skip-link"', 1)[1].split("</header>")[0]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("who", ["nobody", "teacher", "civil_admin", "bureau_reviewer", "hr"])
def test_the_header_is_what_the_template_wrote(
    request: pytest.FixtureRequest, language: str, who: str
) -> None:
    """For each role, signed out, with and without unread notifications, on an address that
    needs escaping: twice, so that the kept header is compared as well as the first."""
    from django.test import Client

    from portal.notifications import notify

    if who == "nobody":
        client, url = Client(), reverse("login")
    else:
        person = request.getfixturevalue("hr_officer" if who == "hr" else who)
        if who == "hr":
            person.bureau_scope = BureauScope.PUBLIC  # two roles' links at once
            person.save(update_fields=["bureau_scope"])
        for _ in range({"teacher": 0, "civil_admin": 1}.get(who, 12)):
            notify(person, subject="审核结果")
        client, url = logged_in(person), reverse("portal:profile")
    for _ in range(2):
        response = client.get(
            url, {"q": '<"林&思远">', "next": "/a b"}, headers={"accept-language": language}
        )
        shown = page_header(response.content.decode())
        with translation.override(language):
            wrote = Template((REFERENCE / "header.html").read_text()).render(
                RequestContext(response.wsgi_request, {})
            )
        assert "&amp;next=" in shown  # the address, escaped
        assert same_but_csrf(shown) == same_but_csrf(page_header(wrote))
    if who in ("civil_admin", "hr"):
        assert '<span class="count"' in shown


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("nobody_else", [False, True])
def test_the_department_people_rows_are_what_the_template_wrote(
    civil: Department, civil_admin: User, language: str, nobody_else: bool
) -> None:
    if not nobody_else:
        UserFactory.create(name='林 <思远> "&"', department=civil, confirmed_at=None)
        UserFactory.create(name="周景行", department=civil, confirmed_at=None, rejected_at=now())
        UserFactory.create(
            name="孙若溪", department=civil, is_active=False, employment_status="resigned"
        )
        UserFactory.create(name="王", department=civil, employment_status="retired")
    response = logged_in(civil_admin).get(
        reverse("portal:department-people"), headers={"accept-language": language}
    )
    shown = response.content.decode().split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    order = [person.pk for person in response.context["people"]]
    people = sorted(
        User.objects.filter(pk__in=order).select_related("department"),
        key=lambda person: order.index(person.pk),
    )
    assert len(people) == (1 if nobody_else else 5)
    request = response.wsgi_request
    with translation.override(language):
        wrote = Template((REFERENCE / "department_people_rows.html").read_text()).render(
            RequestContext(request, {"people": people, "user": civil_admin})
        )
    assert same_but_csrf(shown) == same_but_csrf(wrote)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_spot_check_rows_are_what_the_template_wrote(
    teacher: User, bureau_reviewer: User, language: str
) -> None:
    from declarations.models import Declaration, Status
    from review.models import SpotCheck, SpotCheckItem
    from tests.review.test_queue import bulk

    nowhere = UserFactory.create(name='周 <景行> "&"', department=None)
    bulk(teacher, 3, status=Status.APPROVED)
    bulk(nowhere, 2, status=Status.APPROVED, type="conference", approved_hours=Decimal("7.50"))
    Declaration.objects.filter(person=nowhere).update(title='<b>"会议"</b> & 报告')
    client = logged_in(bureau_reviewer)
    client.post(reverse("review:spot-checks"), {"year": 2026, "count": 5})
    check = SpotCheck.objects.latest("pk")
    items = list(check.items.order_by("declaration_id"))  # type: ignore[attr-defined]
    SpotCheckItem.objects.filter(pk=items[0].pk).update(outcome="upheld")
    SpotCheckItem.objects.filter(pk=items[3].pk).update(outcome="revoked", note="<不属实> & 无")
    response = client.get(
        reverse("review:spot-check", args=[check.pk]), headers={"accept-language": language}
    )
    shown = response.content.decode().split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    with translation.override(language):
        wrote = Template((REFERENCE / "spot_check_rows.html").read_text()).render(
            RequestContext(
                response.wsgi_request,
                {
                    "check": check,
                    "items": check.items.select_related(  # type: ignore[attr-defined]
                        "declaration__person__department"
                    ),
                },
            )
        )
    assert shown.count("<tr>") == 5 and shown.count("<form") == 3
    assert same_but_csrf(shown) == same_but_csrf(wrote)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("everyone_declared", [False, True])
def test_who_has_not_declared_is_what_the_template_wrote(
    civil: Department, civil_admin: User, language: str, everyone_declared: bool
) -> None:
    from tests.review.test_queue import bulk

    person = UserFactory.create(name='林 <思远> "&"', department=civil)
    if everyone_declared:
        bulk(person, 1)
        bulk(civil_admin, 1)
    response = logged_in(civil_admin).get(
        reverse("review:not-declared"), {"year": 2026}, headers={"accept-language": language}
    )
    shown = response.content.decode().split("<ul>", 1)[1].split("</ul>", 1)[0]
    order = [person.pk for person in response.context["people"]]
    people = sorted(
        User.objects.filter(pk__in=order).select_related("department"),
        key=lambda person: order.index(person.pk),
    )
    assert len(people) == (0 if everyone_declared else 2)
    with translation.override(language):
        wrote = Template((REFERENCE / "not_declared_items.html").read_text()).render(
            RequestContext(response.wsgi_request, {"people": people})
        )
    assert shown == wrote


def test_the_drawing_form_follows_the_departments_and_the_language(
    civil: Department, bureau_reviewer: User
) -> None:
    client = logged_in(bureau_reviewer)
    url = reverse("review:spot-checks")
    first = client.get(url, headers={"accept-language": "zh-hans"}).content.decode()
    assert "土木工程系</option>" in first and "全部部门" in first
    english = client.get(url, headers={"accept-language": "en"}).content.decode()
    assert "All departments</option>" in english and "全部部门" not in english
    Department.objects.filter(pk=civil.pk).update(name="土木与建筑工程系")
    Department.objects.create(name="外国语系")
    again = client.get(url, headers={"accept-language": "zh-hans"}).content.decode()
    assert "土木与建筑工程系</option>" in again and "外国语系</option>" in again
    assert "土木工程系</option>" not in again
    # Sent back with its errors, the form is the one filled in, not the empty one.
    refused = client.post(url, {"year": "1999", "count": "3"}).content.decode()
    assert 'value="1999"' in refused and 'value="3"' in refused


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_drawing_form_is_the_forms_own_rendering(
    civil: Department, bureau_reviewer: User, language: str
) -> None:
    from review.forms import SpotCheckForm

    Department.objects.create(name='外国语系 <"&">', active=False)
    client = logged_in(bureau_reviewer)
    for _ in range(2):  # rendered, then reused
        response = client.get(reverse("review:spot-checks"), headers={"accept-language": language})
        with translation.override(language):
            form = SpotCheckForm(initial={"year": response.context["year"]})
            djangos = render_to_string("includes/form.html", {"form": form})
        assert djangos in response.content.decode()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_admin_people_sidebar_is_djangos(hr_officer: User, language: str) -> None:
    client = logged_in(hr_officer)
    for _ in range(2):  # rendered, then reused
        response = client.get(
            reverse("admin:portal_user_changelist"), headers={"accept-language": language}
        )
        shown = response.content.decode().split('<button class="sticky toggle-nav-sidebar"')[1]
        with translation.override(language):
            djangos = render_to_string(
                "admin/nav_sidebar.html",
                {"available_apps": response.context["available_apps"]},
                request=response.wsgi_request,
            ).split('<button class="sticky toggle-nav-sidebar"')[1]
        assert shown.split("</nav>")[0] == djangos.split("</nav>")[0]
        assert 'aria-current="page"' in djangos


def test_the_admin_app_list_is_djangos_in_each_language(hr_officer: User) -> None:
    client = logged_in(hr_officer)
    for language, label in (("zh-hans", "人员"), ("en", "People"), ("zh-hans", "人员")):
        response = client.get(reverse("admin:index"), headers={"accept-language": language})
        request = response.wsgi_request
        with translation.override(language):
            djangos = admin.AdminSite.get_app_list(admin.site, request)
            ours = admin.site.get_app_list(request)
        assert ours == djangos == response.context["app_list"]
        assert any(m["name"] == label for app in ours for m in app["models"])
        assert label in response.content.decode()


def test_someone_not_let_into_the_admin_gets_no_kept_app_list(
    hr_officer: User, teacher: User
) -> None:
    """Only active superusers (whom Django permits everything) share the kept list."""
    logged_in(hr_officer).get(reverse("admin:index"))
    request = RequestFactory().get(reverse("admin:index"))
    request.user = teacher
    assert admin.site.get_app_list(request) == []
    teacher.is_staff = True
    assert admin.site.get_app_list(request) == admin.AdminSite.get_app_list(admin.site, request)
    assert logged_in(teacher).get(reverse("admin:index")).status_code == 302


def test_the_admin_people_actions_still_run_on_whole_people(
    hr_officer: User, civil: Department
) -> None:
    person = UserFactory.create(name="林 <思远>", department=civil)
    client = logged_in(hr_officer)
    page = client.get(reverse("admin:portal_user_changelist")).content.decode()
    assert '<select name="action" required>' in page and 'value="delete_selected"' in page
    confirm = client.post(
        reverse("admin:portal_user_changelist"),
        {"action": "delete_selected", "_selected_action": [person.pk], "select_across": "0"},
    )
    assert confirm.status_code == 200  # the delete action's confirmation (or its refusal)
    assert confirm.context["queryset"].get().id_encrypted == person.id_encrypted


# Django's own list page, its rows left out (ours are named tuples, which it cannot show).
DJANGOS_CHANGE_LIST = (
    '{% extends "admin/change_list.html" %}{% block content %}<div id="content-main">{% endblock %}'
)


def admin_head(page: str) -> str:
    """The list's head, header, breadcrumbs, sidebar and tools: all before its own content."""
    return page.split("<head>", 1)[1].split('<div id="content-main">', 1)[0].rstrip()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize(
    "query", [{}, {"_popup": "1", "_to_field": "id"}, {"is_hr_office__exact": "1", "q": "何"}]
)
def test_the_admin_people_head_header_and_breadcrumbs_are_djangos(
    hr_officer: User, language: str, query: dict[str, str]
) -> None:
    """Kept once, with each request's own CSP nonce and CSRF token: what Django's template
    writes for the same page, a nonce the Content-Security-Policy header allows and a token the
    logout form sends."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(hr_officer, backend="portal.backends.PortalBackend")
    nonces = set()
    client.get(reverse("admin:portal_user_changelist"))  # the plain list kept first
    for _ in range(2):  # rendered, then reused
        response = client.get(
            reverse("admin:portal_user_changelist"), query, headers={"accept-language": language}
        )
        shown = admin_head(response.content.decode())
        page_context = response.context[0]  # type: ignore[index]  # a ContextList here
        with translation.override(language):
            djangos = Template(DJANGOS_CHANGE_LIST).render(
                RequestContext(response.wsgi_request, page_context.flatten())
            )
        assert same_but_csrf(shown) == same_but_csrf(admin_head(djangos))
        nonce = str(response.context["csp_nonce"])
        assert shown.count(f'nonce="{nonce}"') >= 10
        assert f"'nonce-{nonce}'" in response.headers["Content-Security-Policy"]
        nonces.add(nonce)
    assert len(nonces) == 2
    if "q" in query:  # the add link keeps the list's filters
        assert "_changelist_filters=is_hr_office__exact%3D1%26q%3D" in shown
    if "_popup" not in query:  # the kept logout form's token is this visit's, and accepted
        logout = shown.split('<form id="logout-form"', 1)[1]
        token = logout.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
        response = client.post(reverse("admin:logout"), {"csrfmiddlewaretoken": token})
        assert response.status_code == 302  # logged out, not refused (403)
        assert client.get(reverse("admin:portal_user_changelist")).status_code == 302


def test_each_person_sees_their_own_name_in_the_admin_header(hr_officer: User) -> None:
    from django.utils.html import escape

    other = UserFactory.create(name="周景行", is_superuser=True, is_staff=True)
    url = reverse("admin:portal_user_changelist")
    shown = []
    for person in (hr_officer, other, hr_officer):
        header = logged_in(person).get(url).content.decode().split('id="user-tools"')[1]
        name = escape(person.get_username())  # Django shows this when there is no short name
        assert f"<strong>{name}</strong>" in header.split("</div>")[0]
        shown.append(name)
    assert shown[0] != shown[1]


# Django's own search form, actions and page links, as its change_list.html renders them.
DJANGOS_TOOLS = {
    "search": "{% load admin_list %}{% search_form cl %}",
    "actions": "{% load admin_list %}{% admin_actions %}",
    "pages": "{% load admin_list %}{% pagination cl %}",
}


def admin_tools(page: str) -> dict[str, str]:
    """The search form, the actions and the page links of a list of people."""
    search = '<div id="toolbar">' + page.split('<div id="toolbar">', 1)[1].split("</form></div>")[0]
    actions = '<div class="actions">' + page.split('<div class="actions">', 1)[1].split("</div>")[0]
    pages = '<nav class="paginator"' + page.split('<nav class="paginator"', 1)[1].split("</nav>")[0]
    return {"search": search, "actions": actions, "pages": pages}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize(
    "query", [{}, {"q": "林"}, {"is_hr_office__exact": "0", "p": "2"}, {"all": "", "o": "-2"}]
)
def test_the_admin_people_search_actions_and_pages_are_djangos(
    hr_officer: User,
    civil: Department,
    language: str,
    query: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Kept per search, parameters, page and counts: what Django's tags write for the same list,
    also after the count changed, and a find-by-ID form whose kept CSRF token is this visit's."""
    from django.test import Client

    monkeypatch.setattr(admin.site.get_model_admin(User), "list_per_page", 2)
    for name in ("林思远", "林若溪", "周景行", "孙一鸣"):
        UserFactory.create(name=name, department=civil)
    client = Client(enforce_csrf_checks=True)
    client.force_login(hr_officer, backend="portal.backends.PortalBackend")
    url = reverse("admin:portal_user_changelist")
    client.get(url)  # the plain list kept first
    seen = []
    for step in range(3):  # rendered, reused, and after one more person
        if step == 2:
            UserFactory.create(name="林景明", department=civil)
        response = client.get(url, query, headers={"accept-language": language})
        shown = admin_tools(response.content.decode())
        request, page_context = response.wsgi_request, response.context[0].flatten()  # type: ignore[index]
        with translation.override(language):
            for part, source in DJANGOS_TOOLS.items():
                djangos = Template(source).render(RequestContext(request, page_context))
                SimpleTestCase().assertHTMLEqual(shown[part], djangos.strip())
        seen.append(shown)
    assert seen[0] == seen[1] and seen[1] != seen[2]  # the count moved the kept parts
    find = response.content.decode().split('<form id="find-by-id-number"', 1)[1]
    token = find.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    found = client.post(
        reverse("admin:portal_user_find"),
        {"csrfmiddlewaretoken": token, "id_number": "110101199003074514"},
    )
    assert found.status_code == 302  # looked up (nobody has it), not refused as forged (403)


def test_actions_at_the_bottom_too_are_numbered_as_django_numbers_them(
    hr_officer: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(admin.site.get_model_admin(User), "actions_on_bottom", True)
    client = logged_in(hr_officer)
    for _ in range(2):  # rendered, then kept
        page = client.get(reverse("admin:portal_user_changelist")).content.decode()
        buttons = re.findall(
            r'<button type="submit" class="button" name="index" value="(\d)"', page
        )
        assert buttons == ["0", "1"]


def result_head(page: str) -> str:
    return "<thead>" + page.split("<thead>", 1)[1].split("</thead>", 1)[0] + "</thead>"


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize(
    "query", [{}, {"o": "-2"}, {"o": "1.-4", "q": "林"}, {"_popup": "1", "_to_field": "id"}]
)
def test_the_admin_people_column_headers_are_djangos(
    hr_officer: User, civil: Department, language: str, query: dict[str, str]
) -> None:
    """Kept per columns and parameters: labels, sort links and marks (priorities when sorted by
    two) as Django's admin/change_list_results.html writes them for the same list."""
    from django.contrib.admin.templatetags.admin_list import result_headers

    UserFactory.create(name="林思远", department=civil)
    client = logged_in(hr_officer)
    url = reverse("admin:portal_user_changelist")
    client.get(url)  # the plain list kept first
    for _ in range(2):  # rendered, then reused
        response = client.get(url, query, headers={"accept-language": language})
        cl = response.context["cl"]
        with translation.override(language):
            headers = list(result_headers(cl))
            djangos = render_to_string(
                "admin/change_list_results.html",
                {
                    "cl": cl,
                    "result_headers": headers,
                    "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
                    "results": [[]],
                },
            )
        SimpleTestCase().assertHTMLEqual(
            result_head(response.content.decode()), result_head(djangos)
        )
    if query.get("o") == "1.-4":
        assert 'class="sortpriority"' in djangos


def test_the_admin_people_department_filter_offers_what_djangos_would(
    hr_officer: User, civil: Department
) -> None:
    """Every department, by name and in Django's order, a new one on the next visit; choosing
    one lists its people only."""
    from django.contrib.admin import RelatedFieldListFilter

    Department.objects.create(name="外国语系")
    client = logged_in(hr_officer)
    url = reverse("admin:portal_user_changelist")
    client.get(url)
    Department.objects.create(name='艺术系 <"&">')
    response = client.get(url)
    cl = response.context["cl"]
    spec = next(s for s in cl.filter_specs if s.field_path == "department")
    model_admin = admin.site.get_model_admin(User)
    field = User._meta.get_field("department")
    djangos = RelatedFieldListFilter.field_choices(spec, field, response.wsgi_request, model_admin)
    assert spec.lookup_choices == djangos
    assert [name for _pk, name in djangos][-2:] == ["外国语系", '艺术系 <"&">']
    assert "艺术系 &lt;&quot;&amp;&quot;&gt;" in response.content.decode()
    someone = UserFactory.create(name="林思远", department=civil)
    chosen = client.get(url, {"department__id__exact": civil.pk}).context["cl"]
    assert [person.pk for person in chosen.result_list] == [someone.pk]

"""The URL × role matrix: for every URL pattern of the project, what each role gets.

Every request uses ids that belong to someone else: a teacher of 土木工程系 ("the owner") who is
none of the roles below. A URL pattern without a row in MATRIX (or, for the admin site, in the
admin group) makes `test_every_url_pattern_has_a_row` fail.

Adding a row: one entry per URL name, `Row(method, args, expect)`:
- `args` names objects of the `World` below (add one there if your URL needs a new kind of id),
  `query` adds a query string (ids passed as `?for=…` count too);
- `expect` maps every role to the answer: a status code, LOGIN (redirect to the login page) or
  REDIRECT (any other redirect). Use `every(...)` and `others(...)` to keep rows short.

Each request runs inside a savepoint that is rolled back, so a POST that succeeds for one role
changes nothing for the next.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from batches import people as batch_people
from batches import services as batch_services
from batches.models import State as BatchState
from batches.tasks import commit_batch
from certificates.models import Bundle, Certificate, RecordEvent, SealedRecord
from declarations.models import Declaration, Role, Status
from hr.models import ImportBatch, MoveRequest
from portal.models import AdminAssignment, BureauScope, Department, User
from reports.models import Export
from review.models import SpotCheck
from tests.declarations.helpers import declare, upload
from tests.factories import AdminAssignmentFactory, UserFactory, logged_in, pdf_bytes, png_bytes

LOGIN = "login"  # a redirect to the login page (the admin's own, for admin URLs)
REDIRECT = "redirect"  # any other redirect

ROLES = (
    "anonymous",
    "teacher",  # 土木工程系, the owner's colleague
    "other_teacher",  # 信息工程系
    "department_admin",  # administers 土木工程系, the owner's department
    "other_admin",  # administers 信息工程系
    "bureau_public",
    "bureau_professional",
    "hr_office",  # also the admin site's superuser
)
# The admin site is checked as a group, for these roles.
ADMIN_ROLES = ("anonymous", "teacher", "department_admin", "hr_office")


def every(answer: int | str, **exceptions: int | str) -> dict[str, int | str]:
    return {role: exceptions.get(role, answer) for role in ROLES}


def others(answer: int | str, **exceptions: int | str) -> dict[str, int | str]:
    """Anonymous visitors are sent to log in; everyone else gets `answer` unless named."""
    return every(answer, anonymous=LOGIN, **exceptions)


@dataclass(frozen=True)
class Row:
    method: str
    expect: dict[str, int | str]
    args: tuple[str, ...] = ()
    query: dict[str, str] = field(default_factory=dict)


# Who reads a dashboard's figures.
OVERSEERS = ("department_admin", "other_admin", "bureau_public", "bureau_professional", "hr_office")

# Who sees a declaration of the owner (土木工程系, professional subjects) that is not yet with
# the bureau: her department's administrator and the HR office; nobody else learns it exists.
SEES_SUBMITTED = others(404, department_admin=200, hr_office=200)
# Who may change it: only the owner (not a role here); administrators and the HR office see it.
CHANGES_OWNERS = others(404, department_admin=403, hr_office=403)

# The HR office's own pages: nobody else reaches them.
HR_ONLY = others(403, hr_office=200)
HR_CHANGES = others(403, hr_office=REDIRECT)

# Who sees a batch of the owner's department still awaiting department review.
BATCH_SEEN = others(
    403,
    department_admin=200,
    other_admin=404,
    bureau_public=404,
    bureau_professional=404,
    hr_office=200,
)
# Who exports anything (people's figures or a list of declarations), and what they get for
# an export someone else asked for.
EXPORTERS: dict[str, int | str] = {
    role: 200
    for role in (
        "department_admin",
        "other_admin",
        "bureau_public",
        "bureau_professional",
        "hr_office",
    )
}
NOT_MINE: dict[str, int | str] = {role: (200 if role == "hr_office" else 404) for role in EXPORTERS}

MATRIX: dict[str, Row] = {
    # portal
    "portal:home": Row("get", others(REDIRECT)),
    "portal:register": Row("get", every(REDIRECT, anonymous=200)),
    "portal:profile": Row("get", others(200)),
    "portal:inbox": Row("get", others(200)),
    # Marks the caller's own notifications read; nobody reaches anyone else's.
    "portal:mark-read": Row("post", others(REDIRECT)),
    "portal:department-people": Row("get", others(403, department_admin=200, other_admin=200)),
    "portal:confirm-person": Row(
        "post", others(403, department_admin=REDIRECT, other_admin=404), ("registrant",)
    ),
    "portal:reject-person": Row(
        "post", others(403, department_admin=REDIRECT, other_admin=404), ("registrant",)
    ),
    "portal:organisation": Row("get", others(403, hr_office=200)),
    "login": Row("get", every(REDIRECT, anonymous=200)),
    "logout": Row("post", every(LOGIN)),
    "password_change": Row("get", others(200)),
    "set_language": Row("post", every(REDIRECT)),
    # Health checks: no login, the same JSON for everyone (no personal data).
    "healthz": Row("get", every(200)),
    "healthz-live": Row("get", every(200)),
    # declarations
    "declarations:my-hours": Row("get", others(200)),
    "declarations:choose-type": Row(
        "get", others(404, department_admin=200), query={"for": "owner"}
    ),
    "declarations:create": Row(
        "get", others(404, department_admin=200), ("conference",), {"for": "owner"}
    ),
    "declarations:preview": Row("post", others(200), ("conference",)),
    "declarations:detail": Row("get", SEES_SUBMITTED, ("submitted",)),
    "declarations:edit": Row("get", CHANGES_OWNERS, ("draft",)),
    "declarations:submit": Row("post", CHANGES_OWNERS, ("draft",)),
    "declarations:recall": Row("post", CHANGES_OWNERS, ("submitted",)),
    "declarations:delete": Row("post", CHANGES_OWNERS, ("draft",)),
    "declarations:upload": Row("post", CHANGES_OWNERS, ("draft", "leader_instruction")),
    "declarations:remove-file": Row("post", CHANGES_OWNERS, ("draft", "draft_file")),
    "declarations:file": Row("get", SEES_SUBMITTED, ("submitted_file",)),
    "declarations:thumbnail": Row("get", SEES_SUBMITTED, ("submitted_image",)),
    # review
    "review:queue": Row("get", others(403, department_admin=200, other_admin=200, hr_office=200)),
    "review:department-review": Row(
        "get", others(404, department_admin=200, hr_office=403), ("submitted",)
    ),
    "review:not-declared": Row("get", others(403, department_admin=200, other_admin=200)),
    "review:bureau-queue": Row("get", others(403, bureau_public=200, bureau_professional=200)),
    "review:bureau-review": Row(
        "get",
        others(404, department_admin=403, hr_office=403, bureau_professional=200),
        ("department_approved",),
    ),
    "review:spot-checks": Row("get", others(403, bureau_public=200, bureau_professional=200)),
    "review:spot-check": Row(
        "get", others(403, bureau_public=404, bureau_professional=200), ("spot_check",)
    ),
    "review:spot-check-decide": Row(
        "post",
        others(403, bureau_public=404, bureau_professional=REDIRECT),
        ("spot_check", "spot_check_item"),
    ),
    # portal: details, forgotten passwords
    "portal:profile-edit": Row("get", others(200)),
    "password_reset": Row("get", every(200)),
    "password_reset_done": Row("get", every(200)),
    "password_reset_confirm": Row("get", every(200), ("uidb64", "token")),
    "password_reset_complete": Row("get", every(200)),
    # hr: the HR office's pages (empty POSTs are refused by their forms and sent back)
    "hr:departments": Row("get", HR_ONLY),
    "hr:department-create": Row("post", HR_CHANGES),
    "hr:department": Row("get", HR_ONLY, ("civil",)),
    "hr:department-rename": Row("post", HR_CHANGES, ("civil",)),
    "hr:department-close": Row("post", HR_CHANGES, ("civil",)),
    "hr:department-transfer": Row("post", HR_CHANGES, ("civil",)),
    "hr:administrator-assign": Row("post", HR_CHANGES, ("civil",)),
    "hr:administrator-flag": Row("post", HR_CHANGES, ("civil", "assignment")),
    "hr:administrator-release": Row("post", HR_CHANGES, ("civil", "assignment")),
    "hr:administrator-replace": Row("post", HR_CHANGES, ("civil", "assignment")),
    "hr:not-declared": Row("get", HR_ONLY, ("civil",)),
    "hr:people": Row("get", HR_ONLY),
    "hr:person-add": Row("get", HR_ONLY),
    "hr:person": Row("get", HR_ONLY, ("owner",)),
    "hr:person-transfer": Row("post", HR_CHANGES, ("owner",)),
    "hr:person-leave": Row("post", HR_CHANGES, ("owner",)),
    "hr:person-roles": Row("post", HR_CHANGES, ("owner",)),
    # The HR office, or the administrator of the person's department, issues it.
    "hr:one-time-password": Row(
        "post", others(403, department_admin=200, other_admin=404, hr_office=200), ("owner",)
    ),
    "hr:import-upload": Row("get", HR_ONLY),
    "hr:import-template": Row("get", HR_ONLY, ("csv",)),
    "hr:import": Row("get", HR_ONLY, ("import_batch",)),
    "hr:import-progress": Row("get", HR_ONLY, ("import_batch",)),
    "hr:my-move": Row("get", others(200)),
    "hr:move-requests": Row(
        "get", others(403, department_admin=200, other_admin=200, hr_office=200)
    ),
    "hr:move-decide": Row(
        "post",
        others(403, department_admin=REDIRECT, other_admin=404, hr_office=REDIRECT),
        ("move_request",),
    ),
    "hr:records": Row("get", HR_ONLY),
    "hr:progress": Row("get", HR_ONLY),
    "hr:history": Row("get", HR_ONLY),
    # certificates: everyone their own; the HR office anyone's and the year's sealing
    "certificates:mine": Row("get", others(200)),
    "certificates:my-pdf": Row("get", others(200)),
    "certificates:person": Row("get", others(403, hr_office=200), ("owner",)),
    "certificates:person-pdf": Row("get", others(403, hr_office=200), ("owner",)),
    "certificates:seal-person": Row("post", others(403, hr_office=REDIRECT), ("owner",)),
    "certificates:revoke": Row("post", others(403, hr_office=REDIRECT), ("sealed_record",)),
    "certificates:year": Row("get", others(403, hr_office=200)),
    "certificates:bundles": Row("get", others(403, hr_office=200)),
    "certificates:bundle": Row("get", others(403, hr_office=200), ("bundle",)),
    # a bundle still waiting for the worker has nothing to download yet
    "certificates:bundle-download": Row("get", others(403, hr_office=404), ("bundle",)),
    "certificates:shortfall": Row(
        "get", others(403, department_admin=200, other_admin=200, hr_office=200)
    ),
    # batches: entered by the HR office for the whole unit, the owner in it, awaiting her
    # department's review; the bureau sees it only once the department approved it
    "batches:list": Row("get", others(200, teacher=403, other_teacher=403)),
    "batches:create": Row("get", others(403, department_admin=200, other_admin=200, hr_office=200)),
    "batches:detail": Row("get", BATCH_SEEN, ("batch",)),
    "batches:progress": Row("get", BATCH_SEEN, ("batch",)),
    "batches:report": Row("get", BATCH_SEEN, ("batch", "xlsx")),
    "batches:commit": Row(
        "post",
        others(403, other_admin=404, hr_office=REDIRECT),
        ("batch",),
    ),
    # leaving someone out of a batch already queued for its commit: refused, back to the batch
    "batches:leave-out": Row(
        "post",
        others(
            403, other_admin=404, bureau_public=404, bureau_professional=404, hr_office=REDIRECT
        ),
        ("batch", "line"),
    ),
    "batches:review": Row(
        "get",
        others(
            403, department_admin=200, other_admin=404, bureau_public=404, bureau_professional=404
        ),
        ("batch",),
    ),
    "batches:withdraw": Row("post", others(403, other_admin=404, hr_office=REDIRECT), ("batch",)),
    "batches:revoke": Row(
        "get", others(403, other_admin=404, bureau_public=404, bureau_professional=404), ("batch",)
    ),
    # dashboards: the HR office, department administrators (their departments only) and bureau
    # reviewers (their subject, unit-wide)
    "reports:dashboard": Row("get", others(403, **dict.fromkeys(OVERSEERS, 200))),
    "reports:dashboard-people": Row(
        "get",
        others(403, **(dict.fromkeys(OVERSEERS, 200) | {"other_admin": 404})),
        query={"department": "civil"},
    ),
    "reports:dashboard-records": Row("get", others(403, **dict.fromkeys(OVERSEERS, 200))),
    # reports: exports (people's figures: HR and administrators; declarations: each list's
    # own role; full ID numbers: the HR office only; an export: whoever asked for it)
    "reports:exports": Row("get", others(403) | EXPORTERS),
    "reports:export-people": Row(
        "get", others(403, department_admin=200, other_admin=200, hr_office=200)
    ),
    "reports:export-records": Row("get", HR_ONLY),
    "reports:export-department-queue": Row(
        "get", others(403, department_admin=200, other_admin=200, hr_office=200)
    ),
    "reports:export-bureau-queue": Row(
        "get", others(403, bureau_public=200, bureau_professional=200)
    ),
    "reports:export-full-ids": Row("get", HR_ONLY),
    "reports:export": Row("get", others(403) | NOT_MINE, ("export",)),
    # still waiting for the worker: nothing to download yet
    "reports:export-download": Row("get", others(403) | NOT_MINE | {"hr_office": 404}, ("export",)),
    # public verification: no login, the same for everyone
    "verify:form": Row("get", every(200)),
    "verify:token": Row("get", every(200), ("certificate_token",)),
}

# Admin URLs that do not follow the group's rule (anonymous and non-staff are sent to the admin's
# login page, the superuser gets 200).
ADMIN_EXCEPTIONS: dict[str, Row] = {
    "admin:login": Row("get", every(200, hr_office=REDIRECT)),
    "admin:logout": Row("post", every(REDIRECT)),
    "admin:view_on_site": Row("get", every(LOGIN, hr_office=404), ("user_type", "owner")),
    "admin:autocomplete": Row("get", every(LOGIN, hr_office=403)),
    "admin:portal_user_find": Row("post", every(LOGIN, hr_office=REDIRECT)),
    # Records that only the software writes: nobody adds or deletes them by hand.
    "admin:axes_accessattempt_add": Row("get", every(LOGIN, hr_office=403)),
    "admin:axes_accessfailurelog_add": Row("get", every(LOGIN, hr_office=403)),
    "admin:axes_accesslog_add": Row("get", every(LOGIN, hr_office=403)),
    "admin:django_tasks_database_dbtaskresult_add": Row("get", every(LOGIN, hr_office=403)),
    "admin:django_tasks_database_dbtaskresult_delete": Row(
        "get", every(LOGIN, hr_office=403), ("task_result",)
    ),
    # Certificate numbers and sealed records change only through their doors, never by hand.
    "admin:certificates_certificate_add": Row("get", every(LOGIN, hr_office=403)),
    "admin:certificates_certificate_delete": Row(
        "get", every(LOGIN, hr_office=403), ("certificate",)
    ),
    "admin:certificates_sealedrecord_add": Row("get", every(LOGIN, hr_office=403)),
    "admin:certificates_sealedrecord_delete": Row(
        "get", every(LOGIN, hr_office=403), ("sealed_record",)
    ),
    "admin:certificates_recordevent_add": Row("get", every(LOGIN, hr_office=403)),
    "admin:certificates_recordevent_delete": Row(
        "get", every(LOGIN, hr_office=403), ("record_event",)
    ),
}


@dataclass
class World:
    """Everything a URL may take an id of, none of it belonging to the roles."""

    ids: dict[str, Any]
    clients: dict[str, Client]


@pytest.fixture
def world(civil: Department, info: Department) -> World:
    owner = UserFactory.create(name="主人", department=civil)
    registrant = UserFactory.create(name="新注册", department=civil, confirmed_at=None)
    people = {
        "teacher": UserFactory.create(name="同事", department=civil),
        "other_teacher": UserFactory.create(name="外系", department=info),
        "department_admin": UserFactory.create(name="本系管理员", department=civil),
        "other_admin": UserFactory.create(name="外系管理员", department=info),
        "bureau_public": UserFactory.create(department=None, bureau_scope=BureauScope.PUBLIC),
        "bureau_professional": UserFactory.create(
            department=None, bureau_scope=BureauScope.PROFESSIONAL
        ),
        "hr_office": UserFactory.create(
            department=None, is_hr_office=True, is_staff=True, is_superuser=True
        ),
    }
    AdminAssignmentFactory.create(person=people["department_admin"], department=civil)
    AdminAssignmentFactory.create(person=people["other_admin"], department=info)

    client = logged_in(owner)
    draft = declare(client, "endorsed_report", {}, subject="professional")
    upload(client, draft, "leader_instruction", "批示.pdf", pdf_bytes())
    submitted = declare(client, "endorsed_report", {}, subject="professional")
    upload(client, submitted, "leader_instruction", "批示.pdf", pdf_bytes())
    upload(client, submitted, "leader_instruction", "批示.png", png_bytes())
    submitted.move(Status.SUBMITTED, by=owner, role=Role.DECLARANT)
    approved = declare(client, "endorsed_report", {}, subject="professional")
    upload(client, approved, "leader_instruction", "批示.pdf", pdf_bytes())
    approved.move(Status.SUBMITTED, by=owner, role=Role.DECLARANT)
    approved.move(
        Status.DEPARTMENT_APPROVED, by=people["department_admin"], role=Role.DEPARTMENT_ADMIN
    )
    final = declare(client, "endorsed_report", {}, subject="professional")
    upload(client, final, "leader_instruction", "批示.pdf", pdf_bytes())
    final.move(Status.SUBMITTED, by=owner, role=Role.DECLARANT)
    final.move(
        Status.DEPARTMENT_APPROVED, by=people["department_admin"], role=Role.DEPARTMENT_ADMIN
    )
    final.move(Status.APPROVED, by=people["bureau_professional"], role=Role.BUREAU)
    check = SpotCheck.draw(
        by=people["bureau_professional"],
        population=Declaration.objects.filter(pk=final.pk),
        size=1,
        year=final.year,
        department=civil,
        subject_scope=BureauScope.PROFESSIONAL,
    )
    record = SealedRecord.seal(person=owner, year=final.year, by=people["hr_office"])
    bundle = Bundle.objects.create(department=civil, year=final.year, requested_by=owner)
    _admin_objects()
    batch = ImportBatch.objects.create(created_by=people["hr_office"], file_name="p.csv", rows=[])
    entered = batch_services.create(
        by=people["hr_office"],
        fields={
            "kind": "base_roster",
            "subject": "professional",
            "title": "基地培训班",
            "organiser": "基地",
            "starts_on": final.starts_on,
            "ends_on": final.ends_on,
            "hours": Decimal(8),
            "department": None,
        },
        proof={},
    )
    entered.rows = batch_people.check_people(entered, User.objects.filter(pk=owner.pk))
    entered.save(update_fields=["rows"])
    entered.move(BatchState.QUEUED, by=people["hr_office"])
    commit_batch.enqueue(entered.pk)
    move = MoveRequest.objects.create(person=owner, from_department=civil, to_department=info)
    export = Export.objects.create(
        kind=Export.Kind.PEOPLE, parameters={"year": 2025}, requested_by=people["hr_office"]
    )

    ids = {
        "civil": civil.pk,
        "assignment": AdminAssignment.objects.get(person=people["department_admin"]).pk,
        "import_batch": batch.pk,
        "batch": entered.pk,
        "xlsx": "xlsx",
        "line": 1,
        "move_request": move.pk,
        "export": export.pk,
        "csv": "csv",
        "uidb64": "MQ",
        "token": "not-a-token",
        "owner": owner.pk,
        "registrant": registrant.pk,
        "draft": draft.pk,
        "draft_file": draft.active_evidence().get().pk,
        "submitted": submitted.pk,
        "submitted_file": submitted.active_evidence().get(content_type="application/pdf").pk,
        "submitted_image": submitted.active_evidence().get(content_type="image/png").pk,
        "department_approved": approved.pk,
        "spot_check": check.pk,
        "spot_check_item": check.items.get().pk,  # type: ignore[attr-defined]
        "task_result": DBTaskResult.objects.get().pk,
        "sealed_record": record.pk,
        "bundle": bundle.pk,
        "certificate_token": Certificate.objects.get(person=owner).token,
        "certificate": Certificate.objects.get(person=owner).pk,
        "record_event": RecordEvent.objects.first().pk,  # type: ignore[union-attr]
        "user_type": ContentType.objects.get_for_model(User).pk,
        "conference": "conference",
        "leader_instruction": "leader_instruction",
    }
    clients = {"anonymous": Client(), **{role: logged_in(p) for role, p in people.items()}}
    return World(ids, clients)


def _admin_objects() -> None:
    """One object of each model in the admin site, so that its pages have something to show."""
    Group.objects.create(name="审核组")
    now = timezone.now()
    client = {"user_agent": "x", "ip_address": "10.0.0.1", "username": "x"}
    AccessAttempt.objects.create(**client, failures_since_start=1, attempt_time=now)
    AccessLog.objects.create(**client, attempt_time=now)
    AccessFailureLog.objects.create(**client, attempt_time=now)
    DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="portal.notifications.send",
        backend_name="default",
        run_after=now,
        exception_class_path="",
        traceback="",
    )


# Which object each admin model's pages are opened with.
ADMIN_OBJECTS = {
    "portal_user": lambda: User.objects.order_by("pk").first(),
    "portal_department": lambda: Department.objects.first(),
    "portal_adminassignment": lambda: AdminAssignment.objects.first(),
    "auth_group": lambda: Group.objects.first(),
    "axes_accessattempt": lambda: AccessAttempt.objects.first(),
    "axes_accesslog": lambda: AccessLog.objects.first(),
    "axes_accessfailurelog": lambda: AccessFailureLog.objects.first(),
    "django_tasks_database_dbtaskresult": lambda: DBTaskResult.objects.first(),
    "certificates_certificate": lambda: Certificate.objects.first(),
    "certificates_sealedrecord": lambda: SealedRecord.objects.first(),
    "certificates_recordevent": lambda: RecordEvent.objects.first(),
}


def url_patterns() -> Iterator[tuple[str, str | None]]:
    """(route, name with namespaces) of every URL pattern of the project."""

    def walk(
        patterns: list[Any], prefix: str, namespace: str | None
    ) -> Iterator[tuple[str, str | None]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace
                if inner:
                    inner = f"{namespace}:{inner}" if namespace else inner
                yield from walk(
                    pattern.url_patterns, prefix + str(pattern.pattern), inner or namespace
                )
            elif isinstance(pattern, URLPattern):
                name = pattern.name and (
                    f"{namespace}:{pattern.name}" if namespace else pattern.name
                )
                yield prefix + str(pattern.pattern), name

    yield from walk(get_resolver().url_patterns, "", None)


def admin_names() -> list[str]:
    return sorted({n for _route, n in url_patterns() if n and n.startswith("admin:")})


def test_every_url_pattern_has_a_row() -> None:
    missing = [
        name or route
        for route, name in url_patterns()
        if not route.startswith("admin/") and name not in MATRIX
    ]
    assert missing == []
    assert set(MATRIX) | set(ADMIN_EXCEPTIONS) <= {n for _r, n in url_patterns() if n}
    assert all(set(row.expect) == set(ROLES) for row in MATRIX.values())


def answer(response: Any, login_url: str) -> int | str:
    if response.status_code in (301, 302):
        return LOGIN if response["Location"].startswith(login_url) else REDIRECT
    return int(response.status_code)


def request(client: Client, row: Row, url: str) -> Any:
    """One request whose every effect is undone: its writes, and a logout's new cookies."""
    cookies = copy.deepcopy(client.cookies)
    with transaction.atomic():
        response = getattr(client, row.method)(url)
        transaction.set_rollback(True)
    client.cookies = cookies
    return response


def test_each_role_gets_the_answer_in_the_matrix(world: World) -> None:
    wrong = {}
    for name, row in MATRIX.items():
        url = reverse(name, args=[world.ids[a] for a in row.args])
        if row.query:
            url += "?" + "&".join(f"{k}={world.ids[v]}" for k, v in row.query.items())
        got = {
            role: answer(request(world.clients[role], row, url), reverse("login")) for role in ROLES
        }
        if got != row.expect:
            wrong[name] = {
                r: f"{got[r]} (expected {row.expect[r]})" for r in ROLES if got[r] != row.expect[r]
            }
    assert wrong == {}, "\n".join(f"{k}: {v}" for k, v in wrong.items())


def admin_url(name: str, world: World) -> str:
    if name in ADMIN_EXCEPTIONS:
        return reverse(name, args=[world.ids[a] for a in ADMIN_EXCEPTIONS[name].args])
    route = next(r for r, n in url_patterns() if n == name)
    if "<path:object_id>" in route:
        model = name.removeprefix("admin:").rsplit("_", 1)[0]
        return reverse(name, args=[ADMIN_OBJECTS[model]().pk])
    if "<app_label>" in route or "(?P<app_label>" in route:
        return reverse(name, kwargs={"app_label": "portal"})
    return reverse(name)


def test_the_admin_site_lets_only_its_staff_in(world: World) -> None:
    rule = {"anonymous": LOGIN, "teacher": LOGIN, "department_admin": LOGIN, "hr_office": 200}
    wrong = {}
    for name in admin_names():
        row = ADMIN_EXCEPTIONS.get(name, Row("get", {}))
        expected = {role: row.expect[role] for role in ADMIN_ROLES} if row.expect else rule
        url = admin_url(name, world)
        got = {
            role: answer(request(world.clients[role], row, url), reverse("admin:login"))
            for role in ADMIN_ROLES
        }
        if got != expected:
            wrong[name] = got
    assert wrong == {}, "\n".join(f"{k}: {v}" for k, v in wrong.items())

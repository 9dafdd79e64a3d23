"""The HR office's pages show ID numbers masked only, the import's check included."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hr.models import ImportBatch
from portal.idnumbers import ID_NUMBER_PATTERN
from portal.models import User
from tests.factories import logged_in, make_id_number
from tests.hr.helpers import bulk


def test_no_hr_page_shows_a_full_id_number(
    teacher: User, civil_admin: User, hr_officer: User
) -> None:
    bulk(teacher, 1)
    client = logged_in(hr_officer)
    bad = make_id_number(8001)[:-1] + ("1" if make_id_number(8001)[-1] != "1" else "2")
    rows = f"身份证号,姓名,部门\n{make_id_number(8000)},新人,土木工程系\n{bad},错号,土木工程系\n"
    client.post(reverse("hr:import-upload"), {"file": SimpleUploadedFile("p.csv", rows.encode())})
    batch = ImportBatch.objects.get()
    department = teacher.department_id
    pages = [
        reverse("hr:departments"),
        reverse("hr:department", args=[department]),
        reverse("hr:people"),
        reverse("hr:person", args=[teacher.pk]),
        reverse("hr:records"),
        reverse("hr:progress"),
        reverse("hr:not-declared", args=[department]),
        reverse("hr:history"),
        reverse("hr:move-requests"),
        reverse("hr:import-upload"),
        reverse("hr:import", args=[batch.pk]),
    ]
    shown = [
        number
        for url in pages
        for number in ID_NUMBER_PATTERN.findall(client.get(url).content.decode())
    ]
    assert shown == []
    assert batch.problem_count == 1

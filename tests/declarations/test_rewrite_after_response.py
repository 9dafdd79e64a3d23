"""An accepted PDF is rewritten after the upload's response, by a background task: the request
checks it (a refusal is told at once and stores nothing), keeps it in quarantine and records it
being prepared; nothing serves it until the task stored the rewrite."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from django.contrib.messages import get_messages
from django.core.files.storage import FileSystemStorage
from django.tasks import default_task_backend
from django.test import Client
from django.urls import reverse
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject
from pytest_django import Settings

from declarations.exceptions import FilesBeingPrepared
from declarations.models import QUARANTINE, Declaration, Evidence, Role, Status
from declarations.tasks import prepare_evidence
from portal.models import User
from tests.declarations.helpers import declare, upload
from tests.factories import logged_in


@pytest.fixture
def tasks_wait(settings: Settings) -> None:
    """Tasks are queued, not run: as with a worker that has not got to them yet."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def client(teacher: User) -> Client:
    return logged_in(teacher)


@pytest.fixture
def declaration(client: Client) -> Declaration:
    return declare(client, "endorsed_report", {})


def opening_at_its_page_with_a_link() -> bytes:
    """A PDF an honest sender makes: it opens at its first page and links to the issuer's site
    (both accepted, neither kept in what is served)."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    page = writer.pages[0]
    writer.root_object[NameObject("/OpenAction")] = DictionaryObject(
        {
            NameObject("/S"): NameObject("/GoTo"),
            NameObject("/D"): ArrayObject([page.indirect_reference, NameObject("/Fit")]),
        }
    )
    link = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([]),
            NameObject("/A"): DictionaryObject(
                {
                    NameObject("/S"): NameObject("/URI"),
                    NameObject("/URI"): TextStringObject("https://example.org/"),
                }
            ),
        }
    )
    page[NameObject("/Annots")] = ArrayObject([writer._add_object(link)])
    return written(writer)


def with_javascript() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.root_object[NameObject("/OpenAction")] = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('hi')"),
        }
    )
    return written(writer)


def written(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def stored_files(media: Path) -> list[Path]:
    return sorted(p for p in media.rglob("*") if p.is_file())


def quarantined(media: Path) -> list[Path]:
    return stored_files(media / QUARANTINE)


def queued() -> list[Any]:
    return list(default_task_backend.results)  # type: ignore[attr-defined]


def download(client: Client, evidence: Evidence) -> Any:
    return client.get(reverse("declarations:file", args=[evidence.pk]))


def broken_rewrite(*args: object, **kwargs: object) -> None:
    raise RuntimeError("qpdf could not write it")


def test_an_accepted_pdf_is_not_served_until_its_task_ran(
    tasks_wait: None, client: Client, declaration: Declaration
) -> None:
    upload(client, declaration, "leader_instruction", "批示.pdf", opening_at_its_page_with_a_link())
    evidence = Evidence.objects.get()

    response = download(client, evidence)

    assert response.status_code == 409
    assert "正在处理" in response.content.decode()
    assert not response.content.startswith(b"%PDF")


def test_once_its_task_ran_the_rewrite_is_served_without_the_open_action_or_the_link(
    tasks_wait: None, client: Client, declaration: Declaration
) -> None:
    upload(client, declaration, "leader_instruction", "批示.pdf", opening_at_its_page_with_a_link())
    evidence = Evidence.objects.get()
    [task] = queued()

    prepare_evidence.call(*task.args)
    response = download(client, evidence)

    content = b"".join(response.streaming_content)
    served = pikepdf.open(io.BytesIO(content))
    assert response.status_code == 200
    assert ("/OpenAction" in served.Root, len(served.pages)) == (False, 1)
    assert b"example.org" not in content  # the link's action is gone (its box stays)


def test_the_quarantined_upload_is_deleted_once_the_rewrite_is_stored(
    tasks_wait: None, client: Client, declaration: Declaration, media_in_tmp: Path
) -> None:
    upload(client, declaration, "leader_instruction", "批示.pdf", opening_at_its_page_with_a_link())
    evidence = Evidence.objects.get()
    assert (len(quarantined(media_in_tmp)), evidence.file.name) == (1, "")

    prepare_evidence.call(evidence.pk)

    evidence.refresh_from_db()
    assert quarantined(media_in_tmp) == []
    assert stored_files(media_in_tmp) == [media_in_tmp / str(evidence.file.name)]
    assert (evidence.is_ready, evidence.original.name) == (True, "")


def test_the_declaration_page_says_a_file_is_being_prepared(
    tasks_wait: None, client: Client, declaration: Declaration
) -> None:
    upload(client, declaration, "leader_instruction", "批示.pdf", opening_at_its_page_with_a_link())
    evidence = Evidence.objects.get()

    page = client.get(reverse("declarations:detail", args=[declaration.pk])).content.decode()

    assert "正在处理以供查看" in page
    assert reverse("declarations:file", args=[evidence.pk]) not in page


def test_a_refused_pdf_is_told_at_once_and_nothing_is_stored_or_queued(
    tasks_wait: None, client: Client, declaration: Declaration, media_in_tmp: Path
) -> None:
    response = upload(client, declaration, "leader_instruction", "脚本.pdf", with_javascript())

    told = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("脚本.pdf" in message and "脚本" in message for message in told)
    assert (Evidence.objects.count(), stored_files(media_in_tmp), queued()) == (0, [], [])


def test_a_failed_rewrite_shows_its_reason_on_the_declaration_page(
    client: Client, declaration: Declaration, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pikepdf.Pdf, "save", broken_rewrite)
    upload(client, declaration, "leader_instruction", "批示.pdf", opening_at_its_page_with_a_link())

    page = client.get(reverse("declarations:detail", args=[declaration.pk])).content.decode()

    assert Evidence.objects.get().refusal == "damaged"
    assert "无法处理：" in page and "打印为新的 PDF" in page


def test_a_failed_rewrite_keeps_the_upload_in_quarantine_and_never_serves_it(
    client: Client, declaration: Declaration, media_in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent = opening_at_its_page_with_a_link()
    monkeypatch.setattr(pikepdf.Pdf, "save", broken_rewrite)
    upload(client, declaration, "leader_instruction", "批示.pdf", sent)
    evidence = Evidence.objects.get()

    response = download(client, evidence)

    assert response.status_code == 409
    assert "“批示.pdf”" in response.content.decode()
    assert [p.read_bytes() for p in stored_files(media_in_tmp)] == [sent]
    assert quarantined(media_in_tmp) == [media_in_tmp / str(evidence.original.name)]


def test_a_failed_rewrite_counts_as_no_file_for_submitting(
    client: Client, declaration: Declaration, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pikepdf.Pdf, "save", broken_rewrite)
    upload(client, declaration, "leader_instruction", "批示.pdf", opening_at_its_page_with_a_link())

    client.post(reverse("declarations:submit", args=[declaration.pk]))

    declaration.refresh_from_db()
    assert declaration.status == Status.DRAFT


def test_the_task_run_twice_changes_nothing_more(
    tasks_wait: None, client: Client, declaration: Declaration, media_in_tmp: Path
) -> None:
    upload(client, declaration, "leader_instruction", "批示.pdf", opening_at_its_page_with_a_link())
    evidence = Evidence.objects.get()
    prepare_evidence.call(evidence.pk)
    first = stored_files(media_in_tmp)

    prepare_evidence.call(evidence.pk)

    evidence.refresh_from_db()
    assert stored_files(media_in_tmp) == first == [media_in_tmp / str(evidence.file.name)]
    assert download(client, evidence).status_code == 200


def test_of_two_runs_at_once_one_rewrite_is_kept_and_the_others_deleted(
    tasks_wait: None,
    client: Client,
    declaration: Declaration,
    media_in_tmp: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A worker presumed dead (its task handed to another) finishes after all: the second run
    completes while the first stores its rewrite; the first finds the file ready and deletes
    its own copy."""
    upload(client, declaration, "leader_instruction", "批示.pdf", opening_at_its_page_with_a_link())
    evidence = Evidence.objects.get()
    real_save = FileSystemStorage.save
    overtaken: list[str] = []

    def save_then_be_overtaken(storage: Any, name: str, content: Any, **kwargs: Any) -> str:
        stored = real_save(storage, name, content, **kwargs)
        if not overtaken:
            overtaken.append(stored)
            prepare_evidence.call(evidence.pk)
        return stored

    monkeypatch.setattr(FileSystemStorage, "save", save_then_be_overtaken)
    prepare_evidence.call(evidence.pk)

    evidence.refresh_from_db()
    assert stored_files(media_in_tmp) == [media_in_tmp / str(evidence.file.name)]
    assert str(evidence.file.name) != overtaken[0]


def test_submitting_while_a_file_is_being_prepared_is_allowed(
    tasks_wait: None, client: Client, declaration: Declaration
) -> None:
    upload(client, declaration, "leader_instruction", "批示.pdf", opening_at_its_page_with_a_link())

    client.post(reverse("declarations:submit", args=[declaration.pk]))

    declaration.refresh_from_db()
    assert declaration.status == Status.SUBMITTED


def test_approving_waits_until_every_file_is_prepared(
    tasks_wait: None, teacher: User, civil_admin: User, client: Client, declaration: Declaration
) -> None:
    upload(client, declaration, "leader_instruction", "批示.pdf", opening_at_its_page_with_a_link())
    declaration.submit(by=teacher)

    with pytest.raises(FilesBeingPrepared):
        declaration.approve(by=civil_admin, role=Role.DEPARTMENT_ADMIN)


def test_the_review_page_says_the_file_is_being_prepared_and_approving_waits(
    tasks_wait: None, teacher: User, civil_admin: User, client: Client, declaration: Declaration
) -> None:
    upload(client, declaration, "leader_instruction", "批示.pdf", opening_at_its_page_with_a_link())
    declaration.submit(by=teacher)
    reviewer = logged_in(civil_admin)
    url = reverse("review:department-review", args=[declaration.pk])
    page = reviewer.get(url)

    response = reviewer.post(
        url, {"decision": "approve", "seen_event": page.context["form"].initial["seen_event"]}
    )

    told = [str(m) for m in get_messages(response.wsgi_request)]
    declaration.refresh_from_db()
    assert "正在处理以供查看" in page.content.decode()
    assert any("仍在处理" in message for message in told)
    assert declaration.status == Status.SUBMITTED


def test_once_prepared_the_declaration_is_approved(
    tasks_wait: None, teacher: User, civil_admin: User, client: Client, declaration: Declaration
) -> None:
    upload(client, declaration, "leader_instruction", "批示.pdf", opening_at_its_page_with_a_link())
    declaration.submit(by=teacher)
    prepare_evidence.call(Evidence.objects.get().pk)

    declaration.approve(by=civil_admin, role=Role.DEPARTMENT_ADMIN)

    assert declaration.status == Status.DEPARTMENT_APPROVED


def test_another_departments_administrator_gets_not_found_for_a_file_being_prepared(
    tasks_wait: None, teacher: User, info_admin: User, client: Client, declaration: Declaration
) -> None:
    upload(client, declaration, "leader_instruction", "批示.pdf", opening_at_its_page_with_a_link())
    declaration.submit(by=teacher)

    response = download(logged_in(info_admin), Evidence.objects.get())

    assert response.status_code == 404


def test_the_thumbnail_of_a_file_being_prepared_says_so(
    tasks_wait: None, client: Client, declaration: Declaration
) -> None:
    upload(client, declaration, "leader_instruction", "批示.pdf", opening_at_its_page_with_a_link())

    response = client.get(reverse("declarations:thumbnail", args=[Evidence.objects.get().pk]))

    assert (response.status_code, "正在处理" in response.content.decode()) == (409, True)

"""Proof goes through the real upload view, the real checks and the storage API."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.core.files import move
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from declarations.models import Declaration, Evidence
from portal.models import User
from tests.declarations.helpers import declare, upload
from tests.factories import UserFactory, logged_in, pdf_bytes, png_bytes


@pytest.fixture
def declaration(teacher: User) -> Declaration:
    return declare(logged_in(teacher), "endorsed_report", {})


def stored_files(media: Path) -> list[Path]:
    return sorted(p for p in media.rglob("*") if p.is_file())


def test_a_file_is_stored_under_a_generated_name_with_its_own_name_kept(
    teacher: User, declaration: Declaration, media_in_tmp: Path
) -> None:
    upload(
        logged_in(teacher), declaration, "leader_instruction", "领导批示（扫描）.pdf", pdf_bytes(2)
    )
    evidence = Evidence.objects.get()
    name = str(evidence.file.name)
    assert evidence.original_name == "领导批示（扫描）.pdf"
    assert evidence.pages == 2
    assert name.startswith("declarations/") and "批示" not in name
    assert stored_files(media_in_tmp) == [media_in_tmp / name]


def test_a_download_keeps_the_chinese_name_and_is_private(
    teacher: User, declaration: Declaration
) -> None:
    client = logged_in(teacher)
    upload(client, declaration, "leader_instruction", "领导批示.pdf", pdf_bytes())
    response = client.get(reverse("declarations:file", args=[Evidence.objects.get().pk]))
    assert f"filename*=utf-8''{quote('领导批示.pdf')}" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"].startswith("private")
    assert response["Content-Type"] == "application/pdf"


def test_an_image_gets_a_thumbnail(teacher: User, declaration: Declaration) -> None:
    client = logged_in(teacher)
    upload(client, declaration, "leader_instruction", "批示.png", png_bytes((800, 600)))
    response = client.get(reverse("declarations:thumbnail", args=[Evidence.objects.get().pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"


def test_a_refused_file_is_named_and_nothing_is_stored(
    teacher: User, declaration: Declaration, media_in_tmp: Path
) -> None:
    client = logged_in(teacher)
    response = upload(
        client, declaration, "leader_instruction", "notice.png", b"<html><script>x</script>"
    )
    page = client.get(response["Location"]).content.decode()
    assert "notice.png" in page
    assert not Evidence.objects.exists()
    assert stored_files(media_in_tmp) == []


def test_a_failure_after_storing_leaves_no_file_behind(
    teacher: User, declaration: Declaration, media_in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**kwargs: object) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr(Evidence.objects, "create", broken)
    with pytest.raises(RuntimeError):
        upload(logged_in(teacher), declaration, "leader_instruction", "a.png", png_bytes())
    assert stored_files(media_in_tmp) == []


def test_the_same_file_on_two_of_my_declarations_warns(teacher: User) -> None:
    client = logged_in(teacher)
    first = declare(client, "endorsed_report", {})
    second = declare(client, "endorsed_report", {})
    upload(client, first, "leader_instruction", "a.png", png_bytes())
    response = upload(client, second, "leader_instruction", "a.png", png_bytes())
    page = client.get(response["Location"]).content.decode()
    assert "已附在您的另一份申报中" in page


def test_the_same_file_under_another_persons_declaration_flags_both(
    teacher: User, civil: object
) -> None:
    other = UserFactory.create(department=teacher.department)
    mine = declare(logged_in(teacher), "endorsed_report", {})
    theirs = declare(logged_in(other), "endorsed_report", {})
    upload(logged_in(teacher), mine, "leader_instruction", "a.png", png_bytes())
    upload(logged_in(other), theirs, "leader_instruction", "b.png", png_bytes())
    flagged = {d.pk: d.shared_evidence for d in Declaration.objects.all()}
    assert flagged == {mine.pk: True, theirs.pk: True}


def test_a_declaration_takes_at_most_the_configured_number_of_files(
    teacher: User, declaration: Declaration, settings: object
) -> None:
    settings.UPLOAD_MAX_FILES_PER_DECLARATION = 2  # type: ignore[attr-defined]
    client = logged_in(teacher)
    for color in ("red", "green", "blue"):
        upload(client, declaration, "leader_instruction", f"{color}.png", png_bytes(color=color))
    assert Evidence.objects.count() == 2


def test_a_removed_file_is_hidden_but_kept(teacher: User, declaration: Declaration) -> None:
    client = logged_in(teacher)
    upload(client, declaration, "leader_instruction", "a.png", png_bytes())
    evidence = Evidence.objects.get()
    client.post(reverse("declarations:remove-file", args=[declaration.pk, evidence.pk]))
    assert declaration.active_evidence().count() == 0
    evidence.refresh_from_db()
    assert evidence.removed_at is not None
    assert evidence.file.storage.exists(str(evidence.file.name))


def test_the_json_answer_names_a_refused_file(teacher: User, declaration: Declaration) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = logged_in(teacher).post(
        reverse("declarations:upload", args=[declaration.pk, "leader_instruction"]),
        {"files": [SimpleUploadedFile("坏.pdf", png_bytes())]},
        headers={"accept": "application/json"},
    )
    assert response.status_code == 400
    assert "坏.pdf" in response.json()["errors"][0]


def test_one_refused_file_keeps_the_others_out_too(
    teacher: User, declaration: Declaration, media_in_tmp: Path
) -> None:
    response = logged_in(teacher).post(
        reverse("declarations:upload", args=[declaration.pk, "leader_instruction"]),
        {
            "files": [
                SimpleUploadedFile("好.png", png_bytes()),
                SimpleUploadedFile("坏.png", b"<html><script>x</script>"),
            ]
        },
        headers={"accept": "application/json"},
    )
    assert response.status_code == 400
    assert "坏.png" in response.json()["errors"][0]
    assert (Evidence.objects.count(), stored_files(media_in_tmp)) == (0, [])


def test_an_upload_failing_half_way_keeps_nothing(
    teacher: User, declaration: Declaration, media_in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_create = Evidence.objects.create
    calls = []

    def second_fails(**kwargs: object) -> Evidence:
        calls.append(kwargs)
        if len(calls) == 2:
            raise RuntimeError("database went away")
        return real_create(**kwargs)

    monkeypatch.setattr(Evidence.objects, "create", second_fails)
    with pytest.raises(RuntimeError):
        logged_in(teacher).post(
            reverse("declarations:upload", args=[declaration.pk, "leader_instruction"]),
            {
                "files": [
                    SimpleUploadedFile(f"{c}.png", png_bytes(color=c)) for c in ("red", "blue")
                ]
            },
        )
    assert (Evidence.objects.count(), stored_files(media_in_tmp)) == (0, [])


def test_a_teacher_is_not_told_that_someone_else_sent_the_same_file(
    teacher: User, civil: object
) -> None:
    other = UserFactory.create(department=teacher.department)
    upload(
        logged_in(other),
        declare(logged_in(other), "endorsed_report", {}),
        "leader_instruction",
        "b.png",
        png_bytes(),
    )
    client = logged_in(teacher)
    mine = declare(client, "endorsed_report", {})
    response = upload(client, mine, "leader_instruction", "a.png", png_bytes())
    page = client.get(response["Location"]).content.decode()
    assert "他人" not in page
    assert "也附在其他申报中" not in page


def test_the_detail_flags_a_file_also_on_another_of_my_declarations_only(teacher: User) -> None:
    client = logged_in(teacher)
    first = declare(client, "endorsed_report", {})
    second = declare(client, "endorsed_report", {})
    other = UserFactory.create(department=teacher.department)
    theirs = declare(logged_in(other), "endorsed_report", {})
    upload(logged_in(other), theirs, "leader_instruction", "b.png", png_bytes(color="blue"))
    upload(client, first, "leader_instruction", "a.png", png_bytes())
    upload(client, second, "leader_instruction", "a.png", png_bytes())
    upload(client, second, "leader_instruction", "b.png", png_bytes(color="blue"))

    def flagged(declaration: Declaration) -> int:
        page = client.get(reverse("declarations:detail", args=[declaration.pk])).content.decode()
        return page.count("也附在其他申报中")

    assert (flagged(first), flagged(second)) == (1, 1)  # someone else's copy is not mine
    removed = Evidence.objects.get(declaration=first)
    client.post(reverse("declarations:remove-file", args=[first.pk, removed.pk]))
    assert (flagged(first), flagged(second)) == (0, 0)


def test_a_spooled_pdf_is_moved_to_quarantine_then_its_rewrite_moved_into_storage(
    teacher: User,
    declaration: Declaration,
    media_in_tmp: Path,
    settings: object,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The upload is spooled to disk and moved, not copied, into quarantine; the task's qpdf
    writes the rewrite straight into one new file in the spool (no second temporary file renamed
    over it), which storage moves into place; nothing is left in the spool or in quarantine."""
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # type: ignore[attr-defined]
    spool = Path(settings.FILE_UPLOAD_TEMP_DIR)  # type: ignore[attr-defined]
    made: list[str] = []
    moved: list[tuple[str, str]] = []
    real_mkstemp = tempfile.mkstemp

    def mkstemp(*args: Any, **kwargs: Any) -> tuple[int, str]:
        descriptor, path = real_mkstemp(*args, **kwargs)
        made.append(path)
        return descriptor, path

    def file_move_safe(old: str, new: str, *args: Any, **kwargs: Any) -> None:
        moved.append((old, new))
        move.file_move_safe(old, new, *args, **kwargs)

    monkeypatch.setattr("declarations.uploads.tempfile.mkstemp", mkstemp)
    monkeypatch.setattr("django.core.files.storage.filesystem.file_move_safe", file_move_safe)
    monkeypatch.setattr(
        "pikepdf._io.NamedTemporaryFile", lambda *a, **k: pytest.fail("a second temporary file")
    )
    upload(logged_in(teacher), declaration, "leader_instruction", "批示.pdf", pdf_bytes(2))
    evidence = Evidence.objects.get()
    [rewrite] = made
    [(spooled, quarantined), (rewritten, stored)] = moved
    assert (Path(spooled).parent, Path(rewrite).parent) == (spool, spool)
    assert Path(quarantined).parent == media_in_tmp / "declarations" / "quarantine"
    assert (rewritten, stored) == (rewrite, str(media_in_tmp / str(evidence.file.name)))
    assert list(spool.iterdir()) == []
    assert stored_files(media_in_tmp) == [Path(stored)]
    assert (evidence.is_ready, evidence.pages) == (True, 2)

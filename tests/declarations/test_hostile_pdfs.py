"""A hostile PDF corpus, made here: what is stored and served is a rewrite holding only the pages
and what they use, never the bytes that were sent."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

from declarations.models import Evidence
from declarations.uploads import CheckedFile, UploadRejected, check_upload
from portal.models import User
from tests.declarations.helpers import declare, upload
from tests.factories import logged_in

PAYLOAD = b"<html><script>alert(document.cookie)</script></html>"


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def written(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def one_page() -> PdfWriter:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    return writer


def stored(content: bytes) -> bytes:
    checked: CheckedFile = check_upload(SimpleUploadedFile("证明.pdf", content))
    return checked.data


def refusal(content: bytes) -> UploadRejected:
    with pytest.raises(UploadRejected) as caught:
        check_upload(SimpleUploadedFile("证明.pdf", content))
    return caught.value


def with_unreferenced(obj: DictionaryObject) -> bytes:
    """A one-page PDF with `obj` written as an object nothing refers to."""
    writer = one_page()
    writer._add_object(obj)
    return written(writer)


def with_annotation(annotation: dict[str, object]) -> bytes:
    writer = one_page()
    entries = {
        NameObject("/Type"): NameObject("/Annot"),
        NameObject("/Rect"): ArrayObject([NumberObject(0), NumberObject(0)] * 2),
        **{NameObject(k): v for k, v in annotation.items()},
    }
    writer.pages[0][NameObject("/Annots")] = ArrayObject(
        [writer._add_object(DictionaryObject(entries))]
    )
    return written(writer)


def link_to(action: str, **target: str) -> bytes:
    return with_annotation(
        {
            "/Subtype": NameObject("/Link"),
            "/A": DictionaryObject(
                {
                    NameObject("/S"): NameObject(action),
                    **{NameObject(k): TextStringObject(v) for k, v in target.items()},
                }
            ),
        }
    )


def test_html_followed_by_a_pdf_is_refused() -> None:
    rejected = refusal(PAYLOAD + b"\n" + written(one_page()))

    assert rejected.code == "pdf_not_at_start"


def test_a_polyglot_tail_behind_a_fresh_startxref_and_eof_is_refused() -> None:
    pdf = written(one_page())
    xref = re.findall(rb"startxref\s+(\d+)", pdf)[-1]

    rejected = refusal(pdf + PAYLOAD + b"\nstartxref\n" + xref + b"\n%%EOF\n")

    assert rejected.code == "pdf_trailing_data"


def test_an_unreferenced_javascript_object_is_not_kept() -> None:
    script = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('pwned')"),
        }
    )

    kept = stored(with_unreferenced(script))

    assert (b"/JavaScript" in kept, b"pwned" in kept) == (False, False)


def test_an_unreferenced_launch_object_is_not_kept() -> None:
    launch = DictionaryObject(
        {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("calc.exe")}
    )

    kept = stored(with_unreferenced(launch))

    assert (b"/Launch" in kept, b"calc.exe" in kept) == (False, False)


def test_a_link_to_a_website_is_not_kept() -> None:
    kept = stored(link_to("/URI", **{"/URI": "http://tracker.example.com/t"}))

    assert (b"/URI" in kept, b"tracker.example.com" in kept) == (False, False)


def test_a_link_to_another_file_is_not_kept() -> None:
    kept = stored(link_to("/GoToR", **{"/F": "other.pdf"}))

    assert (b"/GoToR" in kept, b"other.pdf" in kept) == (False, False)


@pytest.mark.parametrize("subtype", ["/Movie", "/Sound", "/Screen", "/3D"])
def test_a_multimedia_annotation_is_not_kept(subtype: str) -> None:
    kept = stored(
        with_annotation({"/Subtype": NameObject(subtype), "/T": TextStringObject("media-here")})
    )

    assert (subtype.encode() in kept, b"media-here" in kept) == (False, False)


def test_the_rewrite_keeps_every_page_at_its_size() -> None:
    writer = one_page()
    writer.add_blank_page(width=842, height=595)

    pages = PdfReader(io.BytesIO(stored(written(writer)))).pages

    assert [(float(p.mediabox.width), float(p.mediabox.height)) for p in pages] == [
        (595.0, 842.0),
        (842.0, 595.0),
    ]


def test_what_is_served_is_the_rewrite_never_the_bytes_sent(teacher: User) -> None:
    client = logged_in(teacher)
    declaration = declare(client, "endorsed_report", {})
    sent = link_to("/URI", **{"/URI": "http://tracker.example.com/t"})
    upload(client, declaration, "leader_instruction", "批示.pdf", sent)

    response = client.get(reverse("declarations:file", args=[Evidence.objects.get().pk]))
    served = b"".join(response.streaming_content)  # type: ignore[attr-defined]

    assert served != sent
    assert (b"tracker.example.com" in served, len(PdfReader(io.BytesIO(served)).pages)) == (
        False,
        1,
    )


def test_a_linearized_pdf_is_accepted() -> None:
    import pikepdf

    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(written(one_page()))) as pdf:
        pdf.save(out, linearize=True)

    assert len(PdfReader(io.BytesIO(stored(out.getvalue()))).pages) == 1


def test_a_pdf_with_an_incremental_update_is_accepted() -> None:
    original = written(one_page())
    writer = PdfWriter(io.BytesIO(original), incremental=True)
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)

    assert out.getvalue().startswith(original)
    assert len(PdfReader(io.BytesIO(stored(out.getvalue()))).pages) == 2

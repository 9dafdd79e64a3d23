from __future__ import annotations

import hashlib
import io
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import ExifTags, Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject
from pytest_django import Settings

from declarations.uploads import CheckedFile, UploadRejected, check_upload, rewrite_pdf


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Compare messages with their English msgids, whatever catalogue is compiled."""
    with translation.override("en"):
        yield


def check(name: str, content: bytes) -> CheckedFile:
    return check_upload(SimpleUploadedFile(name, content))


def refusal(name: str, content: bytes) -> UploadRejected:
    with pytest.raises(UploadRejected) as caught:
        check(name, content)
    return caught.value


def pdf_writer(pages: int = 1) -> PdfWriter:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    return writer


def pdf_bytes(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image_bytes(image: Image.Image, format: str, **options: Any) -> bytes:
    out = io.BytesIO()
    image.save(out, format, **options)
    return out.getvalue()


def photo(size: tuple[int, int] = (800, 600)) -> Image.Image:
    return Image.linear_gradient("L").resize(size).convert("RGB")


def png_declaring(width: int, height: int) -> bytes:
    """A PNG whose header claims width × height pixels, with almost no pixel data behind it."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def javascript() -> DictionaryObject:
    return DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('hi')"),
        }
    )


class UnreadableUpload(SimpleUploadedFile):
    def read(self, *args: Any, **kwargs: Any) -> bytes:
        raise AssertionError("the content was read")


# Real files


def test_it_accepts_a_pdf_and_counts_its_pages() -> None:
    checked = check("证书.pdf", pdf_bytes(pdf_writer(pages=3)))

    assert (checked.kind, checked.extension, checked.content_type, checked.pages) == (
        "pdf",
        ".pdf",
        "application/pdf",
        3,
    )


def test_it_stores_a_rewritten_pdf_with_the_same_pages() -> None:
    content = pdf_bytes(pdf_writer(pages=2))

    checked = check("证书.pdf", content)

    rewritten = PdfReader(io.BytesIO(checked.data))
    assert checked.data != content
    assert (len(rewritten.pages), checked.size) == (2, len(checked.data))


def test_it_checks_a_pdf_and_leaves_its_rewrite_for_later_when_asked() -> None:
    sent = pdf_bytes(pdf_writer(pages=2))

    checked = check_upload(SimpleUploadedFile("a.pdf", sent), rewrite_pdf_later=True)

    assert (checked.rewrite_pending, checked.data, checked.pages) == (True, sent, 2)


def test_it_refuses_a_pdf_at_once_when_its_rewrite_is_left_for_later() -> None:
    writer = pdf_writer()
    writer.root_object[NameObject("/OpenAction")] = javascript()

    with pytest.raises(UploadRejected) as caught:
        check_upload(SimpleUploadedFile("js.pdf", pdf_bytes(writer)), rewrite_pdf_later=True)

    assert caught.value.code == "pdf_active_content"


def test_it_rewrites_a_pdf_kept_on_disk_as_the_upload_would_have_been(tmp_path: Path) -> None:
    sent = tmp_path / "sent.pdf"
    sent.write_bytes(pdf_bytes(pdf_writer(pages=3)))

    rewrite, pages = rewrite_pdf("a.pdf", str(sent))

    with rewrite:
        assert rewrite.read(5) == b"%PDF-"
        assert (pages, len(PdfReader(rewrite).pages)) == (3, 3)


def test_it_makes_no_thumbnail_and_no_size_for_a_pdf() -> None:
    checked = check("证书.pdf", pdf_bytes(pdf_writer()))

    assert (checked.thumbnail, checked.width, checked.height) == (None, None, None)


def test_it_accepts_a_jpeg_with_its_size() -> None:
    checked = check("photo.jpeg", image_bytes(photo((800, 600)), "JPEG"))

    assert (checked.kind, checked.extension, checked.content_type) == ("jpeg", ".jpg", "image/jpeg")
    assert (checked.width, checked.height, checked.pages) == (800, 600, None)


def test_it_accepts_a_png_with_its_size() -> None:
    checked = check("scan.png", image_bytes(photo((300, 400)), "PNG"))

    assert (checked.kind, checked.extension, checked.content_type) == ("png", ".png", "image/png")
    assert (checked.width, checked.height) == (300, 400)


def test_it_fingerprints_the_bytes_as_uploaded() -> None:
    content = image_bytes(photo(), "JPEG")

    checked = check("photo.jpg", content)

    assert checked.sha256 == hashlib.sha256(content).hexdigest()


def test_it_makes_a_jpeg_thumbnail_at_most_320_pixels_long() -> None:
    checked = check("photo.jpg", image_bytes(photo((800, 600)), "JPEG"))

    thumbnail = Image.open(io.BytesIO(checked.thumbnail or b""))
    assert (thumbnail.format, thumbnail.size) == ("JPEG", (320, 240))


def test_it_accepts_an_upper_case_extension() -> None:
    checked = check("SCAN.JPG", image_bytes(photo(), "JPEG"))

    assert (checked.kind, checked.original_name) == ("jpeg", "SCAN.JPG")


def test_it_stores_a_cmyk_jpeg_as_rgb() -> None:
    checked = check("print.jpg", image_bytes(photo().convert("CMYK"), "JPEG"))

    assert Image.open(io.BytesIO(checked.data)).mode == "RGB"


def test_it_keeps_the_transparency_of_a_palette_png() -> None:
    logo = Image.new("P", (20, 20), 0)
    logo.putpalette([255, 255, 255, 200, 0, 0])
    logo.paste(1, (5, 5, 15, 15))

    checked = check("seal.png", image_bytes(logo, "PNG", transparency=0))

    stored = Image.open(io.BytesIO(checked.data))
    assert (stored.mode, stored.getpixel((0, 0)), stored.getpixel((10, 10))) == (
        "RGBA",
        (255, 255, 255, 0),
        (200, 0, 0, 255),
    )


def test_it_accepts_a_pdf_that_opens_at_its_first_page() -> None:
    writer = pdf_writer()
    writer.root_object[NameObject("/OpenAction")] = DictionaryObject(
        {
            NameObject("/S"): NameObject("/GoTo"),
            NameObject("/D"): ArrayObject([writer.pages[0].indirect_reference, NameObject("/Fit")]),
        }
    )

    checked = check("opens-at-page.pdf", pdf_bytes(writer))

    assert checked.pages == 1


# Type, name and content that disagree


def test_it_refuses_html_named_png() -> None:
    rejected = refusal("notice.png", b"<!DOCTYPE html><html><script>alert(1)</script></html>")

    assert rejected.message == (
        "“notice.png” is not a PDF, JPEG or PNG file (its content is text/html)."
    )


def test_it_refuses_a_gif_named_png() -> None:
    rejected = refusal("moving.png", image_bytes(Image.new("P", (10, 10)), "GIF"))

    assert (rejected.code, "“moving.png”" in rejected.message) == ("unsupported_content", True)


def test_it_refuses_a_png_named_pdf() -> None:
    rejected = refusal("scan.pdf", image_bytes(photo(), "PNG"))

    assert rejected.message == "“scan.pdf”: the name says PDF but the content is a PNG image."


def test_it_refuses_a_pdf_whose_name_ends_in_exe() -> None:
    rejected = refusal("a.pdf.exe", pdf_bytes(pdf_writer()))

    assert rejected.message == (
        "“a.pdf.exe”: the name's extension (.exe) is not accepted; "
        "proof must be a .pdf, .jpg, .jpeg or .png file."
    )


def test_it_refuses_a_name_without_extension() -> None:
    rejected = refusal("scan", pdf_bytes(pdf_writer()))

    assert (rejected.code, "“scan”" in rejected.message) == ("no_extension", True)


def test_it_refuses_an_empty_file() -> None:
    rejected = refusal("empty.pdf", b"")

    assert rejected.message == "“empty.pdf” is empty."


def test_it_refuses_a_file_over_the_size_limit_without_reading_it(
    settings: Settings,
) -> None:
    settings.UPLOAD_MAX_FILE_BYTES = 1000

    with pytest.raises(UploadRejected) as caught:
        check_upload(UnreadableUpload("big.pdf", b"%PDF-1.7" + b"\x00" * 2000))

    assert (caught.value.code, "“big.pdf”" in caught.value.message) == ("too_large", True)


# PDFs that could do more than show pages


def test_it_refuses_a_pdf_that_runs_javascript_when_opened() -> None:
    writer = pdf_writer()
    writer.root_object[NameObject("/OpenAction")] = javascript()

    rejected = refusal("js.pdf", pdf_bytes(writer))

    assert (rejected.code, "“js.pdf”" in rejected.message) == ("pdf_active_content", True)


def test_it_refuses_a_pdf_that_opens_a_website_when_opened() -> None:
    writer = pdf_writer()
    writer.root_object[NameObject("/OpenAction")] = DictionaryObject(
        {
            NameObject("/S"): NameObject("/URI"),
            NameObject("/URI"): TextStringObject("http://example.com/track"),
        }
    )

    rejected = refusal("tracker.pdf", pdf_bytes(writer))

    assert (rejected.code, "“tracker.pdf”" in rejected.message) == ("pdf_active_content", True)


def test_it_refuses_a_pdf_with_document_javascript() -> None:
    writer = pdf_writer()
    scripts = DictionaryObject(
        {NameObject("/Names"): ArrayObject([TextStringObject("hello"), javascript()])}
    )
    writer.root_object[NameObject("/Names")] = DictionaryObject(
        {NameObject("/JavaScript"): scripts}
    )

    rejected = refusal("names.pdf", pdf_bytes(writer))

    assert (rejected.code, "“names.pdf”" in rejected.message) == ("pdf_active_content", True)


def test_it_refuses_a_pdf_whose_page_launches_a_program() -> None:
    writer = pdf_writer()
    launch = DictionaryObject(
        {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("cmd.exe")}
    )
    writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): launch})

    rejected = refusal("launch.pdf", pdf_bytes(writer))

    assert (rejected.code, "“launch.pdf”" in rejected.message) == ("pdf_active_content", True)


def test_it_refuses_an_encrypted_pdf() -> None:
    writer = pdf_writer()
    writer.encrypt(user_password="secret", owner_password="owner")

    rejected = refusal("locked.pdf", pdf_bytes(writer))

    assert (rejected.code, "“locked.pdf”" in rejected.message) == ("pdf_encrypted", True)


def test_it_refuses_a_pdf_with_an_embedded_file() -> None:
    writer = pdf_writer()
    writer.add_attachment("invoice.exe", b"MZ" + bytes(100))

    rejected = refusal("attached.pdf", pdf_bytes(writer))

    assert (rejected.code, "“attached.pdf”" in rejected.message) == ("pdf_attachment", True)


def test_it_refuses_a_pdf_with_a_file_attachment_annotation() -> None:
    writer = pdf_writer()
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/FileAttachment"),
            NameObject("/Rect"): ArrayObject([NumberObject(0)] * 4),
        }
    )
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])

    rejected = refusal("annotated.pdf", pdf_bytes(writer))

    assert (rejected.code, "“annotated.pdf”" in rejected.message) == ("pdf_attachment", True)


def test_it_refuses_an_executable_glued_after_the_pdf() -> None:
    rejected = refusal("glued.pdf", pdf_bytes(pdf_writer()) + b"MZ\x90\x00" + bytes(range(256)))

    assert (rejected.code, "“glued.pdf”" in rejected.message) == ("pdf_trailing_data", True)


def test_it_accepts_white_space_after_the_pdf_end() -> None:
    checked = check("padded.pdf", pdf_bytes(pdf_writer()) + b"\r\n  \n")

    assert checked.pages == 1


def test_it_refuses_a_pdf_with_more_pages_than_the_limit(settings: Settings) -> None:
    settings.UPLOAD_MAX_PDF_PAGES = 2

    rejected = refusal("long.pdf", pdf_bytes(pdf_writer(pages=3)))

    assert rejected.message == "“long.pdf” has 3 pages; a PDF may have at most 2."


def test_it_refuses_a_damaged_pdf() -> None:
    rejected = refusal("broken.pdf", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog \n%%EOF\n")

    assert rejected.message == "“broken.pdf” cannot be read as a PDF; it may be damaged."


# Images that are bombs, carry extra bytes or say where they were taken


def test_it_refuses_a_pixel_bomb() -> None:
    rejected = refusal("bomb.png", png_declaring(30_000, 30_000))

    assert (rejected.code, "“bomb.png”" in rejected.message) == ("too_many_pixels", True)


def test_it_refuses_an_image_over_the_pixel_cap_before_decoding_its_pixels() -> None:
    # 64 million pixels is under Pillow's own limit; the truncated data would fail to decode.
    rejected = refusal("huge.png", png_declaring(8_000, 8_000))

    assert (rejected.code, "“huge.png”" in rejected.message) == ("too_many_pixels", True)


def test_it_takes_the_pixel_cap_from_settings(settings: Settings) -> None:
    settings.UPLOAD_MAX_IMAGE_PIXELS = 100

    rejected = refusal("small.png", image_bytes(photo((20, 20)), "PNG"))

    assert rejected.code == "too_many_pixels"


def test_it_refuses_a_truncated_jpeg() -> None:
    rejected = refusal("cut.jpg", image_bytes(photo(), "JPEG")[:3000])

    assert rejected.message == "“cut.jpg” cannot be read as a JPEG image; it may be damaged."


def test_it_drops_a_script_appended_after_a_jpeg() -> None:
    checked = check("photo.jpg", image_bytes(photo(), "JPEG") + b"<script>alert(1)</script>")

    assert b"<script>" not in checked.data


def test_it_stores_a_photo_without_exif() -> None:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (34.0, 45.0, 0.0),
    }
    content = image_bytes(photo((40, 20)), "JPEG", exif=exif.tobytes())

    checked = check("phone.jpg", content)

    assert (len(Image.open(io.BytesIO(checked.data)).getexif()), b"Exif" in checked.data) == (
        0,
        False,
    )


def test_it_turns_a_photo_upright_by_its_exif_orientation() -> None:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    content = image_bytes(photo((40, 20)), "JPEG", exif=exif.tobytes())

    checked = check("phone.jpg", content)

    assert (checked.width, checked.height) == (20, 40)
    assert Image.open(io.BytesIO(checked.data)).size == (20, 40)


# The user's file name


def test_it_keeps_only_the_base_name_of_a_path() -> None:
    checked = check("../../etc/passwd.png", image_bytes(photo(), "PNG"))

    assert (checked.original_name, checked.extension) == ("passwd.png", ".png")


def test_it_keeps_only_the_base_name_of_a_windows_path() -> None:
    checked = check("C:\\Users\\林老师\\Desktop\\证书.png", image_bytes(photo(), "PNG"))

    assert checked.original_name == "证书.png"


def test_it_removes_control_and_direction_characters_from_the_name() -> None:
    checked = check("证\x00书\n\u202egnp.png", image_bytes(photo(), "PNG"))

    assert checked.original_name == "证书gnp.png"


def test_it_trims_a_long_chinese_name_to_200_characters_keeping_the_extension() -> None:
    checked = check("继续教育" * 100 + ".png", image_bytes(photo(), "PNG"))

    assert (len(checked.original_name), checked.original_name[:4], checked.original_name[-4:]) == (
        200,
        "继续教育",
        ".png",
    )

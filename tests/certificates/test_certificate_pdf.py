"""The certificate PDF: opens, carries the number and the Chinese title as text, embeds its
fonts, and its QR code decodes to the verification page."""

from __future__ import annotations

import io
from typing import Any

import pypdfium2
import pytest
import zxingcpp
from django.urls import reverse
from pypdf import PdfReader

from certificates.models import SealedRecord
from portal.models import User
from tests.certificates.conftest import complete_year
from tests.factories import logged_in


@pytest.fixture
def pdf(teacher: User, hr_officer: User) -> bytes:
    complete_year(teacher)
    SealedRecord.seal(person=teacher, year=2025, by=hr_officer)
    response = logged_in(teacher).get(reverse("certificates:my-pdf"))
    assert response["Content-Type"] == "application/pdf"
    return response.content


def test_it_contains_the_title_number_and_sealed_year_as_text(pdf: bytes, teacher: User) -> None:
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "河南省专业技术人员继续教育证书" in text
    assert teacher.certificate.number in text  # type: ignore[attr-defined]
    assert teacher.masked_id_number in text
    assert "2025" in text


def fonts_of(pdf: bytes) -> list[tuple[str, bool]]:
    """Each font's name and whether its glyphs are in the file."""
    fonts = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources: Any = page["/Resources"]
        for ref in resources["/Font"].values():
            font: Any = ref.get_object()
            if "/DescendantFonts" in font:
                font = font["/DescendantFonts"][0].get_object()
            descriptor = font["/FontDescriptor"].get_object()
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts.append((str(font["/BaseFont"]), embedded))
    return fonts


def test_it_embeds_every_font_it_uses(pdf: bytes) -> None:
    fonts = fonts_of(pdf)
    assert fonts
    assert all(embedded for _name, embedded in fonts), fonts
    assert any("CJK" in name for name, _embedded in fonts), fonts


def test_its_qr_code_decodes_to_the_verification_page(pdf: bytes, teacher: User) -> None:
    page = pypdfium2.PdfDocument(pdf)[0]
    image = page.render(scale=3).to_pil()
    found = [result.text for result in zxingcpp.read_barcodes(image)]
    token = teacher.certificate.token  # type: ignore[attr-defined]
    assert found == [f"http://testserver/verify/{token}/"]


def test_the_full_id_number_is_not_in_it(pdf: bytes, teacher: User) -> None:
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert teacher.id_number not in text


def test_making_a_pdf_leaves_damaged_uploads_refused(pdf: bytes) -> None:
    # WeasyPrint's import turns on Pillow's LOAD_TRUNCATED_IMAGES for the whole process.
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES is False

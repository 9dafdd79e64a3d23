"""The certificate as a PDF: WeasyPrint with the Noto CJK fonts (Debian's fonts-noto-cjk),
embedded as subsets so it reads the same in any viewer, with a QR code to its verification page."""

from __future__ import annotations

from typing import Any

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from certificates.models import Certificate, SealedRecord

TITLE = "河南省专业技术人员继续教育证书"


def qr_data_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)  # type: ignore[no-any-return]


def _weasyprint_html() -> Any:
    """WeasyPrint's HTML class, loaded only when a PDF is made (it is heavy). Importing it sets
    Pillow's process-wide LOAD_TRUNCATED_IMAGES; the upload checks rely on Pillow refusing
    damaged images, so the setting is put back (the certificate embeds no raster images)."""
    from PIL import ImageFile

    before = ImageFile.LOAD_TRUNCATED_IMAGES
    from weasyprint import HTML

    ImageFile.LOAD_TRUNCATED_IMAGES = before
    return HTML


def render_certificate(certificate: Certificate, verify_url: str) -> bytes:
    HTML = _weasyprint_html()

    records = list(
        SealedRecord.objects.current()
        .filter(certificate=certificate)
        .select_related("sealed_by")
        .order_by("year")
    )
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(
            "certificates/pdf.html",
            {
                "title": TITLE,
                "certificate": certificate,
                "person": certificate.person,
                "records": records,
                "authority": settings.CERTIFICATE_AUTHORITY,
                "seal_text": settings.CERTIFICATE_SEAL_TEXT,
                "qr": qr_data_uri(verify_url),
                "verify_url": verify_url,
                "printed_on": timezone.localdate(),
            },
        )
    return HTML(string=html).write_pdf()  # type: ignore[no-any-return]


def file_name(certificate: Certificate) -> str:
    return f"certificate-{certificate.number}.pdf"

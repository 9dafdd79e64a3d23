from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

import rules
from declarations.models import Declaration, Evidence, Role, Status
from portal.models import User
from tests.factories import logged_in, pdf_bytes

COMMON = {
    "title": "全国职业教育学术年会",
    "organiser": "教育部职业教育发展中心",
    "starts_on": "2026-05-10",
    "ends_on": "2026-05-12",
    "note": "",
    "subject": "professional",
}


def form_data(facts: dict[str, Any], **common: Any) -> dict[str, Any]:
    data = {**COMMON, **common}
    for name, value in facts.items():
        if value is False:
            continue  # an unticked checkbox is absent from the POST
        data[f"facts-{name}"] = "on" if value is True else str(value)
    return data


def declare(client: Client, code: str, facts: dict[str, Any], **common: Any) -> Declaration:
    # As in a browser: the form starts with each fact's default (a ticked checkbox stays ticked).
    defaults = {f.name: f.default for f in rules.HOUR_TYPES[code].facts if f.default is not None}
    data = form_data(defaults | facts, **common)
    response = client.post(reverse("declarations:create", args=[code]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return Declaration.objects.latest("pk")


def upload(client: Client, declaration: Declaration, material: str, name: str, data: bytes) -> Any:
    return client.post(
        reverse("declarations:upload", args=[declaration.pk, material]),
        {"files": [SimpleUploadedFile(name, data)]},
    )


def submitted(
    person: User, *, code: str = "endorsed_report", subject: str = "professional"
) -> Declaration:
    """A declaration with its material, submitted by the person through the pages."""
    client = logged_in(person)
    declaration = declare(client, code, {}, subject=subject)
    upload(client, declaration, "leader_instruction", "批示.pdf", pdf_bytes())
    declaration.move(Status.SUBMITTED, by=person, role=Role.DECLARANT)
    return declaration


def attach_required(declaration: Declaration) -> Declaration:
    """Rows for every material the declaration needs, so the door lets it be submitted."""
    cleaned = declaration.hour_type.clean(declaration.facts)
    for material in declaration.hour_type.required_materials(cleaned):
        Evidence.objects.create(
            declaration=declaration,
            material=material.code,
            file=f"declarations/{material.code}.pdf",
            original_name=f"{material.code}.pdf",
            content_type="application/pdf",
            size=100,
            sha256=f"{declaration.pk:032d}{material.code[:32]:0>32}",
            uploaded_by=declaration.person,
        )
    return declaration

from __future__ import annotations

import pytest

from declarations.models import Declaration, Role, Status
from portal.models import BureauScope, User
from tests.declarations.helpers import declare, upload
from tests.factories import UserFactory, logged_in, pdf_bytes


def submitted(
    person: User, *, code: str = "endorsed_report", subject: str = "professional"
) -> Declaration:
    """A declaration with its material, submitted by the person through the pages."""
    client = logged_in(person)
    declaration = declare(client, code, {}, subject=subject)
    upload(client, declaration, "leader_instruction", "批示.pdf", pdf_bytes())
    declaration.move(Status.SUBMITTED, by=person, role=Role.DECLARANT)
    return declaration


@pytest.fixture
def pending(teacher: User) -> Declaration:
    return submitted(teacher)


@pytest.fixture
def public_reviewer(db: None) -> User:
    """A bureau reviewer for public subjects only."""
    return UserFactory.create(name="罗公需", department=None, bureau_scope=BureauScope.PUBLIC)


@pytest.fixture
def both_reviewer(db: None) -> User:
    """A bureau reviewer for public and professional subjects."""
    return UserFactory.create(name="周双审", department=None, bureau_scope=BureauScope.BOTH)

from __future__ import annotations

import pytest

from declarations.models import Declaration
from portal.models import BureauScope, User
from tests.declarations.helpers import submitted
from tests.factories import UserFactory


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

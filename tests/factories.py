from __future__ import annotations

import datetime
import itertools
from typing import Any

import factory
from django.test import Client
from django.utils import timezone
from stdnum.cn import ric

from portal.models import AdminAssignment, Department, User

PASSWORD = "correct-Horse-battery"
_id_sequence = itertools.count(1)


def make_id_number(n: int, region: str = "410105") -> str:
    born = datetime.date(1970, 1, 1) + datetime.timedelta(days=(n * 97) % 15000)
    body = f"{region}{born:%Y%m%d}{n % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


class DepartmentFactory(factory.django.DjangoModelFactory[Department]):
    class Meta:
        model = Department
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试系{n}")


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"测试{n}")
    department = factory.SubFactory(DepartmentFactory)
    phone = "13800000000"
    confirmed_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class: type[User], *args: Any, **kwargs: Any) -> User:
        id_number = kwargs.pop("id_number", None) or make_id_number(cls._next_id())
        password = kwargs.pop("password", PASSWORD)
        user, _one_time = model_class.objects.create_person(
            id_number=id_number, password=password, **kwargs
        )
        return user

    @classmethod
    def _next_id(cls) -> int:
        return next(_id_sequence)


class AdminAssignmentFactory(factory.django.DjangoModelFactory[AdminAssignment]):
    class Meta:
        model = AdminAssignment

    person = factory.SubFactory(UserFactory)
    department = factory.SubFactory(DepartmentFactory)


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user, backend="portal.backends.PortalBackend")
    return client


def png_bytes(size: tuple[int, int] = (40, 30), color: str = "red") -> bytes:
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def pdf_bytes(pages: int = 1) -> bytes:
    from io import BytesIO

    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()

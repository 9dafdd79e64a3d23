"""The batch list and a batch's page cost the same number of queries however many batches or
people they show."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from portal.models import User
from tests.batches.helpers import commit, enter, people_csv, rows_for
from tests.factories import UserFactory, logged_in


def entered(client: Any, people: list[User], run_tasks: Any, title: str) -> Any:
    return commit(
        client, enter(client, title=title, people_file=people_csv(rows_for(people))), run_tasks
    )


@pytest.mark.parametrize("batches", [1, 6])
def test_the_list_costs_the_same_at_any_size(
    batches: int,
    hr_officer: User,
    civil_teachers: list[User],
    run_tasks: Any,
    django_assert_num_queries: Any,
) -> None:
    client = logged_in(hr_officer)
    for n in range(batches):
        entered(client, civil_teachers, run_tasks, f"培训班{n}")
    with django_assert_num_queries(4):
        response = client.get(reverse("batches:list"))
    assert response.content.decode().count("培训班") == batches


@pytest.mark.parametrize("people", [2, 12])
def test_a_batch_page_costs_the_same_at_any_size(
    people: int, hr_officer: User, civil: Any, run_tasks: Any, django_assert_num_queries: Any
) -> None:
    client = logged_in(hr_officer)
    teachers = [UserFactory.create(department=civil) for _n in range(people)]
    batch = entered(client, teachers, run_tasks, "培训班")
    with django_assert_num_queries(8):
        response = client.get(reverse("batches:detail", args=[batch.pk]))
    assert (
        response.content.decode().count("status-submitted") == people + 1
    )  # the batch state badge too

"""The benchmark's floor page: the app's shell around 50 stored rows, for the office only."""

import pytest
from django.urls import reverse

from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_the_office_sees_fifty_rows_in_the_layout(client, office_user):
    OrganizationFactory.create_batch(55)
    client.force_login(office_user)
    answer = client.get(reverse("floor"))
    assert answer.status_code == 200
    assert len(answer.context["rows"]) == 50
    assert b"<nav" in answer.content  # the base layout, with its navigation


def test_a_unit_does_not_reach_it(client, unit_user):
    client.force_login(unit_user)
    assert client.get(reverse("floor")).status_code == 404


def test_anonymous_is_sent_to_log_in(client):
    answer = client.get(reverse("floor"))
    assert answer.status_code == 302 and "/accounts/login/" in answer["Location"]


def test_the_bench_splits_a_request_into_its_queries_database_and_python(client, office_user):
    """Each in-process row of the benchmark says where a page's time goes (ops.bench.load._split)."""
    from ops.bench.load import _split, _split_text

    OrganizationFactory.create_batch(3)
    client.force_login(office_user)
    queries, sql, whole = _split(client, reverse("floor"))
    assert queries >= 3  # the session, the user, the rows
    assert 0 < sql < whole
    assert _split_text((queries, sql, whole)).startswith(f"one request: {queries} queries, ")

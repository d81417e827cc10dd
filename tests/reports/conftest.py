"""Fixtures of the reports tests: the statistics circulars a data migration installs.

A transactional test elsewhere on the same worker flushes the tables, data migrations' rows
included; every database test here puts the circulars back, as the migration writes them."""

import importlib

import pytest

CIRCULARS = importlib.import_module("reports.migrations.0005_statistics_circulars").CIRCULARS


@pytest.fixture(autouse=True)
def statistics_circulars(request):
    names = set(request.fixturenames)
    if not ({"db", "transactional_db"} & names or request.node.get_closest_marker("django_db")):
        return
    if "transactional_db" not in names:
        request.getfixturevalue("db")
    from reports.models import StatisticsCircular  # noqa: PLC0415 — the app registry is ready only now

    for values in CIRCULARS:
        StatisticsCircular.objects.get_or_create(valid_from=values["valid_from"], defaults=values)

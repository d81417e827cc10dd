"""Fixtures of the awards tests: the demo's legal parameters, and single dated values."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from awards.demo import load_parameters
from awards.models import LegalParameter


@pytest.fixture
def demo_parameters(db):
    load_parameters()


@pytest.fixture
def make_value(db):
    """A dated value of `key`, `days` from today (negative: in the past)."""

    def make(key="base_salary", days=30, value="2600000", **extra):
        return LegalParameter.objects.create(
            key=key,
            value=Decimal(value),
            valid_from=timezone.localdate() + dt.timedelta(days=days),
            source=extra.pop("source", "Nghị định thử nghiệm"),
            **extra,
        )

    return make

"""The benchmark's import measurement: the import of its generated file, and its floor."""

import pytest

from members.models import ImportJob, ImportStatus, Organization
from ops.bench.measures import import_organizations
from ops.bench.registry import Context

pytestmark = pytest.mark.django_db


def test_the_import_measurement_imports_its_file_compares_it_with_its_floor_and_leaves_nothing(dak_nong, office_user):
    before = (Organization.objects.count(), Organization.history.count())

    rows = import_organizations(Context(campaign_id=0, scale=0.0001, seconds=0))

    assert [row.what for row in rows] == ["Excel import of 200 organizations", "Excel import ÷ its floor"]
    assert (rows[1].target, rows[1].figure.endswith("×"), "floor" in rows[1].note) == ("≤ 2×", True, True)
    assert set(ImportJob.objects.values_list("status", flat=True)) == {ImportStatus.DONE}
    assert (Organization.objects.count(), Organization.history.count()) == before

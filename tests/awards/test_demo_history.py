"""The demo's award history: ten years for a few units, and the cooperative director who is due for
Chiến sĩ thi đua cấp tỉnh in 2022 by her Chiến sĩ thi đua cơ sở of 2019, 2020 and 2021."""

import pytest

from awards.demo import featured_director, load_history, load_parameters
from awards.due import due_list
from awards.history import history_of
from awards.models import AwardRecord
from documents.demo import load_issuers
from members.demo import DemoBuilder


@pytest.fixture
def demo(db):
    DemoBuilder().build()
    load_issuers()
    load_parameters()
    return load_history()


def test_the_demo_holds_ten_years_of_history_and_the_director_due_in_2022(demo):
    years = set(AwardRecord.objects.values_list("year", flat=True))
    units = set(AwardRecord.objects.filter(person__isnull=True).values_list("organization_id", flat=True))

    assert (min(years), max(years), len(units)) == (2012, 2021, 4)
    assert load_history() == "Award history: unchanged."

    # The cooperative director, due for the provincial title in 2022 (one test: the demo takes minutes).
    director = featured_director()

    assert (director.position, director.gender, director.organization.kind) == ("Giám đốc", "female", "cooperative")
    cstdcs = [r.year for r in history_of(person=director) if r.award_type and r.award_type.short_name == "CSTĐCS"]
    assert cstdcs[-3:] == [2019, 2020, 2021]
    groups = {award_type.short_name: lines for award_type, lines in due_list(2022)}
    assert director in [line.person for line in groups["CSTĐ tỉnh"]]
    assert [e.year for e in next(line for line in groups["CSTĐ tỉnh"] if line.person == director).relied] == [
        2019,
        2020,
        2021,
    ]
    # Not in 2020: two years only by then (2016 stands alone).
    assert director not in [line.person for t, lines in due_list(2020) if t.short_name == "CSTĐ tỉnh" for line in lines]

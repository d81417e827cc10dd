"""The rebuild commands (core.management.rebuild): every campaign, or the one --campaign names."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command, get_commands
from factories import CampaignFactory, NominationFactory

REBUILDS = ("rebuild_counters", "rebuild_rankings", "refresh_rank_scores")


def run(name, *args):
    out = StringIO()
    call_command(name, *args, stdout=out)
    return out.getvalue().splitlines()


@pytest.mark.parametrize("name", REBUILDS)
def test_a_campaign_that_does_not_exist_is_an_error(db, name):
    with pytest.raises(CommandError, match="No campaign 999999"):
        run(name, "--campaign", "999999")


@pytest.mark.parametrize("name", ["rebuild_counters", "rebuild_rankings"])
def test_every_campaign_in_order_or_the_one_named(db, name):
    first, second = CampaignFactory(), CampaignFactory()

    every = run(name)
    one = run(name, "--campaign", str(second.pk))

    assert [line.split(":")[0] for line in every] == [f"campaign {first.pk}", f"campaign {second.pk}"]
    assert [line.split(":")[0] for line in one] == [f"campaign {second.pk}"]


def test_rank_scores_go_over_the_campaigns_with_nominations_and_those_outside_any(db):
    nomination = NominationFactory()
    CampaignFactory()  # no nomination: nothing to refresh there

    lines = run("refresh_rank_scores")

    assert [line.split(":")[0] for line in lines] == [f"campaign {nomination.campaign_id}", "outside campaigns"]


def test_the_benchmark_finds_them_by_name():
    assert set(REBUILDS) <= set(get_commands())

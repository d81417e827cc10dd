"""The awards demo: plan 514 taken from nominations to its decision and proposal, once."""

import pytest

from awards.demo import load_commendation, load_parameters
from awards.models import Decision, Nomination, NominationStatus
from campaign.demo import CampaignDemo
from documents.demo import load_issuers
from documents.models import IssuedDocument
from members.demo import DemoBuilder


@pytest.fixture
def demo(db):
    DemoBuilder().build()
    load_issuers()
    load_parameters()
    CampaignDemo().build()
    return load_commendation()


def test_demo_walks_plan_514_through_every_step_of_commendation(demo):
    statuses = set(Nomination.objects.values_list("status", flat=True))

    assert {
        NominationStatus.DRAFT,
        NominationStatus.NOT_ELIGIBLE,
        NominationStatus.NOT_PASSED,
        NominationStatus.REJECTED,
        NominationStatus.DECIDED,
        NominationStatus.PROPOSED,
    } <= statuses
    references = set(IssuedDocument.objects.values_list("reference", flat=True))
    assert {"514/KH-LMHTX", "01/BB-LMHTX", "18/QĐ-LMHTX", "05/TTr-LMHTX"} <= references
    decision = Decision.objects.get(kind=Decision.Kind.DECISION)
    # Giấy khen of 2022: 0.3 × 1,490,000 = 447,000, rounded up to 450,000; a collective twice that.
    assert sorted({award.amount for award in decision.awards.all()}) == [450000, 900000]
    refused = Nomination.objects.filter(status=NominationStatus.NOT_ELIGIBLE)
    assert refused.exists()
    assert all(nomination.eligibility_reasons for nomination in refused)

    # The demo loads once: a second run changes nothing (the whole demo takes seconds to build).
    counts = (Nomination.objects.count(), IssuedDocument.objects.count())

    assert load_commendation() == "Commendation: unchanged."
    assert (Nomination.objects.count(), IssuedDocument.objects.count()) == counts

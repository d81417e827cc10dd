"""The demo's emulation blocks: eight agricultural cooperatives from pledge to proposal, the planted
disagreements flagged and settled with reasons, the proposal in the register; the credit funds' block."""

import pytest

from awards.demo import load_parameters
from awards.demo_blocks import load_blocks
from awards.models import BlockMeeting, Nomination
from campaign import blocks
from campaign.models import EmulationBlock, Settlement
from documents.demo import load_issuers
from members.demo import DemoBuilder
from tests.pdf_reading import page_texts


def meeting_numbers(year):
    meeting = BlockMeeting.objects.get(block_year=year)
    return meeting.minutes.reference, meeting.proposal.reference


@pytest.fixture
def demo(db):
    DemoBuilder().build()
    load_issuers()
    load_parameters()
    return load_blocks()


def test_eight_cooperatives_go_from_pledge_to_proposal(demo):
    farming = EmulationBlock.objects.get(name__contains="HTX nông nghiệp")
    year = farming.years.get(year=2025)
    assert year.members.count() == 8 and year.stage == "settled"
    assert year.pledge_document.reference == "01/GƯTĐ-KTĐNN"
    assert meeting_numbers(year) == ("01/BB-KTĐNN", "01/TTr-KTĐNN")  # the block's own sequence
    # The planted disagreements: a unit that rated itself at the maximum, one scorer far below the rest.
    settled = Settlement.objects.filter(member__block_year=year)
    assert settled.count() >= 2 and not blocks.unsettled(year)
    assert all(s.reason for s in settled)
    meeting = BlockMeeting.objects.get(block_year=year)
    assert meeting.present.count() == 7 and meeting.closed_at
    assert meeting.proposal.type_symbol == "TTr"
    text = " ".join(" ".join(page_texts(meeting.proposal.file.read())).split())
    assert "Cờ thi đua của Ủy ban nhân dân tỉnh" in text
    winner = blocks.ranking(year)[0][0].organization
    assert Nomination.objects.get(occasion="block", organization=winner).status != "draft"
    # The year after: the head and the deputy rotated, members pledge again.
    following = farming.years.get(year=2026)
    assert following.stage == "pledging" and following.head != year.head
    assert load_blocks() == "Emulation blocks: unchanged."


def test_the_credit_funds_block_ranks_by_its_weighted_method(demo):
    credit = EmulationBlock.objects.get(name__contains="Quỹ tín dụng")
    year = credit.years.get(year=2025)
    assert credit.ranking_method == "weighted" and year.stage == "settled"
    assert Settlement.objects.filter(member__block_year=year).exists()

"""Emulation blocks: a year's members, pledges, self- and cross-scoring, reconciliation, ranking."""

from decimal import Decimal as D

import pytest

from campaign import blocks
from campaign.models import BlockCriterion, BlockYearStage, EmulationBlock, Settlement
from core.errors import TransitionError
from members.models import Role
from tests.factories import CampaignFactory, CriterionFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    return UserFactory(role=Role.OFFICE)


@pytest.fixture
def block(office):
    block = EmulationBlock.objects.create(name="Khối HTX nông nghiệp", margin=D("2"), created_by=office)
    BlockCriterion.objects.create(block=block, code="1", name="Doanh thu", max_points=D("10"), order=1)
    BlockCriterion.objects.create(block=block, code="2", name="Thu nhập thành viên", max_points=D("10"), order=2)
    return block


@pytest.fixture
def units():
    return [OrganizationFactory() for _ in range(4)]


@pytest.fixture
def year(block, units, office):
    return blocks.open_year(block, 2026, organizations=units, head=units[0], deputy=units[1], by=office)


def _member(year, unit):
    return year.members.get(organization=unit)


def _score_all(year, table, by):
    """table: {(scorer unit index, scored unit index): value for every criterion}."""
    units = [m.organization for m in year.members.order_by("organization_id")]
    for (a, b), value in table.items():
        for criterion in year.block.criteria.all():
            blocks.save_score(
                scorer=_member(year, units[a]), scored=_member(year, units[b]), criterion=criterion, value=value, by=by
            )


def test_head_and_deputy_must_be_distinct_members(block, units, office):
    outsider = OrganizationFactory()
    with pytest.raises(TransitionError):
        blocks.open_year(block, 2026, organizations=units, head=outsider, by=office)
    with pytest.raises(TransitionError):
        blocks.open_year(block, 2026, organizations=units, head=units[0], deputy=units[0], by=office)


def test_head_and_deputy_rotate_into_the_next_year_with_the_same_members(year, units, office):
    following = blocks.next_year(year, head=units[2], deputy=units[3], by=office)
    assert following.year == 2027 and following.head == units[2]
    assert set(following.members.values_list("organization", flat=True)) == {u.pk for u in units}
    with pytest.raises(TransitionError):
        blocks.next_year(year, head=units[2], deputy=units[3], by=office)


def test_criteria_copied_from_a_campaign(block):
    campaign = CampaignFactory()
    CriterionFactory(campaign=campaign, code="1", max_points=D("20"))
    CriterionFactory(campaign=campaign, code="9", name="Ứng dụng công nghệ", max_points=D("15"))
    copied = blocks.copy_criteria_from_campaign(block, campaign)
    assert [c.code for c in copied] == ["9"]
    assert block.criteria.get(code="9").max_points == D("15")


def test_pledge_only_while_pledging_and_needs_a_commitment(year, units):
    member = _member(year, units[1])
    criterion = year.block.criteria.first()
    with pytest.raises(TransitionError):
        blocks.pledge(member, commitment="  ", targets={})
    blocks.pledge(member, commitment="Phấn đấu hoàn thành xuất sắc", targets={criterion: "Doanh thu tăng 10%"})
    assert member.targets.get().target == "Doanh thu tăng 10%"
    year.stage = BlockYearStage.SCORING
    year.save()
    with pytest.raises(TransitionError):
        blocks.pledge(member, commitment="Khác", targets={})


def test_scores_only_in_the_scoring_stage_within_the_maximum(year, units, office):
    a, b = _member(year, units[0]), _member(year, units[1])
    criterion = year.block.criteria.first()
    with pytest.raises(TransitionError):
        blocks.save_score(scorer=a, scored=b, criterion=criterion, value=D("5"), by=office)
    blocks.advance(year, by=office)
    with pytest.raises(TransitionError):
        blocks.save_score(scorer=a, scored=b, criterion=criterion, value=D("10.5"), by=office)
    with pytest.raises(TransitionError):
        blocks.save_score(scorer=a, scored=b, criterion=criterion, by=office)
    blocks.save_score(scorer=a, scored=b, criterion=criterion, value=D("2.5"), by=office)
    blocks.save_score(scorer=a, scored=b, criterion=criterion, value=D("3"), by=office)  # changes, not adds
    assert b.scores_received.get().value == D("3")


def test_a_member_abstains_on_another_with_a_reason_never_on_itself(year, units, office):
    blocks.advance(year, by=office)
    a, b = _member(year, units[0]), _member(year, units[1])
    criterion = year.block.criteria.first()
    score = blocks.save_score(
        scorer=a, scored=b, criterion=criterion, abstain_reason="Không nắm được số liệu", by=office
    )
    assert score.value is None
    with pytest.raises(TransitionError):
        blocks.save_score(scorer=a, scored=a, criterion=criterion, abstain_reason="x", by=office)


def test_assigned_pairs_limit_who_scores_whom(year, units, office):
    a, b, c = (_member(year, u) for u in units[:3])
    blocks.set_pairs(year, [(a, b)], by=office)
    blocks.advance(year, by=office)
    criterion = year.block.criteria.first()
    assert blocks.may_score(a, a) and blocks.may_score(a, b) and not blocks.may_score(a, c)
    with pytest.raises(TransitionError):
        blocks.save_score(scorer=a, scored=c, criterion=criterion, value=D("5"), by=office)
    with pytest.raises(TransitionError):
        blocks.set_pairs(year, [(a, a)], by=office)


def test_reconciliation_flags_the_planted_disagreements_and_ranking_waits_for_the_head(year, units, office):
    blocks.advance(year, by=office)
    # unit 3 rates itself 10 while the others give it 5; unit 2 gives unit 0 a lone 1.
    table = {(i, j): D("8") for i in range(4) for j in range(4)}
    table.update({(3, 3): D("10"), (0, 3): D("5"), (1, 3): D("5"), (2, 3): D("5"), (2, 0): D("1")})
    _score_all(year, table, office)
    blocks.advance(year, by=office)
    flagged = {(m.organization_id, flag.kind) for m, _c, flag in blocks.unsettled(year)}
    ordered = [m.organization for m in year.members.order_by("organization_id")]
    assert flagged == {(ordered[3].pk, "self"), (ordered[0].pk, "outlier")}
    with pytest.raises(TransitionError):
        blocks.advance(year, by=office)
    for member, criterion, _flag in blocks.unsettled(year):
        with pytest.raises(TransitionError):
            blocks.settle(member=member, criterion=criterion, value=D("6"), reason=" ", by=office)
        blocks.settle(member=member, criterion=criterion, value=D("6"), reason="Theo biên bản họp khối", by=office)
    assert Settlement.objects.count() == 4
    year = blocks.advance(year, by=office)
    assert year.stage == BlockYearStage.SETTLED
    ranking = blocks.ranking(year)
    totals = {m.organization_id: t for m, t, _r, _c in ranking}
    assert totals[ordered[3].pk] == D("12.00")  # settled 6 + 6
    assert totals[ordered[1].pk] == D("16.00")
    assert [e.action for e in year.events.all()][-1] == "reconciling→settled"


def test_weighted_method_mixes_the_self_score(year, units, office):
    year.block.ranking_method = "weighted"
    year.block.self_weight = D("0.5")
    year.block.save()
    blocks.advance(year, by=office)
    table = {(i, j): D("6") for i in range(4) for j in range(4) if i != j}
    table.update({(i, i): D("8") for i in range(4)})
    _score_all(year, table, office)
    assert {t for _m, t, _r, _c in blocks.ranking(year)} == {D("14.00")}

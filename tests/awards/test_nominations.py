"""Nomination services: drafts, files, sending, the eligibility check with the facts gathered from data."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from factories import (
    AwardTypeFactory,
    CampaignFactory,
    ClassificationBandFactory,
    HouseholdFactory,
    InitiativeFactory,
    NominationFactory,
    OrganizationFactory,
    PersonFactory,
    RegistrationFactory,
    ViolationFactory,
)

from awards import nominations as services
from awards.models import AwardType, Nomination, NominationEvent, NominationStatus, NomineeKind
from campaign.models import ViolationEffect
from campaign.score_table import UnitScore
from core.errors import ConflictError
from members.models import OrganizationKind

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
S = NominationStatus
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def setup(own_org, office_user):
    campaign = CampaignFactory()
    RegistrationFactory(campaign=campaign, organization=own_org)
    for name, low in (("Xuất sắc", 90), ("Tốt", 70), ("Khá", 50)):
        ClassificationBandFactory(campaign=campaign, name=name, min_score=low)
    return campaign


@pytest.fixture
def band(monkeypatch):
    """Set the unit's cumulated band and score, as campaign.ranking would compute them."""

    def set_band(org, name, total="80.00", vetoed=False):
        score = UnitScore(organization_id=org.pk, name=org.name, kind=org.kind, kind_label="", area_id=None, area="")
        score.band, score.total, score.vetoed = name, Decimal(total), vetoed
        monkeypatch.setattr(services, "unit_cumulated", lambda campaign, unit: score if unit.pk == org.pk else None)

    return set_band


def nominate(campaign, by, *, award_type=None, kind="collective", org=None, **nominee):
    return services.create_nomination(
        campaign=campaign,
        award_type=award_type or AwardTypeFactory(),
        nominee_kind=kind,
        achievements="Giữ việc làm cho xã viên.",
        by=by,
        organization=org,
        **nominee,
    )


def sent(campaign, by, **kwargs):
    nomination = nominate(campaign, by, **kwargs)
    services.submit_nomination(nomination, by=by)
    return nomination


def events(nomination):
    return list(
        NominationEvent.objects.filter(nomination=nomination).order_by("pk").values_list("old_status", "status")
    )


# --- drafts ---------------------------------------------------------------------------------


def test_create_nomination_records_a_draft_with_its_unit(setup, own_org, unit_user):
    person = PersonFactory(organization=own_org)

    nomination = nominate(setup, unit_user, kind="individual", person=person)

    assert (nomination.status, nomination.organization, nomination.person, events(nomination)) == (
        S.DRAFT,
        own_org,
        person,
        [("", S.DRAFT)],
    )


@pytest.mark.parametrize(
    ("kind", "field", "factory"),
    [("household", "household", HouseholdFactory), ("initiative", "initiative", InitiativeFactory)],
)
def test_create_nomination_takes_households_and_initiatives_with_their_unit(
    setup, own_org, unit_user, kind, field, factory
):
    award = AwardTypeFactory(for_households=True, for_initiatives=True)

    nomination = nominate(setup, unit_user, award_type=award, kind=kind, **{field: factory(organization=own_org)})

    assert (nomination.nominee_kind, nomination.organization) == (kind, own_org)


def test_create_nomination_refuses_a_kind_the_award_does_not_take(setup, own_org, unit_user):
    with pytest.raises(services.TransitionError):
        nominate(setup, unit_user, kind="household", household=HouseholdFactory(organization=own_org))


def test_create_nomination_refuses_a_draft_campaign(own_org, unit_user):
    with pytest.raises(services.TransitionError):
        nominate(CampaignFactory(status="draft"), unit_user, org=own_org)


def test_update_nomination_changes_a_draft_and_its_version(setup, own_org, unit_user):
    nomination = nominate(setup, unit_user, org=own_org)
    other = AwardTypeFactory()

    services.update_nomination(
        nomination,
        by=unit_user,
        version=0,
        campaign=setup,
        award_type=other,
        nominee_kind="collective",
        achievements="Mới",
        organization=own_org,
    )

    nomination.refresh_from_db()
    assert (nomination.award_type, nomination.achievements, nomination.version) == (other, "Mới", 1)


def test_update_nomination_with_the_same_values_changes_nothing(setup, own_org, unit_user):
    nomination = nominate(setup, unit_user, org=own_org)

    services.update_nomination(
        nomination,
        by=unit_user,
        version=0,
        campaign=setup,
        award_type=nomination.award_type,
        nominee_kind="collective",
        achievements=nomination.achievements,
        organization=own_org,
    )

    nomination.refresh_from_db()
    assert nomination.version == 0


def test_update_nomination_refuses_a_stale_version(setup, own_org, unit_user):
    nomination = nominate(setup, unit_user, org=own_org)

    with pytest.raises(ConflictError):
        services.update_nomination(
            nomination,
            by=unit_user,
            version=5,
            campaign=setup,
            award_type=nomination.award_type,
            nominee_kind="collective",
            achievements="x",
            organization=own_org,
        )


@pytest.mark.parametrize("status", [s for s in S.values if s != S.DRAFT])
def test_update_nomination_refuses_a_nomination_past_draft(setup, own_org, unit_user, status):
    nomination = NominationFactory(campaign=setup, organization=own_org, status=status)

    with pytest.raises(services.TransitionError):
        services.update_nomination(
            nomination,
            by=unit_user,
            version=0,
            campaign=setup,
            award_type=nomination.award_type,
            nominee_kind="collective",
            achievements="x",
            organization=own_org,
        )


def test_add_attachment_keeps_a_checked_file_and_refuses_a_fake(setup, own_org, unit_user):
    nomination = nominate(setup, unit_user, org=own_org)

    item = services.add_attachment(nomination, SimpleUploadedFile("Báo cáo thành tích.pdf", PDF), by=unit_user)
    with pytest.raises(ValidationError):
        services.add_attachment(nomination, SimpleUploadedFile("virus.pdf", b"MZ\x90\x00" * 10), by=unit_user)

    assert (item.original_name, item.content_type, nomination.attachments.count()) == (
        "Báo cáo thành tích.pdf",
        "application/pdf",
        1,
    )


def test_add_attachment_refuses_a_sent_nomination(setup, own_org, unit_user):
    nomination = sent(setup, unit_user, org=own_org)

    with pytest.raises(services.TransitionError):
        services.add_attachment(nomination, SimpleUploadedFile("a.pdf", PDF), by=unit_user)


def test_remove_attachment_deletes_the_row_of_a_draft(setup, own_org, unit_user):
    nomination = nominate(setup, unit_user, org=own_org)
    item = services.add_attachment(nomination, SimpleUploadedFile("a.pdf", PDF), by=unit_user)

    services.remove_attachment(item, by=unit_user)

    assert nomination.attachments.count() == 0


# --- sending and checking -------------------------------------------------------------------


def test_submit_nomination_sends_and_finds_it_eligible(setup, own_org, unit_user):
    nomination = nominate(setup, unit_user, org=own_org)

    reasons = services.submit_nomination(nomination, by=unit_user)

    nomination.refresh_from_db()
    assert (reasons, nomination.status, nomination.eligibility_reasons, events(nomination)) == (
        [],
        S.ELIGIBLE,
        [],
        [("", S.DRAFT), (S.DRAFT, S.SUBMITTED), (S.SUBMITTED, S.ELIGIBLE)],
    )
    assert nomination.eligibility_checked_at is not None


def test_submit_nomination_again_does_nothing(setup, own_org, unit_user):
    nomination = sent(setup, unit_user, org=own_org)

    assert services.submit_nomination(nomination, by=unit_user) is None
    assert len(events(nomination)) == 3


def test_submit_nomination_refuses_an_empty_summary(setup, own_org, unit_user):
    nomination = nominate(setup, unit_user, org=own_org)
    Nomination.objects.filter(pk=nomination.pk).update(achievements="  ")

    with pytest.raises(services.TransitionError):
        services.submit_nomination(nomination, by=unit_user)


def test_submit_nomination_records_the_reasons_when_not_eligible(setup, unit_user):
    outsider = OrganizationFactory(kind=OrganizationKind.COOPERATIVE)

    nomination = sent(setup, unit_user, org=outsider)

    nomination.refresh_from_db()
    assert (nomination.status, nomination.eligibility_reasons) == (
        S.NOT_ELIGIBLE,
        ["The unit did not register for the campaign."],
    )
    assert NominationEvent.objects.get(nomination=nomination, status=S.NOT_ELIGIBLE).note == (
        "The unit did not register for the campaign."
    )


def test_submit_nomination_names_a_unit_kind_outside_the_subjects(setup, unit_user):
    alliance = OrganizationFactory(kind=OrganizationKind.ALLIANCE)
    RegistrationFactory(campaign=setup, organization=alliance)

    nomination = sent(setup, unit_user, org=alliance)

    assert "is not among the subjects of the campaign" in nomination.eligibility_reasons[0]


@pytest.mark.parametrize("status", [S.DRAFT, S.PASSED, S.NOT_PASSED, S.APPROVED, S.REJECTED, S.DECIDED, S.PROPOSED])
def test_check_eligibility_refuses_a_nomination_not_under_check(setup, own_org, office_user, status):
    nomination = NominationFactory(campaign=setup, organization=own_org, status=status)

    with pytest.raises(services.TransitionError):
        services.check_eligibility(nomination, by=office_user)


def test_check_eligibility_again_with_the_same_result_records_no_event(setup, own_org, office_user):
    nomination = sent(setup, office_user, org=own_org)

    services.check_eligibility(nomination, by=office_user)

    assert events(nomination)[-1] == (S.SUBMITTED, S.ELIGIBLE) and len(events(nomination)) == 3


def test_check_eligibility_moves_to_not_eligible_after_a_violation(setup, own_org, office_user):
    nomination = sent(setup, office_user, org=own_org)
    ViolationFactory(campaign=setup, organization=own_org)

    reasons = services.check_eligibility(nomination, by=office_user)

    assert ([r.code for r in reasons], nomination.status, events(nomination)[-1]) == (
        ["violation"],
        S.NOT_ELIGIBLE,
        (S.ELIGIBLE, S.NOT_ELIGIBLE),
    )


def test_check_eligibility_keeps_an_eligible_nomination_before_the_council(setup, own_org, office_user):
    nomination = NominationFactory(campaign=setup, organization=own_org, status=S.IN_COUNCIL)

    services.check_eligibility(nomination, by=office_user)

    nomination.refresh_from_db()
    assert (nomination.status, events(nomination)) == (S.IN_COUNCIL, [])


def test_check_eligibility_stores_the_unit_score_and_compares_the_band(setup, own_org, office_user, band):
    award = AwardTypeFactory(minimum_band="tốt")
    band(own_org, "Khá", total="62.50")

    nomination = sent(setup, office_user, org=own_org, award_type=award)

    assert (nomination.status, nomination.score) == (S.NOT_ELIGIBLE, Decimal("62.50"))
    assert nomination.eligibility_reasons == [f"The unit is classified “Khá”; “{award}” requires at least “tốt”."]


def test_check_eligibility_finds_the_unit_vetoed(setup, own_org, office_user):
    ViolationFactory(campaign=setup, organization=own_org, effect=ViolationEffect.VETO)
    award = AwardTypeFactory(barred_by_violation=False)

    nomination = sent(setup, office_user, org=own_org, award_type=award)

    assert nomination.status == S.NOT_ELIGIBLE and "veto" in nomination.eligibility_reasons[0]


def test_a_violation_of_the_person_bars_the_person_not_the_unit(setup, own_org, office_user):
    person, colleague = PersonFactory(organization=own_org), PersonFactory(organization=own_org)
    ViolationFactory(campaign=setup, organization=own_org, person=person)

    barred = sent(setup, office_user, kind="individual", person=person)
    free = sent(setup, office_user, kind="individual", person=colleague)

    assert (barred.status, free.status) == (S.NOT_ELIGIBLE, S.ELIGIBLE)


def test_a_second_nomination_for_the_same_award_is_a_duplicate(setup, own_org, office_user):
    award = AwardTypeFactory()
    sent(setup, office_user, org=own_org, award_type=award)

    second = sent(setup, office_user, org=own_org, award_type=award)

    assert second.status == S.NOT_ELIGIBLE and "already nominated" in second.eligibility_reasons[0]


def test_a_draft_or_a_rejected_nomination_does_not_count_as_a_duplicate(setup, own_org, office_user):
    award = AwardTypeFactory()
    nominate(setup, office_user, org=own_org, award_type=award)
    NominationFactory(campaign=setup, organization=own_org, award_type=award, status=S.REJECTED)

    third = sent(setup, office_user, org=own_org, award_type=award)

    assert third.status == S.ELIGIBLE


def test_one_achievement_one_award_across_award_types(setup, own_org, office_user):
    sent(setup, office_user, org=own_org, award_type=AwardTypeFactory(name="Bằng khen"))

    second = sent(setup, office_user, org=own_org, award_type=AwardTypeFactory())

    assert second.status == S.NOT_ELIGIBLE and "“Bằng khen”" in second.eligibility_reasons[0]


def test_quota_count_admits_up_to_the_limit_in_the_order_of_sending(setup, office_user):
    award = AwardTypeFactory(quota_count=2)
    units = [OrganizationFactory() for _ in range(3)]
    for unit in units:
        RegistrationFactory(campaign=setup, organization=unit)

    results = [sent(setup, office_user, org=unit, award_type=award).status for unit in units]

    assert results == [S.ELIGIBLE, S.ELIGIBLE, S.NOT_ELIGIBLE]


def test_quota_share_is_taken_of_the_people_of_registered_units(setup, own_org, office_user):
    award = AwardTypeFactory(quota_share=Decimal("0.25"))
    people = [PersonFactory(organization=own_org) for _ in range(8)]  # 25% of 8 is 2
    PersonFactory()  # of an unregistered unit: not a participant

    results = [sent(setup, office_user, kind="individual", person=p, award_type=award).status for p in people[:3]]

    assert results == [S.ELIGIBLE, S.ELIGIBLE, S.NOT_ELIGIBLE]


def test_recheck_of_the_first_keeps_its_place_in_the_quota(setup, office_user):
    award = AwardTypeFactory(quota_count=1)
    first_unit, second_unit = OrganizationFactory(), OrganizationFactory()
    for unit in (first_unit, second_unit):
        RegistrationFactory(campaign=setup, organization=unit)
    first = sent(setup, office_user, org=first_unit, award_type=award)
    sent(setup, office_user, org=second_unit, award_type=award)

    services.check_eligibility(first, by=office_user)

    assert first.status == S.ELIGIBLE


@pytest.fixture
def titles(office_user):
    services.install_default_award_types(by=office_user)
    return {t.short_name: t for t in AwardType.objects.all()}


def test_cstdcs_without_ldtt_is_not_eligible(setup, own_org, office_user, titles, band):
    band(own_org, "Xuất sắc")
    person = PersonFactory(organization=own_org)

    nomination = sent(setup, office_user, kind="individual", person=person, award_type=titles["CSTĐCS"])

    assert nomination.status == S.NOT_ELIGIBLE and "requires “Lao động tiên tiến”" in nomination.eligibility_reasons[0]


def test_cstdcs_with_ldtt_and_the_top_band_is_eligible(setup, own_org, office_user, titles, band):
    AwardType.objects.filter(pk=titles["CSTĐCS"].pk).update(quota_share=None)
    band(own_org, "Xuất sắc")
    person = PersonFactory(organization=own_org)
    ldtt = sent(setup, office_user, kind="individual", person=person, award_type=titles["LĐTT"])

    cstdcs = sent(
        setup, office_user, kind="individual", person=person, award_type=AwardType.objects.get(short_name="CSTĐCS")
    )

    assert (ldtt.status, cstdcs.status, cstdcs.eligibility_reasons) == (S.ELIGIBLE, S.ELIGIBLE, [])


@pytest.mark.parametrize(
    ("recognised", "expected"),
    [(True, S.ELIGIBLE), (False, S.NOT_ELIGIBLE), ("typed by the unit", S.NOT_ELIGIBLE)],
)
def test_cstdcs_with_ldtt_and_a_recognised_initiative_of_the_person(
    setup, own_org, office_user, titles, band, recognised, expected
):
    """Issue 16: a unit typed its own initiative's “recognition decision”, which then satisfied CSTĐCS.
    Only a recognition the office recorded (who, when) counts."""
    AwardType.objects.filter(pk=titles["CSTĐCS"].pk).update(quota_share=None)
    band(own_org, "Tốt")
    person = PersonFactory(organization=own_org)
    initiative = InitiativeFactory(
        organization=own_org,
        recognition_number="25/QĐ-HTX" if recognised else "",
        recognised_by=office_user if recognised is True else None,
    )
    initiative.authors.add(person)
    sent(setup, office_user, kind="individual", person=person, award_type=titles["LĐTT"])

    cstdcs = sent(
        setup, office_user, kind="individual", person=person, award_type=AwardType.objects.get(short_name="CSTĐCS")
    )

    assert cstdcs.status == expected


def test_cstdcs_quota_is_a_share_of_the_eligible_ldtt(setup, own_org, office_user, titles, band):
    AwardType.objects.filter(pk=titles["CSTĐCS"].pk).update(quota_share=Decimal("0.5"))
    band(own_org, "Xuất sắc")
    people = [PersonFactory(organization=own_org) for _ in range(2)]
    for person in people:
        sent(setup, office_user, kind="individual", person=person, award_type=titles["LĐTT"])
    cstdcs = AwardType.objects.get(short_name="CSTĐCS")

    results = [sent(setup, office_user, kind="individual", person=p, award_type=cstdcs).status for p in people]

    assert results == [S.ELIGIBLE, S.NOT_ELIGIBLE]  # half of 2 LĐTT is 1


def test_excellent_collective_is_barred_by_a_violation_of_one_of_its_people(setup, own_org, office_user, titles, band):
    band(own_org, "Xuất sắc")
    AwardType.objects.filter(pk=titles["TTLĐXS"].pk).update(barred_by_violation=False)
    ViolationFactory(campaign=setup, organization=own_org, person=PersonFactory(organization=own_org))

    nomination = sent(setup, office_user, org=own_org, award_type=AwardType.objects.get(short_name="TTLĐXS"))

    assert nomination.status == S.NOT_ELIGIBLE and "nobody of the unit" in nomination.eligibility_reasons[0]


def test_an_unrecognised_initiative_is_not_eligible(setup, own_org, office_user, titles):
    initiative = InitiativeFactory(organization=own_org, recognised_on=None)
    AwardType.objects.filter(short_name="Giấy khen").update(minimum_band="")  # the band is tested on its own

    nomination = sent(setup, office_user, kind="initiative", initiative=initiative, award_type=titles["Giấy khen"])

    assert nomination.eligibility_reasons == ["The initiative has no recognition decision (number and date)."]


# --- award types --------------------------------------------------------------------------------


def test_install_default_award_types_creates_the_standard_set_once(office_user, demo_parameters):
    created = services.install_default_award_types(by=office_user)
    again = services.install_default_award_types(by=office_user)

    cstdcs = AwardType.objects.get(short_name="CSTĐCS")
    assert (len(created), again, AwardType.objects.count()) == (8, [], 8)
    assert (cstdcs.requires.short_name, cstdcs.quota_share, cstdcs.for_collectives) == ("LĐTT", Decimal("0.15"), False)


def test_install_default_award_types_adds_only_the_missing(office_user):
    AwardTypeFactory(name="Lao động tiên tiến", short_name="LĐTT riêng")

    created = services.install_default_award_types(by=office_user)

    assert len(created) == 7
    assert AwardType.objects.get(short_name="CSTĐCS").requires.short_name == "LĐTT riêng"


def test_default_award_types_without_the_quota_parameter_have_no_quota():
    by_name = {values["short_name"]: values for values in services.default_award_types()}

    assert by_name["CSTĐCS"]["quota_share"] is None
    assert [k for k in NomineeKind.values if by_name["Giấy khen"][f"for_{k}s"]] == list(NomineeKind.values)


# --- a collective's share of Advanced Workers -----------------------------------------------------


@pytest.mark.parametrize(("ldtt", "expected"), [(3, S.ELIGIBLE), (2, S.NOT_ELIGIBLE)])
def test_advanced_collective_needs_more_than_half_of_its_people_advanced_workers(
    setup, own_org, office_user, titles, demo_parameters, ldtt, expected
):
    people = [PersonFactory(organization=own_org) for _ in range(4)]
    AwardType.objects.filter(short_name="TTLĐTT").update(minimum_band="")  # the band is tested on its own
    for person in people[:ldtt]:
        sent(setup, office_user, kind="individual", person=person, award_type=titles["LĐTT"])
    PersonFactory()  # of another unit: not counted

    nomination = sent(setup, office_user, org=own_org, award_type=titles["TTLĐTT"])

    assert nomination.status == expected
    if expected == S.NOT_ELIGIBLE:
        assert nomination.eligibility_reasons == [
            "“Tập thể lao động tiên tiến” needs more than 50% of the unit's people to be Advanced Workers "
            "(Lao động tiên tiến); 2 of its 4 people are."
        ]


def test_advanced_collective_without_the_parameter_says_the_office_must_add_it(setup, own_org, office_user, titles):
    PersonFactory(organization=own_org)
    AwardType.objects.filter(short_name="TTLĐTT").update(minimum_band="")  # the band is tested on its own

    nomination = sent(setup, office_user, org=own_org, award_type=titles["TTLĐTT"])

    assert nomination.status == S.NOT_ELIGIBLE and "the office must add one" in nomination.eligibility_reasons[0]


def test_a_failed_ldtt_nomination_does_not_count_towards_the_share(
    setup, own_org, office_user, titles, demo_parameters
):
    person = PersonFactory(organization=own_org)
    AwardType.objects.filter(pk=titles["LĐTT"].pk).update(minimum_band="Xuất sắc")  # the unit is not classified
    ldtt = sent(setup, office_user, kind="individual", person=person, award_type=titles["LĐTT"])

    nomination = sent(setup, office_user, org=own_org, award_type=titles["TTLĐTT"])

    assert (ldtt.status, nomination.status) == (S.NOT_ELIGIBLE, S.NOT_ELIGIBLE)


# --- the quota base: one count for the check and the shortlist -----------------------------------


@pytest.mark.parametrize(
    ("accepts", "expected"),
    [
        ({"for_collectives": True, "for_individuals": False}, 2),  # two registered units
        ({"for_collectives": False, "for_individuals": True}, 3),  # their three people
        ({"for_collectives": True, "for_individuals": True}, 5),
        ({"for_collectives": False, "for_individuals": False, "for_households": True}, 1),
    ],
)
def test_quota_base_counts_whom_the_type_may_be_given_to_in_registered_units(setup, own_org, accepts, expected):
    from awards import council
    from awards.models import Household

    other = OrganizationFactory()
    RegistrationFactory(campaign=setup, organization=other)
    PersonFactory.create_batch(2, organization=own_org)
    PersonFactory(organization=other)
    PersonFactory()  # of an unregistered unit
    Household.objects.create(head_name="Y Bhim", organization=own_org, address="Buôn Nui", members_count=4)
    award = AwardTypeFactory(**accepts)

    assert services.quota_base(setup, award) == expected
    # the shortlist counts the same way, through the cache
    assert council.cached_quota_base is services.cached_quota_base
    assert services.cached_quota_base(setup, award) == expected

"""A small campaign in two provinces, built with factories, whose report figures are known by hand.

November 2021 (1–30/11, deadline 05/12) of a district-grouped campaign:

- Tỉnh Một: Huyện A (coops An, Bình, Giang; group Hòa), Huyện B (group Cường, coop Hưng).
- Tỉnh Hai: Huyện C (coop Dũng).

An (30 workers) verified on time; Bình (10) handed in late, not verified; Cường registered,
nothing sent; Dũng (20) verified late; Hòa not registered; Giang dissolved in 2020 (not a
subject, still followed for its status); Hưng suspended on 15/11 because of Covid.
"""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone
from factories import (
    AdministrativeAreaFactory,
    AwardTypeFactory,
    CampaignFactory,
    ClassificationBandFactory,
    CriterionFactory,
    CriterionGroupFactory,
    DecisionFactory,
    ExemplaryExampleFactory,
    IssuedDocumentFactory,
    NominationFactory,
    OrganizationFactory,
    RegistrationFactory,
    ReportingPeriodFactory,
    StatusChangeFactory,
    SubmissionFactory,
    SubmissionValueFactory,
    ViolationFactory,
)

from awards.models import Award, DecisionStatus, ExemplaryExample, NominationEvent, NominationStatus
from campaign.models import ProductSale, ReportTopic, ScoringRule, SubmissionStatus, ViolationEffect
from members.models import AreaLevel, OperatingStatus, Organization, OrganizationKind

D = Decimal


def aware(day, hour=9):
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


def build_report_case():
    one = AdministrativeAreaFactory(name="Tỉnh Một", level=AreaLevel.PROVINCE)
    two = AdministrativeAreaFactory(name="Tỉnh Hai", level=AreaLevel.PROVINCE)
    district_a = AdministrativeAreaFactory(name="Huyện A", level=AreaLevel.DISTRICT, parent=one)
    district_b = AdministrativeAreaFactory(name="Huyện B", level=AreaLevel.DISTRICT, parent=one)
    district_c = AdministrativeAreaFactory(name="Huyện C", level=AreaLevel.DISTRICT, parent=two)

    def org(name, district, kind=OrganizationKind.COOPERATIVE, workers=30, **extra):
        return OrganizationFactory(
            name=name, kind=kind, district=district, province=district.parent, workers_count=workers, **extra
        )

    an = org("HTX An", district_a, workers=30)
    binh = org("HTX Bình", district_a, workers=10)
    cuong = org("THT Cường", district_b, kind=OrganizationKind.GROUP, workers=5)
    dung = org("HTX Dũng", district_c, workers=20)
    org("THT Hòa", district_a, kind=OrganizationKind.GROUP, workers=4)
    giang = org("HTX Giang", district_a, status=OperatingStatus.DISSOLVED)
    StatusChangeFactory(
        organization=giang, old_status=OperatingStatus.ACTIVE, status=OperatingStatus.DISSOLVED,
        effective_on=dt.date(2020, 6, 1), caused_by_covid=False,
    )  # fmt: skip
    hung = org("HTX Hưng", district_b, workers=8, status=OperatingStatus.SUSPENDED)
    StatusChangeFactory(
        organization=hung, old_status=OperatingStatus.ACTIVE, status=OperatingStatus.SUSPENDED,
        effective_on=dt.date(2021, 11, 15), cause="Giãn cách xã hội", caused_by_covid=True,
    )  # fmt: skip
    # Outside the campaign's kinds: not counted anywhere.
    org("Phòng Tổng hợp", district_a, kind=OrganizationKind.DEPARTMENT)

    campaign = CampaignFactory(grouping_level="district")
    october = ReportingPeriodFactory(
        campaign=campaign, name="Tháng 10/2021", starts_on=dt.date(2021, 10, 1), ends_on=dt.date(2021, 10, 31),
        deadline=dt.date(2021, 11, 5),
    )  # fmt: skip
    november = ReportingPeriodFactory(
        campaign=campaign, name="Tháng 11/2021", starts_on=dt.date(2021, 11, 1), ends_on=dt.date(2021, 11, 30),
        deadline=dt.date(2021, 12, 5),
    )  # fmt: skip
    group = CriterionGroupFactory(campaign=campaign, name="I. Phòng, chống dịch")

    def criterion(code, rule, topic, unit="", **extra):
        return CriterionFactory(
            campaign=campaign, group=group, code=code, rule=rule, report_topic=topic, unit=unit,
            max_points=D("20"), **extra,
        )  # fmt: skip

    vaccination = criterion("1.1", ScoringRule.PERCENTAGE, ReportTopic.VACCINATION, "%")
    it = criterion("1.2", ScoringRule.YES_NO, ReportTopic.IT_APPLICATION, "có/không")
    sales = criterion("1.3", ScoringRule.TARGET, ReportTopic.SUPPLY_DEMAND, "triệu đồng", target=D("200"),
                      kinds=[OrganizationKind.COOPERATIVE])  # fmt: skip
    propaganda = criterion("1.4", ScoringRule.COUNT, ReportTopic.PROPAGANDA, "hoạt động", points_per_unit=D("4"))
    initiative = criterion("1.5", ScoringRule.QUALITATIVE, ReportTopic.INITIATIVE, "sáng kiến")
    ClassificationBandFactory(campaign=campaign, name="Xuất sắc", min_score=D("90"))
    ClassificationBandFactory(campaign=campaign, name="Khá", min_score=D("50"))

    for unit in (an, binh, cuong, dung):
        RegistrationFactory(campaign=campaign, organization=unit)

    def submit(unit, status, late, values, period=november):
        submission = SubmissionFactory(period=period, organization=unit, status=status, is_late=late)
        for crit, (value, note, score) in values.items():
            SubmissionValueFactory(submission=submission, criterion=crit, value=value, note=note, staff_score=score)
        return submission

    s_an = submit(an, SubmissionStatus.VERIFIED, False, {
        vaccination: (D("90"), "", None), it: (D("1"), "", None), sales: (D("155"), "", None),
        propaganda: (D("3"), "", None), initiative: (D("1"), "Bán cà phê qua sàn thương mại điện tử", D("8")),
    })  # fmt: skip
    s_binh = submit(binh, SubmissionStatus.SUBMITTED, True, {
        vaccination: (D("50"), "", None), it: (D("1"), "", None), sales: (D("999"), "", None),
    })  # fmt: skip
    s_dung = submit(dung, SubmissionStatus.VERIFIED, True, {
        vaccination: (D("60"), "", None), it: (D("0"), "", None), sales: (D("40"), "", None),
        propaganda: (D("1"), "", None), initiative: (D("0"), "", D("2")),
    })  # fmt: skip
    ProductSale.objects.create(submission=s_an, product="Cà phê nhân", quantity=D("2"), unit_of_measure="tấn",
                               value=D("80"), order=0)  # fmt: skip
    ProductSale.objects.create(submission=s_an, product="Hồ tiêu", quantity=D("1"), unit_of_measure="tấn",
                               value=D("75"), order=1)  # fmt: skip
    ProductSale.objects.create(submission=s_dung, product="cà phê  nhân", quantity=D("1.5"), unit_of_measure="Tấn",
                               value=D("40"), order=0)  # fmt: skip
    ProductSale.objects.create(submission=s_binh, product="Sầu riêng", quantity=D("9"), unit_of_measure="tấn",
                               value=D("999"), order=0)  # fmt: skip
    # October: An verified on time; the others sent nothing.
    submit(an, SubmissionStatus.VERIFIED, False, {vaccination: (D("70"), "", None)}, period=october)

    ViolationFactory(campaign=campaign, organization=dung, occurred_on=dt.date(2021, 11, 20), points=D("5"),
                     effect=ViolationEffect.DEDUCTION)  # fmt: skip
    ViolationFactory(campaign=campaign, organization=dung, occurred_on=dt.date(2021, 12, 2))

    award_type = AwardTypeFactory(name="Giấy khen của Chủ tịch Liên minh HTX tỉnh", short_name="Giấy khen")
    early = NominationFactory(campaign=campaign, award_type=award_type, organization=an,
                              status=NominationStatus.DECIDED)  # fmt: skip
    late = NominationFactory(campaign=campaign, award_type=award_type, organization=dung)
    for nomination, status, day in (
        (early, NominationStatus.DRAFT, dt.date(2021, 11, 10)),
        (early, NominationStatus.SUBMITTED, dt.date(2021, 11, 12)),
        (early, NominationStatus.DECIDED, dt.date(2021, 12, 20)),
        (late, NominationStatus.DRAFT, dt.date(2021, 12, 3)),
    ):
        event = NominationEvent.objects.create(nomination=nomination, status=status)
        NominationEvent.objects.filter(pk=event.pk).update(at=aware(day))
    document = IssuedDocumentFactory(type_symbol="QĐ", number=12, issued_on=dt.date(2021, 11, 28))
    decision = DecisionFactory(campaign=campaign, status=DecisionStatus.ISSUED, document=document)
    Award.objects.create(decision=decision, nomination=early, amount=D("745000"))
    later = IssuedDocumentFactory(type_symbol="QĐ", number=13, issued_on=dt.date(2021, 12, 28))
    DecisionFactory(campaign=campaign, status=DecisionStatus.ISSUED, document=later)

    published = ExemplaryExampleFactory(campaign=campaign, organization=an, title="HTX An giữ việc làm")
    ExemplaryExample.objects.filter(pk=published.pk).update(
        is_published=True, published_at=aware(dt.date(2021, 11, 15))
    )
    old = ExemplaryExampleFactory(campaign=campaign, organization=dung, title="HTX Dũng ba tại chỗ")
    ExemplaryExample.objects.filter(pk=old.pk).update(is_published=True, published_at=aware(dt.date(2021, 10, 15)))
    ExemplaryExampleFactory(campaign=campaign, organization=binh, title="Chưa đăng")

    return SimpleNamespace(
        campaign=campaign, period=november, october=october, provinces=(one, two),
        districts=(district_a, district_b, district_c),
        units={o.name: o for o in Organization.objects.all()},
        criteria=SimpleNamespace(vaccination=vaccination, it=it, sales=sales, propaganda=propaganda,
                                 initiative=initiative),
    )  # fmt: skip

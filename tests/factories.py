"""One plain factory per model: the member registry, the document layer, then campaigns."""

import datetime as dt
import hashlib
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from awards.decisions import approve_draft
from awards.models import (
    RANK_SCORE_FIELDS,
    AwardCategory,
    AwardIssuer,
    AwardType,
    CouncilSession,
    Decision,
    ExemplaryExample,
    Household,
    Initiative,
    Nomination,
    NominationStatus,
    NomineeKind,
    VoteRule,
)
from awards.rank_scores import refresh_rank_scores
from campaign.models import (
    Campaign,
    CampaignKind,
    CampaignStatus,
    ClassificationBand,
    Criterion,
    CriterionGroup,
    PeriodKind,
    Registration,
    RegistrationTarget,
    ReportingPeriod,
    ScoringRule,
    Submission,
    SubmissionStatus,
    SubmissionValue,
    Violation,
    ViolationEffect,
)
from documents.models import IssuedDocument, IssuingBody, Signer, SignerAuthority
from documents.verification import new_code
from members.models import (
    AdministrativeArea,
    AreaLevel,
    Gender,
    OperatingStatus,
    Organization,
    OrganizationKind,
    Person,
    Role,
    Sector,
    StatusChange,
    User,
)

TEST_PASSWORD = "Thu-nghiem-2021"


class AdministrativeAreaFactory(DjangoModelFactory):
    class Meta:
        model = AdministrativeArea

    code = factory.Sequence(lambda n: f"{90000 + n}")
    name = factory.Sequence(lambda n: f"Xã Thử Nghiệm {n}")
    level = AreaLevel.COMMUNE
    parent = None
    valid_from = None
    valid_until = None
    successor = None


class OrganizationFactory(DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Hợp tác xã Nông nghiệp Dịch vụ Số {n}")
    kind = OrganizationKind.COOPERATIVE
    tax_code = factory.Sequence(lambda n: f"64{n:08d}")
    sector = Sector.AGRICULTURE
    founded_on = dt.date(2015, 3, 1)
    members_count = 12
    workers_count = 30
    representative = "Nguyễn Văn An"
    is_alliance_member = True


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Trần Thị Hoa {n}")
    gender = Gender.FEMALE
    birth_year = 1985
    ethnicity = "Kinh"
    position = "Xã viên"
    organization = factory.SubFactory(OrganizationFactory)
    is_direct_worker = True


class UserFactory(DjangoModelFactory):
    """An account of a role; a unit account gets an organization of its own unless given one."""

    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"nguoidung{n}")
    first_name = "Văn"
    last_name = factory.Sequence(lambda n: f"Lê {n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    role = Role.OFFICE
    organization = factory.Maybe(
        factory.LazyAttribute(lambda o: o.role == Role.UNIT),
        yes_declaration=factory.SubFactory(OrganizationFactory),
        no_declaration=None,
    )
    is_active = True
    password = factory.django.Password(TEST_PASSWORD)


class StatusChangeFactory(DjangoModelFactory):
    class Meta:
        model = StatusChange

    organization = factory.SubFactory(OrganizationFactory)
    old_status = OperatingStatus.ACTIVE
    status = OperatingStatus.SUSPENDED
    effective_on = dt.date(2021, 9, 1)
    cause = "Giãn cách xã hội do dịch Covid-19"
    caused_by_covid = True
    changed_by = factory.SubFactory(UserFactory)


# --- Campaigns ---------------------------------------------------------------------------


class CampaignFactory(DjangoModelFactory):
    """A special campaign of the 2021 kind, running, with cooperatives taking part."""

    class Meta:
        model = Campaign

    name = factory.Sequence(lambda n: f"Phong trào thi đua đặc biệt phòng, chống dịch Covid-19 số {n}")
    short_name = factory.Sequence(lambda n: f"Thi đua chống dịch {n}")
    kind = CampaignKind.SPECIAL
    plan_date = dt.date(2021, 11, 8)
    subject_kinds = factory.LazyFunction(
        lambda: [
            OrganizationKind.COOPERATIVE,
            OrganizationKind.GROUP,
            OrganizationKind.UNION,
            OrganizationKind.CREDIT_FUND,
        ]
    )
    starts_on = dt.date(2021, 11, 8)
    ends_on = dt.date(2022, 1, 31)
    status = CampaignStatus.RUNNING


class ReportingPeriodFactory(DjangoModelFactory):
    class Meta:
        model = ReportingPeriod

    campaign = factory.SubFactory(CampaignFactory)
    kind = PeriodKind.MONTH
    name = factory.Sequence(lambda n: f"Kỳ {n}")
    starts_on = dt.date(2021, 11, 1)
    ends_on = dt.date(2021, 11, 30)
    deadline = dt.date(2021, 12, 5)


class CriterionGroupFactory(DjangoModelFactory):
    class Meta:
        model = CriterionGroup

    campaign = factory.SubFactory(CampaignFactory)
    name = "Phòng, chống dịch Covid-19"
    order = factory.Sequence(int)


class CriterionFactory(DjangoModelFactory):
    class Meta:
        model = Criterion

    campaign = factory.SubFactory(CampaignFactory)
    group = factory.SubFactory(CriterionGroupFactory, campaign=factory.SelfAttribute("..campaign"))
    code = factory.Sequence(lambda n: f"{n + 1}")
    name = "Tỷ lệ người lao động được tiêm đủ liều vắc xin"
    unit = "%"
    rule = ScoringRule.PERCENTAGE
    max_points = Decimal("20")
    order = factory.Sequence(int)


class ClassificationBandFactory(DjangoModelFactory):
    class Meta:
        model = ClassificationBand

    campaign = factory.SubFactory(CampaignFactory)
    name = "Xuất sắc"
    min_score = Decimal("90")


class RegistrationFactory(DjangoModelFactory):
    class Meta:
        model = Registration

    campaign = factory.SubFactory(CampaignFactory)
    organization = factory.SubFactory(OrganizationFactory)
    note = "Đơn vị cam kết thực hiện đầy đủ các tiêu chí."
    # Most tests stand after the office's check; tests of the check itself use campaign.services.register.
    status = "verified"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Counted as campaign.services.register counts (campaign.counters), so the dashboard sees it.
        from campaign import counters

        registration = super()._create(model_class, *args, **kwargs)
        counters.count_registration(registration, registration.organization, +1)
        return registration


class SubmissionFactory(DjangoModelFactory):
    class Meta:
        model = Submission

    period = factory.SubFactory(ReportingPeriodFactory)
    organization = factory.SubFactory(OrganizationFactory)
    status = SubmissionStatus.DRAFT

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Counted as the services count a submission they create (campaign.counters).
        from campaign import counters

        submission = super()._create(model_class, *args, **kwargs)
        state = (submission.status, submission.is_late)
        counters.count_submission(submission.period_id, submission.organization, None, state)
        return submission


class SubmissionValueFactory(DjangoModelFactory):
    class Meta:
        model = SubmissionValue

    submission = factory.SubFactory(SubmissionFactory)
    criterion = factory.SubFactory(CriterionFactory, campaign=factory.SelfAttribute("..submission.period.campaign"))
    value = Decimal("100")
    note = ""


class ViolationFactory(DjangoModelFactory):
    class Meta:
        model = Violation

    campaign = factory.SubFactory(CampaignFactory)
    organization = factory.SubFactory(OrganizationFactory)
    occurred_on = dt.date(2021, 11, 20)
    description = "Tổ chức tụ tập đông người, không thực hiện giãn cách"
    effect = ViolationEffect.DEDUCTION
    points = Decimal("5")


class IssuingBodyFactory(DjangoModelFactory):
    """The Đắk Nông Alliance of plan 514/KH-LMHTX; one row per start date."""

    class Meta:
        model = IssuingBody
        django_get_or_create = ("valid_from",)

    valid_from = dt.date(2004, 6, 8)
    parent_body = "UBND TỈNH ĐẮK NÔNG"
    header_name = "LIÊN MINH HTX"
    full_name = "Liên minh Hợp tác xã tỉnh Đắk Nông"
    symbol = "LMHTX"
    place = "Đắk Nông"
    default_recipients = "Ban TĐKT Liên minh HTX Việt Nam (b/c);\nCác đơn vị thành viên;\nLưu: VT, VP."


class SignerFactory(DjangoModelFactory):
    class Meta:
        model = Signer

    issuing_body = factory.SubFactory(IssuingBodyFactory)
    full_name = "Nguyễn Khải"
    title = "CHỦ TỊCH"
    authority = SignerAuthority.ON_BEHALF
    authority_line = "T/M BAN THƯỜNG VỤ"
    is_default = True


FAKE_PDF = b"%PDF-1.7\n% a register entry made by a factory, not rendered\n%%EOF\n"


class IssuedDocumentFactory(DjangoModelFactory):
    """A register entry with a small stored file, without rendering (see documents.services for real ones)."""

    class Meta:
        model = IssuedDocument

    issuer = factory.SubFactory(IssuingBodyFactory)
    year = 2021
    type_symbol = "KH"
    issuer_symbol = "LMHTX"
    number = factory.Sequence(lambda n: 500 + n)
    reference = factory.LazyAttribute(lambda o: f"{o.number:02d}/{o.type_symbol}-{o.issuer_symbol}")
    kind_name = "Kế hoạch"
    subject = factory.Sequence(lambda n: f"Triển khai phong trào thi đua số {n}")
    issued_on = dt.date(2021, 11, 8)
    signer_name = "Nguyễn Khải"
    signer_title = "T/M BAN THƯỜNG VỤ / CHỦ TỊCH"
    issued_by = factory.SubFactory(UserFactory)
    file = factory.django.FileField(data=FAKE_PDF, filename="ke-hoach.pdf")
    sha256 = hashlib.sha256(FAKE_PDF).hexdigest()
    size = len(FAKE_PDF)
    verification_code = factory.LazyFunction(new_code)


class RegistrationTargetFactory(DjangoModelFactory):
    class Meta:
        model = RegistrationTarget

    registration = factory.SubFactory(RegistrationFactory)
    criterion = factory.SubFactory(CriterionFactory, campaign=factory.SelfAttribute("..registration.campaign"))
    target = Decimal("100")


# --- Awards ------------------------------------------------------------------------------


class AwardTypeFactory(DjangoModelFactory):
    """Giấy khen của Chủ tịch Liên minh HTX tỉnh, for individuals and collectives."""

    class Meta:
        model = AwardType

    name = factory.Sequence(lambda n: f"Giấy khen của Chủ tịch Liên minh HTX tỉnh {n}")
    short_name = "Giấy khen"
    category = AwardCategory.FORM
    issuer = AwardIssuer.ALLIANCE
    for_individuals = True
    for_collectives = True
    coefficient_key = "bonus_commendation"
    vote_rule = VoteRule.MAJORITY
    barred_by_violation = True


class HouseholdFactory(DjangoModelFactory):
    class Meta:
        model = Household

    head_name = factory.Sequence(lambda n: f"Y Bhim Niê {n}")
    organization = factory.SubFactory(OrganizationFactory)
    members_count = 5


class InitiativeFactory(DjangoModelFactory):
    class Meta:
        model = Initiative

    title = factory.Sequence(lambda n: f"Sấy cà phê bằng năng lượng mặt trời {n}")
    organization = factory.SubFactory(OrganizationFactory)
    recognition_number = "25/QĐ-HTX"
    recognised_on = dt.date(2021, 10, 1)
    # Recorded by the office (awards.nominations.record_recognition); None: typed by someone else.
    recognised_by = factory.SubFactory(UserFactory, role=Role.OFFICE)


class NominationFactory(DjangoModelFactory):
    """A collective nomination of a cooperative in a running campaign."""

    class Meta:
        model = Nomination

    campaign = factory.SubFactory(CampaignFactory)
    award_type = factory.SubFactory(AwardTypeFactory)
    nominee_kind = NomineeKind.COLLECTIVE
    organization = factory.SubFactory(OrganizationFactory)
    achievements = "Duy trì sản xuất, bảo đảm việc làm cho 100% người lao động trong thời gian giãn cách."
    status = NominationStatus.DRAFT

    @factory.post_generation
    def rank_scores(obj, create, extracted, **kwargs):
        """As create_nomination does, the nomination's rank scores are stored (awards.rank_scores)."""
        if create:
            refresh_rank_scores(obj.campaign, [obj.organization_id])
            obj.refresh_from_db(fields=RANK_SCORE_FIELDS)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        pass  # the row is saved already; the hook above wrote its own fields


class CouncilSessionFactory(DjangoModelFactory):
    class Meta:
        model = CouncilSession

    campaign = factory.SubFactory(CampaignFactory)
    held_on = dt.date(2022, 2, 15)
    place = "Hội trường Liên minh HTX tỉnh"
    members_total = 5


class DecisionFactory(DjangoModelFactory):
    class Meta:
        model = Decision

    campaign = factory.SubFactory(CampaignFactory)
    title = "Về việc tặng Giấy khen cho các tập thể, cá nhân có thành tích xuất sắc"
    decided_on = dt.date(2022, 2, 25)


class ExemplaryExampleFactory(DjangoModelFactory):
    class Meta:
        model = ExemplaryExample

    title = "Hợp tác xã giữ việc làm cho xã viên giữa mùa dịch"
    story = "Trong thời gian giãn cách, hợp tác xã tổ chức sản xuất ba tại chỗ."


def organizations_upload(count, name="danh-sach.xlsx"):
    """An uploaded organizations spreadsheet of `count` valid cooperatives (tax codes 64009000NN)."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    from members.importers import ORGANIZATION_COLUMNS

    columns = [c for c in ORGANIZATION_COLUMNS if not c.export_only]
    wb = Workbook()
    wb.active.append([str(c.label) for c in columns])
    for n in range(count):
        row = {c.key: "" for c in columns}
        row.update(
            name=f"Hợp tác xã Nông nghiệp Số {n + 1}", kind="HTX", tax_code=f"64009000{n:02d}", sector="agriculture"
        )
        wb.active.append([row[c.key] for c in columns])
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def leader_approves(decision, leader=None):
    """A leader approves a draft decision or proposal as it stands (issuing requires it, issue 16); returns the draft."""
    approve_draft(decision, by=leader or UserFactory(role=Role.LEADER))
    return decision

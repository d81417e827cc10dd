"""One plain factory per model of the member registry and the document layer."""

import datetime as dt
import hashlib

import factory
from factory.django import DjangoModelFactory

from documents.models import IssuedDocument, IssuingBody, Signer, SignerAuthority
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

"""One plain factory per model of the member registry."""

import datetime as dt

import factory
from factory.django import DjangoModelFactory

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

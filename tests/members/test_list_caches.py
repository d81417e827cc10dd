"""The registry's lists keep what does not change with each view (issue 21): the people count
under the version of the people, the area selects' options under the version of the areas.
A filtered list is always counted; the count is right after every add and delete."""

import re

import pytest
from django import forms
from django.urls import reverse
from factories import AdministrativeAreaFactory, OrganizationFactory, PersonFactory

from core.filters import CachedOptionsSelect
from members.models import AreaLevel, Gender, Person


@pytest.fixture
def people(own_org, other_org):
    PersonFactory.create_batch(3, organization=own_org, gender=Gender.FEMALE)
    PersonFactory.create_batch(2, organization=other_org, gender=Gender.MALE)


def _count(client, **params):
    return client.get(reverse("members:person_list"), params).context["page"].paginator.count


def test_the_people_count_is_kept_and_right_after_an_add_and_a_delete(
    people, own_org, office_user, client_for, locmem_cache, django_assert_max_num_queries
):
    client = client_for(office_user)
    assert _count(client) == 5
    url = reverse("members:person_list")
    client.get(url)
    with django_assert_max_num_queries(100) as captured:
        client.get(url)
    assert not any("COUNT(" in q["sql"] for q in captured.captured_queries)  # the kept count

    added = PersonFactory(organization=own_org)
    assert _count(client) == 6
    added.delete()
    assert _count(client) == 5
    Person.objects.filter(organization=own_org).first().delete()
    assert _count(client) == 4


def test_a_filtered_people_list_is_always_counted_exactly(people, own_org, office_user, client_for, locmem_cache):
    client = client_for(office_user)
    assert _count(client) == 5
    assert _count(client, gender=Gender.MALE) == 2
    PersonFactory(organization=own_org, gender=Gender.MALE)
    assert _count(client, gender=Gender.MALE) == 3
    assert _count(client, gender=Gender.MALE, page=1) == 3
    assert _count(client, page=1) == 6


def test_each_unit_counts_only_its_own_people(people, unit_user, office_user, client_for, locmem_cache):
    assert _count(client_for(office_user)) == 5
    assert _count(client_for(unit_user)) == 3  # the office's figure is not the unit's
    assert _count(client_for(office_user)) == 5


def test_the_cached_select_renders_as_djangos_and_marks_the_chosen_value(locmem_cache):
    choices = [("", "---------"), (1, "Hà Nội"), (2, "Lâm Đồng & <Đắk Nông>"), (12, "Huế")]
    cached = CachedOptionsSelect("test-select", ["test"])
    plain = forms.Select()
    cached.choices = plain.choices = choices
    for value in (None, "", 2, "12"):
        theirs = re.sub(r">\s+<", "><", plain.render("province", value, attrs={"id": "id_province"}))
        ours = cached.render("province", value, attrs={"id": "id_province"})
        assert ours == theirs
    assert cached.render("province", "1").count(" selected") == 1


def test_the_area_selects_follow_the_areas(office_user, client_for, locmem_cache):
    client = client_for(office_user)
    AdministrativeAreaFactory(name="Tỉnh Thử Một", level=AreaLevel.PROVINCE)
    url = reverse("members:organization_list")
    assert "Tỉnh Thử Một" in client.get(url).content.decode()
    AdministrativeAreaFactory(name="Tỉnh Thử Hai", level=AreaLevel.PROVINCE)
    page = client.get(url).content.decode()
    assert "Tỉnh Thử Một" in page and "Tỉnh Thử Hai" in page
    chosen = client.get(url, {"province": AdministrativeAreaFactory._meta.model.objects.get(name="Tỉnh Thử Hai").pk})
    assert chosen.context["filter"].form.is_valid()


def test_the_organization_list_reads_the_areas_once_while_they_stay(
    own_org, office_user, client_for, locmem_cache, django_assert_max_num_queries
):
    client = client_for(office_user)
    url = reverse("members:organization_list")
    client.get(url)
    with django_assert_max_num_queries(100) as captured:
        client.get(url)
    area_reads = [q for q in captured.captured_queries if 'FROM "members_administrativearea"' in q["sql"]]
    assert area_reads == []  # the map of today and both selects come from the cache
    OrganizationFactory(name="HTX Mới")
    assert "HTX Mới" in client.get(url).content.decode()


def test_the_organization_count_is_kept_and_right_after_an_add_and_an_archive(
    own_org, other_org, office_user, client_for, locmem_cache
):
    client = client_for(office_user)
    url = reverse("members:organization_list")

    def count(**params):
        return client.get(url, params).context["page"].paginator.count

    assert count() == 2
    added = OrganizationFactory(name="HTX Mới")
    assert count() == 3
    added.archived_on = added.founded_on
    added.save()
    assert count() == 2
    assert count(archived="all") == 3  # a filtered list: counted
    assert count(q="Mới") == 0

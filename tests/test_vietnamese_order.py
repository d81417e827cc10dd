"""Issue 17 item 6: names sort in Vietnamese alphabetical order (D before Đ, tones in order)."""

import pytest
from factories import OrganizationFactory

from core.collation import Vietnamese, sort_vietnamese, vietnamese_key
from members.models import Organization

ORDERED = [
    "An",
    "Anh",
    "Ảnh",
    "Ánh",
    "Ạnh",
    "Ăn",
    "Ân",
    "Ba",
    "Dung",
    "Dương",
    "Đào",
    "Đắk Wil",
    "Em",
    "Ê",
    "O",
    "Ô",
    "Ơ",
    "U",
    "Uyên",
    "Ư",
    "Y",
]


def test_the_key_follows_the_vietnamese_alphabet_and_tones():
    assert sort_vietnamese(reversed(ORDERED)) == ORDERED
    assert vietnamese_key("Đ") > vietnamese_key("Dz")
    assert vietnamese_key("a") < vietnamese_key("A") < vietnamese_key("à")


def test_tones_follow_the_dictionary_order():
    assert sort_vietnamese(["mạ", "má", "mã", "mả", "mà", "ma"]) == ["ma", "mà", "mả", "mã", "má", "mạ"]


def test_decomposed_text_sorts_as_composed():
    composed, decomposed = "Đắk Lắk", "Đa\u0306\u0301k La\u0306\u0301k"
    assert vietnamese_key(composed)[:3] == vietnamese_key(decomposed)[:3]


@pytest.mark.django_db
def test_the_database_orders_organizations_in_vietnamese():
    for name in ["Hợp tác xã Đồng Tâm", "Hợp tác xã Dương Liễu", "Hợp tác xã Ánh Dương", "Hợp tác xã An Phú"]:
        OrganizationFactory(name=name)
    names = list(Organization.objects.values_list("name", flat=True))
    assert names == ["Hợp tác xã An Phú", "Hợp tác xã Ánh Dương", "Hợp tác xã Dương Liễu", "Hợp tác xã Đồng Tâm"]
    ordered = Organization.objects.order_by(Vietnamese("name").desc()).values_list("name", flat=True)
    assert list(ordered) == names[::-1]


def test_the_person_pickers_and_the_sessions_members_follow_the_vietnamese_order(db, client_for, office_user):
    from types import SimpleNamespace

    from django.urls import reverse
    from factories import CampaignFactory, OrganizationFactory, PersonFactory, UserFactory

    from awards.council import _printable
    from awards.forms_decisions import HistoryFilter
    from campaign.forms_violations import ViolationForm
    from members.models import Role

    org = OrganizationFactory()
    # In code-point order Á and Đ come after Z: “Hà” would precede “Đỗ” and “Ánh” follow “Bùi”.
    for name in ("Hà Văn Em", "Đỗ Văn Đạt", "Bùi Thị Bình", "Ánh Thị Mai"):
        PersonFactory(full_name=name, organization=org)
    wanted = ["Ánh Thị Mai", "Bùi Thị Bình", "Đỗ Văn Đạt", "Hà Văn Em"]
    violation = ViolationForm(data={"organization": org.pk}, campaign=CampaignFactory(subject_kinds=[org.kind]))
    history = HistoryFilter(queryset=None)
    members = [UserFactory(role=Role.COUNCIL, first_name=name, last_name="") for name in wanted[::-1]]
    session = SimpleNamespace(held_on=None, place="", chair=None, secretary=None, members_total=4)

    assert [p.full_name for p in violation.fields["person"].queryset] == wanted
    assert [p.full_name for p in history.filters["person"].queryset] == wanted
    assert _printable(session, members)["present"] == ", ".join(wanted)
    loaded = client_for(office_user).get(reverse("members:organization_people", args=[org.pk])).json()["people"]
    assert [p["name"].split(" – ")[0] for p in loaded] == wanted


def test_the_people_list_follows_the_vietnamese_order(db, client_for, office_user):
    from django.urls import reverse
    from factories import OrganizationFactory, PersonFactory

    from members.models import Person

    org = OrganizationFactory()
    for name in ("Đỗ Văn Đạt", "Dương Thị Lan", "Ánh Thị Mai", "Zơ Râm Nây"):
        PersonFactory(full_name=name, organization=org)
    wanted = ["Ánh Thị Mai", "Dương Thị Lan", "Đỗ Văn Đạt", "Zơ Râm Nây"]

    assert [p.full_name for p in Person.objects.all()] == wanted
    page = client_for(office_user).get(reverse("members:person_list")).content.decode()
    assert [page.index(name) for name in wanted] == sorted(page.index(name) for name in wanted)


def test_the_sort_bytes_order_names_as_the_key_does():
    """The shortlist sorts by stored bytes (awards.rank_scores): their plain order is the key's."""
    from core.collation import vietnamese_sort_bytes  # noqa: PLC0415

    names = [*ORDERED, "", "a", "A", "a b", "ab", "Hợp tác xã 2", "Hợp tác xã 10", "Đ-1", "Đ 1", "Nguyễn  Văn"]
    assert sorted(names, key=vietnamese_sort_bytes) == sorted(names, key=vietnamese_key)
    assert sorted(reversed(ORDERED), key=vietnamese_sort_bytes) == ORDERED


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "index", "column"),
    [
        ("members.Organization", "organization_list_vi_idx", "name"),
        ("members.Person", "person_list_vi_idx", "full_name"),
    ],
)
def test_on_postgresql_an_index_serves_each_lists_vietnamese_order(model, index, column):
    """The lists page through the country in Vietnamese order: without the index PostgreSQL sorts
    every row for each page (42 ms for 35,000 organizations, against 1 ms through it)."""
    from django.apps import apps
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no index on a custom collation")
    table = apps.get_model(model)._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = %s AND indexname = %s", [table, index])
        (definition,) = cursor.fetchone()
        assert f'{column} COLLATE "vi-x-icu"' in definition
        # An empty test table: forbid the plans a small table would get, to see whether the index can serve.
        cursor.execute("SET enable_seqscan = off; SET enable_sort = off")
        try:
            cursor.execute(
                f'EXPLAIN SELECT id FROM {table} ORDER BY {column} COLLATE "vi-x-icu", id LIMIT 25'  # noqa: S608
            )
            plan = " ".join(row[0] for row in cursor.fetchall())
        finally:
            cursor.execute("RESET enable_seqscan; RESET enable_sort")
    assert index in plan and "Sort" not in plan

"""The issuing body's identity by date, the Decree 30 date line, and its settings page."""

import datetime as dt

import pytest
from page_forms import page_form

from documents.demo import load_issuers
from documents.identity import NoIssuingBody, date_line, issuer_on
from documents.models import IssuingBody, Signer


@pytest.mark.parametrize(
    ("place", "day", "expected"),
    [
        ("Đắk Nông", dt.date(2021, 11, 8), "Đắk Nông, ngày 08 tháng 11 năm 2021"),
        ("Lâm Đồng", dt.date(2026, 3, 5), "Lâm Đồng, ngày 05 tháng 3 năm 2026"),
        ("Lâm Đồng", dt.date(2026, 2, 15), "Lâm Đồng, ngày 15 tháng 02 năm 2026"),
        ("Lâm Đồng", dt.date(2026, 1, 31), "Lâm Đồng, ngày 31 tháng 01 năm 2026"),
        ("Đắk Nông", dt.date(2021, 12, 10), "Đắk Nông, ngày 10 tháng 12 năm 2021"),
        ("Đắk Nông", dt.date(2021, 10, 9), "Đắk Nông, ngày 09 tháng 10 năm 2021"),
    ],
)
def test_date_line_pads_days_under_ten_and_months_one_and_two(place, day, expected):
    assert date_line(place, day) == expected


@pytest.mark.parametrize(
    ("day", "expected_name", "expected_parent"),
    [
        (dt.date(2021, 11, 8), "Liên minh Hợp tác xã tỉnh Đắk Nông", "UBND TỈNH ĐẮK NÔNG"),
        (dt.date(2025, 6, 30), "Liên minh Hợp tác xã tỉnh Đắk Nông", "UBND TỈNH ĐẮK NÔNG"),
        (dt.date(2025, 7, 1), "Liên minh Hợp tác xã tỉnh Lâm Đồng", "UBND TỈNH LÂM ĐỒNG"),
        (dt.date(2026, 11, 24), "Liên minh Hợp tác xã tỉnh Lâm Đồng", "UBND TỈNH LÂM ĐỒNG"),
    ],
)
def test_issuer_on_gives_the_identity_in_force_on_the_date(db, day, expected_name, expected_parent):
    load_issuers()

    body = issuer_on(day)

    assert (body.full_name, body.parent_body) == (expected_name, expected_parent)


def test_issuer_on_before_any_identity_raises(db):
    load_issuers()

    with pytest.raises(NoIssuingBody):
        issuer_on(dt.date(1999, 1, 1))


def test_demo_issuers_rerun_writes_no_new_history(db):
    load_issuers()
    before = (IssuingBody.history.count(), Signer.history.count())

    load_issuers()

    assert (IssuingBody.history.count(), Signer.history.count()) == before


def test_signer_block_lines_put_the_authority_above_the_title(db):
    load_issuers()
    signer = Signer.objects.get(issuing_body__place="Đắk Nông", is_default=True)

    assert (signer.block_lines, signer.full_name) == (["T/M BAN THƯỜNG VỤ", "CHỦ TỊCH"], "Nguyễn Khải")


def _post_data(body, **changes):
    data = {
        "valid_from": body.valid_from.strftime("%d/%m/%Y"),
        "parent_body": body.parent_body,
        "header_name": body.header_name,
        "full_name": body.full_name,
        "symbol": body.symbol,
        "place": body.place,
        "address": body.address,
        "phone": "",
        "email": "",
        "default_recipients": body.default_recipients,
        "signers-TOTAL_FORMS": "0",
        "signers-INITIAL_FORMS": "0",
        "signers-MIN_NUM_FORMS": "0",
        "signers-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def test_office_edits_the_place_name_and_history_records_who(db, office_user, client_for):
    load_issuers()
    body = IssuingBody.objects.get(place="Lâm Đồng")

    response = client_for(office_user).post(f"/documents/issuers/{body.pk}/edit/", _post_data(body, place="Đà Lạt"))

    body.refresh_from_db()
    assert (response.status_code, body.place) == (302, "Đà Lạt")
    assert body.history.latest().history_user == office_user


def test_lowercase_header_is_refused_on_its_field_and_input_kept(db, office_user, client_for):
    load_issuers()
    body = IssuingBody.objects.get(place="Lâm Đồng")

    response = client_for(office_user).post(
        f"/documents/issuers/{body.pk}/edit/", _post_data(body, parent_body="Ubnd tỉnh Lâm Đồng")
    )

    body.refresh_from_db()
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["parent_body"]
    assert response.context["form"]["parent_body"].value() == "Ubnd tỉnh Lâm Đồng"
    assert body.parent_body == "UBND TỈNH LÂM ĐỒNG"


def test_two_default_signers_are_refused(db, office_user, client_for):
    load_issuers()
    body = IssuingBody.objects.get(place="Lâm Đồng")
    signers = list(body.signers.order_by("order"))
    data = _post_data(body, **{"signers-TOTAL_FORMS": "2", "signers-INITIAL_FORMS": "2"})
    for index, signer in enumerate(signers):
        data.update(
            {
                f"signers-{index}-id": str(signer.pk),
                f"signers-{index}-issuing_body": str(body.pk),
                f"signers-{index}-full_name": signer.full_name,
                f"signers-{index}-title": signer.title,
                f"signers-{index}-authority": signer.authority,
                f"signers-{index}-authority_line": signer.authority_line,
                f"signers-{index}-order": str(index),
                f"signers-{index}-is_default": "on",
            }
        )

    response = client_for(office_user).post(f"/documents/issuers/{body.pk}/edit/", data)

    assert response.status_code == 200
    assert body.signers.filter(is_default=True).count() == 1
    assert response.context["formset"].forms[1].errors["is_default"]


@pytest.mark.parametrize("role", ["unit_user", "council_user"])
def test_issuing_bodies_are_closed_to_units_and_council(db, role, request, client_for):
    load_issuers()
    user = request.getfixturevalue(role)

    response = client_for(user).get("/documents/issuers/")

    assert response.status_code == 403


def test_leader_reads_but_cannot_edit_issuing_bodies(db, leader_user, client_for):
    load_issuers()
    body = IssuingBody.objects.first()
    client = client_for(leader_user)

    assert client.get("/documents/issuers/").status_code == 200
    assert client.get(f"/documents/issuers/{body.pk}/edit/").status_code == 403


def test_new_identity_needs_a_symbol_without_slash(db, office_user, client_for):
    response = client_for(office_user).post(
        "/documents/issuers/new/",
        _post_data(
            IssuingBody(
                valid_from=dt.date(2027, 1, 1),
                parent_body="UBND TỈNH LÂM ĐỒNG",
                header_name="LIÊN MINH HTX",
                full_name="Liên minh HTX tỉnh Lâm Đồng",
                symbol="KH/LMHTX",
                place="Lâm Đồng",
            )
        ),
    )

    assert list(response.context["form"].errors) == ["symbol"]
    assert IssuingBody.objects.count() == 0


def test_office_edits_a_signer_through_the_page_as_a_browser_posts_it(db, office_user, client_for):
    """The page renders each signer's hidden id: posting the page back saves the change (it failed silently)."""
    load_issuers()
    body = IssuingBody.objects.get(place="Lâm Đồng")
    signer = body.signers.order_by("order", "pk").first()
    count = body.signers.count()
    client = client_for(office_user)
    data = page_form(client.get(f"/documents/issuers/{body.pk}/edit/").content.decode(), "signers-TOTAL_FORMS")
    index = next(k.split("-")[1] for k, v in data.items() if k.endswith("-id") and v == str(signer.pk))
    data[f"signers-{index}-full_name"] = "Trần Văn Mới"

    response = client.post(f"/documents/issuers/{body.pk}/edit/", data)

    signer.refresh_from_db()
    assert (response.status_code, signer.full_name) == (302, "Trần Văn Mới")
    assert body.signers.count() == count

"""Printing certificates on pre-printed blanks (issue 19, item 5): the blank's boxes in mm, the calibration page with
its grid, printer offsets, a batch whose texts land inside their boxes, and the register of what was printed."""

import io
from decimal import Decimal

import pdfplumber
import pytest
from django.urls import reverse
from test_decision_views import DAY, draft, issued, setup  # noqa: F401 - an issued decision of three Giấy khen

from awards.blanks import box_errors, print_on_blanks, render_calibration, save_layout, save_printer
from awards.models import BlankBox, BlankField, BlankLayout, BlankPrint, Certificate, Paper, PrinterProfile

PT_PER_MM = 72 / 25.4
TOLERANCE = 0.6  # points: a glyph's box may reach a hair past the text's line box


@pytest.fixture
def layout(office_user):
    return save_layout(
        BlankLayout(paper=Paper.GIAY_KHEN, name="Phôi thử", width_mm=Decimal(280), height_mm=Decimal(200)),
        by=office_user,
    )


@pytest.fixture
def printer(office_user):
    return save_printer(
        PrinterProfile(name="Máy in thử", offset_x_mm=Decimal("4.0"), offset_y_mm=Decimal("-2.5")), by=office_user
    )


def _bbox(box, printer):
    """A box as placed on the page, in points from the top left: (x0, top, x1, bottom)."""
    x0 = (box.x_mm + printer.offset_x_mm) * Decimal(PT_PER_MM)
    top = (box.y_mm + printer.offset_y_mm) * Decimal(PT_PER_MM)
    return (
        float(x0) - TOLERANCE,
        float(top) - TOLERANCE,
        float(x0 + box.width_mm * Decimal(PT_PER_MM)) + TOLERANCE,
        float(top + box.height_mm * Decimal(PT_PER_MM)) + TOLERANCE,
    )


def _flat(text):
    return " ".join(text.split())


def test_a_new_blank_gets_a_box_for_every_field_inside_it(layout):
    boxes = list(layout.boxes.all())

    assert sorted(b.field for b in boxes) == sorted(BlankField.values)
    for box in boxes:
        values = {n: getattr(box, n) for n in ("x_mm", "y_mm", "width_mm", "height_mm", "font_size")}
        assert box_errors(values, layout.width_mm, layout.height_mm) == {}, box.field


def test_batch_texts_land_inside_their_boxes_with_the_printer_offsets(issued, layout, printer, office_user):  # noqa: F811
    pdf = print_on_blanks(issued, layout, printer, by=office_user)
    boxes = {b.field: b for b in layout.boxes.all()}
    certificates = list(Certificate.objects.filter(award__decision=issued).order_by("number"))

    with pdfplumber.open(io.BytesIO(pdf)) as document:
        assert len(document.pages) == 3
        for page, certificate in zip(document.pages, certificates, strict=True):
            award = certificate.award
            assert (round(page.width / PT_PER_MM), round(page.height / PT_PER_MM)) == (280, 200)
            expected = {
                BlankField.NAME: award.certificate_name,
                BlankField.DECISION: "Quyết định số 01/QĐ-LMHTX ngày 25/02/2022",
                BlankField.PLACE_DATE: "ngày 25 tháng 02 năm 2022",
                BlankField.SIGNER: issued.printed["signer"]["full_name"],
                BlankField.REGISTER: f"Số vào sổ: {certificate.reference}",
                BlankField.QR: certificate.verification_code[:4],
            }
            inside = 0
            for field, text in expected.items():
                found = _flat(page.within_bbox(_bbox(boxes[field], printer)).extract_text())
                assert text in found, (field, found)
            for box in boxes.values():
                inside += len(page.within_bbox(_bbox(box, printer)).chars)
            # Text only: every character on the blank is inside a box.
            assert inside == len(page.chars)
            # The left-aligned box starts where the box starts, shifted by the printer's offsets.
            line = page.within_bbox(_bbox(boxes[BlankField.DECISION], printer)).chars
            left = float((boxes[BlankField.DECISION].x_mm + printer.offset_x_mm) * Decimal(PT_PER_MM))
            assert abs(min(c["x0"] for c in line) - left) < 1
            # Without the offsets the same text would not fit the box as measured.
            unshifted = (
                float(boxes[BlankField.DECISION].x_mm) * PT_PER_MM,
                *_bbox(boxes[BlankField.DECISION], printer)[1:],
            )
            assert min(c["x0"] for c in line) > unshifted[0] + 3 * PT_PER_MM


def test_every_certificate_printed_on_a_blank_is_recorded(issued, layout, printer, office_user):  # noqa: F811
    print_on_blanks(issued, layout, printer, by=office_user)

    rows = list(BlankPrint.objects.order_by("certificate__number"))
    assert [r.certificate.reference for r in rows] == ["01/2022", "02/2022", "03/2022"]
    assert {(r.printer_id, r.printed_by_id, r.offset_x_mm, r.offset_y_mm) for r in rows} == {
        (printer.pk, office_user.pk, Decimal("4.0"), Decimal("-2.5"))
    }


def test_a_field_not_printed_leaves_its_box_empty(issued, layout, printer, office_user):  # noqa: F811
    BlankBox.objects.filter(layout=layout, field=BlankField.QR).update(printed=False)
    qr = layout.boxes.get(field=BlankField.QR)

    pdf = print_on_blanks(issued, layout, printer, by=office_user)

    with pdfplumber.open(io.BytesIO(pdf)) as document:
        assert document.pages[0].within_bbox(_bbox(qr, printer)).chars == []


def test_calibration_page_has_the_grid_the_boxes_and_the_offsets(layout, printer):
    pdf = render_calibration(layout, printer)

    with pdfplumber.open(io.BytesIO(pdf)) as document:
        (page,) = document.pages
        text = _flat(page.extract_text())
        assert (round(page.width / PT_PER_MM), round(page.height / PT_PER_MM)) == (280, 200)
        assert "Máy in thử" in text and "+4.0" in text and "-2.5" in text
        name = layout.boxes.get(field=BlankField.NAME)
        assert "Tên người, tập thể được khen" in _flat(page.within_bbox(_bbox(name, printer)).extract_text())
        # A grid line each 5 mm, shifted by the offsets: the vertical line at 100 mm is at 104 mm.
        edges = [r for r in page.rects + page.lines if abs(r["x1"] - r["x0"]) < 1]
        assert len(edges) >= 280 // 5
        assert any(abs(e["x0"] - 104 * PT_PER_MM) < 1 for e in edges)


def test_a_box_beyond_the_blank_is_refused_on_its_field(layout, client_for, office_user):
    boxes = list(layout.boxes.order_by("pk"))
    data = {
        "paper": layout.paper,
        "name": layout.name,
        "width_mm": "280",
        "height_mm": "200",
        "boxes-TOTAL_FORMS": str(len(boxes)),
        "boxes-INITIAL_FORMS": str(len(boxes)),
    }
    for index, box in enumerate(boxes):
        for name in ("x_mm", "y_mm", "width_mm", "height_mm", "font_size"):
            data[f"boxes-{index}-{name}"] = str(getattr(box, name)).replace(".", ",")
        data[f"boxes-{index}-id"] = box.pk
        data[f"boxes-{index}-printed"] = "on"
        data[f"boxes-{index}-align"] = box.align
    data["boxes-0-x_mm"] = "250"
    office = client_for(office_user)
    office.cookies["thidua_language"] = "en"

    refused = office.post(reverse("awards:blank_edit", args=[layout.pk]), data)
    data["boxes-0-x_mm"] = "12,5"
    saved = office.post(reverse("awards:blank_edit", args=[layout.pk]), data)

    assert refused.status_code == 200 and "beyond the blank" in refused.content.decode()
    assert saved.status_code == 302 and layout.boxes.get(pk=boxes[0].pk).x_mm == Decimal("12.5")


def test_offsets_beyond_what_a_printer_shifts_are_refused(client_for, office_user):
    office = client_for(office_user)
    office.cookies["thidua_language"] = "en"

    refused = office.post(reverse("awards:printer_create"), {"name": "Máy A", "offset_x_mm": "45", "offset_y_mm": "0"})
    saved = office.post(reverse("awards:printer_create"), {"name": "Máy A", "offset_x_mm": "-1,5", "offset_y_mm": "2"})

    assert refused.status_code == 200 and "at most 30 mm" in refused.content.decode()
    assert saved.status_code == 302 and PrinterProfile.objects.get().offset_x_mm == Decimal("-1.5")


def test_the_office_prints_a_decision_on_blanks_in_the_browser(issued, layout, printer, client_for, office_user):  # noqa: F811
    office = client_for(office_user)
    url = reverse("awards:decision_blanks", args=[issued.pk])

    page = office.get(url)
    response = office.post(url, {"layout": layout.pk, "printer": printer.pk})
    register = office.get(url).content.decode()
    calibration = office.get(reverse("awards:blank_calibration", args=[layout.pk]), {"printer": printer.pk})

    assert page.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and BlankPrint.objects.count() == 3
    assert "01/2022" in register and "Máy in thử" in register
    assert calibration.status_code == 200 and calibration.content.startswith(b"%PDF")


@pytest.mark.parametrize("name", ["blank_list", "blank_create", "printer_create"])
def test_only_the_office_manages_blanks(name, client_for, leader_user, unit_user):
    assert client_for(leader_user).get(reverse(f"awards:{name}")).status_code == 403
    assert client_for(unit_user).get(reverse(f"awards:{name}")).status_code == 403

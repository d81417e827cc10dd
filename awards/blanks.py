"""Printing certificates on pre-printed blanks (phôi): the texts only, each in its box, shifted by the printer's offsets.

Offices buy certificate blanks in bulk with the motto, the heading and the frame printed; the
app prints only what differs per awardee into boxes whose positions the office measured on
the blank (awards.BlankLayout, one per paper, millimetres from the top left corner). A printer
never feeds paper exactly: the office prints the calibration page (`render_calibration`, a
millimetre grid and the boxes) on a blank or a plain sheet, measures how far the grid landed
from where it should, and records that as the printer profile's offsets, which every print
on that printer adds. Each certificate printed on a blank is recorded with its number in the
register (Số vào sổ), when, by whom and on which printer (`print_on_blanks`).

The texts are those of the certificate as rendered (awards.certificates.certificate_context,
from the award's copy taken at issue); WeasyPrint lays them out absolutely in millimetres with
the shipped Tinos fonts (documents.rendering.html_to_pdf).
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import TransitionError
from documents.rendering import html_to_pdf

from . import register
from .certificates import certificate_awards, certificate_context
from .models import BlankBox, BlankField, BlankLayout, BlankPrint, Certificate, Decision, DecisionStatus

BLANK_TEMPLATE = "awards/documents/blank_print.html"
CALIBRATION_TEMPLATE = "awards/documents/blank_calibration.html"

# Where the fields sit on an A4 landscape Giấy khen blank (297 × 210 mm), as a starting point a
# new layout is scaled from: (x, y, width, height, font size, bold, alignment).
REFERENCE_SIZE = (Decimal(297), Decimal(210))
DEFAULT_BOXES = {
    BlankField.NAME: (40, 86, 217, 14, 24, True, "center"),
    BlankField.UNIT: (40, 101, 217, 10, 15, False, "center"),
    BlankField.TITLE: (30, 112, 237, 18, 15, False, "center"),
    BlankField.ACHIEVEMENT: (40, 130, 217, 11, 13, False, "center"),
    BlankField.PLACE_DATE: (160, 146, 115, 8, 14, False, "center"),
    BlankField.SIGNER_TITLE: (160, 154, 115, 14, 14, True, "center"),
    BlankField.SIGNER: (160, 186, 115, 9, 14, True, "center"),
    BlankField.DECISION: (22, 170, 100, 13, 12, False, "left"),
    BlankField.REGISTER: (22, 184, 100, 7, 12, False, "left"),
    BlankField.QR: (22, 142, 60, 22, 9, False, "left"),
}
MAX_OFFSET_MM = Decimal(30)
# The fields as the calibration page names them: a printed paper, written in Vietnamese.
PRINTED_LABELS = {
    BlankField.NAME: "Tên người, tập thể được khen",
    BlankField.UNIT: "Đơn vị, chức vụ",
    BlankField.TITLE: "Danh hiệu, thành tích",
    BlankField.ACHIEVEMENT: "Thành tích ghi trên giấy khen",
    BlankField.DECISION: "Số, ngày quyết định",
    BlankField.PLACE_DATE: "Địa danh, ngày tháng",
    BlankField.SIGNER_TITLE: "Chức vụ người ký",
    BlankField.SIGNER: "Họ tên người ký",
    BlankField.REGISTER: "Số vào sổ",
    BlankField.QR: "Mã QR, mã xác minh",
}


# --- rules ------------------------------------------------------------------------------------


def box_errors(box, width, height):
    """What is wrong with a box on a blank of that size ({field name: message}); empty when it fits."""
    errors = {}
    if box["width_mm"] <= 0:
        errors["width_mm"] = _("The box must be wider than 0 mm.")
    if box["height_mm"] <= 0:
        errors["height_mm"] = _("The box must be taller than 0 mm.")
    if box["x_mm"] < 0 or box["x_mm"] + max(box["width_mm"], 0) > width:
        errors["x_mm"] = _("The box goes beyond the blank's width (%(width)s mm).") % {"width": f"{width:g}"}
    if box["y_mm"] < 0 or box["y_mm"] + max(box["height_mm"], 0) > height:
        errors["y_mm"] = _("The box goes beyond the blank's height (%(height)s mm).") % {"height": f"{height:g}"}
    if box["font_size"] <= 0:
        errors["font_size"] = _("The font size must be more than 0.")
    return errors


def offset_error(value):
    """The message for a printer offset beyond what any printer shifts, else None."""
    if abs(value) > MAX_OFFSET_MM:
        return _("A printer shifts its print by a few millimetres: give at most %(max)s mm either way.") % {
            "max": MAX_OFFSET_MM
        }
    return None


def default_boxes(width, height):
    """The starting boxes of a blank of that size: the reference layout scaled to it."""
    sx, sy = Decimal(width) / REFERENCE_SIZE[0], Decimal(height) / REFERENCE_SIZE[1]
    q = Decimal("0.1")
    boxes = {}
    for field, (x, y, w, h, size, bold, align) in DEFAULT_BOXES.items():
        boxes[field] = {
            "x_mm": (x * sx).quantize(q),
            "y_mm": (y * sy).quantize(q),
            "width_mm": (w * sx).quantize(q),
            "height_mm": (h * sy).quantize(q),
            "font_size": Decimal(size),
            "bold": bold,
            "align": align,
        }
    return boxes


def mm(value):
    """A length for CSS, always with a dot (templates would localize a Decimal with a comma)."""
    return f"{Decimal(value):.2f}mm"


def blank_texts(item, context):
    """What each box of one certificate prints, from the certificate's context (awards.certificates)."""
    signer = context.get("signer")
    lines = context.get("signature_lines") or (signer.block_lines if signer is not None else [])
    if item["is_title"]:
        title = f"Công nhận danh hiệu {item['award_name']}"
    else:
        title = f"Đã có {context['merit']}"  # as the certificate prints it (awards.decision_rules.merit_phrase)
    decision = f"Quyết định số {context['reference']} ngày {context['issued_on']:%d/%m/%Y}"
    return {
        BlankField.NAME: item["name"],
        BlankField.UNIT: item["unit"],
        BlankField.TITLE: title,
        BlankField.ACHIEVEMENT: item["achievement"],
        BlankField.DECISION: decision,
        BlankField.PLACE_DATE: context["date_line"],
        BlankField.SIGNER_TITLE: "\n".join(lines),
        BlankField.SIGNER: signer.full_name if signer is not None else "",
        BlankField.REGISTER: f"Số vào sổ: {item['register_number']}" if item["register_number"] else "",
        BlankField.QR: item.get("verification"),
    }


def placed_boxes(layout, offset_x=0, offset_y=0, *, printed_only=True):
    """The layout's boxes with their CSS position on the page, the printer's offsets added."""
    boxes = []
    for box in layout.boxes.all():
        if printed_only and not box.printed:
            continue
        boxes.append(
            {
                "box": box,
                "field": box.field,
                "label": PRINTED_LABELS[box.field],
                "left": mm(box.x_mm + Decimal(offset_x)),
                "top": mm(box.y_mm + Decimal(offset_y)),
                "width": mm(box.width_mm),
                "height": mm(box.height_mm),
                "font_size": f"{box.font_size:.1f}pt",
                "qr_size": mm(min(box.height_mm, box.width_mm)),
            }
        )
    return boxes


# --- rendering --------------------------------------------------------------------------------


def render_blank_batch(decision, layout, printer, awards):
    """One page per award, the size of the blank, with only the texts in their boxes (offsets applied)."""
    context = certificate_context(decision, awards)
    boxes = placed_boxes(layout, printer.offset_x_mm, printer.offset_y_mm)
    pages = []
    for item in context["certificates"]:
        texts = blank_texts(item, context)
        pages.append([{**box, "text": texts[box["field"]]} for box in boxes])
    html = render_to_string(
        BLANK_TEMPLATE,
        {
            "layout": layout,
            "page_width": mm(layout.width_mm),
            "page_height": mm(layout.height_mm),
            "boxes": boxes,
            "pages": pages,
        },
    )
    return html_to_pdf(html)


def grid_lines(width, height):
    """The calibration grid: a line each 5 mm, those on a 10 mm darker and numbered."""
    lines = []
    for axis, extent in (("x", width), ("y", height)):
        for position in range(0, int(extent) + 1, 5):
            lines.append({"axis": axis, "at": position, "major": position % 10 == 0})
    return lines


def render_calibration(layout, printer=None):
    """The calibration page of a blank: a millimetre grid and each box outlined and named, shifted by the printer."""
    ox = printer.offset_x_mm if printer is not None else Decimal(0)
    oy = printer.offset_y_mm if printer is not None else Decimal(0)
    width, height = layout.width_mm, layout.height_mm
    lines = []
    for line in grid_lines(width, height):
        at = Decimal(line["at"])
        # Numbers sit along the top and left edges, inside the sheet whatever the offsets.
        if line["axis"] == "x":
            place = {"left": mm(at + ox), "top": mm(oy), "label_left": mm(at + ox), "label_top": mm(max(oy, 0))}
            lines.append({**line, **place, "length": mm(height)})
        else:
            place = {"left": mm(ox), "top": mm(at + oy), "label_left": mm(max(ox, 0)), "label_top": mm(at + oy)}
            lines.append({**line, **place, "length": mm(width)})
    context = {
        "layout": layout,
        "printer": printer,
        "offset_x": f"{ox:+.1f}",
        "offset_y": f"{oy:+.1f}",
        "page_width": mm(width),
        "page_height": mm(height),
        "lines": lines,
    }
    context["boxes"] = placed_boxes(layout, ox, oy, printed_only=False)
    return html_to_pdf(render_to_string(CALIBRATION_TEMPLATE, context))


# --- services ---------------------------------------------------------------------------------


@transaction.atomic
def save_layout(layout, boxes=None, *, by):
    """Store a blank layout; a box missing for a field (all of a new layout's) is placed as on the reference
    layout, scaled to the blank."""
    layout.updated_by = by
    layout._history_user = by
    layout.save()
    present = set(layout.boxes.values_list("field", flat=True))
    for field, values in default_boxes(layout.width_mm, layout.height_mm).items():
        if field not in present:
            BlankBox.objects.create(layout=layout, field=field, **values)
    for box in boxes or []:
        problems = box_errors(
            {name: getattr(box, name) for name in ("x_mm", "y_mm", "width_mm", "height_mm", "font_size")},
            layout.width_mm,
            layout.height_mm,
        )
        if problems:
            raise ValidationError(problems)
        box._history_user = by
        box.save()
    return layout


def save_printer(printer, *, by):
    printer.updated_by = by
    printer._history_user = by
    printer.save()
    return printer


def blank_awards(decision, layout):
    """The awards of an issued decision whose certificates go on this blank: those of its paper, not revoked."""
    return [a for a in certificate_awards(decision) if a.nomination.award_type.paper_given == layout.paper]


def print_on_blanks(decision, layout, printer, *, by):
    """The PDF of a decision's certificates on blanks of `layout`, printed on `printer`; each one is recorded."""
    if decision.kind != Decision.Kind.DECISION or decision.status != DecisionStatus.ISSUED:
        raise TransitionError(_("Certificates are printed for an issued decision only."))
    awards = blank_awards(decision, layout)
    if not awards:
        raise TransitionError(_("No certificate of this decision is printed on this blank."))
    with transaction.atomic():
        register.number_certificates(decision, awards)
        stored = {c.award_id: c for c in Certificate.objects.filter(award__in=awards)}
        for award in awards:
            award.certificate = stored[award.pk]
        pdf = render_blank_batch(decision, layout, printer, awards)
        now = timezone.now()
        BlankPrint.objects.bulk_create(
            BlankPrint(
                certificate=stored[award.pk],
                layout=layout,
                printer=printer,
                offset_x_mm=printer.offset_x_mm,
                offset_y_mm=printer.offset_y_mm,
                printed_by=by,
                printed_at=now,
            )
            for award in awards
        )
    return pdf


def prints_of(decision):
    """The register of a decision's certificates printed on blanks, newest first."""
    return BlankPrint.objects.filter(certificate__award__decision=decision).select_related(
        "certificate", "printer", "layout", "printed_by"
    )


def layouts_for(decision):
    """The blank layouts a decision's certificates can be printed on (the papers its awards give)."""
    papers = {a.nomination.award_type.paper_given for a in certificate_awards(decision)}
    return BlankLayout.objects.filter(paper__in=papers)

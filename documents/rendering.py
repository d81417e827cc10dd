"""Official documents as PDF/A-2b in the Decree 30/2020 layout, rendered by WeasyPrint with Tinos only.

Templates extend `documents/base_document.html` (A4 portrait) or
`documents/base_certificate.html` (A4 landscape) and are written in Vietnamese. The context
every document template reads, filled by `document_context(...)`:

- `issuer`       the IssuingBody whose header the document carries
- `signer`       the Signer (default: the issuer's default signer, else its first); may be None
- `number`       the register number (int), or None before the document is issued
- `type_symbol`  "KH", "QĐ", "BC", "TTr", "BB", "TB" or "CTr" (see DocumentType)
- `issued_on`    the date on the place-date line
- `recipients`   lines of the "Nơi nhận" block (default: issuer.recipient_lines)
- `reference`    "514/KH-LMHTX" when numbered, else None (the register stores the same text)
- `date_line`    "Đắk Nông, ngày 08 tháng 11 năm 2021"
- `doc_type`     "KẾ HOẠCH", … (the default of the `doc_type` block)
- `subject`      the subject under the type, when given (the default of the `subject` block)
and `render_document` adds `draft` and `number_line` (the reference, or "      /KH-LMHTX"
with the number left blank on a draft or an unnumbered document).

Blocks of base_document.html: `title`, `doc_type`, `subject`, `body`, `recipients`,
`signature`, `closing` (both together), `extra_style`. Of base_certificate.html:
`title`, `heading`, `doc_type`, `body`, `signature`, `extra_style`.
"""

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from .identity import date_line
from .models import DocumentType

FONT_DIR = settings.BASE_DIR / "static" / "fonts"
FONT_FACES = [
    ("normal", "normal", "Tinos-Regular.ttf"),
    ("bold", "normal", "Tinos-Bold.ttf"),
    ("normal", "italic", "Tinos-Italic.ttf"),
    ("bold", "italic", "Tinos-BoldItalic.ttf"),
]
BLANK_NUMBER = "\u00a0" * 8  # room for the number written by hand on a printed draft


def font_css():
    """@font-face rules pointing at the shipped Tinos files: the only font a document may embed."""
    return "\n".join(
        f'@font-face {{ font-family: "Tinos"; font-weight: {weight}; font-style: {style}; '
        f'src: url("{(FONT_DIR / name).as_uri()}") format("truetype"); }}'
        for weight, style, name in FONT_FACES
    )


def format_number(number):
    """Decree 30 writes numbers under 10 with a leading zero: 01, 02, … 09, 10, 514."""
    return f"{number:02d}"


def reference(number, type_symbol, issuer_symbol):
    """The number as printed after "Số:": "514/KH-LMHTX"."""
    return f"{format_number(number)}/{type_symbol}-{issuer_symbol}"


def default_signer(issuer):
    return issuer.signers.order_by("-is_default", "order", "pk").first()


def document_context(
    *, issuer, type_symbol, issued_on, number=None, signer=None, recipients=None, issuer_symbol=None, **extra
):
    """The common context of an official document; `extra` (e.g. subject) is passed through.

    `issuer_symbol` prints a symbol other than the issuer's after the type (an emulation block's)."""
    issuer_symbol = issuer_symbol or issuer.symbol
    context = {
        "issuer": issuer,
        "signer": signer if signer is not None else default_signer(issuer),
        "number": number,
        "type_symbol": type_symbol,
        "issued_on": issued_on,
        "recipients": list(recipients) if recipients is not None else issuer.recipient_lines,
        "reference": reference(number, type_symbol, issuer_symbol) if number else None,
        "issuer_symbol": issuer_symbol,
        "date_line": date_line(issuer.place, issued_on),
        "doc_type": DocumentType.printed_name(type_symbol),
    }
    context.update(extra)
    return context


def render_document(template_name, context, *, draft=False):
    """The PDF/A-2b bytes of an official document; a draft is watermarked and unnumbered."""

    context = dict(context)
    context["draft"] = draft
    issuer = context.get("issuer")
    if context.get("reference") and not draft:
        context["number_line"] = context["reference"]
    elif issuer is not None and context.get("type_symbol"):
        symbol = context.get("issuer_symbol") or issuer.symbol
        context["number_line"] = f"{BLANK_NUMBER}/{context['type_symbol']}-{symbol}"
    return html_to_pdf(render_to_string(template_name, context))


def html_to_pdf(html):
    """PDF/A-2b bytes of a document's HTML, with the shipped fonts only."""
    fonts = FontConfiguration()
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        stylesheets=[CSS(string=font_css(), font_config=fonts)],
        font_config=fonts,
        pdf_variant="pdf/a-2b",
    )

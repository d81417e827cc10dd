"""Rendered PDFs in tests: a fixed identity to render with, and text, fonts and page sizes read back."""

import datetime as dt
import io
import re
import subprocess

from pypdf import PdfReader

from documents.models import IssuingBody, Signer

A4 = (595.28, 841.89)  # points
TOP_MARGIN = 20 / 25.4 * 72  # the 20 mm top margin of base_document.html, in points


def reader(pdf):
    return PdfReader(io.BytesIO(pdf))


# The verification code and its address, which every issued document prints in the bottom margin
# of each page (templates/documents/base_document.html): page chrome, like the page number.
VERIFICATION_FOOTER = re.compile(
    r"\s*Mã xác minh: [A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}\s+Quét mã QR hoặc mở \S+ để kiểm tra văn bản này\."
)


def page_texts(pdf, *, footer=False):
    """Each page's text; without the verification footer unless `footer` (a paragraph running over
    two pages then reads as one)."""
    texts = [page.extract_text() for page in reader(pdf).pages]
    return texts if footer else [VERIFICATION_FOOTER.sub("", text) for text in texts]


def top_margin_texts(page):
    """Text drawn in the page's top margin (where Decree 30 puts the page number)."""
    found = []
    height = float(page.mediabox.height)

    def visit(text, cm, tm, font, size):
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if text.strip() and y > height - TOP_MARGIN:
            found.append(text.strip())

    page.extract_text(visitor_text=visit)
    return found


def fonts(pdf):
    """{(base font name, embedded)} over every page."""
    found = set()
    for page in reader(pdf).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            descriptor = (
                font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                if "/DescendantFonts" in font
                else font.get("/FontDescriptor", {})
            )
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            found.add((str(font["/BaseFont"]), embedded))
    return found


def dak_nong_identity():
    """The Đắk Nông Alliance and its chairman as unsaved rows: renders need no database."""
    issuer = IssuingBody(
        valid_from=dt.date(2004, 6, 8),
        parent_body="UBND TỈNH ĐẮK NÔNG",
        header_name="LIÊN MINH HTX",
        full_name="Liên minh Hợp tác xã tỉnh Đắk Nông",
        symbol="LMHTX",
        place="Đắk Nông",
        default_recipients="Ban TĐKT Liên minh HTX Việt Nam (b/c);\nCác đơn vị thành viên;\nLưu: VT, VP.",
    )
    signer = Signer(issuing_body=issuer, full_name="Nguyễn Khải", title="CHỦ TỊCH", authority_line="T/M BAN THƯỜNG VỤ")
    return issuer, signer


def page_one_png(pdf, folder):
    (folder / "sample.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", "-singlefile", "sample.pdf", "page1"],
        cwd=folder,
        check=True,
    )
    return folder / "page1.png"


def mean_difference(actual, expected):
    from PIL import Image, ImageChops, ImageStat

    with Image.open(actual) as a, Image.open(expected) as b:
        a, b = a.convert("L"), b.convert("L")
        if a.size != b.size:
            return 1.0
        return ImageStat.Stat(ImageChops.difference(a, b)).mean[0] / 255

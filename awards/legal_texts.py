"""The law and decree on emulation and commendation in force on a date, as a decision cites them.

The rows are data (awards.LegalText): a data migration installs the texts below, and
`install_legal_texts()` does the same for tests and the demo. Sources: docs/law-notes.md.
"""

from .models import LegalText, LegalTextKind

LEGAL_TEXTS = [
    {
        "kind": LegalTextKind.LAW,
        "valid_from": "2014-06-01",
        "citation": (
            "Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003; Luật sửa đổi, bổ sung một số điều của Luật "
            "Thi đua, khen thưởng ngày 14 tháng 6 năm 2005 và ngày 16 tháng 11 năm 2013"
        ),
        "source_url": "https://vbpl.vn",
        "confirmed": True,
    },
    {
        "kind": LegalTextKind.LAW,
        "valid_from": "2024-01-01",
        "citation": "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
        "source_url": "https://vietjack.me/phap-luat/luat-thi-dua-khen-thuong-2022/chuong-i-633.html",
        "confirmed": True,
    },
    {
        "kind": LegalTextKind.DECREE,
        "valid_from": "2017-10-01",
        "citation": (
            "Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ quy định chi tiết thi hành "
            "một số điều của Luật Thi đua, khen thưởng"
        ),
        "source_url": "https://thuvienphapluat.vn",
        "confirmed": True,
    },
    {
        "kind": LegalTextKind.DECREE,
        "valid_from": "2024-01-01",
        "citation": (
            "Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành "
            "một số điều của Luật Thi đua, khen thưởng"
        ),
        "source_url": "",
        "confirmed": False,
    },
    {
        "kind": LegalTextKind.DECREE,
        "valid_from": "2025-07-01",
        "citation": (
            "Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định chi tiết và hướng dẫn "
            "thi hành một số điều của Luật Thi đua, khen thưởng"
        ),
        "source_url": "https://baomoi.net.vn/phan-cap-phan-quyen-trong-linh-vuc-thi-dua-khen-thuong-c52500550.epi",
        "confirmed": False,
    },
]


def install_legal_texts(model=LegalText):
    """Create the texts above that are missing (a data migration passes its historical model)."""
    for row in LEGAL_TEXTS:
        model.objects.get_or_create(
            kind=row["kind"],
            valid_from=row["valid_from"],
            defaults={k: row[k] for k in ("citation", "source_url", "confirmed")},
        )


def legal_texts_on(day):
    """The citations in force on `day`: the law first, then the decree (each the latest row not after `day`)."""
    found = []
    for kind in (LegalTextKind.LAW, LegalTextKind.DECREE):
        row = LegalText.objects.filter(kind=kind, valid_from__lte=day).order_by("-valid_from").first()
        if row is not None:
            found.append(row.citation)
    return found

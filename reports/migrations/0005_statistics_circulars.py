"""The Ministry of Home Affairs' statistics circulars the emulation-commendation forms come from.

What each row confirms (and what it does not) is in its note and in docs/law-notes.md.
"""

import datetime as dt

from django.db import migrations

CODES_2023 = {
    "campaigns": "0601",
    "state_awards": "0602",
    "level_awards": "0603",
    "bodies": "0604",
    "staff": "0605",
}

CIRCULARS = [
    {
        "number": "03/2018/TT-BNV",
        "citation": "Thông tư số 03/2018/TT-BNV ngày 06 tháng 3 năm 2018 của Bộ trưởng Bộ Nội vụ quy định "
        "chế độ báo cáo thống kê ngành Nội vụ",
        "valid_from": dt.date(2018, 5, 1),
        "period_starts_month": 12,
        "form_codes": {},
        "source_url": "https://moha.gov.vn/van-ban/van-ban-moi/thong-tu-so-032018tt-bnv-cua-bo-noi-vu-quy-dinh-che-do-bao-cao-thong-ke-nganh-noi-vu-694.html",
        "confirmed": False,
        "note": "Ban hành 06/3/2018 (moha.gov.vn). Chưa xác nhận: ngày có hiệu lực (ghi tạm 01/5/2018), số hiệu các "
        "biểu thi đua, khen thưởng và kỳ báo cáo (ghi tạm từ 01/12 năm trước đến 30/11). Các biểu được lập "
        "theo nội dung của Thông tư 02/2023/TT-BNV, không ghi số biểu.",
    },
    {
        "number": "02/2023/TT-BNV",
        "citation": "Thông tư số 02/2023/TT-BNV ngày 23 tháng 3 năm 2023 của Bộ trưởng Bộ Nội vụ quy định "
        "chế độ báo cáo thống kê ngành Nội vụ",
        "valid_from": dt.date(2023, 5, 10),
        "period_starts_month": 12,
        "form_codes": CODES_2023,
        "source_url": "https://sonv.hungyen.gov.vn/portal/pages/print.aspx?p=10987",
        "confirmed": False,
        "note": "Xác nhận (Sở Nội vụ Hưng Yên, dulieuphapluat.vn): ngày có hiệu lực 10/5/2023; kỳ báo cáo thống kê "
        "lĩnh vực thi đua, khen thưởng từ ngày 01/12 năm trước đến ngày 30/11 năm báo cáo. Chưa đối chiếu với văn "
        "bản gốc: số biểu 0601–0605 và dòng, cột của từng biểu.",
    },
    {
        "number": "18/2025/TT-BNV",
        "citation": "Thông tư số 18/2025/TT-BNV ngày 08 tháng 10 năm 2025 của Bộ trưởng Bộ Nội vụ quy định "
        "chế độ báo cáo thống kê ngành Nội vụ",
        "valid_from": dt.date(2025, 12, 1),
        "period_starts_month": 12,
        "form_codes": CODES_2023,
        "source_url": "https://luatvietnam.vn/hanh-chinh/thong-tu-18-2025-tt-bnv-cua-bo-noi-vu-quy-dinh-che-do-bao-cao-thong-ke-nganh-noi-vu-414360-d1.html",
        "confirmed": False,
        "note": "Ban hành 08/10/2025, cùng tên với Thông tư 02/2023/TT-BNV (luatvietnam.vn). Chưa xác nhận: ngày có "
        "hiệu lực (ghi tạm 01/12/2025), việc thay thế Thông tư 02/2023/TT-BNV, số biểu và kỳ báo cáo (ghi tạm như "
        "Thông tư 02/2023/TT-BNV). Kiểm tra trên vbpl.vn.",
    },
]


def load(apps, schema_editor):
    Circular = apps.get_model("reports", "StatisticsCircular")
    for values in CIRCULARS:
        Circular.objects.get_or_create(valid_from=values["valid_from"], defaults=values)


def unload(apps, schema_editor):
    apps.get_model("reports", "StatisticsCircular").objects.filter(
        valid_from__in=[c["valid_from"] for c in CIRCULARS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0004_statistics_annual_report")]

    operations = [migrations.RunPython(load, unload)]

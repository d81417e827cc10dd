"""Demo legal parameters: the base salaries since 2019, bonus coefficients, council votes, quotas.

Facts and their confirmation follow shared/LAW.md. Rows dated 15/09/2017 carry the values of
Decree 91/2017 (in force from that day) so that the 2021 campaign is computed by its own
rules; LAW.md does not check those, so they are marked unconfirmed.
"""

import datetime as dt
from decimal import Decimal

from members.demo import upsert

from .models import LegalParameter

ND91_DAY = dt.date(2017, 9, 15)
LAW_2022_DAY = dt.date(2024, 1, 1)
ND152_DAY = dt.date(2025, 7, 1)

ND91 = "Nghị định 91/2017/NĐ-CP ngày 31/07/2017"
ND91_ONLY = (
    "Giá trị theo Nghị định 91/2017/NĐ-CP, nhập để tính các đợt thi đua trước 01/07/2025; chưa đối chiếu văn bản gốc."
)
ND152 = "Nghị định 152/2025/NĐ-CP ngày 14/06/2025, Điều 54 khoản 1"
ND152_URL = "https://dantri.com.vn/noi-vu/muc-tien-thuong-danh-hieu-chien-si-thi-dua-co-so-20251203220710774.htm"
ND91_KEPT = "Giá trị của Nghị định 91/2017/NĐ-CP; chưa xác nhận còn áp dụng theo Nghị định 152/2025/NĐ-CP."
UNCHECKED = "Không có trong các nguồn đã kiểm tra; cần đối chiếu trên vbpl.vn."
RULES_OF_COUNCIL = "Quy chế hoạt động của Hội đồng Thi đua - Khen thưởng (mức thường dùng)"
RULES_NOTE = (
    "Quy định cấp cơ sở theo Nghị định 152/2025/NĐ-CP chưa được xác nhận; quy chế các đơn vị "
    "thường lấy túc số ≥ 2/3 và ngưỡng 70–90%."
)

# (key, valid_from, value, source, url, confirmed, note)
VALUES = [
    # Mức lương cơ sở
    (
        "base_salary",
        dt.date(2019, 7, 1),
        "1490000",
        "Nghị định 38/2019/NĐ-CP ngày 09/05/2019, Điều 3",
        "",
        False,
        UNCHECKED,
    ),
    (
        "base_salary",
        dt.date(2023, 7, 1),
        "1800000",
        "Nghị định 24/2023/NĐ-CP ngày 14/05/2023, Điều 3",
        "",
        False,
        UNCHECKED,
    ),
    (
        "base_salary",
        dt.date(2024, 7, 1),
        "2340000",
        "Nghị định 73/2024/NĐ-CP, Điều 3",
        "",
        True,
        "Đối chiếu văn bản trên vbpl.vn qua bản sao công khai.",
    ),
    (
        "base_salary",
        dt.date(2026, 7, 1),
        "2530000",
        "Nghị định 161/2026/NĐ-CP ngày 15/05/2026, Điều 3",
        "",
        True,
        "Điều 6 bãi bỏ Nghị định 73/2024/NĐ-CP. Đối chiếu văn bản trên vbpl.vn qua bản sao công khai.",
    ),
    # Làm tròn, hệ số tập thể: giá trị của NĐ 91/2017, chưa xác nhận theo NĐ 152/2025
    (
        "bonus_rounding",
        ND91_DAY,
        "10000",
        ND91,
        "",
        False,
        "Tiền thưởng làm tròn lên hàng chục nghìn đồng. " + ND91_KEPT,
    ),
    (
        "collective_multiplier",
        ND91_DAY,
        "2",
        ND91,
        "",
        False,
        "Tập thể được tặng Bằng khen, Giấy khen nhận gấp 02 lần mức của cá nhân. " + ND91_KEPT,
    ),
    ("bonus_province_flag", ND91_DAY, "8", ND91, "", False, ND91_KEPT),
    ("bonus_commendation", ND91_DAY, "0.3", ND91, "", False, ND91_KEPT),
    (
        "bonus_commune_commendation",
        ND91_DAY,
        "0.15",
        ND91,
        "",
        False,
        "Giấy khen của Chủ tịch UBND cấp xã. " + ND91_KEPT,
    ),
    # Hệ số tiền thưởng theo NĐ 152/2025 (đã xác nhận), và giá trị trước đó theo NĐ 91/2017
    ("bonus_cstd_national", ND91_DAY, "4.5", ND91, "", False, ND91_ONLY),
    ("bonus_cstd_national", ND152_DAY, "4.5", ND152, ND152_URL, True, ""),
    ("bonus_cstd_province", ND91_DAY, "3", ND91, "", False, ND91_ONLY),
    ("bonus_cstd_province", ND152_DAY, "3", ND152, ND152_URL, True, ""),
    ("bonus_cstdcs", ND91_DAY, "1", ND91, "", False, ND91_ONLY),
    ("bonus_cstdcs", ND152_DAY, "1", ND152, ND152_URL, True, ""),
    ("bonus_advanced_worker", ND91_DAY, "0.3", ND91, "", False, ND91_ONLY),
    ("bonus_advanced_worker", ND152_DAY, "0.3", ND152, ND152_URL, True, ""),
    ("bonus_excellent_collective", ND91_DAY, "1.5", ND91, "", False, ND91_ONLY),
    ("bonus_excellent_collective", ND152_DAY, "1.5", ND152, ND152_URL, True, ""),
    ("bonus_advanced_collective", ND91_DAY, "0.8", ND91, "", False, ND91_ONLY),
    ("bonus_advanced_collective", ND152_DAY, "0.8", ND152, ND152_URL, True, ""),
    ("bonus_government_flag", ND91_DAY, "12", ND91, "", False, ND91_ONLY),
    ("bonus_government_flag", ND152_DAY, "12", ND152, ND152_URL, True, ""),
    ("bonus_pm_merit", ND91_DAY, "3.5", ND91, "", False, ND91_ONLY),
    ("bonus_pm_merit", ND152_DAY, "3.5", ND152, ND152_URL, True, ""),
    ("bonus_province_merit", ND91_DAY, "1", ND91, "", False, ND91_ONLY),
    ("bonus_province_merit", ND152_DAY, "1.5", ND152, ND152_URL, True, "Tăng từ 1,0 lên 1,5 lần mức lương cơ sở."),
    # Hội đồng: túc số và ngưỡng biểu quyết trên tổng số thành viên
    (
        "council_quorum",
        ND91_DAY,
        "0.6667",
        RULES_OF_COUNCIL,
        "",
        False,
        "Ít nhất 2/3 tổng số thành viên. " + RULES_NOTE,
    ),
    ("vote_majority", ND91_DAY, "0.5", RULES_OF_COUNCIL, "", False, "Quá nửa tổng số thành viên. " + RULES_NOTE),
    (
        "vote_two_thirds",
        ND91_DAY,
        "0.6667",
        RULES_OF_COUNCIL,
        "",
        False,
        "Ít nhất 2/3 tổng số thành viên. " + RULES_NOTE,
    ),
    (
        "vote_province_titles",
        ND91_DAY,
        "0.9",
        ND91 + ", Điều 45 khoản 8",
        "https://banthiduakhenthuongtw.gov.vn/traloi/b6b7af14f6e14ac9a084a21d7a64b00e",
        True,
        "Bỏ phiếu kín, đạt từ 90% tổng số thành viên trở lên cho Chiến sĩ thi đua cấp tỉnh trở lên; "
        "thành viên vắng mặt lấy phiếu bằng văn bản.",
    ),
    (
        "vote_province_titles",
        LAW_2022_DAY,
        "0.9",
        "Giữ mức của Nghị định 91/2017/NĐ-CP (đã hết hiệu lực) từ khi Luật Thi đua, khen thưởng 06/2022/QH15 có hiệu lực",
        "",
        False,
        "Quy định tương ứng theo Nghị định 152/2025/NĐ-CP chưa được xác nhận.",
    ),
    # Hạn mức
    (
        "quota_cstdcs",
        ND91_DAY,
        "0.15",
        ND91 + ", Điều 9 khoản 3",
        "https://thuvienphapluat.vn/hoi-dap-phap-luat/45A9C-hd-tieu-chuan-de-xet-tang-danh-hieu-chien-si-thi-dua-co-so.html",
        True,
        "Số CSTĐCS không quá 15% tổng số cá nhân đạt danh hiệu Lao động tiên tiến.",
    ),
    (
        "quota_cstdcs",
        LAW_2022_DAY,
        "0.15",
        "Không thấy hạn mức toàn quốc theo Luật Thi đua, khen thưởng 06/2022/QH15",
        "",
        False,
        "Quy định cũ (Nghị định 91/2017/NĐ-CP, Điều 9 khoản 3) đã hết hiệu lực; giữ 15% làm mặc định "
        "tùy chọn của từng đợt thi đua.",
    ),
    # Số năm liên tục
    (
        "streak_cstd_province",
        LAW_2022_DAY,
        "3",
        "Luật Thi đua, khen thưởng 06/2022/QH15",
        "https://baoyenbai.com.vn/13/342479/",
        True,
        "Chiến sĩ thi đua cấp tỉnh: trong số cá nhân có 03 lần liên tục đạt Chiến sĩ thi đua cơ sở.",
    ),
    (
        "streak_province_merit",
        LAW_2022_DAY,
        "2",
        "Luật Thi đua, khen thưởng 06/2022/QH15, Điều 74 khoản 1 điểm d",
        "https://chinhsachonline.chinhphu.vn/tieu-chuan-de-nghi-xet-tang-bang-khen-cua-bo-nganh-77204.htm",
        True,
        "02 lần liên tục Chiến sĩ thi đua cơ sở, hoặc 02 năm hoàn thành xuất sắc nhiệm vụ với 02 sáng kiến.",
    ),
]


def load_parameters():
    """Create or update every demo value; safe to rerun (an unchanged row writes no history)."""
    for key, valid_from, value, source, url, confirmed, note in VALUES:
        upsert(
            LegalParameter,
            {"key": key, "valid_from": valid_from},
            {"value": Decimal(value), "source": source, "source_url": url, "confirmed": confirmed, "note": note},
        )
    return LegalParameter.objects.count()

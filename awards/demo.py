"""Demo of the awards app: the legal parameters (base salaries since 2019, bonus coefficients,
council votes, quotas), then plan 514 taken from nominations to its decision and proposal.

Facts and their confirmation follow shared/LAW.md. Rows dated 15/09/2017 carry the values of
Decree 91/2017 (in force from that day) so that the 2021 campaign is computed by its own
rules; LAW.md does not check those, so they are marked unconfirmed.
"""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import translation

from campaign.models import Campaign, Registration
from campaign.ranking import cumulative_scores
from core.demo import happening_at, moment, upsert
from documents import signatures, test_ca, tokens
from documents.models import IssuedDocument, KeyKind, SignatureRole
from documents.rendering import html_to_pdf
from documents.services import last_used_number, set_next_number
from members.demo import DEMO_PASSWORD
from members.models import Organization, Person, Role, User

from . import council, decisions, history, nominations, notices, proposals
from .blanks import save_layout, save_printer
from .certificates import sign_certificates_like_decision
from .examples import publish_example, save_example
from .models import (
    AwardCategory,
    AwardIssuer,
    AwardType,
    BlankLayout,
    Decision,
    ExemplaryExample,
    Household,
    Initiative,
    LegalParameter,
    LineAnswer,
    Nomination,
    NomineeKind,
    Occasion,
    Paper,
    PrinterProfile,
    VoteRule,
)

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
    # Khối thi đua: túc số trên tổng số thành viên, suy tôn trên số thành viên có mặt
    (
        "block_quorum",
        dt.date(2018, 1, 1),
        "0.6667",
        "Quy chế hoạt động của Khối thi đua (QĐ 354/2018/QĐ-UBND tỉnh Đắk Nông)",
        "",
        False,
        "Ít nhất 2/3 số đơn vị thành viên. Chưa xác nhận với văn bản gốc: Liên minh đối chiếu quy chế của khối.",
    ),
    (
        "block_vote",
        dt.date(2018, 1, 1),
        "0.5",
        "Quy chế hoạt động của Khối thi đua (QĐ 354/2018/QĐ-UBND tỉnh Đắk Nông)",
        "",
        False,
        "Quá nửa số đơn vị có mặt. Chưa xác nhận với văn bản gốc: Liên minh đối chiếu quy chế của khối.",
    ),
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
    # Tỷ lệ Lao động tiên tiến của tập thể: mức của Luật 2003 (Điều 28), văn bản 2022 chưa đối chiếu
    (
        "share_ldtt_advanced_collective",
        ND91_DAY,
        "0.5",
        "Luật Thi đua, Khen thưởng 2003, Điều 28",
        "https://thiduakhenthuong.langson.gov.vn/en/hinhthucs/tap-lao-dong-tien-tien",
        False,
        "Tập thể lao động tiên tiến: có trên 50% cá nhân trong tập thể đạt danh hiệu Lao động tiên tiến. "
        "Quy định tương ứng của Luật Thi đua, khen thưởng 06/2022/QH15 chưa được xác nhận.",
    ),
    (
        "share_ldtt_excellent_collective",
        ND91_DAY,
        "0.7",
        "Luật Thi đua, Khen thưởng (quy định trước năm 2024)",
        "",
        False,
        "Tập thể lao động xuất sắc: có từ 70% cá nhân trong tập thể đạt danh hiệu Lao động tiên tiến. "
        "Quy định tương ứng của Luật Thi đua, khen thưởng 06/2022/QH15 chưa được xác nhận.",
    ),
    # Số năm liên tục
    (
        "streak_cstd_province",
        ND91_DAY,
        "3",
        "Luật Thi đua, khen thưởng 2003 (sửa đổi 2013), Điều 22",
        "",
        False,
        "Chiến sĩ thi đua cấp tỉnh trước năm 2024: trong số cá nhân có ba lần liên tục đạt Chiến sĩ thi đua "
        "cơ sở. " + UNCHECKED,
    ),
    (
        "streak_province_merit",
        ND91_DAY,
        "2",
        ND91 + ", Điều 39",
        "",
        False,
        "Bằng khen cấp tỉnh trước năm 2024: 02 năm trở lên liên tục hoàn thành xuất sắc nhiệm vụ. " + UNCHECKED,
    ),
    (
        "streak_excellent_merit",
        ND91_DAY,
        "2",
        ND91 + ", Điều 39",
        "",
        False,
        "Tập thể: 02 năm trở lên liên tục hoàn thành xuất sắc nhiệm vụ. " + UNCHECKED,
    ),
    (
        "streak_excellent_merit",
        LAW_2022_DAY,
        "2",
        "Luật Thi đua, khen thưởng 06/2022/QH15, Điều 74",
        "",
        False,
        "Tập thể: 02 năm liên tục hoàn thành xuất sắc nhiệm vụ (khoản áp dụng cho tập thể chưa xác nhận). " + UNCHECKED,
    ),
    (
        "interval_upward_form",
        ND91_DAY,
        "2",
        "Quy chế thi đua, khen thưởng của Liên minh (mức do Liên minh đặt)",
        "",
        False,
        "Không tìm thấy quy định về khoảng cách giữa hai lần cùng hình thức khen của cấp trên (LAW.md A7); "
        "mức 02 năm khớp tiêu chuẩn 02 năm liên tục, Liên minh đối chiếu quy chế của mình.",
    ),
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
    # Kỷ niệm chương "Vì sự nghiệp phát triển Hợp tác xã Việt Nam": số năm công tác (LAW.md A2, C)
    (
        "medal_service_years",
        dt.date(2019, 11, 18),
        "10",
        "Quy chế thi đua, khen thưởng hệ thống Liên minh HTX Việt Nam (QĐ 429/QĐ-LMHTXVN ngày 18/11/2019)",
        "",
        False,
        "Kỷ niệm chương do Liên minh HTX Việt Nam tặng (LAW.md A2); số năm công tác tối thiểu chưa xác nhận "
        "trong nguồn đã kiểm tra, 10 năm là mức giả định: đối chiếu quy chế của Liên minh HTX Việt Nam.",
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


# --- Commendation of plan 514: nominations, the Council, the leadership, decision, proposal ---

NOMINATIONS_DAY = dt.date(2022, 2, 8)  # units and the office file the nominations, one every 20 minutes
SESSION_DAY = dt.date(2022, 2, 15)
APPROVAL_DAY = dt.date(2022, 2, 18)
DECISION_DAY = dt.date(2022, 2, 25)
NOTICE_DAYS = 5  # working days the list proposed upward stays on the public site (08–14/02/2022)
NOTICE_COMMENT_DAY = dt.date(2022, 2, 10)
EXAMPLES_PUBLISHED_ON = [dt.date(2021, 11, 22), dt.date(2021, 12, 16)]
EXAMPLE_DRAFTED_ON = dt.date(2022, 1, 20)
EXAMPLES = [
    (
        "Hợp tác xã giữ việc làm cho xã viên giữa mùa dịch",
        "Trong những tháng giãn cách, hợp tác xã tổ chức sản xuất “ba tại chỗ”, chia ca làm việc và "
        "bảo đảm 100% người lao động được tiêm đủ liều vắc xin. Không một xã viên nào mất việc; doanh "
        "thu cả năm vẫn bằng năm trước nhờ bán hàng qua Tổ kết nối tiêu thụ nông sản của Liên minh.",
        True,
    ),
    (
        "Người tốt - việc tốt: chuyến xe nông sản nghĩa tình",
        "Giám đốc hợp tác xã cùng tổ hợp tác trong xã gom hơn 20 tấn rau, củ của bà con vùng cách ly, "
        "chở miễn phí về các điểm bán bình ổn giá ở thành phố Gia Nghĩa và tặng 2 tấn cho các khu cách ly.",
        True,
    ),
    (
        "Mô hình sấy cà phê bằng năng lượng mặt trời",
        "Bài viết đang được Văn phòng hoàn thiện, chờ xác minh số liệu trước khi đăng.",
        False,
    ),
]


def filing_times(day, start_hour=8, every_minutes=20):
    """Moments one after the other on `day`, as nominations are filed in a working day."""
    minutes = 0
    while True:
        yield moment(day, start_hour) + dt.timedelta(minutes=minutes)
        minutes += every_minutes


def load_commendation():
    """Take plan 514 from nominations to the decision and the proposal upward, through the services,
    each step under the clock of its day (nominations of February 2022, the Council's session of
    15/02/2022, the decision of 25/02/2022).

    Runs once: when the campaign already has nominations, it changes nothing.
    """

    campaign = Campaign.objects.filter(plan_number=514).first()
    office = User.objects.filter(role=Role.OFFICE).order_by("pk").first()
    leader = User.objects.filter(role=Role.LEADER).order_by("pk").first()
    if campaign is None or office is None or campaign.nominations.exists():
        return "Commendation: unchanged."
    filed = filing_times(NOMINATIONS_DAY)
    with transaction.atomic(), translation.override("vi"):  # reasons and notes are stored as written
        with happening_at(moment(NOMINATIONS_DAY, 7)):
            nominations.install_default_award_types(by=office, day=SESSION_DAY)
        types = {t.name: t for t in AwardType.objects.all()}
        commendation = types["Giấy khen của Chủ tịch Liên minh HTX tỉnh"]
        province_merit = types["Bằng khen của Chủ tịch UBND tỉnh"]
        national_merit = types["Bằng khen của Liên minh HTX Việt Nam"]
        advanced_worker = types[nominations.LDTT]
        emulation_fighter = types["Chiến sĩ thi đua cơ sở"]
        provincial_fighter = types.get("Chiến sĩ thi đua cấp tỉnh")
        # The Alliance's rules publish the awards it proposes upward for five working days (item 6).
        for upward_type in (province_merit, national_merit, provincial_fighter):
            if upward_type is not None and not upward_type.public_notice_days:
                upward_type.public_notice_days = NOTICE_DAYS
                with happening_at(moment(NOMINATIONS_DAY, 7)):
                    nominations.save_award_type(upward_type, by=office)

        registered = set(Registration.objects.filter(campaign=campaign).values_list("organization_id", flat=True))
        scores = sorted(
            (s for s in cumulative_scores(campaign) if s.organization_id in registered),
            key=lambda s: (s.vetoed, -s.total, s.name),
        )
        best = [s.organization_id for s in scores if not s.vetoed][:8]
        vetoed = [s.organization_id for s in scores if s.vetoed][:1]
        units = {o.pk: o for o in Organization.objects.filter(pk__in=best + vetoed)}

        def nominate(award_type, kind, text, by=office, **nominee):
            with happening_at(next(filed)):
                nomination = nominations.create_nomination(
                    campaign=campaign, award_type=award_type, nominee_kind=kind, achievements=text, by=by, **nominee
                )
                nominations.submit_nomination(nomination, by=by)
            nomination.refresh_from_db()
            return nomination

        collective_text = (
            "Duy trì sản xuất trong thời gian giãn cách, bảo đảm việc làm cho người lao động; tỷ lệ "
            "người lao động tiêm đủ liều vắc xin đạt 100%; tích cực tiêu thụ nông sản qua Chương trình 503."
        )
        for org_id in best[:5] + vetoed:
            nominate(commendation, NomineeKind.COLLECTIVE, collective_text, organization=units[org_id])
        nominate(
            province_merit,
            NomineeKind.COLLECTIVE,
            "Đơn vị dẫn đầu phong trào thi đua đặc biệt phòng, chống dịch Covid-19 của hợp tác xã trong tỉnh.",
            organization=units[best[5]],
        )
        nominate(
            national_merit,
            NomineeKind.COLLECTIVE,
            "Mô hình liên kết chuỗi giá trị, giữ ổn định thu nhập cho xã viên trong đại dịch.",
            organization=units[best[6]],
        )
        workers = list(
            Person.objects.filter(organization_id__in=best[:5], is_direct_worker=True).order_by("organization_id", "pk")
        )
        # Seven Advanced Workers, so that the 15% quota leaves room for one Emulation Fighter.
        for person in workers[:7]:
            nominate(
                advanced_worker,
                NomineeKind.INDIVIDUAL,
                "Người lao động trực tiếp hoàn thành tốt nhiệm vụ, tích cực tham gia phòng, chống dịch.",
                person=person,
            )
        if workers:
            author = workers[0]
            initiative = Initiative(
                title="Sấy cà phê bằng năng lượng mặt trời, giảm 30% chi phí",
                organization=author.organization,
                description="Nhà sấy mái tôn kính kết hợp quạt đối lưu, dùng cho vụ cà phê 2021.",
            )
            with happening_at(next(filed)):
                nominations.save_nominee(initiative, by=office, authors=[author])
                # The office records the cooperative's recognition decision (Điều 10, Nghị định 13/2012).
                nominations.record_recognition(initiative, by=office, number="12/QĐ-HTX", day=dt.date(2021, 12, 20))
            nominate(
                emulation_fighter,
                NomineeKind.INDIVIDUAL,
                "Đạt danh hiệu Lao động tiên tiến; tác giả sáng kiến sấy cà phê bằng năng lượng mặt trời.",
                person=author,
            )
        household = Household(
            head_name="Y Bhim Niê",
            head_gender="male",
            organization=units[best[2]],
            address="Buôn Nui, xã Đắk Wil",
            members_count=6,
        )
        with happening_at(next(filed)):
            nominations.save_nominee(household, by=office)
        nominate(
            commendation,
            NomineeKind.HOUSEHOLD,
            "Hộ thành viên trực tiếp sản xuất, ủng hộ 3 tấn rau củ cho các khu cách ly.",
            household=household,
        )
        # The director whose CSTĐCS of 2019–2021 (load_history) make her due for CSTĐ cấp tỉnh in 2022.
        director = featured_director()
        hers = None
        if director is not None and provincial_fighter is not None:
            hers = nominate(
                provincial_fighter,
                NomineeKind.INDIVIDUAL,
                "Ba năm liên tục (2019, 2020, 2021) đạt danh hiệu Chiến sĩ thi đua cơ sở; lãnh đạo hợp tác xã "
                "duy trì sản xuất, giữ việc làm cho 100% thành viên trong đại dịch Covid-19.",
                person=director,
            )
        # The list proposed upward is published for five working days before the Council (công khai).
        notice = None
        with happening_at(moment(NOMINATIONS_DAY, 16)):
            to_publish = list(notices.publishable(campaign))
            if to_publish:
                notice = notices.publish_notice(campaign, to_publish, starts_on=NOMINATIONS_DAY, by=office)
        if notice is not None:
            about = notice.entries.filter(nomination=hers).first() if hers else None
            with happening_at(moment(NOTICE_COMMENT_DAY, 9, 30)):
                comment = notices.receive_comment(
                    notice,
                    entry=about,
                    text="Đề nghị làm rõ hợp tác xã đã nộp đủ bảo hiểm xã hội cho người lao động năm 2021 chưa.",
                    commenter="Trần Văn Bình",
                    contact="0905 123 456",
                    sender="demo",
                )
            with happening_at(moment(NOTICE_COMMENT_DAY + dt.timedelta(days=1), 10)):
                notices.handle_comment(
                    comment,
                    handling="Văn phòng đã đối chiếu với Bảo hiểm xã hội huyện: hợp tác xã đã nộp đủ đến hết "
                    "tháng 12/2021; đã trả lời người góp ý qua điện thoại ngày 11/02/2022.",
                    by=office,
                )
        # A draft the unit of the demo login is still writing.
        unit_user = User.objects.filter(username="donvi1").first()
        if unit_user and unit_user.organization_id in registered:
            with happening_at(next(filed)):
                nominations.create_nomination(
                    campaign=campaign,
                    award_type=commendation,
                    nominee_kind=NomineeKind.COLLECTIVE,
                    achievements="Đang hoàn thiện báo cáo thành tích.",
                    by=unit_user,
                    organization=unit_user.organization,
                )

        # The Council: five members, four present; one nomination short of its two thirds.
        members = list(User.objects.filter(role=Role.COUNCIL, is_active=True).order_by("username"))
        present = members[:4]
        with happening_at(moment(SESSION_DAY, 8)):
            session = council.create_session(
                campaign=campaign,
                held_on=SESSION_DAY,
                by=office,
                place="Hội trường Liên minh HTX tỉnh Đắk Nông",
                chair=present[0],
                secretary=office,
                present=present,
                members_total=len(members),
            )
            # A provincial title needs 90% of all members (secret ballot): it waits for the afternoon's full session.
            council.add_to_session(
                session,
                [
                    n
                    for n in council.eligible_nominations(campaign)
                    if n.award_type_id != getattr(hers, "award_type_id", 0)
                ],
                by=office,
            )
        on_agenda = list(council.agenda(session))
        voting = filing_times(SESSION_DAY, start_hour=9, every_minutes=5)
        for index, nomination in enumerate(on_agenda):
            doubtful = nomination.award_type_id == emulation_fighter.pk
            with happening_at(next(voting)):
                for position, member in enumerate(present):
                    disagree = doubtful and position >= 1
                    # One member abstains now and then: it counts as not in favour, like a disagree.
                    abstain = not doubtful and position == 3 and index % 3 == 0
                    choice = "disagree" if disagree else "abstain" if abstain else "agree"
                    council.cast_vote(session, nomination, voter=member, choice=choice)
        with happening_at(moment(SESSION_DAY, 11, 30)):
            council.close_session(session, by=office)
        if hers is not None and Nomination.objects.get(pk=hers.pk).status == "eligible":
            with happening_at(moment(SESSION_DAY, 14)):
                full = council.create_session(
                    campaign=campaign,
                    held_on=SESSION_DAY,
                    by=office,
                    place="Hội trường Liên minh HTX tỉnh Đắk Nông",
                    chair=members[0],
                    secretary=office,
                    present=members,
                    members_total=len(members),
                )
                council.add_to_session(full, [hers], by=office)
            with happening_at(moment(SESSION_DAY, 14, 30)):
                for member in members:
                    council.cast_vote(full, hers, voter=member, choice="agree")
            with happening_at(moment(SESSION_DAY, 15)):
                council.close_session(full, by=office)

        # The leadership approves the Council's choice but one, with its reason.
        with happening_at(moment(APPROVAL_DAY, 10)):
            # (the director's provincial title, passed by the full Council, is not the one held back)
            passed = list(
                campaign.nominations.filter(status="passed").exclude(pk=getattr(hers, "pk", None)).order_by("pk")
            )
            if len(passed) > 2:
                council.reject(passed[-1], by=leader, comment="Đề nghị xét ở đợt tổng kết, khi có đủ số liệu cả năm.")
            council.approve_all_passed(campaign, by=leader, comment="Đồng ý theo đề nghị của Hội đồng.")

        # The decision of the Alliance, then the proposal to the province, numbered as in 2022.
        issuer_symbol = "LMHTX"
        with happening_at(moment(DECISION_DAY, 8)):
            for symbol, number in (("QĐ", 18), ("TTr", 5)):
                if last_used_number(DECISION_DAY.year, symbol, issuer_symbol) < number:
                    set_next_number(
                        year=DECISION_DAY.year,
                        type_symbol=symbol,
                        issuer_symbol=issuer_symbol,
                        next_number=number,
                        by=office,
                    )
            own = list(decisions.approved_for(campaign, "decision"))
            if own:
                decision = decisions.prepare_decision(
                    campaign,
                    own,
                    by=office,
                    decided_on=DECISION_DAY,
                    request={"request_reference": "02/TTr-HĐTĐKT", "request_date": DECISION_DAY - dt.timedelta(days=3)},
                )
        if own:
            # The leadership approves the draft as it stands; only then is it issued.
            with happening_at(moment(DECISION_DAY, 11)):
                decisions.approve_draft(decision, by=leader)
            with happening_at(moment(DECISION_DAY, 14)):
                decisions.issue_decision(decision, by=leader)
        for addressee in (AwardIssuer.PROVINCE, AwardIssuer.NATIONAL):
            upward = list(decisions.approved_for(campaign, "proposal", addressee))
            if upward:
                with happening_at(moment(DECISION_DAY, 9)):
                    proposal = decisions.prepare_proposal(
                        campaign, upward, addressee=addressee, by=office, decided_on=DECISION_DAY
                    )
                with happening_at(moment(DECISION_DAY, 11)):
                    decisions.approve_draft(proposal, by=leader)
                with happening_at(moment(DECISION_DAY, 15)):
                    decisions.issue_proposal(proposal, by=leader)

        # Written during the campaign, and the first two published then, as its months' reports tell.
        for index, (title, story, published) in enumerate(EXAMPLES):
            day = EXAMPLES_PUBLISHED_ON[index] if published else EXAMPLE_DRAFTED_ON
            with happening_at(moment(day, 9)):
                example = ExemplaryExample(title=title, story=story, campaign=campaign, organization=units[best[0]])
                save_example(example, by=office)
                if published:
                    publish_example(example, by=office)
    return (
        f"Commendation: {campaign.nominations.count()} nominations, 1 Council session, "
        f"{campaign.decisions.filter(status='issued').count()} documents issued."
    )


# --- The 2026 campaign of the Lâm Đồng Alliance: a Giấy khen decision at its mid-term review ---

NOMINATIONS_2026_DAY = dt.date(2026, 11, 9)
SESSION_2026_DAY = dt.date(2026, 11, 12)
APPROVAL_2026_DAY = dt.date(2026, 11, 13)
DECISION_2026_DAY = dt.date(2026, 11, 16)
DECISION_2026_NUMBER = 112


def load_commendation_2026():
    """Giấy khen of the Alliance to three collectives and two people of the 2026 campaign, through
    the services: the same award type as decision 18/QĐ of 2022, a different amount (the base salary
    of 16/11/2026). Runs once: when the campaign already has nominations, it changes nothing."""

    campaign = Campaign.objects.filter(short_name="Thi đua chuyển đổi số HTX 2026", status="running").first()
    office = User.objects.filter(role=Role.OFFICE).order_by("pk").first()
    leader = User.objects.filter(role=Role.LEADER).order_by("pk").first()
    if campaign is None or office is None or campaign.nominations.exists():
        return "Commendation 2026: unchanged."
    filed = filing_times(NOMINATIONS_2026_DAY)
    with transaction.atomic(), translation.override("vi"):
        with happening_at(moment(NOMINATIONS_2026_DAY, 7)):
            nominations.install_default_award_types(by=office, day=SESSION_2026_DAY)
        commendation = AwardType.objects.get(name="Giấy khen của Chủ tịch Liên minh HTX tỉnh")
        scores = sorted(
            (s for s in cumulative_scores(campaign) if not s.vetoed),
            key=lambda s: (-s.total, s.name),
        )
        best = [s.organization_id for s in scores[:3]]
        units = {o.pk: o for o in Organization.objects.filter(pk__in=best)}

        def nominate(kind, text, **nominee):
            with happening_at(next(filed)):
                nomination = nominations.create_nomination(
                    campaign=campaign,
                    award_type=commendation,
                    nominee_kind=kind,
                    achievements=text,
                    by=office,
                    **nominee,
                )
                nominations.submit_nomination(nomination, by=office)
            return nomination

        for org_id in best:
            nominate(
                NomineeKind.COLLECTIVE,
                "Dẫn đầu phong trào thi đua chuyển đổi số: bán hàng trên sàn thương mại điện tử, dùng hóa đơn "
                "điện tử và truy xuất nguồn gốc cho toàn bộ sản phẩm chủ lực.",
                organization=units[org_id],
            )
        workers = list(
            Person.objects.filter(organization_id__in=best, is_direct_worker=True).order_by("organization_id", "pk")
        )[:2]
        for person in workers:
            nominate(
                NomineeKind.INDIVIDUAL,
                "Người lao động trực tiếp, hướng dẫn thành viên hợp tác xã bán hàng trực tuyến và ghi chép "
                "sổ sách trên phần mềm.",
                person=person,
            )

        members = list(User.objects.filter(role=Role.COUNCIL, is_active=True).order_by("username"))
        with happening_at(moment(SESSION_2026_DAY, 8)):
            session = council.create_session(
                campaign=campaign,
                held_on=SESSION_2026_DAY,
                by=office,
                place="Hội trường Liên minh HTX tỉnh Lâm Đồng",
                chair=members[0],
                secretary=office,
                present=members,
                members_total=len(members),
            )
            council.add_to_session(session, council.eligible_nominations(campaign), by=office)
        voting = filing_times(SESSION_2026_DAY, start_hour=9, every_minutes=5)
        for nomination in council.agenda(session):
            with happening_at(next(voting)):
                for member in members:
                    council.cast_vote(session, nomination, voter=member, choice="agree")
        with happening_at(moment(SESSION_2026_DAY, 11)):
            council.close_session(session, by=office)
        with happening_at(moment(APPROVAL_2026_DAY, 10)):
            council.approve_all_passed(campaign, by=leader, comment="Đồng ý theo đề nghị của Hội đồng.")

        with happening_at(moment(DECISION_2026_DAY, 8)):
            if last_used_number(DECISION_2026_DAY.year, "QĐ", "LMHTX") < DECISION_2026_NUMBER:
                set_next_number(
                    year=DECISION_2026_DAY.year,
                    type_symbol="QĐ",
                    issuer_symbol="LMHTX",
                    next_number=DECISION_2026_NUMBER,
                    by=office,
                )
            own = list(decisions.approved_for(campaign, "decision"))
            if own:
                decision = decisions.prepare_decision(
                    campaign,
                    own,
                    by=office,
                    decided_on=DECISION_2026_DAY,
                    request={
                        "request_reference": "03/TTr-HĐTĐKT",
                        "request_date": DECISION_2026_DAY - dt.timedelta(days=2),
                    },
                )
        if own:
            with happening_at(moment(DECISION_2026_DAY, 11)):
                decisions.approve_draft(decision, by=leader)
            with happening_at(moment(DECISION_2026_DAY, 14)):
                decisions.issue_decision(decision, by=leader)
    return (
        f"Commendation 2026: {campaign.nominations.count()} nominations, "
        f"{campaign.decisions.filter(status='issued').count()} decision issued."
    )


# --- Digital signatures: 18/QĐ-LMHTX and its certificates, signed by the chairman and the Alliance ---

DEMO_ADMIN = "quantri"
DEMO_TOKEN_PIN = "123456"
DEMO_TOKEN_SO_PIN = "12345678"


def load_signatures():
    """The demo's own CA (root, the chairman, the Alliance), its root installed as a trust anchor by
    the administrator; the chairman's key as an uploaded PKCS#12 file, the Alliance's on the
    SoftHSM2 token (a PKCS#12 file when softhsm2 is missing); 18/QĐ-LMHTX signed by the chairman,
    then the Alliance's seal by the office, each certificate with it."""
    document = IssuedDocument.objects.filter(year=DECISION_DAY.year, type_symbol="QĐ", number=18).first()
    if document is None:
        return "Signatures: no decision 18/QĐ to sign."
    if signatures.latest_signature(document) is not None:
        return f"Signatures: {document.reference} is signed already."
    office = User.objects.filter(role=Role.OFFICE).order_by("pk").first()
    leader = User.objects.filter(role=Role.LEADER).order_by("pk").first()
    admin = User.objects.filter(username=DEMO_ADMIN).first()
    if admin is None:
        admin = User.objects.create_superuser(DEMO_ADMIN, "", DEMO_PASSWORD, first_name="Quản trị")
    issuer = document.issuer
    ca = test_ca.make_ca()
    chairman = test_ca.issue(ca, document.signer_name, issuer.full_name)
    alliance = test_ca.issue(ca, issuer.full_name, issuer.full_name)
    with happening_at(moment(DECISION_DAY, 15)):
        signatures.add_trust_anchor(name="Thi đua Demo Root CA", certificate_bytes=ca.der, by=admin)
        passphrase = b"demo-chairman"
        chairman_key = signatures.add_key(
            label=f"{document.signer_name} — chữ ký số",
            role=SignatureRole.SIGNER,
            kind=KeyKind.PKCS12,
            holder_name=document.signer_name,
            owner=leader,
            image=test_ca.signature_image(document.signer_name),
            pkcs12_bytes=test_ca.pkcs12(chairman, ca, passphrase),
            passphrase=passphrase,
            by=admin,
        )
        seal = test_ca.seal_image(issuer.full_name, issuer.parent_body)
        if tokens.available():
            tokens.ensure_token(pin=DEMO_TOKEN_PIN, so_pin=DEMO_TOKEN_SO_PIN)
            tokens.import_key(alliance, key_label="lmhtx-daknong", pin=DEMO_TOKEN_PIN)
            token = {
                "kind": KeyKind.PKCS11,
                "certificate_bytes": alliance.der,
                "pkcs11_library": settings.THIDUA_PKCS11_LIBRARY,
                "pkcs11_token": tokens.DEFAULT_TOKEN,
                "pkcs11_key_label": "lmhtx-daknong",
                "pin": DEMO_TOKEN_PIN.encode(),
            }
        else:
            token = {
                "kind": KeyKind.PKCS12,
                "pkcs12_bytes": test_ca.pkcs12(alliance, ca, b"demo"),
                "passphrase": b"demo",
            }
        alliance_key = signatures.add_key(
            label=f"{issuer.full_name} — con dấu",
            role=SignatureRole.ORGANIZATION,
            holder_name=issuer.full_name,
            issuing_body=issuer,
            image=seal,
            by=admin,
            **token,
        )
    with happening_at(moment(DECISION_DAY, 16)):
        signatures.sign(signatures.signable_document(document), role=SignatureRole.SIGNER, key=chairman_key, by=leader)
    with happening_at(moment(DECISION_DAY, 16, 30)):
        signatures.sign(
            signatures.signable_document(document), role=SignatureRole.ORGANIZATION, key=alliance_key, by=office
        )
        # What the worker does after the commit, done here so the demo is whole when it returns.
        sign_certificates_like_decision(Decision.objects.get(document=document, kind=Decision.Kind.DECISION))
    return (
        f"Signatures: {document.reference} and its certificates signed by {document.signer_name} and "
        f"{issuer.full_name} ({alliance_key.get_kind_display()}); administrator login {DEMO_ADMIN}."
    )


# --- Printing on blanks: the office's Giấy khen blank and its printer -------------------------

DEMO_BLANK_NAME = "Phôi Giấy khen Liên minh HTX (A4 ngang)"
DEMO_PRINTER_NAME = "Máy in Văn phòng (Canon LBP 2900)"


def load_blanks():
    """The blank the office prints Giấy khen on (A4 landscape, boxes as measured) and its printer, which
    shifts its print 1.5 mm left and 1 mm down (so its offsets are +1.5 mm right and −1 mm down).
    Runs once: an existing blank or printer of those names is left as it is."""
    office = User.objects.filter(role=Role.OFFICE).order_by("pk").first()
    if office is None:
        return "Blanks: unchanged."
    created = []
    with transaction.atomic():
        if not BlankLayout.objects.filter(paper=Paper.GIAY_KHEN).exists():
            layout = BlankLayout(
                paper=Paper.GIAY_KHEN, name=DEMO_BLANK_NAME, width_mm=Decimal(297), height_mm=Decimal(210)
            )
            save_layout(layout, by=office)
            created.append("blank")
        if not PrinterProfile.objects.filter(name=DEMO_PRINTER_NAME).exists():
            printer = PrinterProfile(
                name=DEMO_PRINTER_NAME,
                offset_x_mm=Decimal("1.5"),
                offset_y_mm=Decimal("-1.0"),
                note="Căn chỉnh ngày 20/02/2022 trên phôi mua năm 2022.",
            )
            save_printer(printer, by=office)
            created.append("printer")
    return f"Blanks: {', '.join(created) or 'unchanged'}."


# --- Awards outside a campaign: an ad-hoc Giấy khen for a deed, the commemorative medal ----------

DEED_DAY = dt.date(2026, 11, 19)
OCCASION_NOMINATED_DAY = dt.date(2026, 11, 23)
OCCASION_SESSION_DAY = dt.date(2026, 11, 25)
AD_HOC_DECISION_DAY = dt.date(2026, 11, 26)
MEDAL_PROPOSAL_DAY = dt.date(2026, 11, 30)
AD_HOC_TYPE = "Giấy khen đột xuất của Chủ tịch Liên minh HTX tỉnh"
MEDAL_TYPE = "Kỷ niệm chương “Vì sự nghiệp phát triển Hợp tác xã Việt Nam”"
DEED = "Cứu hộ người và tài sản của thành viên hợp tác xã trong trận lũ ngày 19/11/2026"


def occasion_award_types():
    """The ad-hoc Giấy khen (the leadership grants it on the office's proposal, no Council vote:
    the simplified procedure of LAW.md A6) and the national Alliance's medal (the Council votes,
    the Alliance proposes it upward)."""
    ad_hoc = upsert(
        AwardType,
        {"name": AD_HOC_TYPE},
        {
            "short_name": "Giấy khen đột xuất",
            "category": AwardCategory.FORM,
            "issuer": AwardIssuer.ALLIANCE,
            "for_individuals": True,
            "for_collectives": True,
            "coefficient_key": "bonus_commendation",
            "vote_rule": VoteRule.MAJORITY,
            "paper": Paper.GIAY_KHEN,
            "council_required": False,
            "barred_by_violation": False,
            "conditions_note": "Khen thưởng đột xuất theo thủ tục đơn giản (LAW.md A6, Luật 06/2022 Đ.85) "
            "[chưa xác nhận]: tờ trình và báo cáo tóm tắt thành tích.",
            "order": 15,
        },
    )
    medal = upsert(
        AwardType,
        {"name": MEDAL_TYPE},
        {
            "short_name": "Kỷ niệm chương",
            "category": AwardCategory.FORM,
            "issuer": AwardIssuer.NATIONAL,
            "for_individuals": True,
            "for_collectives": False,
            "coefficient_key": "",
            "vote_rule": VoteRule.MAJORITY,
            "council_required": True,
            "barred_by_violation": False,
            "conditions_note": "Số năm công tác trong hệ thống HTX theo quy chế của Liên minh HTX Việt Nam "
            "[chưa xác nhận]: Hội đồng đối chiếu hồ sơ.",
            "order": 25,
        },
    )
    return ad_hoc, medal


def load_occasions():
    """One ad-hoc Giấy khen issued with no campaign (nomination, decision, certificate) and one
    commemorative medal (nomination with years of service, Council, proposal to the national
    Alliance), through the services. Runs once: when an ad-hoc award or a medal exists, it changes nothing."""
    office = User.objects.filter(role=Role.OFFICE).order_by("pk").first()
    leader = User.objects.filter(role=Role.LEADER).order_by("pk").first()
    unit_user = User.objects.filter(role=Role.UNIT, username="donvi1").select_related("organization").first()
    if office is None or leader is None or unit_user is None or unit_user.organization is None:
        return "Awards outside a campaign: unchanged."
    if Nomination.objects.filter(occasion__in=(Occasion.AD_HOC, Occasion.MEDAL)).exists():
        return "Awards outside a campaign: unchanged."
    unit = unit_user.organization
    people = list(Person.objects.filter(organization=unit).order_by("pk")[:2])
    if len(people) < 2:
        return "Awards outside a campaign: unchanged."
    rescuer, veteran = people
    with transaction.atomic(), translation.override("vi"):
        with happening_at(moment(OCCASION_NOMINATED_DAY, 7)):
            ad_hoc, medal = occasion_award_types()
        # The unit proposes its own member for the deed; the office checks and the leadership approves.
        with happening_at(moment(OCCASION_NOMINATED_DAY, 8)):
            deed = nominations.create_nomination(
                campaign=None,
                occasion=Occasion.AD_HOC,
                occasion_title=DEED,
                occasion_date=DEED_DAY,
                award_type=ad_hoc,
                nominee_kind=NomineeKind.INDIVIDUAL,
                person=rescuer,
                achievements="Trong đêm lũ ngày 19/11/2026, đã cùng tổ xung kích của hợp tác xã sơ tán 12 hộ thành "
                "viên và di chuyển 30 tấn nông sản, máy móc ra khỏi vùng ngập.",
                certificate_text="Đã dũng cảm cứu hộ người và tài sản của thành viên hợp tác xã trong trận lũ "
                "ngày 19/11/2026",
                by=unit_user,
            )
            nominations.submit_nomination(deed, by=unit_user)
            medal_nomination = nominations.create_nomination(
                campaign=None,
                occasion=Occasion.MEDAL,
                service_from=2008,
                award_type=medal,
                nominee_kind=NomineeKind.INDIVIDUAL,
                person=veteran,
                achievements="Công tác liên tục trong hợp tác xã từ năm 2008, nhiều năm hoàn thành xuất sắc nhiệm "
                "vụ, góp phần xây dựng và phát triển hợp tác xã.",
                by=unit_user,
            )
            nominations.submit_nomination(medal_nomination, by=unit_user)
        with happening_at(moment(OCCASION_NOMINATED_DAY + dt.timedelta(days=1), 10)):
            council.approve(deed, by=leader, comment="Đồng ý khen thưởng đột xuất theo thủ tục đơn giản.")
        with happening_at(moment(AD_HOC_DECISION_DAY, 8)):
            decision = decisions.prepare_decision(
                None,
                [deed],
                by=office,
                decided_on=AD_HOC_DECISION_DAY,
                request={"request_by": f"{unit.name}", "request_date": AD_HOC_DECISION_DAY - dt.timedelta(days=3)},
            )
        with happening_at(moment(AD_HOC_DECISION_DAY, 10)):
            decisions.approve_draft(decision, by=leader)
        with happening_at(moment(AD_HOC_DECISION_DAY, 14)):
            decisions.issue_decision(decision, by=leader)

        # The medal: the Council votes (its form asks it), the leadership approves, a TTr goes upward.
        members = list(User.objects.filter(role=Role.COUNCIL, is_active=True).order_by("username"))
        with happening_at(moment(OCCASION_SESSION_DAY, 8)):
            session = council.create_session(
                campaign=None,
                held_on=OCCASION_SESSION_DAY,
                by=office,
                place="Hội trường Liên minh HTX tỉnh Lâm Đồng",
                chair=members[0],
                secretary=office,
                present=members,
                members_total=len(members),
            )
            council.add_to_session(session, council.eligible_nominations(None), by=office)
        with happening_at(moment(OCCASION_SESSION_DAY, 9)):
            for nomination in council.agenda(session):
                for member in members:
                    council.cast_vote(session, nomination, voter=member, choice="agree")
        with happening_at(moment(OCCASION_SESSION_DAY, 10)):
            council.close_session(session, by=office)
        with happening_at(moment(OCCASION_SESSION_DAY + dt.timedelta(days=1), 10)):
            council.approve_all_passed(None, by=leader, comment="Đồng ý đề nghị tặng Kỷ niệm chương.")
        upward = list(decisions.approved_for(None, "proposal", AwardIssuer.NATIONAL, Occasion.MEDAL))
        if upward:
            with happening_at(moment(MEDAL_PROPOSAL_DAY, 8)):
                proposal = decisions.prepare_proposal(
                    None, upward, addressee=AwardIssuer.NATIONAL, by=office, decided_on=MEDAL_PROPOSAL_DAY
                )
            with happening_at(moment(MEDAL_PROPOSAL_DAY, 10)):
                decisions.approve_draft(proposal, by=leader)
            with happening_at(moment(MEDAL_PROPOSAL_DAY, 14)):
                decisions.issue_proposal(proposal, by=leader)
    issued = Decision.objects.filter(campaign__isnull=True, status="issued").count()
    return f"Awards outside a campaign: an ad-hoc Giấy khen and a medal, {issued} documents issued."


# --- Ten years of award history for a few units, before and beside the app (issue 22) -------------

HISTORY_FIRST_YEAR, HISTORY_LAST_YEAR = 2012, 2021
HISTORY_ENTERED_DAY = dt.date(2022, 2, 1)  # the office typed the paper records in before the 2022 round
ALLIANCE_BODY = "Chủ tịch Liên minh Hợp tác xã tỉnh Đắk Nông"
PROVINCE_BODY = "Chủ tịch Ủy ban nhân dân tỉnh Đắk Nông"
PROVINCE_FLAG = "Cờ thi đua của Ủy ban nhân dân tỉnh"
# Years of Chiến sĩ thi đua cơ sở of the featured director and of the other units' directors:
# hers make her due for Chiến sĩ thi đua cấp tỉnh in 2022; the second director's two years make him
# due for the province's Bằng khen; the third's gap year (2020) keeps him off both lists.
FEATURED_CSTDCS = (2016, 2019, 2020, 2021)
OTHER_CSTDCS = [(2020, 2021), (2017, 2018, 2019, 2021), (2015,)]


def _history_units():
    """The units of the demo unit logins (donvi1…), the first whose director is a woman (and whose unit
    is registered in a campaign) first: hers is the history the issue's example follows."""
    units = []
    for user in User.objects.filter(role=Role.UNIT, username__startswith="donvi").order_by("username"):
        director = Person.objects.filter(organization_id=user.organization_id, position="Giám đốc").first()
        if director is not None and user.organization_id not in [u.pk for u, _d in units]:
            units.append((user.organization, director))
    # A woman director first, and of a unit taking part in the campaign of the year after the history
    # (plan 514, closing in 2022) when there is one: her CSTĐ cấp tỉnh is then proposed in its 05/TTr
    # and granted by the province (load_proposal_answers).
    registered = set(
        Registration.objects.filter(campaign__ends_on__year=HISTORY_LAST_YEAR + 1).values_list(
            "organization_id", flat=True
        )
    )
    units.sort(key=lambda pair: (pair[1].gender != "female", pair[0].pk not in registered))
    return units[:4]


def featured_director():
    """The cooperative director whose CSTĐCS of 2019, 2020 and 2021 make her due for CSTĐ cấp tỉnh in 2022."""
    units = _history_units()
    return units[0][1] if units else None


def _numbers():
    """One decision per (body, year, award) as the paper registers ran: 03/QĐ-LMHTX, 04/QĐ-LMHTX…, each
    dated in January of the next year."""
    numbers = {}

    def take(body, year, award):
        key = (body, year, award)
        if key not in numbers:
            count = sum(1 for b, y, _a in numbers if (b, y) == (body, year)) + 1
            base, symbol = (2, "QĐ-LMHTX") if body == ALLIANCE_BODY else (140, "QĐ-UBND")
            numbers[key] = (f"{base + count:02d}/{symbol}", dt.date(year + 1, 1, 10 + count))
        return numbers[key]

    return take


def load_history():
    """Ten years (2012–2021) of awards of four units, their directors and a few of their people,
    entered by the office from the paper records: runs once (unchanged when past entries exist)."""
    office = User.objects.filter(role=Role.OFFICE).order_by("pk").first()
    if office is None or history.AwardRecord.objects.exclude(source="issued_here").exists():
        return "Award history: unchanged."
    units = _history_units()
    if not units:
        return "Award history: no unit logins."
    with transaction.atomic(), translation.override("vi"), happening_at(moment(HISTORY_ENTERED_DAY, 9)):
        nominations.install_default_award_types(by=office, day=HISTORY_ENTERED_DAY)
        types = {t.short_name: t for t in AwardType.objects.all()}
        take = _numbers()

        def enter(year, award_short="", title="", body=ALLIANCE_BODY, **who):
            number, day = take(body, year, award_short or title)
            history.record_past_award(
                by=office,
                year=year,
                award_type=types.get(award_short) if award_short else None,
                title=title,
                deciding_body=body,
                decision_number=number,
                decision_date=day,
                **who,
            )

        for index, (unit, director) in enumerate(units):
            cstdcs_years = FEATURED_CSTDCS if index == 0 else OTHER_CSTDCS[(index - 1) % len(OTHER_CSTDCS)]
            for year in range(HISTORY_FIRST_YEAR, HISTORY_LAST_YEAR + 1):
                # The director: Lao động tiên tiến every year, and the CSTĐCS of the years above.
                enter(year, "LĐTT", person=director)
                if year in cstdcs_years:
                    enter(year, "CSTĐCS", person=director)
                # The unit: an advanced collective most years, an excellent one lately for the first two.
                if index < 2 and year >= 2020:
                    enter(year, "TTLĐXS", organization=unit)
                elif (year + index) % 3:
                    enter(year, "TTLĐTT", organization=unit)
                else:
                    enter(year, "Giấy khen", organization=unit)
            enter(2015 + index, "Bằng khen UBND tỉnh", body=PROVINCE_BODY, organization=unit)
            if index == 1:
                enter(2018, title=PROVINCE_FLAG, body=PROVINCE_BODY, organization=unit)
            # Two people of production with Lao động tiên tiến in recent years.
            workers = Person.objects.filter(organization=unit, is_direct_worker=True).order_by("pk")[:2]
            for worker in workers:
                for year in range(2019, HISTORY_LAST_YEAR + 1):
                    enter(year, "LĐTT", person=worker)
    count = history.AwardRecord.objects.exclude(source="issued_here").count()
    return f"Award history: {count} past awards of {len(units)} units entered."


# --- The proposals of 2022 sent to the province and the national Alliance, and what came back ---------

PROVINCE_SENT_DAY = dt.date(2022, 2, 28)
NATIONAL_SENT_DAY = dt.date(2022, 3, 1)
PROVINCE_ANSWER = ("456/QĐ-UBND", dt.date(2022, 3, 30), "Chủ tịch Ủy ban nhân dân tỉnh Đắk Nông")
DOSSIER_TITLES = {
    "bao_cao": "BÁO CÁO THÀNH TÍCH",
    "bien_ban": "BIÊN BẢN XÉT KHEN THƯỞNG",
    "sang_kien": "XÁC NHẬN SÁNG KIẾN ĐƯỢC CÔNG NHẬN",
    "bao_cao_tom_tat": "BÁO CÁO TÓM TẮT THÀNH TÍCH",
}


def _demo_pdf(name, title, lines):
    """A one-page PDF standing for a paper the office scanned into the dossier."""
    paragraphs = "".join(f"<p>{line}</p>" for line in lines)
    html = (
        '<html><head><meta charset="utf-8"><style>body { font-family: Tinos; font-size: 13pt; } '
        "h1 { font-size: 14pt; text-align: center; }</style></head>"
        f"<body><h1>{title}</h1>{paragraphs}</body></html>"
    )
    return SimpleUploadedFile(name, html_to_pdf(html), content_type="application/pdf")


def load_proposal_answers():
    """Send the two proposals of 25/02/2022 with their dossiers; the province answers 05/TTr by decision
    456/QĐ-UBND of 30/03/2022 (its lines enter the award history and the honour board); the national
    Alliance has not answered 06/TTr, which the dashboard shows overdue. Runs once."""
    office = User.objects.filter(role=Role.OFFICE).order_by("pk").first()
    sent = Decision.objects.filter(kind=Decision.Kind.PROPOSAL, status="issued", decided_on=DECISION_DAY)
    if office is None or not sent.exists() or sent.filter(dispatch__isnull=False).exists():
        return "Proposals: unchanged."
    with transaction.atomic(), translation.override("vi"):
        for proposal in sent.order_by("document__number"):
            day = PROVINCE_SENT_DAY if proposal.addressee == AwardIssuer.PROVINCE else NATIONAL_SENT_DAY
            with happening_at(moment(day, 8)):
                for component, line in proposals.uploadable_components(proposal):
                    if any(
                        row["met"]
                        for row in proposals.dossier(proposal)["rows"]
                        if row["component"] == component and row["line"] == line
                    ):
                        continue
                    who = line.nomination.nominee_name if line else proposal.document.reference
                    pdf = _demo_pdf(
                        f"{component}.pdf",
                        DOSSIER_TITLES[component],
                        [who, line.nomination.achievements if line else proposal.title],
                    )
                    proposals.add_dossier_file(proposal, pdf, component=component, line=line, by=office)
            with happening_at(moment(day, 15)):
                proposals.send_proposal(proposal, sent_on=day, how="Hệ thống quản lý văn bản và điều hành", by=office)
            if proposal.addressee != AwardIssuer.PROVINCE:
                continue
            reference, answered_on, body = PROVINCE_ANSWER
            with happening_at(moment(answered_on + dt.timedelta(days=1), 9)):
                scan = _demo_pdf(
                    "qd-456-ubnd.pdf",
                    "QUYẾT ĐỊNH",
                    [f"Số: {reference}", f"Về việc khen thưởng theo Tờ trình số {proposal.document.reference}"],
                )
                proposals.record_answer(
                    proposal,
                    reference=reference,
                    decided_on=answered_on,
                    body=body,
                    uploaded_file=scan,
                    granted=list(proposal.awards.all()),
                    by=office,
                )
    return f"Proposals: {sent.count()} sent; lines answered: {LineAnswer.objects.count()}."

"""Demo campaigns: plan 514/KH-LMHTX running with registrations, submissions in every state,
violations and reminders; a closed campaign of 2020 and a running one of 2026 under the new map.

Deterministic (a fixed seed). Every change goes through the services, each one run under a
clock standing at the moment it happened (`members.demo.happening_at`), so that the history
rows, events and timestamps are those the services write and carry the dates of the winter of
2021. A campaign already in the database is left as it is: a rerun adds nothing.
"""

import datetime as dt
import functools
import io
import random
import unicodedata
import zlib
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail import get_connection
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from core.demo import happening_at, moment
from documents.identity import issuer_on
from documents.services import set_next_number
from members.models import Organization, OrganizationKind, Role, User

from . import services, submissions
from .models import (
    Campaign,
    CampaignKind,
    ClassificationBand,
    Criterion,
    CriterionGroup,
    GroupingLevel,
    LegalBasis,
    PeriodKind,
    ReportingPeriod,
    ReportTopic,
    ScoringRule,
    Submission,
    SubmissionStatus,
    ViolationEffect,
)
from .plan import PLAN_SYMBOL, issue_plan
from .reminders import send_reminders
from .score_table import refreshes_held
from .violations import record_violation

PARAGRAPH = "\n\n"
D = Decimal

PLAN_514_DAY = dt.date(2021, 11, 8)

# The "Nơi nhận" block of plan 514/KH-LMHTX.
PLAN_514_RECIPIENTS = "\n".join(
    [
        "Ban Thi đua Khen thưởng LMHTXVN;",
        "Thường trực LMHTX tỉnh;",
        "Các đơn vị thành viên;",
        "Các phòng, Ban đơn vị trực thuộc Liên minh HTX tỉnh;",
        "Lưu: VT, VP (Thu).",
    ]
)

# The texts of plan 514/KH-LMHTX as restored in the seed, paragraph by paragraph.
PLAN_514 = {
    "name": "Triển khai phong trào thi đua đặc biệt “Liên minh Hợp tác xã tỉnh Đắk Nông cùng các Hợp tác xã trong tỉnh đoàn kết, chung sức, đồng lòng thi đua phòng, chống và chiến thắng đại dịch Covid-19”",
    "preamble": PARAGRAPH.join(
        [
            "Thực hiện Kế hoạch số 747/KH-LMHTXVN ngày 19/10/2021 của Liên minh HTX Việt Nam về triển khai phong trào thi đua đặc biệt: “Liên minh HTX Việt Nam cùng cả nước đoàn kết, chung sức đồng lòng thi đua phòng, chống và chiến thắng đại dịch Covid-19”; Liên minh HTX tỉnh Đắk Nông ban hành Kế hoạch triển khai cụ thể như sau:",
        ]
    ),
    "purpose": PARAGRAPH.join(
        [
            "**1. Mục đích**",
            "Phổ biến quán triệt, triển khai thực hiện tốt, có hiệu quả Quyết định số 1497/QĐ-TTg ngày 10/9/2021 của Thủ tướng Chính phủ về việc ban hành Kế hoạch triển khai phong trào thi đua đặc biệt “Cả nước đoàn kết, chung sức đồng lòng thi đua phòng, chống dịch Covid-19”, vừa thực hiện tốt nhiệm vụ chính trị của Liên minh HTX tỉnh Đắk Nông, góp phần phục hồi và phát triển kinh tế - xã hội, đảm bảo an sinh xã hội và đời sống, sức khỏe nhân dân;",
            "Tập trung khôi phục, phát triển hoạt động sản xuất kinh doanh của các THT, HTX trong toàn tỉnh gắn với việc đảm bảo an toàn phòng, chống dịch Covid-19. Tuyên truyền các biện pháp nhằm tháo gỡ những điểm nghẽn, ách tắc với phương châm “sớm nhất - hiệu quả nhất”; giảm thiểu tối đa số THT, HTX tạm ngừng hoạt động, giải thể, phá sản do dịch Covid-19.",
            "Huy động, phát huy sức mạnh tổng hợp của Liên minh Hợp tác xã tỉnh trong tổ chức triển khai các phong trào thi đua, làm cho thi đua thực sự trở thành phong trào hành động sâu rộng, ý thức tự giác, trách nhiệm tạo động lực hoàn thành tốt các nhiệm vụ chính trị được giao, góp phần thực hiện thắng lợi các nhiệm vụ phát triển kinh tế - xã hội của tỉnh theo Nghị quyết Đại hội đại biểu lần thứ XII của Đảng bộ tỉnh.",
            "Chủ động nghiên cứu, đề ra giải pháp đột phá thực hiện mạnh mẽ, quyết liệt, có hiệu quả phong trào thi đua; đổi mới, nâng cao chất lượng công tác khen thưởng; chủ động phát hiện, nhân rộng các điển hình và giải quyết kịp thời những khó khăn, vướng mắc trong quá trình thực hiện.",
        ]
    ),
    "requirements": PARAGRAPH.join(
        [
            "**2. Yêu cầu**",
            "Phong trào thi đua cần được tổ chức có trọng tâm, trọng điểm, với các tiêu chí cụ thể, rõ ràng, thiết thực, khả thi; kết hợp chặt chẽ giữa thực hiện phong trào thi đua thường xuyên; kết thúc phong trào thi đua tổng kết, đánh giá kết quả; ưu tiên khen thưởng động viên các đối tượng là người lao động trực tiếp, các tập thể; tập trung khen thưởng cho các cá nhân có thành tích xuất sắc trong các phong trào thi đua.",
        ]
    ),
    "subjects": PARAGRAPH.join(
        [
            "**1. Đối tượng thi đua**",
            "Các tập thể, cá nhân thuộc Liên minh Hợp tác xã tỉnh.",
            "Các tập thể, cá nhân thuộc các THT, hợp tác xã, Liên hiệp hợp tác xã, quỹ tín dụng nhân dân thành viên.",
        ]
    ),
    "content": PARAGRAPH.join(
        [
            "**2. Nội dung thi đua**",
            "**2.1. Quán triệt, triển khai thực hiện đồng bộ Chỉ thị số 19/CT-TTg; xây dựng, hoàn thiện, tuyên truyền, phổ biến các chủ trương, chính sách của Đảng, pháp luật của Nhà nước về thi đua, khen thưởng**",
            "Tổ chức quán triệt, triển khai thực hiện đồng bộ, tuyên truyền có hiệu quả nội dung Chỉ thị số 19/CT-TTg, tạo sự chuyển biến mạnh mẽ, rõ nét trong lãnh đạo, chỉ đạo và tổ chức triển khai phong trào thi đua, công tác khen thưởng. Tăng cường vai trò, trách nhiệm của cấp ủy, thủ trưởng đơn vị, Hội đồng Thi đua - Khen thưởng trong việc triển khai thực hiện Chỉ thị số 19/CT-TTg, gắn với thực hiện nhiệm vụ chính trị của hệ thống Liên minh Hợp tác xã tỉnh, góp phần thực hiện thắng lợi nhiệm vụ phát triển kinh tế - xã hội theo Nghị quyết Đại hội tỉnh Đảng bộ lần thứ XII.",
            "Kịp thời sửa đổi, bổ sung Quy chế Thi đua - Khen thưởng của Liên minh Hợp tác xã tỉnh cho phù hợp với quy định mới của Trung ương, Liên minh Hợp tác xã Việt Nam và của tỉnh.",
            "**2.2. Phong trào thi đua đặc biệt “Cả nước đoàn kết, chung sức, đồng lòng thi đua phòng, chống và chiến thắng đại dịch Covid-19”**",
            "Xây dựng kế hoạch thực hiện phong trào thi đua đặc biệt “Toàn dân đoàn kết, chung sức, đồng lòng thi đua phòng, chống và chiến thắng đại dịch Covid-19”; tăng cường tuyên truyền nhằm huy động sự chung tay, góp sức của cả hệ thống Liên minh Hợp tác xã tỉnh vào công tác phòng, chống dịch bệnh Covid-19 theo Lời kêu gọi toàn dân đoàn kết phòng, chống đại dịch Covid-19 của Tổng Bí thư Nguyễn Phú Trọng ngày 29/7/2021. Thi đua thực hiện toàn diện, đồng bộ các giải pháp mạnh mẽ, quyết liệt, hiệu quả, huy động các nguồn lực, động viên, khích lệ toàn thể đội ngũ cán bộ, viên chức, người lao động tự giác, tích cực tham gia phòng, chống dịch bệnh Covid-19. Chủ động, linh hoạt đề xuất các sáng kiến, giải pháp công tác, mô hình mới, cách làm sáng tạo, hiệu quả trong thực hiện mục tiêu kép “Vừa phòng, chống đại dịch Covid-19, vừa thực hiện tốt nhiệm vụ chính trị, góp phần phục hồi và phát triển kinh tế - xã hội, bảo đảm an sinh xã hội”.",
            "Thi đua hưởng ứng triển khai thực hiện nghiêm Chiến lược tiêm vắc xin trong phòng chống Covid-19 nhằm đạt tỷ lệ miễn dịch trong cộng đồng. Thi đua đẩy mạnh ứng dụng công nghệ thông tin trong công tác phòng chống dịch Covid-19, tuyên truyền sâu rộng cho đội ngũ cán bộ, người lao động trong khu vực kinh tế tập thể để hiểu, tin tưởng thực hiện các biện pháp phòng, chống dịch Covid-19 do Chính phủ, Thủ tướng và các cấp chính quyền triển khai.",
            "Tiếp tục triển khai Chương trình 503/CTr-LMHTXVN ngày 04 tháng 8 năm 2021 của Liên minh Hợp tác xã Việt Nam về kết nối cung - cầu, tiêu thụ hàng hóa do hợp tác xã, tổ hợp tác sản xuất theo chuỗi cung ứng; Công văn số 630/LMHTXVN-CSPT ngày 15 tháng 9 năm 2021 của Liên minh Hợp tác xã Việt Nam về việc triển khai Nghị quyết 105/NQ-CP ngày 9 tháng 9 năm 2021 của Chính phủ về hỗ trợ doanh nghiệp, hợp tác xã, hộ kinh doanh trong bối cảnh dịch Covid-19 và tiếp tục duy trì hoạt động Tổ kết nối hỗ trợ tiêu thụ nông sản do Liên minh Hợp tác xã tỉnh Đắk Nông thành lập.",
        ]
    ),
    "solutions": PARAGRAPH.join(
        [
            "**3. Giải pháp**",
            "**3.1.** Phát động, tổ chức triển khai phong trào thi đua với nội dung, tiêu chí cụ thể, hình thức phù hợp, thiết thực tạo sự chuyển biến mạnh mẽ về nhận thức và quyết tâm cao hơn nữa trong hành động của cấp ủy và người đứng đầu đơn vị tạo sự đồng thuận cao và phát huy sức mạnh tổng hợp của khu vực kinh tế tập thể;",
            "**3.2.** Đẩy mạnh tuyên truyền bằng nhiều hình thức, phù hợp với các biện pháp phòng, chống dịch Covid-19 và yêu cầu nghiêm ngặt trong phòng chống dịch để nâng cao nhận thức, ý thức cho đội ngũ cán bộ, người lao động khu vực kinh tế tập thể; đồng thời cổ vũ thi đua chấp hành tốt các quy định của cấp ủy, phát huy truyền thống “tương thân, tương ái”, “lá lành đùm lá rách”, sẵn sàng hỗ trợ nhau vượt qua khó khăn. Đưa tin website biểu dương, nhân rộng các gương tập thể cá nhân điển hình, người tốt, việc tốt và đồng thời phát hiện, ngăn chặn, xử lý nghiêm các trường hợp vi phạm quy định về phòng chống dịch Covid-19.",
            "**3.3.** Tăng cường công tác theo dõi, kiểm tra, giám sát, kịp thời phát hiện, chấn chỉnh, khắc phục những tồn tại, hạn chế trong quá trình tổ chức thực hiện phong trào thi đua và công tác khen thưởng. Đảm bảo nguồn lực phù hợp cho tổ chức thực hiện hiệu quả công tác thi đua, khen thưởng.",
        ]
    ),
    "implementation": PARAGRAPH.join(
        [
            "Giao Văn phòng (Bộ phận Thường trực Hội đồng thi đua khen thưởng cơ quan) căn cứ nội dung kế hoạch tham mưu Thường trực Liên minh Hợp tác xã triển khai, theo dõi, đôn đốc tổ chức thực hiện nội dung Kế hoạch này; đồng thời thực hiện việc báo cáo kết quả thực hiện phong trào thi đua về Ban Thi đua - Khen thưởng Liên minh Hợp tác xã Việt Nam theo quy định.",
        ]
    ),
    "closing": PARAGRAPH.join(
        [
            "Trên đây là Kế hoạch Triển khai phong trào thi đua đặc biệt “Liên minh Hợp tác xã tỉnh Đắk Nông cùng các Hợp tác xã trong tỉnh đoàn kết, chung sức, đồng lòng thi đua phòng, chống và chiến thắng đại dịch Covid-19”. Đề nghị các phòng, ban, đơn vị trực thuộc Liên minh HTX tỉnh và các đơn vị thành viên Liên minh HTX tỉnh nghiêm túc triển khai thực hiện./.",
        ]
    ),
}


SUBJECT_KINDS = [
    OrganizationKind.DEPARTMENT,
    OrganizationKind.COOPERATIVE,
    OrganizationKind.GROUP,
    OrganizationKind.UNION,
    OrganizationKind.CREDIT_FUND,
]
MEMBER_KINDS = SUBJECT_KINDS[1:]

LEGAL_BASES_514 = [
    (
        "747/KH-LMHTXVN",
        dt.date(2021, 10, 19),
        "Liên minh HTX Việt Nam",
        "Kế hoạch triển khai phong trào thi đua đặc biệt “Liên minh HTX Việt Nam cùng cả nước đoàn kết, "
        "chung sức đồng lòng thi đua phòng, chống và chiến thắng đại dịch Covid-19”",
    ),
    (
        "1497/QĐ-TTg",
        dt.date(2021, 9, 10),
        "Thủ tướng Chính phủ",
        "Ban hành Kế hoạch triển khai phong trào thi đua đặc biệt “Cả nước đoàn kết, chung sức đồng lòng thi đua "
        "phòng, chống dịch Covid-19”",
    ),
    ("19/CT-TTg", None, "Thủ tướng Chính phủ", "Về công tác thi đua, khen thưởng"),
    (
        "503/CTr-LMHTXVN",
        dt.date(2021, 8, 4),
        "Liên minh HTX Việt Nam",
        "Chương trình kết nối cung - cầu, tiêu thụ hàng hóa do hợp tác xã, tổ hợp tác sản xuất theo chuỗi cung ứng",
    ),
    (
        "630/LMHTXVN-CSPT",
        dt.date(2021, 9, 15),
        "Liên minh HTX Việt Nam",
        "Về việc triển khai Nghị quyết 105/NQ-CP ngày 9 tháng 9 năm 2021 của Chính phủ",
    ),
    (
        "105/NQ-CP",
        dt.date(2021, 9, 9),
        "Chính phủ",
        "Về hỗ trợ doanh nghiệp, hợp tác xã, hộ kinh doanh trong bối cảnh dịch Covid-19",
    ),
]

PERIODS_514 = [
    ("Tháng 11/2021", dt.date(2021, 11, 8), dt.date(2021, 11, 30), dt.date(2021, 12, 5)),
    ("Tháng 12/2021", dt.date(2021, 12, 1), dt.date(2021, 12, 31), dt.date(2022, 1, 5)),
    ("Tháng 01/2022", dt.date(2022, 1, 1), dt.date(2022, 1, 31), dt.date(2022, 2, 5)),
]

GROUPS_514 = [
    "I. Phòng, chống dịch Covid-19",
    "II. Duy trì, khôi phục sản xuất kinh doanh",
    "III. Tuyên truyền, sáng kiến và tương thân tương ái",
]
PRODUCERS = [OrganizationKind.COOPERATIVE, OrganizationKind.GROUP, OrganizationKind.UNION]

# code, group, name, unit, rule, max, per unit, target, kinds, evidence, how it is measured, report section
CRITERIA_514 = [
    ("1.1", 0, "Tỷ lệ người lao động được tiêm đủ liều vắc xin phòng Covid-19", "%", ScoringRule.TARGET,
     15, None, 100, [], True, "Số người lao động đã tiêm đủ liều / tổng số người lao động của đơn vị cuối kỳ.", ReportTopic.VACCINATION),
    ("1.2", 0, "Chấp hành quy định phòng, chống dịch Covid-19", "lần vi phạm", ScoringRule.DEDUCTION,
     10, 5, None, [], False, "Trừ 5 điểm cho mỗi vi phạm do Văn phòng ghi nhận trong kỳ, không dưới 0 điểm.", ReportTopic.NONE),
    ("1.3", 0, "Không để xảy ra vi phạm nghiêm trọng quy định phòng, chống dịch", "", ScoringRule.VETO,
     0, None, None, [], False, "Đơn vị có vi phạm nghiêm trọng không được xét khen thưởng trong phong trào.", ReportTopic.NONE),
    ("1.4", 0, "Ứng dụng công nghệ thông tin trong phòng, chống dịch (khai báo y tế, mã QR, PC-Covid)", "có/không",
     ScoringRule.YES_NO, 5, None, None, [], False, "", ReportTopic.IT_APPLICATION),
    ("2.1", 1, "Duy trì hoạt động hoặc khôi phục hoạt động đến cuối kỳ", "có/không", ScoringRule.YES_NO,
     10, None, None, [], False, "", ReportTopic.OPERATION),
    ("2.2", 1, "Doanh thu so với cùng kỳ năm trước", "%", ScoringRule.TARGET,
     15, None, 100, [], True, "Doanh thu trong kỳ so với cùng kỳ năm 2020, theo sổ sách kế toán.", ReportTopic.NONE),
    ("2.3", 1, "Tỷ lệ việc làm của người lao động được duy trì", "%", ScoringRule.PERCENTAGE,
     10, None, None, [], False, "", ReportTopic.NONE),
    ("2.4", 1, "Doanh số tiêu thụ qua kết nối cung - cầu theo Chương trình 503/CTr-LMHTXVN", "triệu đồng",
     ScoringRule.TARGET, 10, None, 200, PRODUCERS, True, "Giá trị hàng hóa bán qua các kênh kết nối cung - cầu.", ReportTopic.SUPPLY_DEMAND),
    ("3.1", 2, "Hoạt động tuyên truyền phòng, chống dịch và phong trào thi đua", "hoạt động", ScoringRule.COUNT,
     10, 2, None, [], False, "2 điểm mỗi hoạt động (bài viết, tin, buổi phổ biến), tối đa 10 điểm.", ReportTopic.PROPAGANDA),
    ("3.2", 2, "Sáng kiến, giải pháp, mô hình mới, cách làm sáng tạo", "sáng kiến", ScoringRule.QUALITATIVE,
     10, None, None, [], False, "Văn phòng chấm điểm theo hiệu quả và khả năng nhân rộng.", ReportTopic.INITIATIVE),
    ("3.3", 2, "Hỗ trợ cộng đồng, đơn vị khác vượt qua khó khăn do dịch", "triệu đồng", ScoringRule.TARGET,
     5, None, 20, [], False, "Tiền và hiện vật quy đổi ủng hộ công tác phòng, chống dịch.", ReportTopic.COMMUNITY_SUPPORT),
]  # fmt: skip

# Đắk Nông's goods sold through the supply-demand connection: product, unit, price (million VND a unit).
PRODUCTS_514 = [
    ("Cà phê nhân", "tấn", 40),
    ("Hồ tiêu", "tấn", 75),
    ("Sầu riêng", "tấn", 55),
    ("Bơ", "tấn", 22),
    ("Hạt mắc ca", "tấn", 90),
    ("Chanh dây", "tấn", 12),
    ("Khoai lang", "tấn", 8),
]

BANDS = [("Xuất sắc", 90), ("Tốt", 75), ("Khá", 60), ("Hoàn thành", 50)]

# The 2026 campaign of the Lâm Đồng Alliance (after the merger of 1 July 2025).
PLAN_2026_DAY = dt.date(2026, 6, 15)
PLAN_2026_NUMBER = 21
SHORT_NAME_2026 = "Thi đua chuyển đổi số HTX 2026"
REPORTING_NOTE_2026 = "Đơn vị gửi báo cáo hằng tháng đầy đủ, đúng hạn trên phần mềm thi đua của Liên minh."
DIGITAL_GROUP = "III. Chuyển đổi số"
PLAN_2026 = {
    "name": "Phát động phong trào thi đua “Hợp tác xã tỉnh Lâm Đồng đẩy mạnh chuyển đổi số, phát triển "
    "bền vững” năm 2026",
    "preamble": "Thực hiện Luật Thi đua, khen thưởng số 06/2022/QH15 và Nghị định số 152/2025/NĐ-CP của Chính phủ; "
    "nhân kỷ niệm một năm hợp nhất tỉnh, Liên minh Hợp tác xã tỉnh Lâm Đồng ban hành Kế hoạch phát động phong "
    "trào thi đua như sau:",
    "purpose": PARAGRAPH.join(
        [
            "**1. Mục đích**",
            "Đẩy mạnh ứng dụng công nghệ số trong sản xuất, kinh doanh và quản trị của các hợp tác xã, tổ hợp tác "
            "trên địa bàn tỉnh sau hợp nhất; nâng cao thu nhập cho thành viên và người lao động.",
        ]
    ),
    "requirements": PARAGRAPH.join(
        [
            "**2. Yêu cầu**",
            "Phong trào được tổ chức thiết thực, có tiêu chí cụ thể; báo cáo kết quả hằng tháng trên phần mềm thi "
            "đua của Liên minh; kịp thời biểu dương, khen thưởng các tập thể, cá nhân tiêu biểu.",
        ]
    ),
    "content": PARAGRAPH.join(
        [
            "**2. Nội dung thi đua**",
            "Thi đua hoàn thành kế hoạch sản xuất, kinh doanh năm 2026; nâng cao thu nhập của thành viên, người "
            "lao động; phát triển thành viên mới.",
            "Thi đua ứng dụng chuyển đổi số: bán hàng trên sàn thương mại điện tử, sử dụng hóa đơn điện tử, truy "
            "xuất nguồn gốc sản phẩm, kế toán trên phần mềm.",
        ]
    ),
    "implementation": "Giao Văn phòng Liên minh Hợp tác xã tỉnh theo dõi, đôn đốc, tổng hợp kết quả và tham mưu "
    "sơ kết, khen thưởng theo quy định.",
    "closing": "Đề nghị các đơn vị thành viên Liên minh Hợp tác xã tỉnh nghiêm túc triển khai thực hiện./.",
}

RETURN_REASONS = [
    "Thiếu bảng kê danh sách người lao động đã tiêm đủ liều vắc xin; đề nghị đơn vị bổ sung minh chứng.",
    "Doanh thu so với cùng kỳ chưa khớp với báo cáo tài chính; đề nghị kiểm tra lại số liệu và gửi lại.",
    "Doanh số kết nối cung - cầu chưa kèm hợp đồng, hóa đơn; đề nghị bổ sung.",
]
INITIATIVES = [
    "Bán cà phê, hồ tiêu qua sàn thương mại điện tử và nhóm Zalo của Tổ kết nối tiêu thụ nông sản.",
    "Tổ chức “ba tại chỗ” cho người lao động trong mùa thu hoạch cà phê.",
    "Giao hàng không tiếp xúc cho các khu cách ly.",
    "Lắp mã QR khai báo y tế tại điểm thu mua nông sản.",
    "",
]

VIOLATIONS = [
    # (index among registered units, date, description, effect, points, criterion code)
    (5, dt.date(2021, 11, 20), "Tổ chức đại hội thành viên tập trung đông người trong thời gian giãn cách, "
     "không thực hiện khai báo y tế; đã bị UBND xã lập biên bản xử phạt.", ViolationEffect.VETO, 0, "1.3"),
    (11, dt.date(2021, 12, 9), "Điểm thu mua nông sản không bố trí nơi rửa tay, người lao động không đeo khẩu trang.",
     ViolationEffect.DEDUCTION, 5, "1.2"),
]  # fmt: skip


def ascii_text(text):
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def tiny_pdf(title):
    """A one-page PDF that readers open, saying what it stands for (ASCII: no font embedded)."""
    text = ascii_text(title).replace("\\", "").replace("(", "").replace(")", "")[:90]
    stream = f"BT /F1 12 Tf 60 780 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def tiny_png(seed):
    """A small photo-like PNG (a coloured field with a band), made with Pillow in memory."""

    rng = random.Random(seed)
    image = Image.new("RGB", (160, 120), (rng.randint(60, 200), rng.randint(120, 200), rng.randint(60, 160)))
    ImageDraw.Draw(image).rectangle([0, 80, 160, 120], fill=(90, 60, 30))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


class Timeline:
    """The demo's history as steps at their moments, run in the order they happened, each one
    under a clock standing at its moment, so that the services stamp it as it was."""

    def __init__(self):
        self.steps = []

    def add(self, when, step, *args, **kwargs):
        self.steps.append((when, len(self.steps), functools.partial(step, *args, **kwargs)))

    def run(self):
        for when, _order, step in sorted(self.steps, key=lambda s: s[:2]):
            with happening_at(when):
                step()
        self.steps.clear()


class CampaignDemo:
    """Builds the demo campaigns; `build()` returns one line that sums up what is there.

    A campaign's draft, plan parts, plan and launch are entered at once, under the clock of
    their days; what units and the office did afterwards (registrations, reports, reviews,
    violations, reminders) is laid on a timeline and replayed in the order it happened.
    """

    def __init__(self, seed=514):
        self.rng = random.Random(seed)

    @transaction.atomic
    def build(self):
        self.office = User.objects.filter(role=Role.OFFICE).order_by("pk").first()
        self.leader = User.objects.filter(role=Role.LEADER).order_by("pk").first()
        self.accounts = {}
        for user in User.objects.filter(role=Role.UNIT, is_active=True).order_by("username"):
            self.accounts.setdefault(user.organization_id, user)
        self.timeline = Timeline()
        self.registered_at = {}
        # Scores are refreshed once per campaign at the end, not after each of the many changes.
        with refreshes_held():
            regular_2020 = self.campaign_2020()
            plan = self.campaign_514()
            lam_dong = self.campaign_2026(regular_2020)
            self.timeline.run()
        return (
            f"Campaigns: {Campaign.objects.count()} (514/KH-LMHTX: {plan.registrations.count()} registrations, "
            f"{Submission.objects.filter(period__campaign=plan).count()} submissions; "
            f"2026: {lam_dong.registrations.count()} registrations, "
            f"{Submission.objects.filter(period__campaign=lam_dong).count()} submissions)."
        )

    # --- shared pieces -------------------------------------------------------------------

    def new_campaign(self, fields, legal_bases=()):
        """A draft as the office enters it through the campaign form, with its legal bases."""
        campaign = Campaign(**fields, created_by=self.office)
        campaign._history_user = self.office
        campaign.save()
        for order, (number, issued_on, issuer, title) in enumerate(legal_bases):
            LegalBasis.objects.create(
                campaign=campaign, number=number, issued_on=issued_on, issuer=issuer, title=title, order=order
            )
        return campaign

    def plan_parts(self, campaign, group_names, criteria_rows):
        """The criterion groups, criteria and bands of a draft, saved as the plan editor saves them."""
        groups = [
            services.save_plan_part(CriterionGroup(campaign=campaign, name=name, order=order))
            for order, name in enumerate(group_names, start=1)
        ]
        criteria = [
            services.save_plan_part(Criterion(campaign=campaign, group=groups[group], order=order, **fields))
            for order, (group, fields) in enumerate(criteria_rows)
        ]
        for name, score in BANDS:
            services.save_plan_part(ClassificationBand(campaign=campaign, name=name, min_score=D(score)))
        return criteria

    def issue_plan(self, campaign, number):
        """The plan stands in the register under the number it was signed with."""
        issuer = issuer_on(campaign.plan_date)
        set_next_number(
            year=campaign.plan_date.year,
            type_symbol=PLAN_SYMBOL,
            issuer_symbol=issuer.symbol,
            next_number=number,
            by=self.office,
        )
        issue_plan(campaign, by=self.office)

    def unit_user(self, org):
        """Who acted for the unit: its account, or the office typing in a paper report."""
        return self.accounts.get(org.pk, self.office)

    def register(self, campaign, org, when, note, targets=None, *, checked=True):
        """The unit registers at `when` (on the timeline); its reports come after that. The office
        checks the registration two days later (`checked`), through the service as on its page."""
        self.registered_at[campaign.pk, org.pk] = when
        self.timeline.add(when, services.register, campaign, org, by=self.unit_user(org), note=note, targets=targets)
        if checked:
            self.timeline.add(when + dt.timedelta(days=2), self.verify_registration, campaign, org)

    def verify_registration(self, campaign, org):
        registration = campaign.registrations.get(organization=org)
        services.verify_registration(registration, by=self.office)

    # --- the campaigns -------------------------------------------------------------------

    def campaign_2020(self):
        existing = Campaign.objects.filter(plan_number=12, plan_date=dt.date(2020, 2, 10)).first()
        if existing is not None:
            return existing
        with happening_at(moment(dt.date(2020, 2, 3), 8)):
            campaign = self.new_campaign(
                {
                    "plan_number": 12,
                    "plan_date": dt.date(2020, 2, 10),
                    "name": "Phát động phong trào thi đua năm 2020 trong hệ thống Liên minh Hợp tác xã tỉnh Đắk Nông",
                    "short_name": "Thi đua thường xuyên năm 2020",
                    "kind": CampaignKind.REGULAR,
                    "preamble": "Thực hiện Luật Thi đua, Khen thưởng và Quy chế Thi đua - Khen thưởng của Liên minh "
                    "Hợp tác xã tỉnh, Liên minh HTX tỉnh Đắk Nông phát động phong trào thi đua năm 2020 như sau:",
                    "subjects": "Các hợp tác xã, tổ hợp tác, liên hiệp hợp tác xã, quỹ tín dụng nhân dân thành viên.",
                    "subject_kinds": list(MEMBER_KINDS),
                    "starts_on": dt.date(2020, 1, 1),
                    "ends_on": dt.date(2020, 12, 31),
                    "grouping_level": GroupingLevel.DISTRICT,
                }
            )
            services.save_period(
                ReportingPeriod(
                    campaign=campaign,
                    name="Năm 2020",
                    kind=PeriodKind.FINAL,
                    starts_on=dt.date(2020, 1, 1),
                    ends_on=dt.date(2020, 12, 31),
                    deadline=dt.date(2021, 1, 10),
                )
            )
            rows = [
                ("1.1", 0, "Doanh thu so với kế hoạch năm", "%", ScoringRule.TARGET, 40, None, 100),
                ("1.2", 0, "Thu nhập bình quân của người lao động tăng so với năm trước", "có/không",
                 ScoringRule.YES_NO, 20, None, None),
                ("2.1", 1, "Kết nạp thành viên mới", "thành viên", ScoringRule.COUNT, 20, 2, None),
                ("2.2", 1, "Thực hiện chế độ báo cáo đầy đủ, đúng hạn", "", ScoringRule.QUALITATIVE, 20, None, None),
            ]  # fmt: skip
            self.plan_parts(
                campaign,
                ["I. Sản xuất kinh doanh", "II. Xây dựng tổ chức"],
                [
                    (
                        group,
                        {
                            "code": code,
                            "name": name,
                            "unit": unit,
                            "rule": rule,
                            "max_points": D(points),
                            "points_per_unit": None if per_unit is None else D(per_unit),
                            "target": None if target is None else D(target),
                        },
                    )
                    for code, group, name, unit, rule, points, per_unit, target in rows
                ],
            )
        for when, step, note in [
            (moment(dt.date(2020, 2, 10)), services.launch, "Phát động tại Hội nghị tổng kết năm 2019."),
            (moment(dt.date(2020, 3, 1)), services.start, ""),
            (moment(dt.date(2021, 1, 20)), services.close, "Tổng kết phong trào thi đua năm 2020."),
        ]:
            with happening_at(when):
                step(campaign, by=self.office, note=note)
        return campaign

    def campaign_514(self):
        existing = Campaign.objects.filter(plan_number=514, plan_date=PLAN_514_DAY).first()
        if existing is not None:
            return existing
        with happening_at(moment(PLAN_514_DAY - dt.timedelta(days=5), 8)):
            campaign = self.new_campaign(
                {
                    **PLAN_514,
                    "plan_number": 514,
                    "plan_date": PLAN_514_DAY,
                    "short_name": "Thi đua đặc biệt phòng, chống Covid-19",
                    "plan_recipients": PLAN_514_RECIPIENTS,
                    "kind": CampaignKind.SPECIAL,
                    "subject_kinds": list(SUBJECT_KINDS),
                    "starts_on": PLAN_514_DAY,
                    "ends_on": dt.date(2022, 1, 31),
                    "registration_closes_on": dt.date(2021, 11, 30),
                    "rankings_public": True,
                    "grouping_level": GroupingLevel.DISTRICT,
                },
                LEGAL_BASES_514,
            )
            periods = [
                services.save_period(
                    ReportingPeriod(
                        campaign=campaign,
                        name=name,
                        kind=PeriodKind.MONTH,
                        starts_on=start,
                        ends_on=end,
                        deadline=deadline,
                    )
                )
                for name, start, end, deadline in PERIODS_514
            ]
            criteria = self.plan_parts(
                campaign,
                GROUPS_514,
                [
                    (
                        group,
                        {
                            "code": code,
                            "name": name,
                            "description": description,
                            "unit": unit,
                            "rule": rule,
                            "max_points": D(points),
                            "points_per_unit": None if per_unit is None else D(per_unit),
                            "target": None if target is None else D(target),
                            "kinds": list(kinds),
                            "evidence_required": evidence,
                            "report_topic": topic,
                        },
                    )
                    for code, group, name, unit, rule, points, per_unit, target, kinds, evidence, description, topic in CRITERIA_514
                ],
            )
        with happening_at(moment(PLAN_514_DAY, 14)):
            self.issue_plan(campaign, 514)
            services.launch(campaign, by=self.office, note="Kế hoạch số 514/KH-LMHTX được ký ban hành.")
        self.timeline.add(
            moment(dt.date(2021, 11, 15), 8),
            services.start,
            campaign,
            by=self.office,
            note="Bắt đầu nhận báo cáo kết quả hằng tháng.",
        )
        registered = self.registrations(campaign, criteria)
        self.submissions(periods, criteria, registered)
        self.violations(campaign, criteria, registered)
        self.reminders(periods[1])
        return campaign

    def campaign_2026(self, source):
        """The 2026 campaign of the Lâm Đồng Alliance, running: the regular criteria copied from
        2020 through the copy service, with a digital-transformation group; grouped by province,
        so that the units of the former Đắk Nông rank under Lâm Đồng."""
        existing = Campaign.objects.filter(short_name=SHORT_NAME_2026).first()
        if existing is not None:
            return existing
        with happening_at(moment(PLAN_2026_DAY - dt.timedelta(days=7), 8)):
            campaign = self.new_campaign(
                {
                    **PLAN_2026,
                    "short_name": SHORT_NAME_2026,
                    "kind": CampaignKind.THEMATIC,
                    "subjects": PARAGRAPH.join(
                        [
                            "**1. Đối tượng thi đua**",
                            "Các hợp tác xã, tổ hợp tác, liên hiệp hợp tác xã, quỹ tín dụng nhân dân thành viên "
                            "Liên minh Hợp tác xã tỉnh Lâm Đồng.",
                        ]
                    ),
                    "subject_kinds": list(MEMBER_KINDS),
                    "plan_date": PLAN_2026_DAY,
                    "starts_on": dt.date(2026, 7, 1),
                    "ends_on": dt.date(2026, 12, 31),
                    "registration_closes_on": dt.date(2026, 6, 30),
                    "grouping_level": GroupingLevel.PROVINCE,
                }
            )
            self.criteria_2026(campaign, source)
            services.generate_monthly_periods(campaign)
        with happening_at(moment(PLAN_2026_DAY, 15)):
            self.issue_plan(campaign, PLAN_2026_NUMBER)
            services.launch(campaign, by=self.office, note="Kế hoạch được ký ban hành.")
        self.timeline.add(
            moment(dt.date(2026, 7, 1), 8),
            services.start,
            campaign,
            by=self.office,
            note="Bắt đầu nhận báo cáo kết quả hằng tháng.",
        )
        criteria = list(campaign.criteria.order_by("group__order", "order", "pk"))
        periods = list(campaign.periods.order_by("starts_on"))
        registered = self.registrations_2026(campaign)
        self.submissions_2026(periods, criteria, registered)
        return campaign

    def criteria_2026(self, campaign, source):
        """The 2020 criteria copied as the office would, revenue weighted 20, and a digital group."""
        services.copy_criteria(campaign, source, by=self.office)
        revenue = campaign.criteria.get(code="1.1")
        revenue.max_points = D(20)
        services.save_plan_part(revenue)
        group = services.save_plan_part(CriterionGroup(campaign=campaign, name=DIGITAL_GROUP, order=3))
        services.save_plan_part(
            Criterion(
                campaign=campaign,
                group=group,
                code="3.1",
                name="Ứng dụng chuyển đổi số: bán hàng trên sàn thương mại điện tử, hóa đơn điện tử, "
                "truy xuất nguồn gốc sản phẩm, kế toán trên phần mềm",
                description="5 điểm mỗi ứng dụng đưa vào sử dụng, tối đa 20 điểm.",
                unit="ứng dụng",
                rule=ScoringRule.COUNT,
                max_points=D(20),
                points_per_unit=D(5),
                order=5,
            )
        )

    # --- what units did ------------------------------------------------------------------

    def registrations(self, campaign, criteria):
        rng = self.rng
        orgs = list(Organization.objects.filter(kind__in=SUBJECT_KINDS).order_by("tax_code"))
        with_accounts = sorted(self.accounts)
        # One demo account's unit has not registered yet: its home page shows the way in.
        not_yet = set(with_accounts[-1:])
        by_code = {c.code: c for c in criteria}
        registered = []
        for org in orgs:
            joins = rng.random() < 0.86 or org.pk in self.accounts
            when = moment(dt.date(2021, 11, rng.randint(9, 26)), rng.randint(7, 16), rng.randint(0, 59))
            commits = rng.random() < 0.4
            revenue, sales = rng.choice([95, 100, 105, 110]), rng.choice([100, 150, 200, 300])
            if not joins or org.pk in not_yet:
                continue
            targets = {}
            if commits:
                targets[by_code["2.2"].pk] = D(revenue)
                if by_code["2.4"].applies_to(org.kind):
                    targets[by_code["2.4"].pk] = D(sales)
            note = "Đơn vị cam kết thực hiện đầy đủ các nội dung, tiêu chí của Kế hoạch 514/KH-LMHTX."
            self.register(campaign, org, when, note, targets)
            registered.append(org)
        return registered

    def registrations_2026(self, campaign):
        rng = random.Random(2026)
        orgs = list(Organization.objects.filter(kind__in=MEMBER_KINDS).order_by("tax_code"))
        registered = []
        for index, org in enumerate(orgs):
            joins = rng.random() < 0.7 or org.pk in self.accounts
            when = moment(dt.date(2026, 6, rng.randint(16, 30)), rng.randint(7, 16), rng.randint(0, 59))
            if not joins:
                continue
            # The last two registrations wait for the office's check: its page shows them.
            self.register(
                campaign,
                org,
                when,
                "Đơn vị đăng ký tham gia phong trào thi đua chuyển đổi số năm 2026.",
                checked=org.pk in self.accounts or index < len(orgs) - 2,
            )
            registered.append(org)
        return registered

    def plan_states(self, registered):
        """Which state each registered unit's submission is in, per period (None: nothing yet)."""
        rng = self.rng
        weights = [
            [("verified", 82), ("submitted", 6), ("late_verified", 3), (None, 9)],
            [("verified", 30), ("submitted", 25), ("returned", 10), ("draft", 12), (None, 23)],
            [("submitted", 12), ("draft", 10), (None, 78)],
        ]
        plan = {}
        for org in registered:
            plan[org.pk] = [rng.choices([s for s, _ in w], [n for _, n in w])[0] for w in weights]
        # The first demo account's unit shows every state a unit meets.
        first = min(self.accounts, key=lambda pk: self.accounts[pk].username) if self.accounts else None
        if first in plan:
            plan[first] = ["late_verified", "returned", "draft"]
        return plan

    def value_for(self, criterion, org, month):
        rng = self.rng
        code = criterion.code
        if code == "1.1":
            return D(min(100, rng.randint(62, 92) + 6 * month))
        if code in ("1.4",):
            return D(1 if rng.random() < 0.8 else 0)
        if code == "2.1":
            return D(1 if org.status == "active" or rng.random() < 0.3 else 0)
        if code == "2.2":
            return D(rng.randint(55, 125))
        if code == "2.3":
            return D(rng.randint(70, 100))
        if code == "2.4":
            return D(rng.randint(2, 45) * 10)
        if code == "3.1":
            return D(rng.randint(0, 6))
        if code == "3.2":
            return D(rng.randint(0, 2))
        if code == "3.3":
            return D(rng.choice([0, 0, 5, 10, 15, 25, 40]))
        return None

    def submissions(self, periods, criteria, registered):
        rng = self.rng
        plan = self.plan_states(registered)
        for month, period in enumerate(periods):
            for org in registered:
                state = plan[org.pk][month]
                # Draw every number whatever the state, so that a rerun draws the same ones.
                values = {c.pk: self.value_for(c, org, month) for c in criteria}
                notes = {c.pk: rng.choice(INITIATIVES) if c.code == "3.2" else "" for c in criteria}
                staff_scores = {c.pk: D(rng.choice([4, 6, 7, 8, 10])) for c in criteria}
                created = moment(period.ends_on - dt.timedelta(days=rng.randint(0, 6)), rng.randint(7, 11))
                days = rng.randint(-4, 0) if state != "late_verified" else rng.randint(1, 6)
                sent = moment(period.deadline + dt.timedelta(days=days), rng.randint(7, 17), rng.randint(0, 59))
                checked = sent + dt.timedelta(days=rng.randint(1, 4), hours=rng.randint(0, 5))
                reason = rng.choice(RETURN_REASONS)
                if state is None:
                    continue
                self.submission(period, org, criteria, state, values, notes, staff_scores, created, sent, checked,
                                reason)  # fmt: skip

    def submissions_2026(self, periods, criteria, registered):
        """July to October verified for most units; November under way (today's demo is late 2026)."""
        rng = random.Random(20261)
        weights = [
            [("verified", 92), ("late_verified", 3), (None, 5)],
            [("verified", 90), ("late_verified", 4), (None, 6)],
            [("verified", 88), ("submitted", 4), (None, 8)],
            [("verified", 70), ("submitted", 14), ("returned", 6), ("draft", 4), (None, 6)],
            [("submitted", 18), ("draft", 12), (None, 70)],
        ]
        for month, period in enumerate(periods[: len(weights)]):
            states = [s for s, _ in weights[month]]
            chances = [n for _, n in weights[month]]
            for org in registered:
                state = rng.choices(states, chances)[0]
                strength = 0.7 + 0.3 * (zlib.crc32(org.tax_code.encode()) % 100) / 100  # steady month to month
                values = {c.pk: self.value_2026(c, rng, strength) for c in criteria}
                staff_scores = {
                    c.pk: D(round(c.max_points * D(strength) * D(rng.choice([0.8, 0.9, 1])))) for c in criteria
                }
                # The qualitative criterion is described by the unit and scored by the office.
                notes = {c.pk: REPORTING_NOTE_2026 if c.rule == ScoringRule.QUALITATIVE else "" for c in criteria}
                created = moment(period.ends_on - dt.timedelta(days=rng.randint(0, 6)), rng.randint(7, 11))
                days = rng.randint(-4, 0) if state != "late_verified" else rng.randint(1, 6)
                sent = moment(period.deadline + dt.timedelta(days=days), rng.randint(7, 17), rng.randint(0, 59))
                checked = sent + dt.timedelta(days=rng.randint(1, 4), hours=rng.randint(0, 5))
                sent, created, checked = self.not_after_now(sent, created, checked, rng)
                if state is None:
                    continue
                reason = "Số liệu doanh thu chưa khớp với báo cáo tài chính quý; đề nghị kiểm tra lại và gửi lại."
                self.submission(period, org, criteria, state, values, notes, staff_scores, created, sent, checked,
                                reason)  # fmt: skip

    @staticmethod
    def not_after_now(sent, created, checked, rng):
        """The current period's reports were sent, opened and checked before now, never in the future."""
        now = timezone.now()
        if sent > now:
            sent = now - dt.timedelta(hours=rng.randint(2, 96), minutes=rng.randint(0, 59))
        created = min(created, sent - dt.timedelta(hours=1))
        if checked > now:
            checked = sent + (now - sent) / 2
        return sent, created, checked

    @staticmethod
    def value_2026(criterion, rng, strength):
        code = criterion.code
        if code == "1.1":
            return D(round(rng.randint(70, 115) * strength + 20 * (1 - strength)))
        if code == "1.2":
            return D(1 if rng.random() < strength else 0)
        if code == "2.1":
            return D(rng.randint(round(4 * strength), round(12 * strength)))
        if code == "2.2":
            return None
        if code == "3.1":
            return D(rng.randint(round(2 * strength), round(4 * strength) + 1))
        return None

    def submission(self, period, org, criteria, state, values, notes, staff_scores, created, sent, checked, reason):
        """Lay one unit's report for a period on the timeline: opened and filled in, then (unless
        still a draft) sent with its evidence, then returned or verified by the office."""
        status = SubmissionStatus.VERIFIED if state == "late_verified" else SubmissionStatus(state)
        applicable = [c for c in criteria if c.reported_by_unit and c.applies_to(org.kind)]
        given = {}
        for criterion in applicable:
            value = values[criterion.pk]
            # A draft is half filled in: the unit has not reached the last criteria yet.
            if status == SubmissionStatus.DRAFT and criterion.order > 5:
                value = None
            given[criterion.pk] = (value, notes[criterion.pk])
        reached = status != SubmissionStatus.DRAFT
        sales = None
        supply = [c for c in applicable if c.report_topic == ReportTopic.SUPPLY_DEMAND and given[c.pk][0]]
        if reached and supply:
            sales = product_sales(org, period, given[supply[0].pk][0])
        unit = self.unit_user(org)
        # A unit opens its report once it has registered, however early the draw put it.
        created = max(created, self.registered_at[period.campaign_id, org.pk] + dt.timedelta(hours=1))
        self.timeline.add(created, self.fill_in, period, org, given, sales, by=unit)
        if not reached:
            return
        evidence = [c for c in applicable if c.evidence_required]
        self.timeline.add(sent, self.send, period, org, evidence, by=unit)
        if status == SubmissionStatus.RETURNED:
            self.timeline.add(checked, self.review, period, org, reason=reason)
        elif status == SubmissionStatus.VERIFIED:
            scores = {c.pk: staff_scores[c.pk] for c in applicable if c.rule == ScoringRule.QUALITATIVE}
            self.timeline.add(checked, self.review, period, org, staff_scores=scores)

    # --- the steps of the timeline: each goes through the workflow's services ---------------

    def fill_in(self, period, org, values, sales, *, by):
        submission = submissions.open_submission(period, org, by=by)
        submissions.save_values(submission, values, by=by, version=submission.version, product_sales=sales)

    def send(self, period, org, evidence, *, by):
        submission = Submission.objects.get(period=period, organization=org)
        rows = {row.criterion_id: row for row in submission.values.select_related("criterion")}
        for criterion in evidence:
            submissions.add_evidence(rows[criterion.pk], evidence_file(criterion, org, rows[criterion.pk]), by=by)
        submissions.submit(submission, by=by)

    def review(self, period, org, *, reason=None, staff_scores=None):
        submission = Submission.objects.get(period=period, organization=org)
        if reason is not None:
            submissions.return_submission(submission, by=self.office, reason=reason)
        else:
            submissions.verify(submission, by=self.office, staff_scores=staff_scores)

    def violations(self, campaign, criteria, registered):
        by_code = {c.code: c for c in criteria}
        accounts = [pk for pk in sorted(self.accounts) if any(o.pk == pk for o in registered)]
        for index, day, description, effect, points, code in VIOLATIONS:
            org = registered[index % len(registered)]
            self.violation(campaign, org, day, description, effect, points, by_code[code])
        if accounts:
            # One of the demo units has a deduction, so its pages show one.
            org = next(o for o in registered if o.pk == accounts[0])
            self.violation(
                campaign,
                org,
                dt.date(2022, 1, 12),
                "Không tổ chức kiểm tra thân nhiệt, khai báo y tế khi tiếp nhận khách tại cửa hàng giới thiệu sản phẩm.",
                ViolationEffect.DEDUCTION,
                5,
                by_code["1.2"],
            )

    def violation(self, campaign, org, day, description, effect, points, criterion):
        """The office records it two days after it happened."""
        self.timeline.add(
            moment(day + dt.timedelta(days=2), 10),
            record_violation,
            campaign,
            organization=org,
            criterion=criterion,
            occurred_on=day,
            description=description,
            effect=effect,
            points=D(points),
            by=self.office,
        )

    def reminders(self, period):
        """The office urged the units without a report for December on the day after its deadline.

        The e-mails of 2022 go nowhere: the demo's addresses are made up."""
        self.timeline.add(
            moment(period.deadline + dt.timedelta(days=1), 8, 30),
            send_reminders,
            period,
            self.office,
            connection=get_connection("django.core.mail.backends.dummy.EmailBackend"),
        )


def product_sales(org, period, total):
    """The products behind a unit's sales through the connection, adding up to its reported value.

    Drawn from a generator of their own, so that adding them changed no other demo number.
    """
    rng = random.Random(f"{org.tax_code or org.name}/{period.name}")
    products = rng.sample(PRODUCTS_514, rng.choice([1, 1, 2, 2, 3]))
    shares = [rng.randint(2, 8) for _product in products]
    left = D(total)
    sales = []
    for order, ((product, unit, price), share) in enumerate(zip(products, shares, strict=True)):
        last = order == len(products) - 1
        value = left if last else (D(total) * share / sum(shares)).quantize(D("1"))
        left -= value
        sales.append(
            {
                "product": product,
                "unit_of_measure": unit,
                "quantity": (value / price).quantize(D("0.1")) or D("0.1"),
                "value": value,
            }
        )
    return sales


def evidence_file(criterion, org, value):
    """The file a unit attaches to a value: a scanned list or report, or a photo of a receipt."""
    if criterion.code == "1.1":
        name, data, kind = "bang-ke-tiem-chung.pdf", tiny_pdf(f"Bang ke tiem chung - {org.name}"), "application/pdf"
    elif criterion.code == "2.2":
        name, data, kind = "bao-cao-doanh-thu.pdf", tiny_pdf(f"Bao cao doanh thu - {org.name}"), "application/pdf"
    else:
        name, data, kind = "anh-hoa-don-ban-hang.png", tiny_png(value.pk), "image/png"
    return SimpleUploadedFile(name, data, content_type=kind)

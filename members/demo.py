"""Demo data of the Đắk Nông Alliance: areas, organizations, people and the demo accounts.

Deterministic (a fixed seed) and idempotent: running it again updates the same rows.
"""

import datetime as dt
import random
from pathlib import Path

from django.db import transaction

from core.demo import upsert

from .areas import split_levels
from .importers import load_area_file
from .models import (
    AdministrativeArea,
    AreaLevel,
    Gender,
    OperatingStatus,
    Organization,
    OrganizationKind,
    Person,
    Role,
    Sector,
    User,
)
from .services import change_status

DEMO_PASSWORD = "thidua2021"
AREAS_FILE = Path(__file__).resolve().parent / "data" / "areas.csv"
CUTOVER = dt.date(2025, 6, 30)  # the last day of districts and of the old Đắk Nông

SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Đinh",
    "Trương",
]
MIDDLE_MALE = ["Văn", "Đức", "Minh", "Hữu", "Quang", "Xuân", "Công", "Thanh", "Ngọc", "Đình", "Trọng"]
MIDDLE_FEMALE = ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mỹ", "Hồng"]
GIVEN_MALE = [
    "Anh",
    "Bình",
    "Cường",
    "Dũng",
    "Đạt",
    "Hải",
    "Hiếu",
    "Hòa",
    "Hùng",
    "Khải",
    "Khánh",
    "Long",
    "Nam",
    "Phong",
    "Phúc",
    "Quân",
    "Sơn",
    "Tài",
    "Thắng",
    "Thành",
    "Toàn",
    "Trung",
    "Tuấn",
    "Việt",
    "Vinh",
]
GIVEN_FEMALE = [
    "Anh",
    "Dung",
    "Giang",
    "Hà",
    "Hạnh",
    "Hằng",
    "Hiền",
    "Hoa",
    "Hương",
    "Lan",
    "Liên",
    "Linh",
    "Loan",
    "Mai",
    "Nga",
    "Ngân",
    "Nhung",
    "Oanh",
    "Phương",
    "Tâm",
    "Thảo",
    "Thủy",
    "Trang",
    "Vân",
    "Yến",
]
# Names of the M'nông and Ê Đê communities, who live and farm across Đắk Nông.
MNONG_MALE = ["Điểu K'Rứ", "Điểu Xiêng", "Điểu Đam", "Y Khiêm", "Y Ngọc", "Y Bliêng", "Điểu Brông", "Y Thuột"]
MNONG_FEMALE = ["H'Bla", "H'Loan", "Thị Hoa", "H'Yên", "Thị Mai", "H'Lim", "Thị Nhu", "H'Dương"]
ETHNIC_MINORITY = ["Mnông", "Ê Đê", "Mạ", "Tày", "Nùng", "Thái", "Mông", "Dao"]

POSITIONS = [
    ("Giám đốc", False),
    ("Chủ tịch Hội đồng quản trị", False),
    ("Phó Giám đốc", False),
    ("Kế toán", False),
    ("Trưởng Ban kiểm soát", False),
    ("Tổ trưởng sản xuất", True),
    ("Thành viên", True),
    ("Thành viên", True),
    ("Người lao động", True),
    ("Người lao động", True),
    ("Người lao động", True),
]

# (name pattern, sector) — {place} is filled with the commune or district name.
COOP_PATTERNS = [
    ("Hợp tác xã Nông nghiệp Dịch vụ {place}", Sector.AGRICULTURE),
    ("Hợp tác xã Cà phê {place}", Sector.AGRICULTURE),
    ("Hợp tác xã Hồ tiêu bền vững {place}", Sector.AGRICULTURE),
    ("Hợp tác xã Sản xuất Thương mại Dịch vụ Nông nghiệp {place}", Sector.AGRICULTURE),
    ("Hợp tác xã Mắc ca {place}", Sector.AGRICULTURE),
    ("Hợp tác xã Sầu riêng {place}", Sector.AGRICULTURE),
    ("Hợp tác xã Chăn nuôi {place}", Sector.AGRICULTURE),
    ("Hợp tác xã Rau an toàn {place}", Sector.AGRICULTURE),
    ("Hợp tác xã Dệt thổ cẩm {place}", Sector.INDUSTRY),
    ("Hợp tác xã Cơ khí {place}", Sector.INDUSTRY),
    ("Hợp tác xã Thương mại Dịch vụ {place}", Sector.TRADE),
    ("Hợp tác xã Vận tải {place}", Sector.TRANSPORT),
    ("Hợp tác xã Xây dựng {place}", Sector.CONSTRUCTION),
    ("Hợp tác xã Môi trường {place}", Sector.ENVIRONMENT),
    ("Hợp tác xã Du lịch cộng đồng {place}", Sector.TRADE),
]
GROUP_PATTERNS = [
    ("Tổ hợp tác Sản xuất cà phê {place}", Sector.AGRICULTURE),
    ("Tổ hợp tác Trồng tiêu {place}", Sector.AGRICULTURE),
    ("Tổ hợp tác Nuôi ong {place}", Sector.AGRICULTURE),
    ("Tổ hợp tác Đan lát {place}", Sector.INDUSTRY),
]
CREDIT_FUNDS = [
    ("Quỹ tín dụng nhân dân Nam Dong", "Huyện Cư Jút"),
    ("Quỹ tín dụng nhân dân Đắk Mil", "Huyện Đắk Mil"),
    ("Quỹ tín dụng nhân dân Đức Lập", "Huyện Đắk Mil"),
    ("Quỹ tín dụng nhân dân Kiến Đức", "Huyện Đắk R'Lấp"),
    ("Quỹ tín dụng nhân dân Gia Nghĩa", "Thành phố Gia Nghĩa"),
    ("Quỹ tín dụng nhân dân Đức An", "Huyện Đắk Song"),
]
UNIONS = [
    ("Liên hiệp Hợp tác xã Nông nghiệp Đắk Nông", "Thành phố Gia Nghĩa", Sector.AGRICULTURE),
    ("Liên hiệp Hợp tác xã Cà phê Tây Nguyên", "Huyện Đắk Mil", Sector.AGRICULTURE),
]
DEPARTMENTS = ["Văn phòng", "Ban Tổ chức - Kiểm tra", "Ban Kế hoạch - Hỗ trợ", "Trung tâm Tư vấn và Hỗ trợ Hợp tác xã"]

COOPS_PER_DISTRICT = 13
GROUPS_PER_DISTRICT = 2
PEOPLE_TARGET = 700


def place_name(area):
    """'Xã Ea Pô' → 'Ea Pô'; 'Thành phố Gia Nghĩa' → 'Gia Nghĩa'."""
    for prefix in ("Thành phố ", "Thị trấn ", "Huyện ", "Phường ", "Xã ", "Tỉnh "):
        if area.name.startswith(prefix):
            return area.name[len(prefix) :]
    return area.name


def person_name(rng, gender, minority):
    if minority:
        return rng.choice(MNONG_FEMALE if gender == Gender.FEMALE else MNONG_MALE)
    middle = rng.choice(MIDDLE_FEMALE if gender == Gender.FEMALE else MIDDLE_MALE)
    given = rng.choice(GIVEN_FEMALE if gender == Gender.FEMALE else GIVEN_MALE)
    return f"{rng.choice(SURNAMES)} {middle} {given}"


class DemoBuilder:
    def __init__(self, seed=514, stdout=None):
        self.rng = random.Random(seed)
        self.stdout = stdout
        self.serial = 0

    def say(self, text):
        if self.stdout is not None:
            self.stdout.write(text)

    def tax_code(self):
        self.serial += 1
        return f"64{self.serial:08d}"

    def org(self, name, kind, sector, area, **extra):

        province, district, commune = split_levels(area)
        code = extra.pop("tax_code", None) or self.tax_code()
        founded = extra.pop("founded_on", None) or dt.date(
            self.rng.randint(1997, 2020), self.rng.randint(1, 12), self.rng.randint(1, 28)
        )
        members = extra.pop("members_count", None) or self.rng.randint(7, 180)
        defaults = {
            "name": name,
            "kind": kind,
            "sector": sector,
            "province": province,
            "district": district,
            "commune": commune,
            "founded_on": founded,
            "members_count": members,
            "workers_count": max(3, int(members * self.rng.uniform(0.4, 1.6))),
            "representative": person_name(self.rng, self.rng.choice([Gender.MALE, Gender.MALE, Gender.FEMALE]), False),
            "phone": f"0261 3{self.rng.randint(500000, 899999)}",
            # Most units give the office an e-mail address; some have none (reminders skip them).
            "email": f"hopthu.{code}@example.vn" if int(code) % 7 else "",
            "address": f"Thôn {self.rng.randint(1, 12)}, {commune.name if commune else place_name(area)}",
            "is_alliance_member": kind not in (OrganizationKind.ALLIANCE, OrganizationKind.DEPARTMENT)
            and self.rng.random() < 0.85,
            **extra,
        }
        return upsert(Organization, {"tax_code": code}, defaults)

    @transaction.atomic
    def build(self):
        created, updated = load_area_file(AREAS_FILE)
        self.say(f"Areas: {created} created, {updated} updated.")
        province = AdministrativeArea.objects.get(level=AreaLevel.PROVINCE, code="67", valid_until=CUTOVER)
        districts = list(AdministrativeArea.objects.filter(level=AreaLevel.DISTRICT, parent=province).order_by("code"))
        by_name = {d.name: d for d in districts}
        gia_nghia = by_name["Thành phố Gia Nghĩa"]

        alliance = self.org(
            "Liên minh Hợp tác xã tỉnh Đắk Nông",
            OrganizationKind.ALLIANCE,
            Sector.OTHER,
            gia_nghia,
            tax_code="6400100001",
            short_name="Liên minh HTX tỉnh",
            founded_on=dt.date(2004, 6, 8),
            members_count=0,
            workers_count=28,
            representative="Nguyễn Khải",
        )
        for index, name in enumerate(DEPARTMENTS, start=2):
            self.org(
                name,
                OrganizationKind.DEPARTMENT,
                Sector.OTHER,
                gia_nghia,
                tax_code=f"640010000{index}",
                parent=alliance,
                members_count=6,
            )
        for name, district_name, sector in UNIONS:
            self.org(name, OrganizationKind.UNION, sector, by_name[district_name], members_count=self.rng.randint(4, 9))
        for name, district_name in CREDIT_FUNDS:
            self.org(
                name,
                OrganizationKind.CREDIT_FUND,
                Sector.CREDIT,
                by_name[district_name],
                members_count=self.rng.randint(900, 4200),
            )

        cooperatives = []
        for district in districts:
            communes = list(
                AdministrativeArea.objects.filter(level=AreaLevel.COMMUNE, parent=district).order_by("code")
            )
            patterns = self.rng.sample(COOP_PATTERNS, COOPS_PER_DISTRICT)
            for number, (pattern, sector) in enumerate(patterns):
                commune = communes[number % len(communes)]
                cooperatives.append(
                    self.org(pattern.format(place=place_name(commune)), OrganizationKind.COOPERATIVE, sector, commune)
                )
            for number, (pattern, sector) in enumerate(self.rng.sample(GROUP_PATTERNS, GROUPS_PER_DISTRICT)):
                commune = communes[(number * 3 + 1) % len(communes)]
                self.org(
                    pattern.format(place=place_name(commune)),
                    OrganizationKind.GROUP,
                    sector,
                    commune,
                    members_count=self.rng.randint(5, 25),
                )
        self.say(f"Organizations: {Organization.objects.count()}.")
        self.people()
        self.accounts(alliance, cooperatives)
        self.statuses(cooperatives, User.objects.get(username="vanphong"))

    def people(self):
        rng = self.rng
        orgs = list(Organization.objects.order_by("tax_code"))
        per_org = max(1, PEOPLE_TARGET // len(orgs))
        for org in orgs:
            count = per_org + (1 if rng.random() < 0.5 else 0)
            for index in range(count):
                # The board first, then mostly members and workers of production.
                position, direct = POSITIONS[index] if index < 2 else rng.choice(POSITIONS[2:])
                if org.kind in (OrganizationKind.ALLIANCE, OrganizationKind.DEPARTMENT):
                    position, direct = rng.choice(["Chuyên viên", "Trưởng phòng", "Nhân viên"]), False
                gender = rng.choice([Gender.MALE, Gender.FEMALE])
                minority = org.district is not None and rng.random() < 0.18
                name = person_name(rng, gender, minority)
                year = rng.randint(1962, 2001)
                upsert(
                    Person,
                    {"organization": org, "full_name": name, "birth_year": year},
                    {
                        "gender": gender,
                        "ethnicity": rng.choice(ETHNIC_MINORITY[:3])
                        if minority
                        else ("Kinh" if rng.random() < 0.93 else rng.choice(ETHNIC_MINORITY[3:])),
                        "position": position,
                        "is_direct_worker": direct,
                        "phone": f"09{rng.randint(10000000, 99999999)}" if rng.random() < 0.6 else "",
                    },
                )
        self.say(f"People: {Person.objects.count()}.")

    def statuses(self, cooperatives, office):
        """Covid-19 hit some cooperatives in 2021: suspensions, two dissolutions, one bankruptcy."""
        plan = [
            (
                OperatingStatus.SUSPENDED,
                dt.date(2021, 8, 16),
                "Tạm ngừng do giãn cách xã hội phòng, chống dịch Covid-19; không tiêu thụ được nông sản.",
                True,
            ),
            (
                OperatingStatus.SUSPENDED,
                dt.date(2021, 9, 1),
                "Thành viên và người lao động phải cách ly tập trung, thiếu vốn lưu động.",
                True,
            ),
            (OperatingStatus.SUSPENDED, dt.date(2021, 10, 4), "Đứt gãy chuỗi cung ứng vật tư do dịch Covid-19.", True),
            (
                OperatingStatus.DISSOLVED,
                dt.date(2021, 10, 20),
                "Đại hội thành viên quyết định giải thể do không khôi phục được sản xuất sau dịch.",
                True,
            ),
            (OperatingStatus.BANKRUPT, dt.date(2021, 11, 30), "Mất khả năng thanh toán các khoản nợ đến hạn.", True),
            (
                OperatingStatus.DISSOLVED,
                dt.date(2020, 12, 15),
                "Không đủ số lượng thành viên tối thiểu theo Luật Hợp tác xã.",
                False,
            ),
            (
                OperatingStatus.SUSPENDED,
                dt.date(2021, 8, 20),
                "Tạm ngừng hoạt động vận tải hành khách theo Chỉ thị 16/CT-TTg.",
                True,
            ),
        ]
        resumed = {0: dt.date(2021, 12, 1), 6: dt.date(2022, 1, 10)}
        candidates = [c for c in cooperatives if not c.status_changes.exists()]
        already = sum(1 for c in cooperatives if c.status_changes.exists())
        if already:
            return
        for index, (status, day, cause, covid) in enumerate(plan):
            org = candidates[(index * 11 + 4) % len(candidates)]
            change_status(org, status, by=office, effective_on=day, cause=cause, caused_by_covid=covid)
            if index in resumed:
                change_status(
                    org,
                    OperatingStatus.ACTIVE,
                    by=office,
                    effective_on=resumed[index],
                    cause="Khôi phục sản xuất, kinh doanh sau khi được hỗ trợ theo Nghị quyết 105/NQ-CP.",
                )

    def accounts(self, alliance, cooperatives):
        staff = [
            ("vanphong", Role.OFFICE, "Trần Thị", "Thu", None),
            ("chutich", Role.LEADER, "Nguyễn", "Khải", None),
        ]
        council = ["Lê Văn Hùng", "Phạm Thị Lan", "Hoàng Đức Thắng", "Võ Thị Mai", "Đặng Quang Vinh"]
        for index, name in enumerate(council, start=1):
            last, first = name.rsplit(" ", 1)
            staff.append((f"hoidong{index}", Role.COUNCIL, last, first, None))
        for index in range(1, 11):
            org = cooperatives[(index - 1) * 9 % len(cooperatives)]
            rep = org.representative.rsplit(" ", 1)
            staff.append((f"donvi{index}", Role.UNIT, rep[0], rep[-1], org))
        for username, role, last, first, org in staff:
            user, _created = User.objects.update_or_create(
                username=username,
                defaults={
                    "role": role,
                    "last_name": last,
                    "first_name": first,
                    "organization": org,
                    "is_active": True,
                    "email": f"{username}@example.vn",
                },
            )
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        self.say("Accounts: " + ", ".join(u[0] for u in staff) + f" (password {DEMO_PASSWORD}).")


def logins():
    """The demo accounts with their role and organization, for printing."""
    rows = []
    for user in (
        User.objects.filter(
            username__in=["vanphong", "chutich"]
            + [f"hoidong{i}" for i in range(1, 6)]
            + [f"donvi{i}" for i in range(1, 11)]
        )
        .select_related("organization")
        .order_by("role", "username")
    ):
        rows.append((user.username, user.get_role_display(), str(user.organization or "")))
    return rows

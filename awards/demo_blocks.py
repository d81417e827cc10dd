"""Demo of emulation blocks (issue 20): the province's block of agricultural cooperatives and its block of
people's credit funds, each through 2025 from pledge to proposal, and 2026 opened for pledges.

Everything goes through the services (campaign.blocks, awards.block_meeting) under the clock of its
day, by the accounts that would act: the office sets the block up and issues the pledge, each
member's account pledges and scores, the head reconciles, settles the planted disagreements, opens
and closes the meeting. Runs once: when a block exists, it changes nothing.
"""

import datetime as dt
import random
from decimal import Decimal as D

from django.db import transaction
from django.utils import translation

from campaign import blocks
from campaign.models import BlockCriterion, BlockLevel, EmulationBlock, RankingMethod
from core.demo import happening_at, moment, upsert
from members.models import Organization, OrganizationKind, Role, Sector, User

from . import block_meeting
from .models import AwardCategory, AwardIssuer, AwardType, Paper, VoteRule

YEAR = 2025
SET_UP_DAY = dt.date(2025, 1, 15)
PLEDGE_DAY = dt.date(2025, 2, 20)
SCORING_DAY = dt.date(2025, 12, 5)
RECONCILE_DAY = dt.date(2025, 12, 12)
MEETING_DAY = dt.date(2025, 12, 18)
NEXT_YEAR_DAY = dt.date(2026, 1, 20)
FLAG = "Cờ thi đua của Ủy ban nhân dân tỉnh"
PROVINCE_MERIT = "Bằng khen của Chủ tịch UBND tỉnh"

CRITERIA = [
    ("1", "Kết quả sản xuất, kinh doanh, doanh thu và lợi nhuận", "30"),
    ("2", "Thu nhập, lợi ích mang lại cho thành viên", "25"),
    ("3", "Liên kết chuỗi giá trị, ứng dụng khoa học công nghệ, chuyển đổi số", "20"),
    ("4", "Thực hiện chính sách, pháp luật; nghĩa vụ với Nhà nước", "15"),
    ("5", "Tham gia phong trào thi đua, công tác xã hội", "10"),
]
CREDIT_CRITERIA = [
    ("1", "Tăng trưởng nguồn vốn, dư nợ; an toàn hoạt động", "40"),
    ("2", "Chất lượng tín dụng, tỷ lệ nợ xấu", "30"),
    ("3", "Phục vụ thành viên, chuyển đổi số trong giao dịch", "20"),
    ("4", "Tham gia phong trào thi đua, công tác xã hội", "10"),
]
PLEDGE = (
    "Thi đua hoàn thành vượt mức kế hoạch sản xuất, kinh doanh năm {year}; bảo đảm việc làm, thu nhập cho "
    "thành viên và người lao động; thực hiện đầy đủ nghĩa vụ với Nhà nước; tích cực tham gia các phong trào "
    "thi đua do Liên minh HTX tỉnh phát động."
)


def _award_types():
    flag = upsert(
        AwardType,
        {"name": FLAG},
        {
            "short_name": "Cờ thi đua UBND tỉnh",
            "category": AwardCategory.TITLE,
            "issuer": AwardIssuer.PROVINCE,
            "for_individuals": False,
            "for_collectives": True,
            "coefficient_key": "bonus_province_flag",
            "vote_rule": VoteRule.MAJORITY,
            "paper": Paper.NONE,
            "barred_by_violation": True,
            "conditions_note": "Tập thể dẫn đầu khối, cụm thi đua do tỉnh tổ chức (Luật 06/2022 Đ.26).",
            "order": 30,
        },
    )
    merit = AwardType.objects.filter(name=PROVINCE_MERIT).first()
    return flag, merit


def _accounts():
    return {u.organization_id: u for u in User.objects.filter(role=Role.UNIT, is_active=True).order_by("username")}


def _members(kind, sector, count, accounts):
    """Units of a kind (and sector), those with a demo login first so that the demo can be walked."""
    units = list(Organization.objects.current().filter(kind=kind, **({"sector": sector} if sector else {})))
    units.sort(key=lambda o: (o.pk not in accounts, o.pk))
    return units[:count]


def _run_year(block, units, accounts, office, rng, *, planted):
    """2025 of one block: pledges, scores with the planted disagreements, settlement, meeting, proposal."""
    head_unit, deputy_unit = units[0], units[1]
    actor = {u.pk: accounts.get(u.pk, office) for u in units}  # a unit without a login: the office types it in
    with happening_at(moment(SET_UP_DAY, 9)):
        year = blocks.open_year(block, YEAR, organizations=units, head=head_unit, deputy=deputy_unit, by=office)
    head = actor[head_unit.pk]
    members = {m.organization_id: m for m in year.members.all()}
    criteria = list(block.criteria.all())
    with happening_at(moment(PLEDGE_DAY, 8)):
        for unit in units:
            targets = {c: f"Đạt từ {int(c.max_points) - rng.randint(1, 3)}/{c.max_points:.0f} điểm" for c in criteria}
            blocks.pledge(members[unit.pk], commitment=PLEDGE.format(year=YEAR), targets=targets)
        blocks.issue_pledge(year, day=PLEDGE_DAY, by=office)
    with happening_at(moment(SCORING_DAY, 8)):
        year = blocks.advance(year, by=head)
    # Each unit's strength, the same in everyone's eyes: the scores differ by a little noise, but for
    # the planted disagreements (a unit that overrates itself, a scorer far below the others).
    strength = {u.pk: D(str(round(0.93 - 0.045 * i, 3))) for i, u in enumerate(units)}
    overrating, outlier_scorer, outlier_scored = planted
    with happening_at(moment(SCORING_DAY + dt.timedelta(days=2), 10)):
        for scorer_unit in units:
            scorer = members[scorer_unit.pk]
            for scored in blocks.scored_by(scorer):
                for c in criteria:
                    value = (c.max_points * strength[scored.organization_id]).quantize(D("0.5"))
                    value += D(rng.choice(["-0.5", "0", "0", "0.5"]))
                    if scored.pk == scorer.pk and scored.organization_id == units[overrating].pk:
                        value = c.max_points  # the unit that overrates itself
                    if (
                        scorer_unit.pk == units[outlier_scorer].pk
                        and scored.organization_id == units[outlier_scored].pk
                    ):
                        value = (c.max_points * D("0.3")).quantize(D("0.5"))  # the one scorer far below
                    blocks.save_score(
                        scorer=scorer,
                        scored=scored,
                        criterion=c,
                        value=max(D("0"), min(value, c.max_points)),
                        by=actor[scorer_unit.pk],
                    )
    with happening_at(moment(RECONCILE_DAY, 8)):
        year = blocks.advance(year, by=head)
    with happening_at(moment(RECONCILE_DAY, 15)):
        for member, criterion, flag in blocks.unsettled(year):
            if (member.pk, criterion.pk) in blocks.settlements(year):
                continue
            cell = blocks.cells(year)[(member, criterion)]
            if flag.kind == "self":
                reason = (
                    "Điểm tự chấm cao hơn mặt bằng chấm chéo; đối chiếu báo cáo và minh chứng, Khối thống nhất "
                    "lấy trung vị điểm chấm chéo."
                )
            else:
                reason = (
                    "Một đơn vị chấm thấp hơn hẳn các đơn vị khác; đơn vị chấm đã giải trình tại buổi đối chiếu, "
                    "Khối thống nhất lấy trung vị điểm chấm chéo."
                )
            blocks.settle(member=member, criterion=criterion, value=cell.median, reason=reason, by=head)
        year = blocks.advance(year, by=head)
        blocks.publish_cross_scores(year, by=head)
    return year, actor


def _meeting(year, award_type, actor, absent):
    head = actor[year.head_id]
    ranking = blocks.ranking(year)
    present = [m for m in year.members.all() if m.organization_id not in absent]
    with happening_at(moment(MEETING_DAY, 8)):
        meeting = block_meeting.open_meeting(
            year,
            held_on=MEETING_DAY,
            place=f"Hội trường {year.head.name}",
            present=present,
            candidates=[(ranking[0][0], award_type)],
            by=head,
        )
    with happening_at(moment(MEETING_DAY, 9)):
        candidate = meeting.candidates.get()
        for voter in present:
            if voter.pk != candidate.member_id:
                block_meeting.cast_vote(candidate, voter=voter, choice="agree", by=actor[voter.organization_id])
    with happening_at(moment(MEETING_DAY, 11)):
        block_meeting.close_meeting(meeting, by=head, day=MEETING_DAY)
    return meeting


def _block(name, symbol, level, description, criteria, office, **fields):
    block = EmulationBlock.objects.create(
        name=name, symbol=symbol, level=level, description=description, created_by=office, **fields
    )
    for order, (code, title, points) in enumerate(criteria, start=1):
        BlockCriterion.objects.create(block=block, code=code, name=title, max_points=D(points), order=order)
    return block


def load_blocks():
    office = User.objects.filter(role=Role.OFFICE).order_by("pk").first()
    if office is None or EmulationBlock.objects.exists():
        return "Emulation blocks: unchanged."
    rng = random.Random(354)
    accounts = _accounts()
    with transaction.atomic(), translation.override("vi"):
        flag, merit = _award_types()
        with happening_at(moment(SET_UP_DAY, 8)):
            farming = _block(
                "Khối thi đua các HTX nông nghiệp tỉnh Đắk Nông",
                "KTĐNN",
                BlockLevel.PROVINCE,
                "Các hợp tác xã nông nghiệp thành viên Liên minh HTX tỉnh (QĐ 354/2018/QĐ-UBND).",
                CRITERIA,
                office,
                margin=D("3"),
            )
            credit = _block(
                "Khối thi đua các Quỹ tín dụng nhân dân",
                "KTĐQTD",
                BlockLevel.PROVINCE,
                "Các quỹ tín dụng nhân dân trên địa bàn tỉnh.",
                CREDIT_CRITERIA,
                office,
                margin=D("4"),
                ranking_method=RankingMethod.WEIGHTED,
                self_weight=D("0.2"),
            )
        farms = _members(OrganizationKind.COOPERATIVE, Sector.AGRICULTURE, 8, accounts)
        funds = _members(OrganizationKind.CREDIT_FUND, None, 5, accounts)
        farming_year, farming_actor = _run_year(farming, farms, accounts, office, rng, planted=(5, 2, 3))
        _meeting(farming_year, flag, farming_actor, absent={farms[7].pk})
        credit_year, credit_actor = _run_year(credit, funds, accounts, office, rng, planted=(4, 1, 2))
        if merit is not None:
            _meeting(credit_year, merit, credit_actor, absent=set())
        with happening_at(moment(NEXT_YEAR_DAY, 9)):
            blocks.next_year(farming_year, head=farms[1], deputy=farms[2], by=office)
    return f"Emulation blocks: {EmulationBlock.objects.count()}, {len(farms)} and {len(funds)} members, 2025 ranked."

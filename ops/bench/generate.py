"""The national data set, written in bulk by the database server itself.

Every large table is filled by one INSERT … SELECT over generate_series with ids computed
from a base (so that rows can name each other by arithmetic, without reading back), with
synchronous_commit off and the foreign-key triggers off (session_replication_role =
replica: the generator writes consistent ids, the checks would only cost time). Small
things (the campaign, its criteria and periods, a decision) go through the ORM.

At scale 1: 35,000 organizations in the 63 provinces (an Alliance and two departments
each, then cooperatives, groups, unions and credit funds), 300,000 people, one campaign
of 12 criteria and 12 monthly periods that every unit registers for and reports in every
month (~4.6 million values), ~1,400 violations, 20,000 nominations, and a decision of
1,000 awards for the certificates.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from awards.models import Award, AwardType, Decision, DecisionStatus, Nomination, NominationStatus
from awards.rank_scores import refresh_rank_scores
from campaign import counters
from campaign import scopes as campaign_scopes
from campaign.models import (
    Campaign,
    CampaignKind,
    CampaignStatus,
    ClassificationBand,
    Criterion,
    CriterionGroup,
    GroupingLevel,
    PeriodKind,
    ReportingPeriod,
    ScoringRule,
)
from core.caching import bump_on_commit
from members import scopes
from members.models import AdministrativeArea, AreaLevel, Organization, Role, User

# Raise when the generated data changes: a bench database with another version is rebuilt.
VERSION = "2026-12-counters"
MARKER_TABLE = "bench_marker"
CAMPAIGN_NAME = "Phong trào thi đua toàn quốc năm 2021 (dữ liệu đo hiệu năng)"
SUBJECT_KINDS = ["cooperative", "group", "union", "credit_fund"]
YEAR = 2021
BENCH_UNIT_USER = "bench_donvi"
BENCH_OFFICE_USER = "vanphong"

# (group, code, name, rule, max, points per item, target, kinds)
CRITERIA = [
    (0, "1.1", "Doanh thu đạt kế hoạch", ScoringRule.TARGET, 10, None, 100, []),
    (0, "1.2", "Thu nhập bình quân của thành viên", ScoringRule.TARGET, 10, None, 50, []),
    (0, "1.3", "Sản lượng tiêu thụ qua hợp tác xã", ScoringRule.TARGET, 10, None, 20, ["cooperative"]),
    (0, "1.4", "Tỷ lệ thành viên sử dụng dịch vụ", ScoringRule.PERCENTAGE, 10, None, None, []),
    (1, "2.1", "Tỷ lệ thành viên được tập huấn", ScoringRule.PERCENTAGE, 10, None, None, []),
    (1, "2.2", "Tỷ lệ lao động có bảo hiểm xã hội", ScoringRule.PERCENTAGE, 5, None, None, []),
    (1, "2.3", "Có sổ sách kế toán đúng quy định", ScoringRule.YES_NO, 5, None, None, []),
    (1, "2.4", "Tổ chức đại hội thành viên đúng hạn", ScoringRule.YES_NO, 5, None, None, []),
    (2, "3.1", "Số mô hình, sáng kiến mới", ScoringRule.COUNT, 10, 2, None, []),
    (2, "3.2", "Số hoạt động an sinh xã hội", ScoringRule.COUNT, 10, None, None, []),
    (2, "3.3", "Đánh giá của Văn phòng về phong trào", ScoringRule.QUALITATIVE, 10, None, None, []),
    (2, "3.4", "Vi phạm quy định của phong trào", ScoringRule.DEDUCTION, 10, 2, None, []),
]
GROUPS = ["I. Sản xuất, kinh doanh", "II. Tổ chức, quản lý", "III. Phong trào, an sinh"]
BANDS = [("Xuất sắc", 75), ("Tốt", 60), ("Khá", 45)]


@dataclass
class Sizes:
    organizations: int
    people: int
    nominations: int
    certificates: int
    import_rows: int

    @classmethod
    def at(cls, scale):
        return cls(
            organizations=max(400, round(35_000 * scale)),
            people=max(1_000, round(300_000 * scale)),
            nominations=max(200, round(20_000 * scale)),
            certificates=max(50, min(1_000, round(1_000 * scale * 10))),
            import_rows=max(200, round(10_000 * scale)),
        )


# --- the marker --------------------------------------------------------------------------


def marker():
    """(version, scale, campaign id) of the data in this database, or None."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [MARKER_TABLE])
        if cursor.fetchone()[0] is None:
            return None
        cursor.execute(f"SELECT version, scale, campaign_id FROM {MARKER_TABLE} ORDER BY created_at DESC LIMIT 1")
        return cursor.fetchone()


def write_marker(scale, campaign_id, seconds):
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} (version text, scale numeric, campaign_id bigint,"
            " seconds numeric, created_at timestamptz DEFAULT now())"
        )
        cursor.execute(f"DELETE FROM {MARKER_TABLE}")
        cursor.execute(
            f"INSERT INTO {MARKER_TABLE} (version, scale, campaign_id, seconds) VALUES (%s, %s, %s, %s)",
            [VERSION, Decimal(str(scale)), campaign_id, round(seconds, 1)],
        )


# --- helpers -----------------------------------------------------------------------------


def _base(cursor, table):
    cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")
    return cursor.fetchone()[0]


def _reset_sequence(cursor, table):
    cursor.execute(
        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(MAX(id), 1) FROM {table}))"
    )


def _fast(cursor):
    cursor.execute("SET LOCAL synchronous_commit = off")
    try:
        cursor.execute("SAVEPOINT bench_replica")
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("RELEASE SAVEPOINT bench_replica")
    except Exception:  # not a superuser: keep the triggers, only slower
        cursor.execute("ROLLBACK TO SAVEPOINT bench_replica")


def _array(values):
    return "ARRAY[" + ",".join(str(int(v)) for v in values) + "]::bigint[]"


# --- the data set ------------------------------------------------------------------------


def provinces():
    """The 63 provinces of before July 2025, by code."""
    found = list(
        AdministrativeArea.objects.filter(level=AreaLevel.PROVINCE, valid_until__isnull=False).order_by("code", "pk")
    )
    return found or list(AdministrativeArea.objects.filter(level=AreaLevel.PROVINCE).order_by("code", "pk"))


def generate(scale, log=print):
    """Write the data set; returns the campaign's id."""
    sizes = Sizes.at(scale)
    areas = provinces()
    if not areas:
        raise RuntimeError("No provinces: run migrate (members loads the areas) first.")
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        _fast(cursor)
        org_base = _organizations(cursor, sizes, areas, log)
        subject_first = org_base + 3 * len(areas)
        subjects = sizes.organizations - 3 * len(areas)
        person_base = _people(cursor, sizes, subject_first, subjects, log)
        campaign, criteria, periods = _campaign(now)
        _registrations(cursor, campaign, criteria, periods, subject_first, subjects, log)
        _violations(cursor, campaign, criteria, subject_first, subjects, log)
        _nominations(cursor, campaign, sizes, subject_first, subjects, person_base, log)
        _unit_user(subject_first)
        for table in (
            "members_organization",
            "members_person",
            "campaign_registration",
            "campaign_registrationtarget",
            "campaign_submission",
            "campaign_submissionvalue",
            "campaign_violation",
            "awards_nomination",
        ):
            _reset_sequence(cursor, table)
        # Rows written past the models: what the cache kept of the registry and the campaign is old.
        bump_on_commit(scopes.ORGANIZATIONS, scopes.PEOPLE, campaign_scopes.registrations(campaign.pk))
    _decision(campaign, sizes, log)
    # The INSERTs above bypass the services that keep the progress counters: recount them.
    log(f"  counters: {counters.rebuild(campaign):,} rows")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return campaign.pk


def _organizations(cursor, sizes, areas, log):
    base = _base(cursor, "members_organization")
    n_areas = len(areas)
    province_ids = _array(a.pk for a in areas)
    names = "ARRAY[" + ",".join(f"'{a.name.replace(chr(39), chr(39) * 2)}'" for a in areas) + "]"
    # i < 63: the Alliances; then two departments per Alliance; then the member units.
    cursor.execute(
        f"""
        INSERT INTO members_organization (id, name, short_name, kind, tax_code, address, sector, founded_on,
            members_count, workers_count, representative, phone, email, is_alliance_member, status,
            created_at, updated_at, province_id, parent_id)
        SELECT %(base)s + i,
            CASE WHEN i < %(n)s THEN 'Liên minh Hợp tác xã ' || regexp_replace(({names})[i %% %(n)s + 1], '^(Tỉnh|Thành phố) ', '')
                 WHEN i < 3 * %(n)s THEN (ARRAY['Văn phòng', 'Ban Kiểm tra'])[(i / %(n)s)] || ' Liên minh HTX '
                      || regexp_replace(({names})[i %% %(n)s + 1], '^(Tỉnh|Thành phố) ', '')
                 ELSE (ARRAY['Hợp tác xã', 'Tổ hợp tác', 'Liên hiệp HTX', 'Quỹ tín dụng nhân dân'])[k]
                      || ' ' || (ARRAY['Nông nghiệp', 'Dịch vụ', 'Thương mại', 'Vận tải', 'Xây dựng', 'Môi trường',
                                       'Cà phê', 'Hồ tiêu', 'Lúa gạo', 'Thủy sản', 'Chè', 'Rau an toàn'])[i %% 12 + 1]
                      || ' ' || (ARRAY['Thành Công', 'Tân Tiến', 'Hòa Bình', 'Phú Thịnh', 'Đồng Tâm', 'An Phát',
                                       'Hưng Thịnh', 'Quyết Thắng', 'Bình Minh'])[i %% 9 + 1] || ' số ' || i
            END,
            '', kind, 'BN' || lpad(i::text, 8, '0'), '',
            (ARRAY['agriculture', 'industry', 'trade', 'transport', 'construction', 'credit', 'environment', 'other'])[i %% 8 + 1],
            DATE '1997-01-01' + (i * 37 %% 9000), 7 + i %% 300, 3 + i %% 50, 'Nguyễn Văn ' || i, '', '',
            true, CASE WHEN i %% 50 = 7 THEN 'suspended' ELSE 'active' END, now(), now(),
            (%(provinces)s)[i %% %(n)s + 1],
            CASE WHEN i >= %(n)s AND i < 3 * %(n)s THEN %(base)s + i %% %(n)s END
        FROM (
            SELECT i,
                CASE WHEN i < %(n)s THEN 'alliance' WHEN i < 3 * %(n)s THEN 'department'
                     ELSE (ARRAY['cooperative', 'group', 'union', 'credit_fund'])[k] END AS kind, k
            FROM (SELECT i, CASE WHEN i %% 100 < 70 THEN 1 WHEN i %% 100 < 94 THEN 2
                                 WHEN i %% 100 < 95 THEN 3 ELSE 4 END AS k
                  FROM generate_series(0, %(count)s - 1) AS i) AS numbered
        ) AS rows
        """.replace("%(provinces)s", province_ids),
        {"base": base, "n": n_areas, "count": sizes.organizations},
    )
    log(f"  organizations: {sizes.organizations:,}")
    return base


def _people(cursor, sizes, subject_first, subjects, log):
    base = _base(cursor, "members_person")
    cursor.execute(
        """
        INSERT INTO members_person (id, full_name, gender, birth_year, ethnicity, position, is_direct_worker,
            phone, email, created_at, organization_id)
        SELECT %(base)s + j,
            (ARRAY['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ'])[j %% 12 + 1]
            || ' ' || CASE WHEN j %% 2 = 0 THEN 'Thị ' ELSE 'Văn ' END
            || (ARRAY['An', 'Bình', 'Chi', 'Dũng', 'Hà', 'Hùng', 'Lan', 'Minh', 'Nga', 'Phúc', 'Quang', 'Thảo',
                      'Tuấn', 'Vân', 'Yến', 'Long', 'Mai', 'Sơn', 'Trang'])[j %% 19 + 1],
            CASE WHEN j %% 2 = 0 THEN 'female' ELSE 'male' END, 1960 + j %% 40, 'Kinh',
            (ARRAY['Giám đốc', 'Phó Giám đốc', 'Kế toán', 'Thành viên', 'Thành viên', ''])[j %% 6 + 1],
            j %% 3 = 0, '', '', now(), %(first)s + j %% %(subjects)s
        FROM generate_series(0, %(count)s - 1) AS j
        """,
        {"base": base, "first": subject_first, "subjects": subjects, "count": sizes.people},
    )
    log(f"  people: {sizes.people:,}")
    return base


def _campaign(now):
    campaign = Campaign.objects.create(
        name=CAMPAIGN_NAME,
        short_name="Toàn quốc 2021 (đo hiệu năng)",
        kind=CampaignKind.REGULAR,
        subject_kinds=SUBJECT_KINDS,
        starts_on=dt.date(YEAR, 1, 1),
        ends_on=dt.date(YEAR, 12, 31),
        grouping_level=GroupingLevel.PROVINCE,
    )
    Campaign.objects.filter(pk=campaign.pk).update(status=CampaignStatus.RUNNING)
    campaign.status = CampaignStatus.RUNNING
    groups = [CriterionGroup.objects.create(campaign=campaign, name=name, order=i) for i, name in enumerate(GROUPS)]
    criteria = [
        Criterion.objects.create(
            campaign=campaign,
            group=groups[group],
            code=code,
            name=name,
            rule=rule,
            max_points=Decimal(top),
            points_per_unit=None if per is None else Decimal(per),
            target=None if target is None else Decimal(target),
            kinds=kinds,
            order=i,
        )
        for i, (group, code, name, rule, top, per, target, kinds) in enumerate(CRITERIA)
    ]
    for name, low in BANDS:
        ClassificationBand.objects.create(campaign=campaign, name=name, min_score=Decimal(low))
    periods = []
    for month in range(1, 13):
        starts = dt.date(YEAR, month, 1)
        ends = (dt.date(YEAR + month // 12, month % 12 + 1, 1)) - dt.timedelta(days=1)
        periods.append(
            ReportingPeriod.objects.create(
                campaign=campaign,
                kind=PeriodKind.MONTH,
                name=f"Tháng {month}/{YEAR}",
                starts_on=starts,
                ends_on=ends,
                deadline=ends + dt.timedelta(days=5),
            )
        )
    return campaign, criteria, periods


def _registrations(cursor, campaign, criteria, periods, subject_first, subjects, log):
    reg_base = _base(cursor, "campaign_registration")
    office = User.objects.filter(role=Role.OFFICE).order_by("pk").values_list("pk", flat=True).first()
    cursor.execute(
        """
        INSERT INTO campaign_registration (id, note, status, return_reason, registered_at, campaign_id,
            organization_id, registered_by_id)
        SELECT %(base)s + k, '', 'verified', '', now(), %(campaign)s, %(first)s + k, NULL
        FROM generate_series(0, %(n)s - 1) AS k
        """,
        {"base": reg_base, "campaign": campaign.pk, "first": subject_first, "n": subjects},
    )
    cursor.execute(
        """
        INSERT INTO campaign_registrationtarget (target, criterion_id, registration_id)
        SELECT 80 + k %% 50, %(criterion)s, %(base)s + k FROM generate_series(0, %(n)s - 1) AS k WHERE k %% 10 = 0
        """,
        {"base": reg_base, "criterion": criteria[0].pk, "n": subjects},
    )
    log(f"  registrations: {subjects:,}")
    sub_base = _base(cursor, "campaign_submission")
    period_ids = _array(p.pk for p in periods)
    period_ends = "ARRAY[" + ",".join(f"DATE '{p.ends_on}'" for p in periods) + "]"
    # The month's state: mostly verified; the last month still being handed in and checked.
    state = """CASE WHEN p < 11 THEN (CASE WHEN h < 94 THEN 'verified' WHEN h < 97 THEN 'submitted'
                                        WHEN h < 99 THEN 'returned' ELSE 'draft' END)
                    ELSE (CASE WHEN h < 60 THEN 'verified' WHEN h < 85 THEN 'submitted'
                               WHEN h < 90 THEN 'returned' ELSE 'draft' END) END"""
    cursor.execute(
        f"""
        INSERT INTO campaign_submission (id, status, is_late, submitted_at, verified_at, return_reason, version,
            created_at, updated_at, organization_id, period_id, verified_by_id)
        SELECT %(base)s + k * 12 + p, status, h %% 17 = 0,
            CASE WHEN status <> 'draft' THEN ({period_ends})[p + 1] + 3 END,
            CASE WHEN status = 'verified' THEN ({period_ends})[p + 1] + 8 END,
            CASE WHEN status = 'returned' THEN 'Thiếu minh chứng cho tiêu chí 1.1' ELSE '' END, 1,
            now(), now(), %(first)s + k, ({period_ids})[p + 1],
            CASE WHEN status = 'verified' THEN %(office)s END
        FROM (SELECT k, p, h, {state} AS status
              FROM (SELECT k, p, (k * 7 + p * 13) %% 100 AS h
                    FROM generate_series(0, %(n)s - 1) AS k, generate_series(0, 11) AS p) AS numbered) AS rows
        """,
        {"base": sub_base, "first": subject_first, "n": subjects, "office": office},
    )
    log(f"  submissions: {subjects * 12:,}")
    # One value per submission and applicable criterion, by rule; about 1 in 100 left empty.
    reported = [c for c in criteria if c.reported_by_unit]
    crit_ids = _array(c.pk for c in reported)
    rules = "ARRAY[" + ",".join(f"'{c.rule}'" for c in reported) + "]"
    only_coop = "ARRAY[" + ",".join("true" if c.kinds else "false" for c in reported) + "]"
    cursor.execute(
        f"""
        INSERT INTO campaign_submissionvalue (value, note, staff_score, criterion_id, submission_id)
        SELECT CASE WHEN rule = 'qualitative' OR (k * 7 + p * 3 + c) %% 100 = 0 THEN NULL
                    WHEN rule = 'target' THEN (k * 37 + p * 11 + c) %% 121
                    WHEN rule = 'percentage' THEN (k * 13 + p * 7 + c * 3) %% 101
                    WHEN rule = 'yes_no' THEN CASE WHEN (k + p + c) %% 5 = 0 THEN 0 ELSE 1 END
                    ELSE (k + p * 3 + c) %% 8 END,
            '',
            CASE WHEN rule = 'qualitative' AND s.status = 'verified' THEN (k + p) %% 11 END,
            ({crit_ids})[c + 1], %(base)s + k * 12 + p
        FROM generate_series(0, %(n)s - 1) AS k
        CROSS JOIN generate_series(0, 11) AS p
        CROSS JOIN generate_series(0, {len(reported) - 1}) AS c
        CROSS JOIN LATERAL (SELECT ({rules})[c + 1] AS rule) AS r
        JOIN campaign_submission s ON s.id = %(base)s + k * 12 + p
        JOIN members_organization o ON o.id = %(first)s + k
        WHERE NOT ({only_coop})[c + 1] OR o.kind = 'cooperative'
        """,
        {"base": sub_base, "first": subject_first, "n": subjects},
    )
    log(f"  submitted values: {cursor.rowcount:,}")


def _violations(cursor, campaign, criteria, subject_first, subjects, log):
    deduction = next(c for c in criteria if c.rule == ScoringRule.DEDUCTION)
    # 1 unit in 50: three deductions of 4 points in one month (capped at 10 by the criterion);
    # 1 in 50: a deduction without criterion; 1 in 500: a veto.
    cursor.execute(
        """
        INSERT INTO campaign_violation (occurred_on, description, effect, points, recorded_at, campaign_id,
            criterion_id, organization_id, person_id, recorded_by_id)
        SELECT make_date(%(year)s, k %% 12 + 1, 10 + v), 'Vi phạm quy định của phong trào', 'deduction', 4, now(),
            %(campaign)s, %(criterion)s, %(first)s + k, NULL::bigint, NULL::bigint
        FROM generate_series(0, %(n)s - 1) AS k, generate_series(0, 2) AS v WHERE k %% 50 = 3
        UNION ALL
        SELECT make_date(%(year)s, k %% 12 + 1, 20), 'Nộp báo cáo không đúng sự thật', 'deduction', 1.5, now(),
            %(campaign)s, NULL, %(first)s + k, NULL::bigint, NULL::bigint
        FROM generate_series(0, %(n)s - 1) AS k WHERE k %% 50 = 27
        UNION ALL
        SELECT make_date(%(year)s, k %% 12 + 1, 15), 'Vi phạm nghiêm trọng quy định phòng, chống dịch', 'veto', 0,
            now(), %(campaign)s, NULL, %(first)s + k, NULL::bigint, NULL::bigint
        FROM generate_series(0, %(n)s - 1) AS k WHERE k %% 500 = 11
        """,
        {"year": YEAR, "campaign": campaign.pk, "criterion": deduction.pk, "first": subject_first, "n": subjects},
    )
    log(f"  violations: {cursor.rowcount:,}")


def _award_types():

    types = list(AwardType.objects.order_by("order", "pk"))
    individual = [t.pk for t in types if t.for_individuals] or [types[0].pk]
    collective = [t.pk for t in types if t.for_collectives] or [types[0].pk]
    return individual, collective


def _nominations(cursor, campaign, sizes, subject_first, subjects, person_base, log):
    individual, collective = _award_types()
    base = _base(cursor, "awards_nomination")
    # The first `certificates` are awarded by one decision; the rest go through every state.
    statuses = (
        "ARRAY['submitted','submitted','submitted','submitted','submitted','submitted','eligible','eligible',"
        "'eligible','not_eligible','in_council','in_council','passed','passed','passed','approved','approved',"
        "'rejected','not_passed','draft']"
    )
    cursor.execute(
        f"""
        INSERT INTO awards_nomination (id, nominee_kind, achievements, status, eligibility_reasons, score,
            leader_comment, version, created_at, updated_at, award_type_id, campaign_id, created_by_id,
            organization_id, person_id, occasion, occasion_title, certificate_text,
            unit_band, unit_vetoed, shortlist_scored, nominee_sort_key)
        SELECT %(base)s + m, CASE WHEN collective THEN 'collective' ELSE 'individual' END,
            'Hoàn thành xuất sắc nhiệm vụ năm 2021; dẫn đầu phong trào thi đua của đơn vị, có sáng kiến '
            || 'nâng cao năng suất lao động, tích cực tham gia các hoạt động an sinh xã hội tại địa phương.',
            CASE WHEN m < %(certificates)s THEN 'decided' ELSE ({statuses})[m %% 20 + 1] END, '[]'::jsonb, NULL,
            '', 0, now(), now(),
            CASE WHEN collective THEN ({_array(collective)})[m %% {len(collective)} + 1]
                 ELSE ({_array(individual)})[m %% {len(individual)} + 1] END,
            %(campaign)s, NULL,
            CASE WHEN collective THEN %(first)s + (m * 7) %% %(subjects)s
                 ELSE %(first)s + ((m * 13) %% %(people)s) %% %(subjects)s END,
            CASE WHEN collective THEN NULL ELSE %(person_base)s + (m * 13) %% %(people)s END,
            'campaign', '', '',
            '', false, false, ''::bytea  -- the rank scores: stored by store_rank_scores once scored
        FROM (SELECT m, m %% 4 = 3 AS collective FROM generate_series(0, %(n)s - 1) AS m) AS rows
        """,
        {
            "base": base,
            "certificates": sizes.certificates,
            "campaign": campaign.pk,
            "first": subject_first,
            "subjects": subjects,
            "people": sizes.people,
            "person_base": person_base,
            "n": sizes.nominations,
        },
    )
    log(f"  nominations: {sizes.nominations:,}")


def _unit_user(subject_first):
    """A unit representative of the first cooperative, for the load test of the unit's pages."""
    org = Organization.objects.get(pk=subject_first)
    user, _created = User.objects.update_or_create(
        username=BENCH_UNIT_USER, defaults={"role": Role.UNIT, "organization": org, "is_active": True}
    )
    return user


def _decision(campaign, sizes, log):

    decision = Decision.objects.create(
        campaign=campaign,
        kind=Decision.Kind.DECISION,
        title="Quyết định khen thưởng phong trào thi đua toàn quốc năm 2021 (đo hiệu năng)",
        decided_on=dt.date(YEAR + 1, 1, 15),
    )
    Decision.objects.filter(pk=decision.pk).update(status=DecisionStatus.ISSUED)
    nominations = Nomination.objects.filter(campaign=campaign, status=NominationStatus.DECIDED).order_by("pk")
    Award.objects.bulk_create(
        [
            Award(decision=decision, nomination_id=pk, amount=Decimal(460_000), order=i)
            for i, pk in enumerate(nominations.values_list("pk", flat=True)[: sizes.certificates])
        ],
        batch_size=5_000,
    )
    log(f"  decision of {sizes.certificates:,} awards")
    return decision


def store_rank_scores(campaign_id, log=print):
    """The nominations inserted above carry no rank scores: the one writer stores them
    (awards.rank_scores), once the score table is filled."""
    changed = refresh_rank_scores(Campaign.objects.get(pk=campaign_id))
    log(f"  rank scores of {changed:,} nominations")


def bench_campaign(campaign_id):
    return Campaign.objects.get(pk=campaign_id)

"""The statutory emulation-commendation statistics of a year, computed from the app's data.

The Ministry of Home Affairs' statistics circular in force for a year (a StatisticsCircular
row: which circular, its forms' numbers, when the reporting period starts) is data; the
forms' rows and columns are described here once. A counted form's cell is the number of rows
of one queryset (`cell_rows`): the page links every number to exactly those rows, and the
XLSX and the PDF print the same `compute` result. Forms whose data the app does not hold
(state awards, the bodies and their staff) print what the office entered for the year
(StatisticsEntry), never a number the app would make up.

The forms are official Vietnamese documents: their words are written in Vietnamese here.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q

from awards.amendments import issued_revocations
from awards.models import Award, AwardIssuer, AwardType, Decision, DecisionStatus, NomineeKind
from campaign.models import Campaign, CampaignKind, CampaignStatus
from members.models import Gender

from .document import status_words
from .models import StatisticsCircular, StatisticsEntry, StatisticsForm

COUNTED, ENTERED = "counted", "entered"


class NoCircular(LookupError):
    """No statistics circular is recorded for the year."""


@dataclass(frozen=True)
class Line:
    """A row or a column of a form: its key (in links and entries), its printed label and, for a
    counted form, the filter it adds to the form's rows (None: all of them)."""

    key: str
    label: str
    q: Q | None = None
    level: int = 0  # 0: a total or a group, 1: a line under it (indented)


@dataclass(frozen=True)
class FormLayout:
    key: str
    title: str
    source: str  # COUNTED or ENTERED
    unit: str
    columns: tuple
    rows: tuple = field(default=())
    counts: str = ""  # what a counted form's rows are: "campaigns" or "awards"
    note: str = ""


# --- the year: circular and reporting period -----------------------------------------------


def circular_for(year):
    """The circular in force on the last day of `year`, when the year's statistics are made."""
    found = StatisticsCircular.objects.filter(valid_from__lte=dt.date(year, 12, 31)).order_by("-valid_from").first()
    if found is None:
        raise NoCircular(year)
    return found


def reporting_period(year, circular):
    """(first day, last day) of the year's reporting period under `circular`: from 1 December of the
    year before to 30 November when it starts in month 12, the calendar year when in month 1."""
    month = circular.period_starts_month or 1
    start = dt.date(year, 1, 1) if month == 1 else dt.date(year - 1, month, 1)
    end = dt.date(start.year + 1, start.month, 1) - dt.timedelta(days=1)
    return start, end


# --- what the counted forms count ----------------------------------------------------------


def campaigns_of(period):
    """The campaigns carried out in the period (launched, not drafts), whichever their kind."""
    start, end = period
    return Campaign.objects.exclude(status=CampaignStatus.DRAFT).filter(starts_on__lte=end, ends_on__gte=start)


def issued_in(period):
    """Lines of a decision or a proposal issued in the period."""
    return Q(decision__decided_on__range=period)


def granted_in(period):
    """Lines of a proposal the higher body granted by an answer dated in the period."""
    return Q(
        decision__kind=Decision.Kind.PROPOSAL,
        higher_answer__granted=True,
        higher_answer__answer__decided_on__range=period,
    )


def awards_of(period):
    """The awardee lines a year's forms count: of the Alliance's decisions and its proposals upward
    issued in the period, and of proposals granted by the higher body in the period; less those an
    issued revoking decision took back. Outside any campaign too."""
    return (
        Award.objects.filter(
            decision__status=DecisionStatus.ISSUED,
            decision__kind__in=[Decision.Kind.DECISION, Decision.Kind.PROPOSAL],
        )
        .filter(issued_in(period) | granted_in(period))
        .exclude(pk__in=issued_revocations().values("award_id"))
    )


def _campaign_layout(period):
    start, end = period
    kinds = status_words(CampaignKind)
    rows = [Line("total", "Tổng số")] + [
        Line(value, f"Thi đua {label[:1].lower()}{label[1:]}", Q(kind=value), level=1) for value, label in kinds.items()
    ]
    columns = (
        Line("carried_out", "Số phong trào triển khai trong kỳ"),
        Line("launched", "Trong đó: phát động trong kỳ", Q(starts_on__range=(start, end))),
        Line("ended", "Kết thúc (tổng kết) trong kỳ", Q(ends_on__range=(start, end))),
    )
    return FormLayout(
        key=StatisticsForm.CAMPAIGNS,
        title="SỐ PHONG TRÀO THI ĐUA",
        source=COUNTED,
        unit="Phong trào",
        columns=columns,
        rows=tuple(rows),
        counts="campaigns",
    )


def award_groups(period):
    """(key, label, filter, award types' issuers) of each group of rows of form 0603."""
    decided = Q(decision__kind=Decision.Kind.DECISION) & issued_in(period)
    granted = granted_in(period)
    proposed = Q(decision__kind=Decision.Kind.PROPOSAL) & issued_in(period)
    national = Q(nomination__award_type__issuer=AwardIssuer.NATIONAL)
    province = Q(nomination__award_type__issuer=AwardIssuer.PROVINCE)
    return [
        ("alliance", "Liên minh HTX tỉnh khen thưởng", decided, [AwardIssuer.ALLIANCE]),
        ("national", "Liên minh HTX Việt Nam khen thưởng (theo đề nghị)", granted & national, [AwardIssuer.NATIONAL]),
        ("province", "Chủ tịch UBND tỉnh khen thưởng (theo đề nghị)", granted & province, [AwardIssuer.PROVINCE]),
        (
            "proposed",
            "Đề nghị cấp trên khen thưởng (tờ trình ban hành trong kỳ)",
            proposed,
            [AwardIssuer.NATIONAL, AwardIssuer.PROVINCE],
        ),
    ]


INDIVIDUAL = Q(nomination__nominee_kind=NomineeKind.INDIVIDUAL)
AWARD_COLUMNS = (
    Line("total", "Tổng số"),
    Line("collective", "Tập thể", Q(nomination__nominee_kind=NomineeKind.COLLECTIVE)),
    Line("individual", "Cá nhân", INDIVIDUAL),
    Line("women", "Trong đó: nữ", INDIVIDUAL & Q(nomination__person__gender=Gender.FEMALE), level=1),
    Line(
        "direct_workers",
        "Trong đó: người trực tiếp lao động",
        INDIVIDUAL & Q(nomination__person__is_direct_worker=True),
        level=1,
    ),
    Line(
        "minorities",
        "Trong đó: người dân tộc thiểu số",
        INDIVIDUAL & ~Q(nomination__person__ethnicity__iexact="Kinh"),
        level=1,
    ),
    Line("households", "Hộ gia đình", Q(nomination__nominee_kind=NomineeKind.HOUSEHOLD)),
    Line("initiatives", "Sáng kiến", Q(nomination__nominee_kind=NomineeKind.INITIATIVE)),
)


def _award_layout(period):
    """One group of rows per way an award is granted, one row per award type of that group (those
    in use, and any other that has awards in the period)."""
    used = set(awards_of(period).values_list("nomination__award_type_id", flat=True))
    groups = award_groups(period)
    received = groups[0][2] | groups[1][2] | groups[2][2]
    rows = [Line("total", "Tổng số được khen thưởng", received)]
    types = AwardType.objects.filter(Q(is_active=True) | Q(pk__in=used)).order_by("order", "name", "pk")
    for key, label, q, issuers in groups:
        rows.append(Line(key, label, q))
        for award_type in types:
            if award_type.issuer in issuers:
                rows.append(
                    Line(f"{key}-{award_type.pk}", award_type.name, q & Q(nomination__award_type=award_type), level=1)
                )
    return FormLayout(
        key=StatisticsForm.LEVEL_AWARDS,
        title="SỐ LƯỢNG KHEN THƯỞNG CẤP BỘ, BAN, NGÀNH, TỈNH",
        source=COUNTED,
        unit="Tập thể, cá nhân, hộ gia đình, sáng kiến",
        columns=AWARD_COLUMNS,
        rows=tuple(rows),
        counts="awards",
        note="Tổng số gồm các mục I–III: Liên minh HTX tỉnh khen thưởng và cấp trên khen thưởng theo văn bản trả lời "
        "ghi nhận trong kỳ. Mục IV đếm các trường hợp trong tờ trình đề nghị cấp trên ban hành trong kỳ.",
    )


ENTERED_LAYOUTS = {
    StatisticsForm.STATE_AWARDS: FormLayout(
        key=StatisticsForm.STATE_AWARDS,
        title="SỐ LƯỢNG KHEN THƯỞNG CẤP NHÀ NƯỚC",
        source=ENTERED,
        unit="Tập thể, cá nhân",
        columns=(
            Line("proposed_collective", "Đề nghị: tập thể"),
            Line("proposed_individual", "Đề nghị: cá nhân"),
            Line("awarded_collective", "Được khen thưởng: tập thể"),
            Line("awarded_individual", "Được khen thưởng: cá nhân"),
        ),
        rows=(
            Line("orders", "Huân chương các loại"),
            Line("medals", "Huy chương các loại"),
            Line("honours", "Danh hiệu vinh dự Nhà nước"),
            Line("national_emulation", "Chiến sĩ thi đua toàn quốc"),
            Line("government_flag", "Cờ thi đua của Chính phủ"),
            Line("pm_merit", "Bằng khen của Thủ tướng Chính phủ"),
        ),
        note="Phần mềm không ghi nhận khen thưởng cấp Nhà nước: Văn phòng nhập số liệu của năm.",
    ),
    StatisticsForm.BODIES: FormLayout(
        key=StatisticsForm.BODIES,
        title="SỐ HỘI ĐỒNG, CƠ QUAN LÀM CÔNG TÁC THI ĐUA, KHEN THƯỞNG",
        source=ENTERED,
        unit="Hội đồng, cơ quan, người",
        columns=(Line("count", "Số lượng"), Line("members", "Số thành viên, người")),
        rows=(
            Line("council", "Hội đồng Thi đua - Khen thưởng"),
            Line("standing_office", "Cơ quan, bộ phận thường trực làm công tác thi đua, khen thưởng"),
        ),
        note="Văn phòng nhập số liệu của năm.",
    ),
    StatisticsForm.STAFF: FormLayout(
        key=StatisticsForm.STAFF,
        title="SỐ LƯỢNG CÔNG CHỨC, VIÊN CHỨC, NGƯỜI LAO ĐỘNG LÀM CÔNG TÁC THI ĐUA, KHEN THƯỞNG",
        source=ENTERED,
        unit="Người",
        columns=(
            Line("total", "Tổng số"),
            Line("women", "Trong đó: nữ"),
            Line("full_time", "Chuyên trách"),
            Line("part_time", "Kiêm nhiệm"),
            Line("postgraduate", "Trình độ: sau đại học"),
            Line("graduate", "Trình độ: đại học"),
            Line("other", "Trình độ: khác"),
        ),
        rows=(Line("staff", "Làm công tác thi đua, khen thưởng"),),
        note="Văn phòng nhập số liệu của năm.",
    ),
}

FORM_ORDER = [
    StatisticsForm.CAMPAIGNS,
    StatisticsForm.STATE_AWARDS,
    StatisticsForm.LEVEL_AWARDS,
    StatisticsForm.BODIES,
    StatisticsForm.STAFF,
]


def layout(form, period):
    """The rows and columns of a form for the period (a counted form's rows follow the award types)."""
    if form == StatisticsForm.CAMPAIGNS:
        return _campaign_layout(period)
    if form == StatisticsForm.LEVEL_AWARDS:
        return _award_layout(period)
    try:
        return ENTERED_LAYOUTS[form]
    except KeyError:
        raise LookupError(form) from None


def _base(form, period):
    return campaigns_of(period) if form.counts == "campaigns" else awards_of(period)


def _line(lines, key):
    for line in lines:
        if line.key == key:
            return line
    raise LookupError(key)


def cell_rows(form, period, row, column):
    """The rows a counted cell counts (a queryset), or LookupError for an unknown form, row or column."""
    form = form if isinstance(form, FormLayout) else layout(form, period)
    if form.source != COUNTED:
        raise LookupError(form.key)
    qs = _base(form, period)
    for line in (_line(form.rows, row), _line(form.columns, column)):
        if line.q is not None:
            qs = qs.filter(line.q)
    return qs


def _counted(form, period):
    """{(row, column): count}, one query per row; each count is `cell_rows(...).count()`."""
    cells = {}
    for row in form.rows:
        qs = _base(form, period)
        if row.q is not None:
            qs = qs.filter(row.q)
        totals = qs.aggregate(
            **{
                f"c_{i}": Count("pk", filter=col.q) if col.q is not None else Count("pk")
                for i, col in enumerate(form.columns)
            }
        )
        for i, col in enumerate(form.columns):
            cells[(row.key, col.key)] = totals[f"c_{i}"]
    return cells


def entered_values(year, form):
    """{(row, column): value} the office entered for a form of the year."""
    return {(e.row, e.column): e.value for e in StatisticsEntry.objects.filter(year=year, form=form)}


@dataclass
class ComputedForm:
    layout: FormLayout
    code: str
    cells: dict
    entered_on: object = None  # the last time the office entered a figure of it

    @property
    def key(self):
        return self.layout.key

    def table(self):
        """[(row, [(column, value)])] in the form's order; an entered figure not yet given is None."""
        return [
            (row, [(col, self.cells.get((row.key, col.key))) for col in self.layout.columns])
            for row in self.layout.rows
        ]


@dataclass
class YearStatistics:
    year: int
    circular: StatisticsCircular
    period: tuple
    forms: list

    def form(self, key):
        for computed in self.forms:
            if computed.key == key:
                return computed
        raise LookupError(key)


def compute(year):
    """Every form of the year, counted or entered; NoCircular when no circular covers the year."""
    circular = circular_for(year)
    period = reporting_period(year, circular)
    forms = []
    for key in FORM_ORDER:
        form = layout(key, period)
        code = (circular.form_codes or {}).get(key, "")
        if form.source == COUNTED:
            forms.append(ComputedForm(form, code, _counted(form, period)))
        else:
            entries = StatisticsEntry.objects.filter(year=year, form=key)
            last = entries.order_by("-entered_at").values_list("entered_at", flat=True).first()
            forms.append(ComputedForm(form, code, entered_values(year, key), entered_on=last))
    return YearStatistics(year=year, circular=circular, period=period, forms=forms)

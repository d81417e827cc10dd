"""Pure rules of proposals upward (tờ trình) and public notices: dossier components, time limits, states (no ORM).

The data are dated, each with its source in the style of LAW.md; `confirmed=False` marks what
was not checked against the official text (the pages show "verify on vbpl.vn").

Edge cases, stated once:
- The components and the time limit are those in force on the day the proposal is sent
  (the dossier's date); before the first listed date nothing applies and the caller refuses.
- A time limit counts working days after the day the higher body receives the dossier, taken
  as the day it is sent; its last day is the deadline, and the proposal is overdue the day after.
- A proposal whose every line has an answer is answered, however late.
- A notice of N working days starting on a working day counts that day as the first.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from core.text import fold
from core.workdays import add_working_days, nth_working_day

# --- the dossier's components -------------------------------------------------------------

PROPOSAL_WIDE = "proposal"  # one for the whole dossier
PER_LINE = "line"  # one for each person or collective proposed

TO_TRINH = "to_trinh"
ACHIEVEMENT_REPORT = "bao_cao"
SHORT_REPORT = "bao_cao_tom_tat"
COUNCIL_MINUTES = "bien_ban"
INITIATIVE_PROOF = "sang_kien"
NOTICE_RESULT = "cong_khai"


@dataclass(frozen=True)
class Component:
    key: str
    label: str
    scope: str
    # Only for the awards whose folded name contains one of these (empty: every award).
    only_for: tuple = ()

    def applies_to(self, award_name):
        return not self.only_for or any(word in fold(award_name) for word in self.only_for)


COMPONENT_LABELS = {
    TO_TRINH: _("The proposal (tờ trình) itself"),
    ACHIEVEMENT_REPORT: _("Report of achievements (báo cáo thành tích)"),
    SHORT_REPORT: _("Short report of achievements (báo cáo tóm tắt)"),
    COUNCIL_MINUTES: _("Minutes of the Council's review (biên bản xét khen thưởng)"),
    INITIATIVE_PROOF: _("Proof of an initiative or research recognised (sáng kiến, đề tài)"),
    NOTICE_RESULT: _("Public notice held, comments handled (công khai)"),
}

_STANDARD = (
    Component(TO_TRINH, COMPONENT_LABELS[TO_TRINH], PROPOSAL_WIDE),
    Component(ACHIEVEMENT_REPORT, COMPONENT_LABELS[ACHIEVEMENT_REPORT], PER_LINE),
    Component(COUNCIL_MINUTES, COMPONENT_LABELS[COUNCIL_MINUTES], PROPOSAL_WIDE),
    # Chiến sĩ thi đua (cơ sở, cấp tỉnh, toàn quốc) rests on an initiative or research recognised.
    Component(INITIATIVE_PROOF, COMPONENT_LABELS[INITIATIVE_PROOF], PER_LINE, only_for=("chien si thi dua",)),
)
_SIMPLIFIED = (
    Component(TO_TRINH, COMPONENT_LABELS[TO_TRINH], PROPOSAL_WIDE),
    Component(SHORT_REPORT, COMPONENT_LABELS[SHORT_REPORT], PER_LINE),
)

STANDARD = "standard"
SIMPLIFIED = "simplified"


@dataclass(frozen=True)
class DossierRule:
    valid_from: dt.date
    procedure: str
    components: tuple
    source: str
    source_url: str
    confirmed: bool


DOSSIER_RULES = (
    DossierRule(
        dt.date(2017, 10, 1),
        STANDARD,
        _STANDARD,
        "Nghị định 91/2017/NĐ-CP, Điều 45 (hồ sơ đề nghị khen thưởng)",
        "https://thuvienphapluat.vn/chinh-sach-phap-luat-moi/vn/bieu-mau/56019",
        False,
    ),
    DossierRule(
        dt.date(2024, 1, 1),
        STANDARD,
        _STANDARD,
        "Luật Thi đua, khen thưởng 06/2022/QH15, Điều 84 khoản 1",
        "https://luatlvn.com/2023/08/05/khoan-1-dieu-84-luat-thi-dua-khen-thuong",
        True,
    ),
    DossierRule(
        dt.date(2024, 1, 1),
        SIMPLIFIED,
        _SIMPLIFIED,
        "Luật Thi đua, khen thưởng 06/2022/QH15, Điều 85 (thủ tục đơn giản)",
        "https://dichvucong.thaibinh.gov.vn",
        False,
    ),
    DossierRule(
        dt.date(2025, 7, 1),
        STANDARD,
        _STANDARD,
        "Nghị định 152/2025/NĐ-CP (thay Nghị định 98/2023/NĐ-CP); thành phần theo Luật 06/2022, Điều 84",
        "https://baomoi.net.vn/phan-cap-phan-quyen-trong-linh-vuc-thi-dua-khen-thuong-c52500550.epi",
        False,
    ),
)


def dossier_rule(day, procedure=STANDARD, rules=DOSSIER_RULES):
    """The dossier rule of `procedure` in force on `day`, or None before the first."""
    found = [r for r in rules if r.procedure == procedure and r.valid_from <= day]
    return max(found, key=lambda r: r.valid_from) if found else None


@dataclass(frozen=True)
class Need:
    """One piece the dossier needs: a component, for the whole dossier (line=None) or for one line."""

    component: str
    line: object = None


def dossier_needs(rule, lines):
    """What the dossier needs under `rule`; `lines` are (line key, award name) pairs."""
    needs = []
    for component in rule.components:
        if component.scope == PROPOSAL_WIDE:
            needs.append(Need(component.key))
            continue
        needs.extend(Need(component.key, key) for key, award in lines if component.applies_to(award))
    return needs


def dossier_gaps(needs, present):
    """The needs not met: `present` holds the Need values the dossier has."""
    return [need for need in needs if need not in present]


# --- time limits of the receiving level ---------------------------------------------------

PROVINCE = "province"
NATIONAL = "national"


@dataclass(frozen=True)
class AnswerLimit:
    valid_from: dt.date
    addressee: str
    working_days: int
    source: str
    source_url: str
    confirmed: bool


ANSWER_LIMITS = (
    AnswerLimit(
        dt.date(2017, 10, 1),
        PROVINCE,
        25,
        "Nghị định 91/2017/NĐ-CP; bộ thủ tục hành chính cấp tỉnh (Bằng khen của Chủ tịch UBND tỉnh)",
        "",
        False,
    ),
    AnswerLimit(
        dt.date(2024, 1, 1),
        PROVINCE,
        25,
        "Luật 06/2022/QH15; thủ tục tặng Bằng khen của Chủ tịch UBND tỉnh: 25 ngày làm việc",
        "https://dichvucong.vinhphuc.gov.vn",
        True,
    ),
    AnswerLimit(
        dt.date(2025, 7, 1),
        PROVINCE,
        25,
        "Nghị định 152/2025/NĐ-CP; bộ thủ tục hành chính cấp tỉnh sau 01/07/2025",
        "",
        False,
    ),
    AnswerLimit(
        dt.date(2019, 11, 18),
        NATIONAL,
        20,
        "Quy chế TĐKT hệ thống Liên minh HTX Việt Nam (QĐ 429/QĐ-LMHTXVN, 18/11/2019)",
        "https://lmhtxdaknong.vn/2019/12/06/bao-cao-thi-dua/",
        False,
    ),
)


def answer_limit(addressee, day, limits=ANSWER_LIMITS):
    """The time limit of `addressee` in force on `day`, or None before the first."""
    found = [row for row in limits if row.addressee == addressee and row.valid_from <= day]
    return max(found, key=lambda row: row.valid_from) if found else None


def answer_deadline(sent_on, working_days):
    return add_working_days(sent_on, working_days)


# --- the state of a proposal ------------------------------------------------------------------

NOT_SENT = "not_sent"
WAITING = "waiting"
OVERDUE = "overdue"
PARTLY = "partly"
ANSWERED = "answered"

STATE_LABELS = {
    NOT_SENT: _("Not sent yet"),
    WAITING: _("Waiting for the answer"),
    OVERDUE: _("Overdue: no answer within the time limit"),
    PARTLY: _("Partly answered"),
    ANSWERED: _("Answered"),
}


def proposal_state(*, sent_on, deadline, today, lines, answered):
    """Where a proposal stands: not sent, waiting, overdue (past its deadline, lines unanswered), answered."""
    if sent_on is None:
        return NOT_SENT
    if lines and answered >= lines:
        return ANSWERED
    if deadline is not None and today > deadline:
        return OVERDUE
    return PARTLY if answered else WAITING


# --- public notices -----------------------------------------------------------------------------


def notice_end(starts_on, working_days):
    """The last day of a notice posted on `starts_on` for `working_days` working days."""
    return nth_working_day(starts_on, working_days)


def notice_open(starts_on, ends_on, today):
    return starts_on <= today <= ends_on

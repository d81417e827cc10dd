"""Pure rules of proposals and notices: dossier components by date, time limits by date, a proposal's state."""

import datetime as dt

import pytest

from awards import proposal_rules as rules
from awards.proposal_rules import Need

D = dt.date


@pytest.mark.parametrize(
    ("day", "source_starts"),
    [
        (D(2017, 9, 30), None),
        (D(2022, 2, 25), "Nghị định 91/2017"),
        (D(2023, 12, 31), "Nghị định 91/2017"),
        (D(2024, 1, 1), "Luật Thi đua, khen thưởng 06/2022"),
        (D(2025, 6, 30), "Luật Thi đua, khen thưởng 06/2022"),
        (D(2025, 7, 1), "Nghị định 152/2025"),
    ],
)
def test_the_dossier_rule_in_force_changes_on_its_dates(day, source_starts):
    rule = rules.dossier_rule(day)

    assert (rule.source.startswith(source_starts) if rule else None) == (True if source_starts else None)


def test_only_the_law_of_2022_is_marked_confirmed():
    assert [r.confirmed for r in rules.DOSSIER_RULES if r.procedure == rules.STANDARD] == [False, True, False]


def test_the_needs_of_a_dossier_ask_an_initiative_only_of_emulation_fighters():
    rule = rules.dossier_rule(D(2024, 3, 1))
    lines = [(1, "Chiến sĩ thi đua cấp tỉnh"), (2, "Bằng khen của Chủ tịch UBND tỉnh")]

    needs = rules.dossier_needs(rule, lines)

    assert needs == [
        Need("to_trinh"),
        Need("bao_cao", 1),
        Need("bao_cao", 2),
        Need("bien_ban"),
        Need("sang_kien", 1),
    ]


def test_the_simplified_procedure_asks_the_proposal_and_a_short_report():
    rule = rules.dossier_rule(D(2024, 3, 1), rules.SIMPLIFIED)

    assert rules.dossier_needs(rule, [(7, "Giấy khen")]) == [Need("to_trinh"), Need("bao_cao_tom_tat", 7)]
    assert rules.dossier_rule(D(2023, 3, 1), rules.SIMPLIFIED) is None


def test_dossier_gaps_are_the_needs_not_present():
    needs = [Need("to_trinh"), Need("bao_cao", 1), Need("bao_cao", 2)]

    assert rules.dossier_gaps(needs, {Need("to_trinh"), Need("bao_cao", 2)}) == [Need("bao_cao", 1)]
    assert rules.dossier_gaps(needs, set(needs)) == []


@pytest.mark.parametrize(
    ("addressee", "day", "days", "confirmed"),
    [
        ("province", D(2017, 9, 30), None, None),
        ("province", D(2022, 2, 25), 25, False),
        ("province", D(2024, 1, 1), 25, True),
        ("province", D(2025, 7, 1), 25, False),
        ("national", D(2019, 11, 17), None, None),
        ("national", D(2022, 2, 25), 20, False),
    ],
)
def test_the_answer_limit_in_force_on_the_sending_day(addressee, day, days, confirmed):
    limit = rules.answer_limit(addressee, day)

    assert (limit.working_days if limit else None, limit.confirmed if limit else None) == (days, confirmed)


def test_the_deadline_counts_working_days_after_the_sending():
    assert rules.answer_deadline(D(2022, 1, 28), 5) == D(2022, 2, 11)  # Tết Nhâm Dần is skipped


@pytest.mark.parametrize(
    ("sent_on", "deadline", "today", "answered", "state"),
    [
        (None, None, D(2022, 3, 1), 0, "not_sent"),
        (D(2022, 3, 1), D(2022, 4, 6), D(2022, 4, 6), 0, "waiting"),  # the last day is still in time
        (D(2022, 3, 1), D(2022, 4, 6), D(2022, 4, 7), 0, "overdue"),
        (D(2022, 3, 1), D(2022, 4, 6), D(2022, 4, 7), 1, "overdue"),  # one of two lines answered, late
        (D(2022, 3, 1), D(2022, 4, 6), D(2022, 4, 1), 1, "partly"),
        (D(2022, 3, 1), D(2022, 4, 6), D(2022, 6, 1), 2, "answered"),  # all answered, however late
    ],
)
def test_proposal_state(sent_on, deadline, today, answered, state):
    assert rules.proposal_state(sent_on=sent_on, deadline=deadline, today=today, lines=2, answered=answered) == state


def test_a_notice_runs_its_working_days_then_closes():
    ends = rules.notice_end(D(2022, 2, 8), 5)

    assert ends == D(2022, 2, 14)
    assert [rules.notice_open(D(2022, 2, 8), ends, day) for day in (D(2022, 2, 7), D(2022, 2, 14), D(2022, 2, 15))] == [
        False,
        True,
        False,
    ]

"""The eligibility rules over plain values: each rule with its edges, table by table."""

from decimal import Decimal

import pytest

from awards.eligibility import (
    AwardRules,
    Facts,
    band_reaches,
    check,
)

BANDS = ("Xuất sắc", "Tốt", "Khá", "Hoàn thành")
BOTH = frozenset({"individual", "collective"})


pytestmark = pytest.mark.usefixtures("english")


def codes(rules=None, **facts):
    rules = rules or AwardRules(name="Giấy khen", accepts=BOTH)
    facts.setdefault("nominee_kind", "collective")
    facts.setdefault("bands", BANDS)
    return [reason.code for reason in check(rules, Facts(**facts))]


def test_check_finds_nothing_when_every_fact_is_in_order():
    assert codes() == []


@pytest.mark.parametrize(
    ("accepts", "kind", "expected"),
    [
        (BOTH, "individual", []),
        (BOTH, "collective", []),
        (BOTH, "household", ["kind"]),
        (frozenset({"initiative"}), "initiative", []),
        (frozenset({"collective"}), "individual", ["kind"]),
    ],
)
def test_rule_kind_refuses_a_nominee_the_award_does_not_accept(accepts, kind, expected):
    assert codes(AwardRules(name="X", accepts=accepts), nominee_kind=kind) == expected


@pytest.mark.parametrize(
    ("is_subject", "registered", "expected"),
    [
        (True, True, []),
        (False, True, ["not_subject"]),
        (True, False, ["not_registered"]),
        (False, False, ["not_subject"]),
    ],
)
def test_rule_subject_needs_a_subject_kind_and_a_registration(is_subject, registered, expected):
    assert codes(is_subject=is_subject, registered=registered) == expected


@pytest.mark.parametrize(
    ("band", "minimum", "reaches"),
    [
        ("Xuất sắc", "Tốt", True),
        ("Tốt", "Tốt", True),  # the limit itself
        ("Khá", "Tốt", False),
        ("tốt", "TỐT", True),  # names match whatever their case
        ("Tốt", "  tốt ", True),
        (None, "Tốt", False),
        ("Tốt", "Giỏi", False),  # not a band of the campaign
    ],
)
def test_band_reaches_follows_the_campaign_order(band, minimum, reaches):
    assert band_reaches(band, minimum, BANDS) is reaches


@pytest.mark.parametrize(
    ("band", "minimum", "expected"),
    [
        ("Tốt", "", []),
        (None, "", []),
        ("Tốt", "tốt", []),
        ("Khá", "Tốt", ["band_low"]),
        (None, "Khá", ["band_low"]),
        ("Xuất sắc", "Giỏi", ["band_unknown"]),
    ],
)
def test_rule_band_compares_the_unit_band_with_the_lowest_allowed(band, minimum, expected):
    rules = AwardRules(name="X", accepts=BOTH, minimum_band=minimum)
    assert codes(rules, band=band) == expected


@pytest.mark.parametrize(
    ("kind", "unit_vetoed", "person_vetoed", "expected"),
    [
        ("collective", True, False, ["vetoed"]),
        ("collective", False, True, []),
        ("individual", True, False, []),  # the unit's veto does not name the person
        ("individual", False, True, ["vetoed"]),
        ("household", True, False, ["vetoed"]),
    ],
)
def test_rule_veto_bars_whom_the_veto_names(kind, unit_vetoed, person_vetoed, expected):
    rules = AwardRules(name="X", accepts=frozenset({kind}), barred_by_violation=False)
    assert codes(rules, nominee_kind=kind, unit_vetoed=unit_vetoed, person_vetoed=person_vetoed) == expected


@pytest.mark.parametrize(
    ("kind", "barred", "unit", "person", "expected"),
    [
        ("collective", True, 1, 0, ["violation"]),
        ("collective", False, 1, 0, []),
        ("individual", True, 2, 0, []),  # a violation of the unit, not of the person
        ("individual", True, 1, 1, ["violation"]),
        ("individual", False, 1, 1, []),
        ("collective", True, 0, 0, []),
    ],
)
def test_rule_violation_looks_at_the_unit_or_the_person(kind, barred, unit, person, expected):
    rules = AwardRules(name="X", accepts=BOTH, barred_by_violation=barred)
    assert codes(rules, nominee_kind=kind, unit_violations=unit, person_violations=person) == expected


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("", []),
        ("submitted", ["duplicate"]),
        ("eligible", ["duplicate"]),
        ("decided", ["awarded"]),
        ("proposed", ["awarded"]),
    ],
)
def test_rule_duplicate_refuses_a_second_nomination_for_the_same_award(status, expected):
    assert codes(same_type_status=status) == expected


def test_rule_one_award_names_the_other_awards():
    reasons = check(AwardRules(name="X", accepts=BOTH), Facts(nominee_kind="collective", other_awards=("Bằng khen",)))

    assert [(r.code, "“Bằng khen”" in r.text) for r in reasons] == [("one_award", True)]


@pytest.mark.parametrize(
    ("count", "share", "participants", "ahead", "expected"),
    [
        (3, None, 0, 2, []),  # the third fits exactly
        (3, None, 0, 3, ["quota"]),  # the fourth is one over
        (None, Decimal("0.15"), 20, 2, []),
        (None, Decimal("0.15"), 20, 3, ["quota"]),
        (None, Decimal("0.15"), 19, 2, ["quota"]),
        (None, None, 0, 99, []),
        (5, Decimal("0.15"), 20, 3, ["quota"]),  # both set: the share's 3 is stricter than the count's 5
        (2, Decimal("0.15"), 40, 2, ["quota"]),  # both set: the count's 2 is stricter than the share's 6
    ],
)
def test_rule_quota_counts_the_nominations_submitted_before(count, share, participants, ahead, expected):
    rules = AwardRules(name="X", accepts=BOTH, quota_count=count, quota_share=share)
    assert codes(rules, participants=participants, ahead=ahead) == expected


def test_rule_quota_names_the_share_and_the_limit():
    rules = AwardRules(name="CSTĐCS", accepts=BOTH, quota_share=Decimal("0.15"))

    (reason,) = check(rules, Facts(nominee_kind="individual", participants=20, ahead=3))

    assert "15% of 20 participants, that is 3" in reason.text


@pytest.mark.parametrize(
    ("count", "share", "participants", "text"),
    [
        (0, None, 9, "The quota of “X” is 0: no nomination can be eligible."),
        (None, Decimal("0.15"), 6, "The quota of “X” is 15% of 6 participants, that is none."),
        (2, None, 0, "The quota of “X” is 2 and 2 nomination(s) submitted earlier already fill it."),
        # both set: worded by the part that sets the limit
        (
            5,
            Decimal("0.1"),
            20,
            "The quota of “X” is 10% of 20 participants, that is 2, and 2 nomination(s) submitted earlier already fill it.",
        ),
        (2, Decimal("0.15"), 20, "The quota of “X” is 2 and 2 nomination(s) submitted earlier already fill it."),
    ],
)
def test_rule_quota_words_a_quota_of_none_and_a_count(count, share, participants, text):
    rules = AwardRules(name="X", accepts=BOTH, quota_count=count, quota_share=share)

    (reason,) = check(rules, Facts(nominee_kind="collective", participants=participants, ahead=2 if count else 0))

    assert reason.text == text


CSTDCS = AwardRules(
    name="Chiến sĩ thi đua cơ sở",
    accepts=frozenset({"individual"}),
    required_name="Lao động tiên tiến",
    standard="bonus_cstdcs",
)


@pytest.mark.parametrize(
    ("has_ldtt", "band", "initiatives", "expected"),
    [
        (True, "Xuất sắc", 0, []),  # LĐTT and the top band
        (True, "Tốt", 1, []),  # LĐTT and a recognised initiative
        (True, "Tốt", 0, ["cstdcs"]),
        (True, None, 0, ["cstdcs"]),
        (False, "Xuất sắc", 1, ["requires"]),
        (False, "Tốt", 0, ["requires", "cstdcs"]),
    ],
)
def test_cstdcs_needs_ldtt_and_an_excellent_result_or_an_initiative(has_ldtt, band, initiatives, expected):
    facts = {
        "nominee_kind": "individual",
        "has_required": has_ldtt,
        "band": band,
        "recognised_initiatives": initiatives,
    }
    assert codes(CSTDCS, **facts) == expected


TTLDXS = AwardRules(
    name="Tập thể lao động xuất sắc",
    accepts=frozenset({"collective"}),
    barred_by_violation=False,
    standard="bonus_excellent_collective",
)


@pytest.mark.parametrize(
    ("band", "people", "expected"),
    [
        ("Xuất sắc", 0, []),
        ("xuất sắc", 0, []),
        ("Tốt", 0, ["excellent_band"]),
        (None, 0, ["excellent_band"]),
        ("Xuất sắc", 1, ["excellent_people"]),
    ],
)
def test_excellent_collective_needs_the_top_band_and_nobody_with_a_violation(band, people, expected):
    assert codes(TTLDXS, band=band, people_violations=people) == expected


def test_excellent_collective_without_bands_is_not_classified():
    assert codes(TTLDXS, bands=(), band=None) == ["excellent_band"]


@pytest.mark.parametrize(("recognised", "expected"), [(True, []), (False, ["initiative"])])
def test_an_initiative_needs_its_recognition_decision(recognised, expected):
    rules = AwardRules(name="Giấy khen", accepts=frozenset({"initiative"}))
    assert codes(rules, nominee_kind="initiative", initiative_recognised=recognised) == expected


def test_check_lists_every_failed_rule_in_order():
    rules = AwardRules(name="X", accepts=BOTH, minimum_band="Tốt", quota_count=1)
    facts = {"registered": False, "band": "Khá", "unit_vetoed": True, "unit_violations": 2, "ahead": 1}

    assert codes(rules, **facts) == ["not_registered", "band_low", "vetoed", "violation", "quota"]


TTLDTT = AwardRules(
    name="Tập thể lao động tiên tiến",
    accepts=frozenset({"collective"}),
    barred_by_violation=False,
    standard="bonus_advanced_collective",
)
TTLDXS_BAND = {"band": "Xuất sắc"}


@pytest.mark.parametrize(
    ("rules", "extra", "people", "ldtt", "share", "comparison", "expected"),
    [
        # Tập thể lao động tiên tiến: more than 50 %
        (TTLDTT, {}, 10, 6, "0.5", "more_than", []),
        (TTLDTT, {}, 10, 5, "0.5", "more_than", ["ldtt_share"]),  # exactly half is not more than half
        (TTLDTT, {}, 3, 2, "0.5", "more_than", []),
        (TTLDTT, {}, 1, 1, "0.5", "more_than", []),
        (TTLDTT, {}, 0, 0, "0.5", "more_than", ["ldtt_share"]),  # nobody recorded: never met
        # Tập thể lao động xuất sắc: at least 70 %
        (TTLDXS, TTLDXS_BAND, 10, 7, "0.7", "at_least", []),
        (TTLDXS, TTLDXS_BAND, 10, 6, "0.7", "at_least", ["ldtt_share"]),
        (TTLDXS, TTLDXS_BAND, 3, 2, "0.7", "at_least", ["ldtt_share"]),  # 66.7 %
        (TTLDXS, TTLDXS_BAND, 0, 0, "0.7", "at_least", ["ldtt_share"]),
        # other award types are not concerned
        (AwardRules(name="Giấy khen", accepts=BOTH), {}, 10, 0, "0.5", "more_than", []),
    ],
)
def test_collective_titles_need_a_share_of_advanced_workers(rules, extra, people, ldtt, share, comparison, expected):
    facts = {"people": people, "ldtt_people": ldtt, "ldtt_share": Decimal(share), "ldtt_comparison": comparison}
    assert codes(rules, **extra, **facts) == expected


@pytest.mark.parametrize(
    ("kind", "share", "missing", "expected"),
    [
        ("collective", None, "", []),  # the rule does not apply
        ("collective", None, "Advanced Labour Collective: share", ["ldtt_share_missing"]),
        ("individual", Decimal("0.5"), "", ["kind"]),  # the title is for collectives only
    ],
)
def test_share_of_advanced_workers_without_a_value_or_for_another_kind(kind, share, missing, expected):
    facts = {"nominee_kind": kind, "ldtt_share": share, "ldtt_share_missing": missing}
    assert codes(TTLDTT, **facts) == expected


def test_the_share_reason_names_the_share_and_the_counts():
    facts = Facts(nominee_kind="collective", bands=BANDS, people=8, ldtt_people=4, ldtt_share=Decimal("0.5"))

    (reason,) = check(TTLDTT, facts)

    assert "more than 50%" in reason.text and "4 of its 8 people" in reason.text

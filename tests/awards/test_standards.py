"""Standards that span years, over plain values: runs of consecutive years, the previous award of the same
form, revoked awards, and the reasons citing the years and decisions relied on."""

import pytest

from awards import standards
from awards.standards import Entry, SpanFacts, consecutive_run, evaluate

CSTDCS = standards.CSTDCS


def cstdcs(year, revoked=False):
    return Entry(
        year=year,
        standard=CSTDCS,
        award_type_id=5,
        name="Chiến sĩ thi đua cơ sở",
        reference=f"{year - 2000:02d}/QĐ-LMHTX, 15/01/{year + 1}",
        revoked=revoked,
    )


def province_title(year):
    return Entry(
        year=year,
        standard=standards.CSTD_PROVINCE,
        award_type_id=9,
        name="Chiến sĩ thi đua cấp tỉnh",
        reference=f"{year}/QĐ-UBND",
    )


def for_province_title(entries, year=2022, needed=3):
    return SpanFacts(
        year=year,
        award_name="Chiến sĩ thi đua cấp tỉnh",
        standard=standards.CSTD_PROVINCE,
        award_type_id=9,
        entries=tuple(entries),
        streak_needed=needed,
    )


@pytest.mark.parametrize(
    "years, year, run",
    [
        ((2019, 2020, 2021), 2022, [2019, 2020, 2021]),  # the run ends the year before
        ((2019, 2020, 2021, 2022), 2022, [2019, 2020, 2021, 2022]),  # or in the year itself
        ((2018, 2019, 2020), 2022, []),  # ended two years before: no run
        ((2018, 2019, 2021), 2022, [2021]),  # a gap year breaks it
        ((2020, 2021, 2023), 2022, [2020, 2021]),  # a later year does not count
        ((), 2022, []),
    ],
)
def test_consecutive_run_ends_in_the_year_or_the_one_before(years, year, run):
    assert consecutive_run(years, year) == run


def test_consecutive_run_counts_only_years_after_the_previous_award():
    assert consecutive_run((2016, 2017, 2018, 2019, 2020, 2021), 2022, after=2018) == [2019, 2020, 2021]


def test_three_consecutive_cstdcs_meet_the_provincial_title_and_the_reason_cites_them():
    [outcome] = evaluate(for_province_title([cstdcs(2019), cstdcs(2020), cstdcs(2021)]))

    assert outcome.met
    assert "2019 (19/QĐ-LMHTX, 15/01/2020), 2020 (20/QĐ-LMHTX, 15/01/2021), 2021" in outcome.text
    assert [e.year for e in outcome.relied] == [2019, 2020, 2021]


def test_two_consecutive_cstdcs_are_one_short_and_the_reason_says_which_years(english):
    [outcome] = evaluate(for_province_title([cstdcs(2020), cstdcs(2021)]))

    assert not outcome.met
    assert "needs 3 consecutive years" in outcome.text
    assert "shows 2: 2020 (20/QĐ-LMHTX, 15/01/2021), 2021 (21/QĐ-LMHTX, 15/01/2022)" in outcome.text


def test_a_gap_year_breaks_the_run():
    [outcome] = evaluate(for_province_title([cstdcs(2018), cstdcs(2019), cstdcs(2021)]))

    assert (outcome.met, [e.year for e in outcome.relied]) == (False, [2021])


def test_a_revoked_award_does_not_count():
    [outcome] = evaluate(for_province_title([cstdcs(2019), cstdcs(2020, revoked=True), cstdcs(2021)]))

    assert not outcome.met


def test_after_the_provincial_title_a_new_run_is_needed():
    entries = [cstdcs(y) for y in range(2016, 2022)] + [province_title(2018)]

    assert evaluate(for_province_title(entries))[0].met  # 2019, 2020, 2021 after the title of 2018
    assert not evaluate(for_province_title([*entries, province_title(2020)]))[0].met


def test_no_parameter_value_is_a_reason_naming_the_parameter():
    facts = SpanFacts(year=2022, award_name="CSTĐ tỉnh", standard=standards.CSTD_PROVINCE, streak_missing="Số năm")

    [outcome] = evaluate(facts)

    assert (outcome.met, outcome.code) == (False, "streak_missing")
    assert "Số năm" in outcome.text


def merit(entries, *, kind="individual", year=2022, needed=2, interval=2, initiatives=0, campaign_kind="regular"):
    return SpanFacts(
        year=year,
        award_name="Bằng khen của Chủ tịch UBND tỉnh",
        standard=standards.PROVINCE_MERIT,
        award_type_id=3,
        nominee_kind=kind,
        entries=tuple(entries),
        streak_needed=needed,
        interval_needed=interval,
        initiatives=initiatives,
        campaign_kind=campaign_kind,
    )


def excellent(year):
    return Entry(year=year, name="Hoàn thành xuất sắc nhiệm vụ", reference=f"BC {year}")


def bang_khen(year):
    return Entry(year=year, standard=standards.PROVINCE_MERIT, award_type_id=3, name="Bằng khen", reference="QĐ")


def test_a_person_meets_the_province_merit_by_two_consecutive_cstdcs():
    assert [o.met for o in evaluate(merit([cstdcs(2020), cstdcs(2021)]))] == [True]
    assert [o.met for o in evaluate(merit([cstdcs(2019), cstdcs(2021)]))] == [False]


def test_a_person_with_excellent_years_needs_two_recognised_initiatives_too():
    entries = [excellent(2020), excellent(2021)]

    assert not evaluate(merit(entries, initiatives=1))[0].met
    outcome = evaluate(merit(entries, initiatives=2))[0]
    assert outcome.met and "2020 (BC 2020), 2021 (BC 2021)" in outcome.text


def test_a_collective_meets_the_province_merit_by_consecutive_excellent_years():
    ttldxs = Entry(year=2021, standard=standards.EXCELLENT_COLLECTIVE, name="Tập thể lao động xuất sắc")

    assert evaluate(merit([excellent(2020), ttldxs], kind="collective"))[0].met
    assert not evaluate(merit([ttldxs], kind="collective"))[0].met


@pytest.mark.parametrize("previous, met", [(2020, True), (2021, False)])
def test_years_since_the_previous_award_of_the_same_form(previous, met):
    entries = [cstdcs(y) for y in range(2015, 2023)] + [bang_khen(previous)]

    outcomes = {o.code: o for o in evaluate(merit(entries, needed=1))}

    assert outcomes["interval"].met is met
    assert str(previous) in outcomes["interval"].text


def test_a_drive_of_its_own_asks_no_run_of_years():
    assert evaluate(merit([], campaign_kind="special")) == []


def test_the_provincial_title_asks_its_run_in_any_campaign():
    assert not evaluate(
        SpanFacts(
            year=2022,
            award_name="CSTĐ tỉnh",
            standard=standards.CSTD_PROVINCE,
            streak_needed=3,
            campaign_kind="special",
        )
    )[0].met

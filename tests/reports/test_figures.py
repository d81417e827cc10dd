"""The report's figures against a small campaign built by hand (tests/reports/report_builders.py)."""

import datetime as dt
import json

import pytest
from django.utils import timezone
from report_builders import aware, build_report_case

from reports import figures as report_figures


@pytest.fixture
def case(db):
    return build_report_case()


# The cut-off of the case's report: the morning after the deadline (05/12/2021), as the schedule runs.
AS_OF = aware(dt.date(2021, 12, 6))


@pytest.fixture
def figures(case):
    return report_figures.compute_figures(case.campaign, case.period, AS_OF)


def test_figures_are_json_safe(figures):
    assert json.loads(json.dumps(figures)) == figures
    assert figures["schema"] == report_figures.SCHEMA
    assert figures["verified_only"] is True
    assert figures["period"]["name"] == "Tháng 11/2021"
    assert figures["previous_period"]["name"] == "Tháng 10/2021"
    assert figures["status_baseline"] == "2021-10-31"


def test_participation_by_kind_and_by_district(figures):
    part = figures["participation"]
    assert (part["subjects"], part["registered"]) == (6, 4)  # dissolved Giang and the department are not subjects
    assert part["percent"] == 66.7
    assert [(r["kind"], r["subjects"], r["registered"]) for r in part["by_kind"]] == [
        ("cooperative", 4, 3),
        ("group", 2, 1),
    ]
    assert [(r["area"], r["subjects"], r["registered"]) for r in part["by_area"]] == [
        ("Huyện A", 3, 2),
        ("Huyện B", 2, 1),
        ("Huyện C", 1, 1),
    ]


def test_submissions_on_time_late_missing(figures):
    subs = figures["submissions"]
    assert {k: subs[k] for k in ("registered", "on_time", "late", "missing", "verified", "pending")} == {
        "registered": 4,
        "on_time": 1,
        "late": 2,
        "missing": 1,
        "verified": 2,
        "pending": 1,
    }
    assert subs["handed_in_percent"] == 75.0
    by_area = {r["area"]: (r["registered"], r["on_time"], r["late"], r["missing"]) for r in subs["by_area"]}
    assert by_area == {"Huyện A": (2, 1, 1, 0), "Huyện B": (1, 0, 0, 1), "Huyện C": (1, 0, 1, 0)}
    assert [(u["name"], u["state"]) for u in subs["missing_units"]] == [("THT Cường", "not_started")]
    assert subs["previous"] == {"registered": 4, "on_time": 1, "late": 0, "missing": 3, "handed_in_percent": 25.0}


def test_operating_status_at_the_end_and_who_changed(figures):
    operation = figures["operation"]
    assert operation["total"]["end"] == {"active": 5, "suspended": 1, "dissolved": 1, "bankrupt": 0, "total": 7}
    assert operation["total"]["start"] == {"active": 6, "suspended": 0, "dissolved": 1, "bankrupt": 0, "total": 7}
    coops = next(r for r in operation["by_kind"] if r["kind"] == "cooperative")
    assert coops["end"] == {"active": 3, "suspended": 1, "dissolved": 1, "bankrupt": 0, "total": 5}
    assert [(c["name"], c["from"], c["to"], c["effective_on"], c["caused_by_covid"]) for c in operation["changes"]] == [
        ("HTX Hưng", "active", "suspended", "2021-11-15", True)
    ]
    assert operation["transitions"] == [{"from": "active", "to": "suspended", "count": 1}]
    assert operation["changes_caused_by_covid"] == 1


def test_topics_count_only_verified_values(figures):
    (vaccination,) = figures["topics"]["vaccination"]
    # An 90 % of 30 workers, Dũng 60 % of 20; Bình's 50 % is not verified.
    assert (vaccination["applicable"], vaccination["reported"], vaccination["sum"]) == (4, 2, 150)
    assert (vaccination["workers"], vaccination["weighted"], vaccination["workers_rate"]) == (50, 39, 78.0)
    assert vaccination["mean"] == 75
    (it,) = figures["topics"]["it_application"]
    assert (it["reported"], it["positive"], it["positive_percent"]) == (2, 1, 50.0)
    (sales,) = figures["topics"]["supply_demand"]
    assert (sales["applicable"], sales["reported"], sales["sum"]) == (3, 2, 195)  # cooperatives only
    (propaganda,) = figures["topics"]["propaganda"]
    assert (propaganda["sum"], propaganda["positive"]) == (4, 2)
    (initiative,) = figures["topics"]["initiative"]
    assert initiative["notes"] == [{"unit": "HTX An", "note": "Bán cà phê qua sàn thương mại điện tử"}]
    assert figures["topics"]["operation"] == [] and figures["topics"]["community_support"] == []


def test_sales_by_product_merge_spellings_and_skip_unverified(figures):
    sales = figures["sales"]
    assert [(p["product"], p["unit_of_measure"], p["quantity"], p["value"], p["units"]) for p in sales["products"]] == [
        ("Cà phê nhân", "tấn", 3.5, 120, 2),
        ("Hồ tiêu", "tấn", 1, 75, 1),
    ]
    assert sales["total_value"] == 195
    assert sales["units"] == 2
    assert [p["share"] for p in sales["products"]] == [61.5, 38.5]


def test_violations_of_the_period_only(figures):
    violations = figures["violations"]
    assert (violations["count"], violations["units"], violations["deductions"], violations["points"]) == (1, 1, 1, 5)
    assert violations["items"][0]["unit"] == "HTX Dũng"
    assert violations["items"][0]["area"] == "Huyện C"


def test_examples_published_by_the_cut_off(figures):
    examples = figures["examples"]
    assert [(e["title"], e["new"]) for e in examples["items"]] == [
        ("HTX Dũng ba tại chỗ", False),
        ("HTX An giữ việc làm", True),
    ]
    assert (examples["count"], examples["new"]) == (2, 1)


def test_nominations_in_their_state_at_the_cut_off_and_decisions_issued_by_then(figures):
    awards = figures["awards"]
    assert figures["as_of"] == "2021-12-06T09:00+07:00"
    # Dũng's was drafted on 03/12, before the cut-off; An's was awarded by 12/QĐ of 28/11, whose
    # record is the decision (its own "decided" step was recorded on 20/12): it counts as decided,
    # never "no nomination" beside "1 awarded". 13/QĐ of 28/12 comes after the cut-off.
    assert awards["nominations"] == 2
    assert awards["by_state"] == {"decided": 1, "draft": 1}
    assert [(t["short_name"], t["total"], t["states"]) for t in awards["by_type"]] == [
        ("Giấy khen", 2, {"decided": 1, "draft": 1})
    ]
    assert [(d["reference"], d["awards"], d["amount"]) for d in awards["decisions"]] == [("12/QĐ-LMHTX", 1, 745000)]
    assert (awards["awarded"], awards["amount"]) == (1, 745000)


def test_a_cut_off_before_every_event_counts_neither_nominations_nor_awards(case):
    awards = report_figures.compute_figures(case.campaign, case.period, aware(dt.date(2021, 11, 5)))["awards"]
    assert (awards["nominations"], awards["decisions"], awards["awarded"]) == (0, [], 0)


def test_a_submission_handed_in_or_verified_after_the_cut_off_counts_as_it_stood(case):
    from campaign.models import Submission, SubmissionStatus

    an = case.units["HTX An"]
    Submission.objects.filter(period=case.period, organization=an).update(
        submitted_at=aware(dt.date(2021, 12, 1)), verified_at=aware(dt.date(2021, 12, 10))
    )
    before = report_figures.compute_figures(case.campaign, case.period, aware(dt.date(2021, 11, 30)))
    between = report_figures.compute_figures(case.campaign, case.period, AS_OF)
    assert Submission.objects.get(period=case.period, organization=an).status == SubmissionStatus.VERIFIED
    assert (before["submissions"]["missing"], before["submissions"]["verified"]) == (2, 1)  # Dũng's only
    assert (between["submissions"]["pending"], between["submissions"]["verified"]) == (2, 1)
    # Only verified submissions feed the criteria: An's values wait for its verification.
    vaccination = between["topics"]["vaccination"][0]
    assert vaccination["verified"] == 1


def test_top_units_and_score_bands(figures):
    ranking = figures["ranking"]
    (coops,) = ranking["period"]
    assert coops["kind"] == "cooperative"
    assert [(r["rank"], r["name"]) for r in coops["rows"]] == [(1, "HTX An"), (2, "HTX Dũng")]
    assert coops["rows"][0]["band"] == "Khá"
    assert ranking["ranked"] == 2
    assert ranking["periods_cumulated"] == 2
    bands = {row["band"]: row["count"] for row in figures["bands"]["period"]}
    assert bands == {"Xuất sắc": 0, "Khá": 1, "": 1}
    assert figures["charts"]["submissions"]["values"] == [1, 2, 1]
    assert figures["charts"]["participation"]["labels"] == ["Huyện A", "Huyện B", "Huyện C"]


def test_shards_by_province_combine_to_the_single_shard_result(case):
    keys = report_figures.shard_keys(case.campaign)
    assert sorted(keys) == sorted(p.pk for p in case.provinces)
    as_of = timezone.now()  # one cut-off for every part, as a run has
    shards = [report_figures.compute_shard(case.campaign, case.period, key, as_of) for key in keys]
    assert [s["participation"]["registered"] for s in shards if s["shard"] == case.provinces[1].pk] == [1]
    single = report_figures.combine(
        case.campaign, case.period, [report_figures.compute_shard(case.campaign, case.period, None, as_of)], as_of=as_of
    )
    assert report_figures.combine(case.campaign, case.period, shards, as_of=as_of) == single
    assert report_figures.combine(case.campaign, case.period, list(reversed(shards)), as_of=as_of) == single
    # Shards travel through Celery as JSON.
    assert report_figures.combine(case.campaign, case.period, json.loads(json.dumps(shards)), as_of=as_of) == single


def test_one_province_is_one_shard(db):
    from factories import CampaignFactory, OrganizationFactory

    campaign = CampaignFactory()
    OrganizationFactory()
    assert report_figures.shard_keys(campaign) == [None]


def _ranked_names(figures, part):
    return [(r["rank"], r["name"]) for group in figures["ranking"][part] for r in group["rows"]]


def test_rankings_and_bands_count_a_report_only_once_verified_by_the_cut_off(case):
    from campaign import ranking
    from campaign.models import Submission, UnitPeriodScore

    an = case.units["HTX An"]
    Submission.objects.filter(period=case.period, organization=an).update(
        submitted_at=aware(dt.date(2021, 12, 1)), verified_at=aware(dt.date(2021, 12, 10))
    )
    periods = ranking.periods_up_to(case.campaign, case.period)
    now = ranking.ranked_scores(case.campaign, [case.period])  # the table: An's report verified
    an_now = next(s for s in ranking.ranked_scores(case.campaign, periods, cumulated=True) if s.name == "HTX An")
    stored = list(UnitPeriodScore.objects.order_by("pk").values_list("pk", "total", "verified"))

    early = report_figures.compute_figures(case.campaign, case.period, AS_OF)
    # On 06/12 An's November report was handed in but not verified: not ranked, not banded by it.
    assert _ranked_names(early, "period") == [(1, "HTX Dũng")]
    assert early["ranking"]["ranked"] == 1
    assert {row["band"]: row["count"] for row in early["bands"]["period"]} == {"Xuất sắc": 0, "Khá": 0, "": 1}
    # Cumulated: November was due (05/12) by then, so it counts for An as 0 beside October.
    then = ranking.ranked_scores(case.campaign, periods, cumulated=True, as_of=AS_OF)
    an_then = next(s for s in then if s.name == "HTX An")
    assert (an_then.counted_periods, an_then.verified_periods) == (2, 1)
    assert an_then.total < an_now.total
    # Before November's deadline, a month not yet due is not averaged in (judged on the cut-off's day).
    before = ranking.ranked_scores(case.campaign, periods, cumulated=True, as_of=aware(dt.date(2021, 11, 30)))
    assert next(s for s in before if s.name == "HTX An").counted_periods == 1
    # Scoring as of a cut-off never changes the stored score table.
    assert list(UnitPeriodScore.objects.order_by("pk").values_list("pk", "total", "verified")) == stored

    later = report_figures.compute_figures(case.campaign, case.period, aware(dt.date(2021, 12, 11)))
    assert _ranked_names(later, "period") == [(1, "HTX An"), (2, "HTX Dũng")]
    assert {row["band"]: row["count"] for row in later["bands"]["period"]} == {"Xuất sắc": 0, "Khá": 1, "": 1}
    an_row = next(r for r in later["ranking"]["period"][0]["rows"] if r["name"] == "HTX An")
    assert an_row["total"] == float(next(s.total for s in now if s.name == "HTX An"))

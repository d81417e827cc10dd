"""The progress-report measurements of the benchmark (ops/bench/reports.py) and what they rely on,
at the size of a test: one province's report narrows to its units, the national chain equals
compute_figures, a shard reads exactly its province's organizations."""

import datetime as dt

import pytest
from django.utils import timezone
from factories import AdministrativeAreaFactory, OrganizationFactory
from report_builders import build_report_case

from campaign.areas import campaign_map
from members.models import AreaLevel
from ops.bench import reports as bench
from reports import figures as report_figures


@pytest.fixture
def case(db):
    return build_report_case()


def test_a_shard_reads_the_organizations_of_its_province_and_no_other(case):
    one, two = case.provinces
    # Recorded in a commune of a district of Tỉnh Hai; in no area at all; in a province that
    # merged into Tỉnh Một in 2025 (on the map of this campaign of 2021, its own province).
    commune = AdministrativeAreaFactory(name="Xã C1", level=AreaLevel.COMMUNE, parent=case.districts[2])
    merged = AdministrativeAreaFactory(
        name="Tỉnh Cũ", level=AreaLevel.PROVINCE, valid_until=dt.date(2025, 6, 30), successor=one
    )
    in_commune = OrganizationFactory(name="HTX Xã C1", commune=commune, district=None, province=None)
    nowhere = OrganizationFactory(name="HTX Không địa bàn", commune=None, district=None, province=None)
    old = OrganizationFactory(name="HTX Tỉnh Cũ", commune=None, district=None, province=merged)

    the_map = campaign_map(case.campaign)
    everyone = list(report_figures.population(case.campaign))
    keys = report_figures.shard_keys(case.campaign)
    assert report_figures.NO_PROVINCE in keys
    for key in keys:
        expected = [o.pk for o in everyone if report_figures.province_key(the_map, o) == key]
        assert [o.pk for o in report_figures.shard_population(case.campaign, key)] == expected
    ids = {key: [o.pk for o in report_figures.shard_population(case.campaign, key)] for key in keys}
    assert in_commune.pk in ids[two.pk]
    assert old.pk in ids[merged.pk]
    assert nowhere.pk in ids[report_figures.NO_PROVINCE]


def test_the_country_chain_is_compute_figures(case):
    found = bench.country_report(case.campaign, case.period)

    expected = report_figures.compute_figures(case.campaign, case.period)
    # Each computes at its own "now": the same figures, their cut-offs a moment apart.
    assert {**found["figures"], "as_of": None} == {**expected, "as_of": None}
    assert found["shards"] == 2
    assert found["pdf_bytes"].startswith(b"%PDF") and found["xlsx_bytes"].startswith(b"PK")
    assert bench._total(found) > 0


def test_one_province_s_report_speaks_of_its_units_only(case):
    one, two = case.provinces

    found = bench.province_report(case.campaign, case.period, two.pk)

    f = found["figures"]
    assert found["units"] == 1  # HTX Dũng
    assert f["participation"]["registered"] == 1
    assert [row["name"] for group in f["ranking"]["period"] for row in group["rows"]] == ["HTX Dũng"]
    assert f["ranking"]["ranked"] == 1
    assert f["submissions"]["previous"]["registered"] == 1
    # An's nomination and decision are Tỉnh Một's: Dũng's nomination only, no decision.
    # (the cut-off is now: Dũng's, drafted on 03/12, counts).
    assert (f["awards"]["nominations"], f["awards"]["decisions"]) == (1, [])
    assert found["pdf_bytes"].startswith(b"%PDF")

    whole = bench.province_report(case.campaign, case.period, one.pk)["figures"]
    assert [d["reference"] for d in whole["awards"]["decisions"]] == ["12/QĐ-LMHTX"]
    assert whole["ranking"]["ranked"] == 1  # An; Bình's report is not verified


def test_the_ranking_of_a_report_is_the_one_of_the_pages(case):
    """The report ranks from the score table's sums (ranked_scores), as the ranking page does."""
    from campaign import ranking

    figures = report_figures.compute_figures(case.campaign, case.period)
    page = [s for s in ranking.period_scores(case.period) if s.verified]
    assert [(r["name"], r["rank"], r["total"]) for g in figures["ranking"]["period"] for r in g["rows"]] == [
        (s.name, s.rank, report_figures.num(s.total)) for s in page
    ]


def test_the_ranking_computed_by_its_own_task_combines_to_the_same_figures(case):
    """reports.tasks.compute_ranking runs beside the shards; its JSON result is what combine computes."""
    import json

    shards = [
        report_figures.compute_shard(case.campaign, case.period, k) for k in report_figures.shard_keys(case.campaign)
    ]
    ranked = json.loads(json.dumps(report_figures.compute_ranking(case.campaign, case.period)))

    as_of = timezone.now()
    assert report_figures.combine(
        case.campaign, case.period, shards, ranked=ranked, as_of=as_of
    ) == report_figures.combine(case.campaign, case.period, shards, as_of=as_of)


def test_the_bench_campaign_gets_its_report_sections(case):
    from factories import CriterionFactory

    criterion = CriterionFactory(campaign=case.campaign, code="3.1")
    bench.ensure_topics(case.campaign)
    criterion.refresh_from_db()
    assert criterion.report_topic == "initiative"
    assert bench.largest_province(case.campaign)[0] == case.provinces[0].pk


def test_the_annex_of_many_rows_is_built_quickly():
    """openpyxl's max_row walks every cell: the annex counts its rows instead (45 s → 1 s for the country)."""
    import time

    from core.spreadsheets import build_tables_workbook

    rows = [[i, f"Hợp tác xã số {i}", "Tỉnh Một", i * 2] for i in range(1, 5001)]
    columns = [("STT", 6, "0"), ("Tên", 40, None), ("Tỉnh", 20, None), ("Số", 10, "#,##0")]
    started = time.perf_counter()
    content = build_tables_workbook("Thông tin", [("Phụ lục", True)], [("Bảng 1", "Bảng 1", columns, rows)])
    assert time.perf_counter() - started < 10
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content))["Bảng 1"]
    assert sheet.max_row == 5002
    assert sheet.cell(row=5002, column=4).number_format == "#,##0"

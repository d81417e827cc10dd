"""The figures of a periodic progress report, computed from the registry, the campaign and awards.

The computation can be split by province (`shard_keys`), each part (`compute_shard`) holding
only additive things — counts, sums, lists — so that `combine` merges them in any order and
adds what needs the whole campaign: top units, score bands, shares, charts' data and the
previous period's comparison. `compute_figures` runs every shard in this process.

Only VERIFIED submissions count in the results of the criteria (as in rankings); the
submission states (on time, late, missing) count every registered unit. Areas are those of
the campaign's grouping level on the campaign's map (campaign.areas, as on the dashboard and
the rankings), and so are the provinces the work is split by; operating
statuses are those held on the period's end and on the previous period's end
(members.services.statuses_on). Awards, decisions and exemplary examples count what stood on
the period's end.

Every figure is what stood at ONE moment, the report's cut-off (`as_of`: by default the moment
the generation was asked for, stored on the run and the report and printed in it): a submission
handed in or verified after it counts as not yet handed in or verified, nominations are in the
state their events had reached by then, decisions and examples are those issued or published by
then — and a nomination an issued decision awards is counted in the decision's state, so that the
report can never say "no nomination" and "N awarded" together; the top units and score bands
are ranked as of then too (campaign.ranking.ranked_scores(as_of=): only reports verified by the
cut-off score, periods counted in a cumulation as on its day). Operating statuses are those in
force on the period's end and the baseline (dates the report names).

Every value is JSON-safe (ints, floats, strings, ISO dates, lists, dicts) and every list is
in a fixed order, so that the figures of one campaign and period are the same however they
were split. The keys are listed in docs/report-figures.md.
"""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from awards.eligibility import WITHDRAWN
from awards.models import Decision, DecisionStatus, ExemplaryExample, Nomination, NominationEvent
from campaign import ranking, report_template, score_table
from campaign.areas import campaign_map
from campaign.dashboard import subject_units
from campaign.models import (
    HANDED_IN,
    VIOLATION_RULES,
    ProductSale,
    Registration,
    ReportTopic,
    ReportTotal,
    ScoringRule,
    Submission,
    SubmissionStatus,
    SubmissionValue,
    Violation,
    ViolationEffect,
    submission_status_at,
    verified_by,
)
from campaign.plan import issued_plan
from members.models import OperatingStatus, Organization, OrganizationKind, StatusChange
from members.services import statuses_on

SCHEMA = 1
# The kinds whose operating status the report follows: cooperatives, groups, unions and credit funds.
OPERATING_KINDS = (
    OrganizationKind.COOPERATIVE,
    OrganizationKind.GROUP,
    OrganizationKind.UNION,
    OrganizationKind.CREDIT_FUND,
)
STATUSES = tuple(OperatingStatus.values)
KINDS = tuple(OrganizationKind.values)
TOPICS = tuple(t for t in ReportTopic.values if t != ReportTopic.NONE)
NO_PROVINCE = 0  # the shard of units placed in no province at all
TOP_UNITS = 5  # per organization kind
SUBMISSION_COUNTS = ("registered", "on_time", "late", "missing", "verified", "pending", "returned", "draft")


def num(value):
    """A Decimal as JSON: an int when whole, else a float of two decimals."""
    if value is None:
        return None
    value = Decimal(value)
    if value == value.to_integral_value():
        return int(value)
    return float(round(value, 2))


def iso(day):
    return day.isoformat() if day else None


# --- areas ------------------------------------------------------------------------------


def province_key(the_map, org):
    """The shard of an organization: the province it is in on the campaign's map, else NO_PROVINCE."""
    return the_map.province_of(org) or NO_PROVINCE


def population(campaign):
    """The organizations a report speaks of: the campaign's subject units (dashboard.subject_units)
    and every organization of its kinds, whatever its operating status."""
    kinds = campaign.subject_kinds or []
    subjects = subject_units(campaign).values("pk")
    return (
        Organization.objects.filter(Q(pk__in=subjects) | Q(kind__in=kinds))
        .only(
            "pk",
            "name",
            "kind",
            "status",
            "workers_count",
            "founded_on",
            "commune_id",
            "district_id",
            "province_id",
        )
        .order_by("pk")
    )


def shard_keys(campaign):
    """The provinces (ids of the province covering each organization on the campaign's map) to split by.

    `[None]` — one shard for all — when every organization lies in one province, as for a
    provincial Alliance; NO_PROVINCE (0) stands for organizations placed in no province.
    """
    province = campaign_map(campaign).province
    recorded = (
        population(campaign).order_by().values_list(Coalesce("commune_id", "district_id", "province_id"), flat=True)
    )
    keys = sorted({province.get(pk) or NO_PROVINCE for pk in recorded.distinct()})
    return keys if len(keys) > 1 else [None]


# --- one shard --------------------------------------------------------------------------


def previous_period(period):
    return period.campaign.periods.filter(starts_on__lt=period.starts_on).order_by("-starts_on", "-pk").first()


def status_baseline(period):
    """The day the operating statuses are compared with: the previous period's end, else the eve of this one."""
    previous = previous_period(period)
    return previous.ends_on if previous else period.starts_on - dt.timedelta(days=1)


def _blank_submissions():
    return dict.fromkeys(SUBMISSION_COUNTS, 0)


def _submission_state(submission):
    """on_time, late or missing, and the finer state, for a registered unit's submission (or None)."""
    if submission is None:
        return "missing", "not_started"
    status, is_late = submission
    if status in HANDED_IN:
        return ("late" if is_late else "on_time"), status
    return "missing", status


def shard_population(campaign, shard_key, the_map=None):
    """The organizations of `population` in one province (all when `shard_key` is None).

    The database is asked only for the organizations recorded in an area that leads to the
    province (one shard of the country reads its province, not the 35,000 organizations).
    """
    the_map = the_map or campaign_map(campaign)
    orgs = population(campaign)
    if shard_key is not None:
        nowhere = Q(commune_id=None, district_id=None, province_id=None)
        orgs = orgs.filter(
            the_map.in_provinces([None if shard_key == NO_PROVINCE else shard_key])
            | (nowhere if shard_key == NO_PROVINCE else Q(pk__in=[]))
        )
    return list(orgs)


def compute_shard(campaign, period, shard_key, as_of=None):
    """The additive figures of the organizations of one province (all when `shard_key` is None), at `as_of`."""
    as_of = as_of or timezone.now()
    the_map = campaign_map(campaign)
    orgs = shard_population(campaign, shard_key, the_map)
    ids = [org.pk for org in orgs]
    subject_ids = set(subject_units(campaign).filter(pk__in=ids).values_list("pk", flat=True))
    registered_ids = set(
        Registration.objects.filter(campaign=campaign, organization_id__in=ids).values_list(
            "organization_id", flat=True
        )
    )
    area_of = {}
    for org in orgs:
        area = the_map.area_of(org)
        area_of[org.pk] = (area.pk, area.name) if area else (None, "")

    # Participation, by kind and by area.
    by_kind = defaultdict(lambda: {"subjects": 0, "registered": 0})
    by_area = {}
    for org in orgs:
        if org.pk not in subject_ids:
            continue
        area_id, area_name = area_of[org.pk]
        area_row = by_area.setdefault(area_id, {"area_id": area_id, "area": area_name, "subjects": 0, "registered": 0})
        for row in (by_kind[org.kind], area_row):
            row["subjects"] += 1
            row["registered"] += int(org.pk in registered_ids)
    participation = {
        "subjects": len(subject_ids),
        "registered": len(registered_ids),
        "by_kind": [{"kind": kind, **by_kind[kind]} for kind in KINDS if kind in by_kind],
        "by_area": list(by_area.values()),
    }

    # Submissions of the period: on time, late, missing (every registered unit).
    submissions = {
        org: (submission_status_at(status, submitted_at, verified_at, as_of), is_late)
        for org, status, is_late, submitted_at, verified_at in Submission.objects.filter(
            period=period, organization_id__in=registered_ids
        ).values_list("organization_id", "status", "is_late", "submitted_at", "verified_at")
    }
    sub_total = _blank_submissions()
    sub_kind = defaultdict(_blank_submissions)
    sub_area = {}
    missing_units = []
    for org in orgs:
        if org.pk not in registered_ids:
            continue
        state, detail = _submission_state(submissions.get(org.pk))
        area_id, area_name = area_of[org.pk]
        area_row = sub_area.setdefault(area_id, {"area_id": area_id, "area": area_name, **_blank_submissions()})
        for row in (sub_total, sub_kind[org.kind], area_row):
            row["registered"] += 1
            row[state] += 1
            if detail == SubmissionStatus.VERIFIED:
                row["verified"] += 1
            elif detail == SubmissionStatus.SUBMITTED:
                row["pending"] += 1
            elif detail in (SubmissionStatus.RETURNED, SubmissionStatus.DRAFT):
                row[detail] += 1
        if state == "missing":
            missing_units.append({"id": org.pk, "name": org.name, "kind": org.kind, "area": area_name, "state": detail})
    submissions_figures = {
        **sub_total,
        "by_kind": [{"kind": kind, **sub_kind[kind]} for kind in KINDS if kind in sub_kind],
        "by_area": list(sub_area.values()),
        "missing_units": missing_units,
    }

    return {
        "shard": shard_key,
        "participation": participation,
        "submissions": submissions_figures,
        "operation": _operation(campaign, period, orgs, area_of),
        "criteria": _criteria(campaign, period, orgs, registered_ids, area_of, as_of),
        "sales": _sales(period, registered_ids, as_of),
        "violations": _violations(campaign, period, orgs, area_of),
    }


def _operation(campaign, period, orgs, area_of):
    """Operating statuses of cooperatives and groups on the period's end and the baseline, and who changed."""
    end, baseline = period.ends_on, status_baseline(period)
    kinds = [k for k in OPERATING_KINDS if not campaign.subject_kinds or k in campaign.subject_kinds]
    followed = [org for org in orgs if org.kind in kinds and (org.founded_on is None or org.founded_on <= end)]
    at_end = statuses_on(followed, end)
    at_start = statuses_on(followed, baseline)
    by_kind = {}
    for org in followed:
        row = by_kind.setdefault(
            org.kind, {"kind": org.kind, "start": dict.fromkeys(STATUSES, 0), "end": dict.fromkeys(STATUSES, 0)}
        )
        row["end"][at_end[org.pk]] += 1
        if org.founded_on is None or org.founded_on <= baseline:
            row["start"][at_start[org.pk]] += 1
    changed = [org for org in followed if at_end[org.pk] != at_start[org.pk]]
    details = {}

    for change in StatusChange.objects.filter(
        organization_id__in=[org.pk for org in changed], effective_on__gt=baseline, effective_on__lte=end
    ).order_by("effective_on", "changed_at", "pk"):
        details[change.organization_id] = change  # the last one in the span
    changes = []
    for org in changed:
        change = details.get(org.pk)
        changes.append(
            {
                "id": org.pk,
                "name": org.name,
                "kind": org.kind,
                "area": area_of[org.pk][1],
                "from": at_start[org.pk],
                "to": at_end[org.pk],
                "effective_on": iso(change.effective_on) if change else None,
                "cause": change.cause if change else "",
                "caused_by_covid": bool(change and change.caused_by_covid),
            }
        )
    return {
        "by_kind": [by_kind[kind] for kind in KINDS if kind in by_kind],
        "changes": changes,
    }


# --- the criteria's verified values ----------------------------------------------------------

SCOPE_SUMS = ("verified", "verified_units", "reported", "units", "positive", "workers")
PART_SUMS = ("reported", "units", "positive")
MEAN_RULES = (ScoringRule.PERCENTAGE, ScoringRule.YES_NO)


def total_kind(rule, unit, report_total=ReportTotal.AUTO):
    """How a criterion's values add up in a report: "sum", or "mean" (per reporting unit).

    The office's choice (Criterion.report_total) when it made one; otherwise by the unit: a
    percentage (unit "%"), a yes/no or a percentage rule average, anything counted (people,
    million VND, applications) sums."""
    if report_total in (ReportTotal.SUM, ReportTotal.MEAN):
        return str(report_total)
    return "mean" if (unit or "").strip() == "%" or rule in MEAN_RULES else "sum"


def report_unit_of(criterion):
    """The unit a criterion's total is written in: the office's, else "%" for a yes/no criterion
    (the share of reports saying yes), else the criterion's own."""
    return criterion.report_unit or ("%" if criterion.rule == ScoringRule.YES_NO else criterion.unit)


def report_criteria(campaign):
    """The criteria a report speaks of: those units report a value for, in the plan's order."""
    return [
        c
        for c in campaign.criteria.select_related("group").order_by("group__order", "order", "pk")
        if c.reported_by_unit
    ]


def criteria_scopes(criteria, scopes, orgs, registered_ids, area_of, as_of):
    """Each criterion's verified values (verified by `as_of`) of the registered units `registered_ids`
    over each scope ({name: [period ids]}), additive: counts and sums in total, by kind and by area.

    The one aggregation of the criteria's values the report makes: the period's, the previous
    period's and the cumulated figures of Section II, the topics, and a summary over a campaign
    or a date range (reports.sections) all come from it."""
    kind_of = {org.pk: org.kind for org in orgs}
    workers = {org.pk: org.workers_count for org in orgs}
    names = {org.pk: org.name for org in orgs}
    period_ids = sorted({pk for ids in scopes.values() for pk in ids})
    values = defaultdict(list)
    for org_id, period_id, criterion_id, value, note in SubmissionValue.objects.filter(
        verified_by(as_of),
        submission__period_id__in=period_ids,
        submission__organization_id__in=registered_ids,
        criterion__in=criteria,
    ).values_list("submission__organization_id", "submission__period_id", "criterion_id", "value", "note"):
        values[criterion_id].append((org_id, period_id, value, note))
    out = []
    for criterion in criteria:
        rows = sorted(values.get(criterion.pk, []), key=lambda r: (r[0], r[1]))
        item = {
            "criterion_id": criterion.pk,
            "code": criterion.code,
            "name": criterion.name,
            "unit": criterion.unit,
            "rule": criterion.rule,
            "group_id": criterion.group_id,
            "topic": criterion.report_topic,
            "total_kind": total_kind(criterion.rule, criterion.unit, criterion.report_total),
            "report_unit": report_unit_of(criterion),
            "applicable": sum(1 for org in registered_ids if criterion.applies_to(kind_of.get(org, ""))),
            "scopes": {},
        }
        for scope, ids in scopes.items():
            ids = set(ids)
            chosen = [r for r in rows if r[1] in ids]
            given = [(org, Decimal(value)) for org, _period, value, _note in chosen if value is not None]
            summary = {
                "verified": len(chosen),
                # Units with a verified report of the criterion, with a value or not (a qualitative one has none).
                "verified_units": len({org for org, _period, _value, _note in chosen}),
                "reported": len(given),
                "units": len({org for org, _value in given}),
                "sum": num(sum((value for _org, value in given), Decimal("0"))),
                "positive": sum(1 for _org, value in given if value > 0),
                "workers": sum(workers.get(org, 0) for org, _value in given),
                # For a percentage of workers: the workers it stands for (value × workers / 100).
                "weighted": num(sum((value * workers.get(org, 0) for org, value in given), Decimal("0")) / 100),
                "by_kind": {},
                "by_area": {},
            }
            for org, value in given:
                area_id, area_name = area_of.get(org, (None, ""))
                for bucket, key, extra in (
                    (summary["by_kind"], kind_of.get(org, ""), {}),
                    (summary["by_area"], str(area_id), {"area_id": area_id, "area": area_name}),
                ):
                    row = bucket.setdefault(
                        key, {**extra, "reported": 0, "units": set(), "sum": Decimal("0"), "positive": 0}
                    )
                    row["reported"] += 1
                    row["units"].add(org)
                    row["sum"] += value
                    row["positive"] += int(value > 0)
            for bucket in (summary["by_kind"], summary["by_area"]):
                for row in bucket.values():
                    row["units"], row["sum"] = len(row["units"]), num(row["sum"])
            if scope == "period" and (
                criterion.report_topic == ReportTopic.INITIATIVE or criterion.rule == ScoringRule.QUALITATIVE
            ):
                summary["notes"] = [
                    {"unit": names.get(org, ""), "note": note.strip()}
                    for org, _period, _value, note in chosen
                    if (note or "").strip()
                ]
            item["scopes"][scope] = summary
        out.append(item)
    return out


def _criteria(campaign, period, orgs, registered_ids, area_of, as_of):
    """The criteria's figures of the period, of the previous period and cumulated since the campaign began."""
    scopes = {
        "period": [period.pk],
        "cumulative": [p.pk for p in ranking.periods_up_to(campaign, period)],
    }
    previous = previous_period(period)
    if previous is not None:
        scopes["previous"] = [previous.pk]
    return criteria_scopes(report_criteria(campaign), scopes, orgs, registered_ids, area_of, as_of)


def product_key(product, unit_of_measure):
    return f"{' '.join(product.split()).casefold()}|{unit_of_measure.strip().casefold()}"


def _sales(period, registered_ids, as_of):
    """Products sold through the supply-demand connection, summed by product and unit of measure."""
    products = {}
    units = set()
    for org_id, product, unit_of_measure, quantity, value in ProductSale.objects.filter(
        verified_by(as_of),
        submission__period=period,
        submission__organization_id__in=registered_ids,
    ).values_list("submission__organization_id", "product", "unit_of_measure", "quantity", "value"):
        key = product_key(product, unit_of_measure)
        product, unit_of_measure = " ".join(product.split()), unit_of_measure.strip().lower()
        row = products.setdefault(key, {"key": key, "product": product, "unit_of_measure": unit_of_measure})
        # The same product typed differently: the first spelling in alphabetical order is shown.
        row["product"] = min(row["product"], product)
        row["unit_of_measure"] = min(row["unit_of_measure"], unit_of_measure)
        row.setdefault("units", set())
        row["quantity"] = row.get("quantity", Decimal("0")) + quantity
        row["value"] = row.get("value", Decimal("0")) + value
        row["units"].add(org_id)
        units.add(org_id)
    return {
        "products": [
            {**row, "quantity": num(row["quantity"]), "value": num(row["value"]), "units": len(row["units"])}
            for row in products.values()
        ],
        "units": len(units),
    }


def _violations(campaign, period, orgs, area_of):
    names = {org.pk: org.name for org in orgs}
    items = [
        {
            "id": row.pk,
            "unit": names.get(row.organization_id, ""),
            "area": area_of.get(row.organization_id, (None, ""))[1],
            "occurred_on": iso(row.occurred_on),
            "effect": row.effect,
            "points": num(row.points),
            "description": row.description,
            "criterion": row.criterion.code if row.criterion_id else "",
            "person": row.person.full_name if row.person_id else "",
        }
        for row in Violation.objects.filter(
            campaign=campaign,
            organization_id__in=list(names),
            occurred_on__gte=period.starts_on,
            occurred_on__lte=period.ends_on,
        ).select_related("criterion", "person")
    ]
    return {"items": items}


# --- the whole --------------------------------------------------------------------------


def _add(target, source, names):
    for name in names:
        target[name] = target.get(name, 0) + source.get(name, 0)


def _merge_rows(rows, key, names):
    merged = {}
    for row in rows:
        item = merged.setdefault(row[key], {k: v for k, v in row.items() if k not in names})
        _add(item, row, names)
    return list(merged.values())


def _percent(part, whole):
    return float(round(100 * Decimal(part) / Decimal(whole), 1)) if whole else 0.0


def _area_order(row):
    return (row["area_id"] is None, row["area"], row["area_id"] or 0)


def _kind_order(row):
    return KINDS.index(row["kind"])


def compute_ranking(campaign, period, organization_ids=None, as_of=None):
    """The top units and score bands ({"ranking", "bands"}, JSON) as they stood at `as_of` (now
    when None): the one part of `combine` that reads the whole country's scores, so that Celery
    computes it beside the shards."""
    ranked, bands = _ranking(campaign, period, organization_ids, as_of or timezone.now())
    return {"ranking": ranked, "bands": bands}


def combine(campaign, period, shards, *, organization_ids=None, ranked=None, as_of=None):
    """The report's figures from its shards, with what needs the whole campaign added.

    `organization_ids` narrows what needs the whole campaign — the top units, bands, the
    previous period's submissions, nominations and awards — to these units: the report of one
    province out of a national campaign, whose shards are that province's (the benchmark's
    "one province"). None: the whole campaign. `ranked`: `compute_ranking`'s result when it
    was computed already (by its own task); else it is computed here. `as_of`: the cut-off the
    shards were computed at (now when None).
    """
    as_of = as_of or timezone.now()
    shards = list(shards)
    previous = previous_period(period)
    if organization_ids is not None:
        organization_ids = sorted(set(organization_ids))

    # Participation.
    part_names = ("subjects", "registered")
    participation = {name: sum(s["participation"][name] for s in shards) for name in part_names}
    participation["by_kind"] = sorted(
        _merge_rows([r for s in shards for r in s["participation"]["by_kind"]], "kind", part_names), key=_kind_order
    )
    participation["by_area"] = sorted(
        _merge_rows([r for s in shards for r in s["participation"]["by_area"]], "area_id", part_names),
        key=_area_order,
    )
    for row in [participation, *participation["by_kind"], *participation["by_area"]]:
        row["percent"] = _percent(row["registered"], row["subjects"])

    # Submissions.
    submissions = {name: sum(s["submissions"][name] for s in shards) for name in SUBMISSION_COUNTS}
    submissions["by_kind"] = sorted(
        _merge_rows([r for s in shards for r in s["submissions"]["by_kind"]], "kind", SUBMISSION_COUNTS),
        key=_kind_order,
    )
    submissions["by_area"] = sorted(
        _merge_rows([r for s in shards for r in s["submissions"]["by_area"]], "area_id", SUBMISSION_COUNTS),
        key=_area_order,
    )
    for row in [submissions, *submissions["by_kind"], *submissions["by_area"]]:
        row["handed_in_percent"] = _percent(row["on_time"] + row["late"], row["registered"])
    submissions["missing_units"] = sorted(
        [r for s in shards for r in s["submissions"]["missing_units"]], key=lambda r: (r["area"], r["name"], r["id"])
    )
    submissions["previous"] = _previous_submissions(previous, organization_ids, as_of)

    criteria = combine_criteria(s["criteria"] for s in shards)
    figures = {
        "schema": SCHEMA,
        "as_of": timezone.localtime(as_of).isoformat(timespec="minutes"),
        "campaign": _campaign_info(campaign),
        "period": _period_info(period),
        "previous_period": _period_info(previous) if previous else None,
        "status_baseline": iso(status_baseline(period)),
        "grouping_level": campaign.grouping_level,
        "verified_only": True,
        "participation": participation,
        "submissions": submissions,
        "operation": _combine_operation(shards),
        "criteria": criteria,
        # The campaign's report template as it stood: what Section II prints, in its order.
        "sections": report_template.snapshot(campaign),
        "topics": _topics_of(criteria),
        "sales": _combine_sales(shards),
        "violations": {
            **_combine_violations(shards),
            # The criteria scored by recorded violations: the report speaks of violations when there are any.
            "rules": campaign.criteria.filter(rule__in=VIOLATION_RULES).count(),
        },
        "periods_summary": _periods_summary(campaign, period, organization_ids, as_of),
        "examples": _examples(campaign, period, as_of),
        "awards": _awards(campaign, organization_ids, as_of),
    }
    if ranked is None:
        ranked = compute_ranking(campaign, period, organization_ids, as_of)
    figures["ranking"], figures["bands"] = ranked["ranking"], ranked["bands"]
    figures["charts"] = _charts(figures)
    return figures


def compute_figures(campaign, period, as_of=None):
    """The report's figures at `as_of` (now when None), every shard computed here in turn."""
    as_of = as_of or timezone.now()
    shards = [compute_shard(campaign, period, key, as_of) for key in shard_keys(campaign)]
    return combine(campaign, period, shards, as_of=as_of)


def _campaign_info(campaign):

    plan = issued_plan(campaign)
    return {
        "id": campaign.pk,
        "name": campaign.name,
        "short_name": campaign.short_name,
        "kind": campaign.kind,
        "plan_reference": plan.reference if plan else None,
        "plan_issuer": plan.issuer.full_name if plan else None,
        "plan_date": iso(campaign.plan_date),
        "starts_on": iso(campaign.starts_on),
        "ends_on": iso(campaign.ends_on),
    }


def _period_info(period):
    return {
        "id": period.pk,
        "name": period.name,
        "kind": period.kind,
        "starts_on": iso(period.starts_on),
        "ends_on": iso(period.ends_on),
        "deadline": iso(period.deadline),
    }


def _previous_submissions(previous, organization_ids, as_of):
    """The previous period's on time / late / missing, for the comparison line."""
    if previous is None:
        return None
    campaign = previous.campaign
    registrations = Registration.objects.filter(campaign=campaign)
    if organization_ids is not None:
        registrations = registrations.filter(organization_id__in=organization_ids)
    registered = registrations.count()
    rows = [
        (submission_status_at(status, submitted_at, verified_at, as_of), is_late)
        for status, is_late, submitted_at, verified_at in Submission.objects.filter(
            period=previous, organization__in=registrations.values("organization")
        ).values_list("status", "is_late", "submitted_at", "verified_at")
    ]
    on_time = sum(1 for status, late in rows if status in HANDED_IN and not late)
    late = sum(1 for status, is_late in rows if status in HANDED_IN and is_late)
    return {
        "registered": registered,
        "on_time": on_time,
        "late": late,
        "missing": registered - on_time - late,
        "handed_in_percent": _percent(on_time + late, registered),
    }


def _periods_summary(campaign, period, organization_ids, as_of):
    """Each period of the campaign up to `period`: registered units, reports handed in (on time, late)
    and verified as of the cut-off — the whole campaign's course, for a mid-term or final summary."""
    registrations = Registration.objects.filter(campaign=campaign)
    if organization_ids is not None:
        registrations = registrations.filter(organization_id__in=organization_ids)
    registered = registrations.count()
    periods = ranking.periods_up_to(campaign, period)
    counts = {p.pk: {"on_time": 0, "late": 0, "verified": 0} for p in periods}
    for period_id, status, is_late, submitted_at, verified_at in Submission.objects.filter(
        period__in=periods, organization__in=registrations.values("organization")
    ).values_list("period_id", "status", "is_late", "submitted_at", "verified_at"):
        status = submission_status_at(status, submitted_at, verified_at, as_of)
        if status in HANDED_IN:
            counts[period_id]["late" if is_late else "on_time"] += 1
        if status == SubmissionStatus.VERIFIED:
            counts[period_id]["verified"] += 1
    rows = []
    for p in periods:
        row = counts[p.pk]
        handed_in = row["on_time"] + row["late"]
        rows.append(
            {
                "name": p.name,
                "registered": registered,
                **row,
                "missing": registered - handed_in,
                "handed_in_percent": _percent(handed_in, registered),
            }
        )
    return rows


def _combine_operation(shards):
    merged = {}
    for shard in shards:
        for row in shard["operation"]["by_kind"]:
            item = merged.setdefault(
                row["kind"],
                {"kind": row["kind"], "start": dict.fromkeys(STATUSES, 0), "end": dict.fromkeys(STATUSES, 0)},
            )
            _add(item["start"], row["start"], STATUSES)
            _add(item["end"], row["end"], STATUSES)
    by_kind = sorted(merged.values(), key=_kind_order)
    for row in by_kind:
        row["start"]["total"] = sum(row["start"][s] for s in STATUSES)
        row["end"]["total"] = sum(row["end"][s] for s in STATUSES)
    total = {
        moment: {name: sum(row[moment][name] for row in by_kind) for name in (*STATUSES, "total")}
        for moment in ("start", "end")
    }
    changes = sorted(
        [c for s in shards for c in s["operation"]["changes"]],
        key=lambda c: (c["effective_on"] or "", c["name"], c["id"]),
    )
    transitions = defaultdict(int)
    for change in changes:
        transitions[f"{change['from']}>{change['to']}"] += 1
    return {
        "kinds": [row["kind"] for row in by_kind],
        "by_kind": by_kind,
        "total": total,
        "changes": changes,
        "transitions": [
            {"from": key.split(">")[0], "to": key.split(">")[1], "count": count}
            for key, count in sorted(transitions.items())
        ],
        "changes_caused_by_covid": sum(1 for c in changes if c["caused_by_covid"]),
    }


def _finish_part(row, kind, rule=""):
    """A scope's or a cell's mean and total: the sum, or the mean per report; for a yes/no criterion the
    share (%) of reports saying yes."""
    row["mean"] = num(Decimal(str(row["sum"])) / row["reported"]) if row["reported"] else None
    if rule == ScoringRule.YES_NO:
        row["total"] = _percent(row["positive"], row["reported"]) if row["reported"] else None
    else:
        row["total"] = row["mean"] if kind == "mean" else row["sum"]
    return row


def combine_criteria(shards_criteria):
    """The criteria's figures of several shards merged (in any order) and finished: means, totals, shares."""
    merged = {}
    for items in shards_criteria:
        for item in items:
            row = merged.setdefault(
                item["criterion_id"],
                {**{k: v for k, v in item.items() if k not in ("applicable", "scopes")}, "applicable": 0, "scopes": {}},
            )
            row["applicable"] += item["applicable"]
            for scope, summary in item["scopes"].items():
                target = row["scopes"].setdefault(
                    scope,
                    {**dict.fromkeys(SCOPE_SUMS, 0), "sum": Decimal("0"), "weighted": Decimal("0"),
                     "by_kind": {}, "by_area": {}, **({"notes": []} if "notes" in summary else {})},
                )  # fmt: skip
                _add(target, summary, SCOPE_SUMS)
                target["sum"] += Decimal(str(summary["sum"]))
                target["weighted"] += Decimal(str(summary["weighted"]))
                for part in ("by_kind", "by_area"):
                    for key, cell in summary[part].items():
                        into = target[part].setdefault(
                            key, {**{k: v for k, v in cell.items() if k not in (*PART_SUMS, "sum")},
                                  **dict.fromkeys(PART_SUMS, 0), "sum": Decimal("0")}
                        )  # fmt: skip
                        _add(into, cell, PART_SUMS)
                        into["sum"] += Decimal(str(cell["sum"]))
                if "notes" in summary:
                    target.setdefault("notes", []).extend(summary["notes"])
    out = []
    for row in merged.values():
        kind = row["total_kind"]
        for summary in row["scopes"].values():
            summary["sum"], summary["weighted"] = num(summary["sum"]), num(summary["weighted"])
            _finish_part(summary, kind, row["rule"])
            summary["applicable"] = row["applicable"]
            summary["positive_percent"] = _percent(summary["positive"], summary["reported"])
            summary["reported_percent"] = _percent(summary["units"], row["applicable"])
            # A percentage of workers (vaccination): the rate over all reporting units' workers.
            summary["workers_rate"] = (
                _percent(Decimal(str(summary["weighted"])), summary["workers"]) if summary["workers"] else None
            )
            summary["by_kind"] = [
                _finish_part(
                    {"kind": k, **{**summary["by_kind"][k], "sum": num(summary["by_kind"][k]["sum"])}},
                    kind,
                    row["rule"],
                )
                for k in KINDS
                if k in summary["by_kind"]
            ]
            summary["by_area"] = sorted(
                (
                    _finish_part({**cell, "sum": num(cell["sum"])}, kind, row["rule"])
                    for cell in summary["by_area"].values()
                ),
                key=_area_order,
            )
            if "notes" in summary:
                summary["notes"].sort(key=lambda n: (n["unit"], n["note"]))
        out.append(row)
    return out


def _topics_of(criteria):
    """The criteria tagged with a report topic, by topic, with the period's figures (the topic sentences)."""
    topics = {topic: [] for topic in TOPICS}
    for item in criteria:
        if item["topic"] not in topics:
            continue
        summary = item["scopes"]["period"]
        flat = {
            **{k: item[k] for k in ("criterion_id", "code", "name", "unit", "rule", "applicable")},
            **{k: summary[k] for k in ("verified", "reported", "sum", "mean", "positive", "positive_percent",
                                        "workers", "weighted", "workers_rate")},
            "reported_percent": _percent(summary["reported"], item["applicable"]),
        }  # fmt: skip
        if "notes" in summary:
            flat["notes"] = summary["notes"]
        topics[item["topic"]].append(flat)
    for topic in topics:
        topics[topic].sort(key=lambda r: (r["code"], r["criterion_id"]))
    return topics


def _combine_sales(shards):
    merged = {}
    for shard in shards:
        for row in shard["sales"]["products"]:
            item = merged.setdefault(
                row["key"],
                {"key": row["key"], "product": row["product"], "unit_of_measure": row["unit_of_measure"],
                 "quantity": Decimal("0"), "value": Decimal("0"), "units": 0},
            )  # fmt: skip
            item["product"] = min(item["product"], row["product"])
            item["unit_of_measure"] = min(item["unit_of_measure"], row["unit_of_measure"])
            item["quantity"] += Decimal(str(row["quantity"]))
            item["value"] += Decimal(str(row["value"]))
            item["units"] += row["units"]
    products = [{**row, "quantity": num(row["quantity"]), "value": num(row["value"])} for row in merged.values()]
    products.sort(key=lambda r: (-r["value"], r["product"], r["key"]))
    total = sum((Decimal(str(r["value"])) for r in products), Decimal("0"))
    for row in products:
        row["share"] = _percent(Decimal(str(row["value"])), total)
    return {
        "products": products,
        "units": sum(s["sales"]["units"] for s in shards),
        "total_value": num(total),
    }


def _combine_violations(shards):
    items = sorted(
        [v for s in shards for v in s["violations"]["items"]], key=lambda v: (v["occurred_on"], v["unit"], v["id"])
    )
    return {
        "items": items,
        "count": len(items),
        "units": len({(v["unit"], v["area"]) for v in items}),
        "vetoes": sum(1 for v in items if v["effect"] == ViolationEffect.VETO),
        "deductions": sum(1 for v in items if v["effect"] == ViolationEffect.DEDUCTION),
        "points": num(sum((Decimal(str(v["points"])) for v in items), Decimal("0"))),
    }


def _examples(campaign, period, as_of):
    """The campaign's exemplary examples published by the cut-off; `new` if published since the period began."""
    cutoff = as_of
    start = timezone.make_aware(dt.datetime.combine(period.starts_on, dt.time.min))
    rows = (
        ExemplaryExample.objects.filter(campaign=campaign, is_published=True, published_at__lte=cutoff)
        .select_related("organization", "person")
        .order_by("published_at", "pk")
    )
    items = []
    for row in rows:
        story = " ".join(row.story.split())
        items.append(
            {
                "id": row.pk,
                "title": row.title,
                "unit": row.organization.name if row.organization_id else "",
                "person": row.person.full_name if row.person_id else "",
                "published_on": iso(timezone.localdate(row.published_at)),
                "excerpt": story if len(story) <= 400 else story[:400].rsplit(" ", 1)[0] + " …",
                "new": row.published_at >= start,
            }
        )
    return {"items": items, "count": len(items), "new": sum(1 for i in items if i["new"])}


def _awards(campaign, organization_ids, as_of):
    """Nominations by award type and by the state they were in at the cut-off; decisions issued by then.

    A nomination awarded (or proposed) by a decision counted here is in the decision's state,
    whatever its own events say (events recorded later than the decision's date, or none): the
    decision is the record, and the report never counts an award without its nomination.
    """
    cutoff = as_of
    states = {}
    events = NominationEvent.objects.filter(nomination__campaign=campaign, at__lte=cutoff)
    if organization_ids is not None:
        events = events.filter(nomination__organization_id__in=organization_ids)
    for nomination_id, status in events.order_by("nomination_id", "at", "pk").values_list("nomination_id", "status"):
        states[nomination_id] = status  # the last step taken by the cutoff
    # A withdrawn nomination counts nowhere, as if it had never been made.
    states = {pk: status for pk, status in states.items() if status != WITHDRAWN}
    decisions = _issued_decisions(campaign, organization_ids, as_of)
    for decision, nomination_ids in decisions:
        state = "decided" if decision.kind == Decision.Kind.DECISION else "proposed"
        for nomination_id in nomination_ids:
            if states.get(nomination_id) not in ("decided", "proposed") or state == "decided":
                states[nomination_id] = state
    by_type = {}
    by_state = defaultdict(int)
    for nomination in Nomination.objects.filter(pk__in=list(states)).select_related("award_type"):
        award_type = nomination.award_type
        row = by_type.setdefault(
            award_type.pk,
            {
                "award_type_id": award_type.pk,
                "name": award_type.name,
                "short_name": award_type.short_name,
                "order": award_type.order,
                "total": 0,
                "states": defaultdict(int),
            },
        )
        state = states[nomination.pk]
        row["total"] += 1
        row["states"][state] += 1
        by_state[state] += 1
    types = sorted(by_type.values(), key=lambda r: (r["order"], r["name"], r["award_type_id"]))
    for row in types:
        row["states"] = dict(sorted(row["states"].items()))
        del row["order"]
    rows = []
    for decision, _nomination_ids in decisions:
        amounts = decision.counted_amounts
        rows.append(
            {
                "id": decision.pk,
                "kind": decision.kind,
                "reference": decision.document.reference,
                "issued_on": iso(decision.document.issued_on),
                "title": decision.title,
                "awards": len(amounts),
                "amount": num(sum(amounts, Decimal("0"))),
            }
        )
    decisions = rows
    return {
        "nominations": sum(by_state.values()),
        "by_type": types,
        "by_state": dict(sorted(by_state.items())),
        "decisions": decisions,
        "awarded": sum(d["awards"] for d in decisions if d["kind"] == Decision.Kind.DECISION),
        "amount": num(sum((Decimal(str(d["amount"])) for d in decisions), Decimal("0"))),
    }


def _issued_decisions(campaign, organization_ids, as_of):
    """[(decision, [nomination ids])] of the campaign's decisions and proposals issued by the cut-off
    (dated on or before its day), narrowed to `organization_ids` when given."""
    out = []
    for decision in (
        Decision.objects.filter(
            campaign=campaign,
            status=DecisionStatus.ISSUED,
            document__issued_on__lte=timezone.localdate(as_of),
        )
        .select_related("document")
        .order_by("document__issued_on", "pk")
    ):
        awards = decision.awards.all()
        if organization_ids is not None:
            awards = awards.filter(nomination__organization_id__in=organization_ids)
        rows = list(awards.values_list("amount", "nomination_id"))
        if organization_ids is not None and not rows:
            continue
        decision.counted_amounts = [amount for amount, _nomination in rows]
        out.append((decision, [nomination for _amount, nomination in rows]))
    return out


def _score_row(score):
    return {
        "rank": score.rank,
        "name": score.name,
        "kind": score.kind,
        "area": score.area,
        "total": num(score.total),
        "band": score.band or "",
        "vetoed": score.vetoed,
    }


def _top(scores):
    by_kind = defaultdict(list)
    for score in scores:  # ranked: by kind, then rank and name
        if len(by_kind[score.kind]) < TOP_UNITS:
            by_kind[score.kind].append(_score_row(score))
    return [{"kind": kind, "rows": by_kind[kind]} for kind in KINDS if kind in by_kind]


def _ranking(campaign, period, organization_ids, as_of):
    """The top units of the period (submissions verified by `as_of`) and cumulated to it, and
    their score bands, as they stood at `as_of` (ranking.ranked_scores(as_of=…): the campaign's
    scoring, periods counting in the cumulation judged on the cut-off's day).

    Totals, bands and ranks only (ranking.ranked_scores: sums of the score table), not the
    points per criterion, which the report does not show: the cumulated ranking of the whole
    country with its details takes ten times longer.
    """
    bands = score_table.campaign_bands(campaign)
    periods = ranking.periods_up_to(campaign, period)
    period_scores = [
        s
        for s in ranking.ranked_scores(campaign, [period], as_of=as_of, organization_ids=organization_ids)
        if s.verified
    ]
    cumulated = [
        s
        for s in ranking.ranked_scores(
            campaign, periods, cumulated=True, as_of=as_of, organization_ids=organization_ids
        )
        if s.verified_periods
    ]

    def distribution(scores):
        return [{"band": name or "", "count": count} for name, count in ranking.score_distribution(scores, bands)]

    return (
        {
            "top": TOP_UNITS,
            "period": _top(period_scores),
            "cumulative": _top(cumulated),
            "ranked": len(period_scores),
            "ranked_cumulative": len(cumulated),
            "periods_cumulated": len(periods),
        },
        {
            "thresholds": [{"band": name, "min_score": num(low)} for name, low in bands],
            "period": distribution(period_scores),
            "cumulative": distribution(cumulated),
        },
    )


def _charts(figures):
    """The numbers the PDF's three charts draw (reports.charts)."""
    part = figures["participation"]
    subs = figures["submissions"]
    return {
        "participation": {
            "labels": [row["area"] for row in part["by_area"]],
            "registered": [row["registered"] for row in part["by_area"]],
            "not_registered": [row["subjects"] - row["registered"] for row in part["by_area"]],
        },
        "submissions": {
            "labels": ["on_time", "late", "missing"],
            "values": [subs["on_time"], subs["late"], subs["missing"]],
        },
        "bands": {
            "labels": [row["band"] for row in figures["bands"]["period"]],
            "values": [row["count"] for row in figures["bands"]["period"]],
        },
    }

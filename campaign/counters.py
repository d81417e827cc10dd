"""The counters of a campaign's progress, kept by the transitions in their own transaction.

Two small tables (campaign.models): RegistrationCount, the registered units per (campaign,
kind, recorded area), and SubmissionCount, the submissions per (period, kind, recorded area,
status, late). Every service that registers, withdraws or reinstates a unit, or creates a
submission or moves its status, adds its ±1 here before it commits, so the dashboard's
progress and the queue's counts read a few rows instead of grouping every unit of the country.

What depends on the date is not stored: lateness is fixed when a report is first sent (stored
on the submission, counted as it is), and "overdue" is computed when read, from the counters,
as registered − handed in once the deadline has passed (`overdue_count`).

The recorded area of a unit (members.areas.recorded_area_id) is counted, not its area on a
campaign's map: the map (campaign.areas.campaign_map) places the counted areas when read, so a
change of the campaign's map day or level, or of the areas' history, needs no recount. A unit
that moves to another area or kind moves its counts with it (`organization_changed`, on every
save of an organization). `rebuild` recounts a campaign from its rows (`manage.py rebuild_counters`).
"""

from collections import defaultdict

from django.db import connection, transaction
from django.db.models import Count, IntegerField, Sum, Value
from django.db.models.functions import Coalesce
from django.db.models.signals import post_save, pre_save

from members.areas import recorded_area_id
from members.models import Organization
from members.signals import organizations_bulk_updated

from .models import (
    Campaign,
    Registration,
    RegistrationCount,
    Submission,
    SubmissionCount,
    deadline_passed,
)

REGISTRATION_KEY = ("campaign_id", "place", "kind")
SUBMISSION_KEY = ("period_id", "place", "kind", "status", "is_late")


def place_of(organization):
    """The counted area of a unit: its recorded area's id, 0 when it has none."""
    return recorded_area_id(organization) or 0


def recorded_place(prefix=""):
    """`place_of` in SQL, for an organization reached through `prefix` (e.g. "organization__")."""
    return Coalesce(
        f"{prefix}commune_id", f"{prefix}district_id", f"{prefix}province_id", Value(0), output_field=IntegerField()
    )


ROWS_A_STATEMENT = 100


def _add(model, key_fields, deltas):
    """Add each delta to its counter row, creating the row when missing.

    One upsert (INSERT … ON CONFLICT DO UPDATE, in PostgreSQL and SQLite alike) for up to
    ROWS_A_STATEMENT rows (a transition's two rows in one round trip), its rows in the order of
    the keys, so two transitions touching the same rows lock them in the same order. The keys
    are distinct (a dict's), as one statement may touch a row only once.
    """
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(name) for name in key_fields)
    holes = "(" + ", ".join(["%s"] * (len(key_fields) + 1)) + ")"
    changes = sorted((key, delta) for key, delta in deltas.items() if delta)
    with connection.cursor() as cursor:
        for start in range(0, len(changes), ROWS_A_STATEMENT):
            part = changes[start : start + ROWS_A_STATEMENT]
            cursor.execute(
                f"INSERT INTO {table} ({columns}, n) VALUES {', '.join([holes] * len(part))} "
                f"ON CONFLICT ({columns}) DO UPDATE SET n = {table}.n + EXCLUDED.n",
                [value for key, delta in part for value in (*key, delta)],
            )


def count_registration(registration, organization, delta):
    """A registration made (+1) or withdrawn (−1), in the caller's transaction."""
    key = (registration.campaign_id, place_of(organization), organization.kind)
    _add(RegistrationCount, REGISTRATION_KEY, {key: delta})


def count_submission(period_id, organization, before, after):
    """A submission created or moved: `before` and `after` are (status, is_late), None for no submission."""
    deltas = defaultdict(int)
    place, kind = place_of(organization), organization.kind
    if before is not None:
        deltas[(period_id, place, kind, before[0], bool(before[1]))] -= 1
    if after is not None:
        deltas[(period_id, place, kind, after[0], bool(after[1]))] += 1
    _add(SubmissionCount, SUBMISSION_KEY, deltas)


def organization_changed(organization_id, before, after):
    """A unit's (place, kind) changed from `before` to `after`: its counted rows move with it."""
    organizations_changed({organization_id: (before, after)})


def organizations_changed(moves):
    """`moves`: {unit id: ((place, kind) before, after)}; the counted rows of those that moved
    move with them (two queries whatever the number of units)."""
    moves = {pk: move for pk, move in moves.items() if move[0] != move[1]}
    if not moves:
        return
    registrations, submissions = defaultdict(int), defaultdict(int)
    for organization_id, campaign_id in Registration.objects.filter(organization_id__in=list(moves)).values_list(
        "organization_id", "campaign_id"
    ):
        before, after = moves[organization_id]
        registrations[(campaign_id, *before)] -= 1
        registrations[(campaign_id, *after)] += 1
    rows = Submission.objects.filter(organization_id__in=list(moves)).values_list(
        "organization_id", "period_id", "status", "is_late"
    )
    for organization_id, period_id, status, is_late in rows:
        before, after = moves[organization_id]
        submissions[(period_id, *before, status, is_late)] -= 1
        submissions[(period_id, *after, status, is_late)] += 1
    _add(RegistrationCount, REGISTRATION_KEY, registrations)
    _add(SubmissionCount, SUBMISSION_KEY, submissions)


def _before_organization_save(sender, instance, raw=False, **kwargs):
    if not raw and instance.pk is not None:
        instance._counted_as = counted_as(instance.pk)


def _after_organization_save(sender, instance, created, raw=False, **kwargs):
    before = getattr(instance, "_counted_as", None)
    if raw or created or before is None:
        return
    with transaction.atomic():
        organization_changed(instance.pk, before, (place_of(instance), instance.kind))
    instance._counted_as = None


def _after_bulk_update(sender, changes, **kwargs):
    """Organizations written in bulk (members.signals.organizations_bulk_updated): each moved unit's counts move."""
    moves = {}
    for organization, stored in changes:
        place = stored.get("commune_id") or stored.get("district_id") or stored.get("province_id") or 0
        moves[organization.pk] = ((place, stored.get("kind")), (place_of(organization), organization.kind))
    organizations_changed(moves)


def connect():
    """Follow every saved organization's area and kind (called once, by the app's ready())."""
    pre_save.connect(_before_organization_save, sender=Organization, dispatch_uid="counters-before")
    post_save.connect(_after_organization_save, sender=Organization, dispatch_uid="counters-after")
    organizations_bulk_updated.connect(_after_bulk_update, dispatch_uid="counters-bulk")


def counted_as(organization_id):
    """The (place, kind) a unit is counted under now, from its stored row (None for a new unit)."""
    row = Organization.objects.filter(pk=organization_id).values("commune_id", "district_id", "province_id", "kind")
    row = row.first()
    if row is None:
        return None
    return (row["commune_id"] or row["district_id"] or row["province_id"] or 0, row["kind"])


# --- recounting ---------------------------------------------------------------------------------


def recounted(campaign):
    """({(place, kind): n} registered, {(period id, place, kind, status, is_late): n}) from the rows."""
    registered = (
        Registration.objects.filter(campaign=campaign)
        .values_list(recorded_place("organization__"), "organization__kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    submitted = (
        Submission.objects.filter(period__campaign=campaign)
        .values_list("period_id", recorded_place("organization__"), "organization__kind", "status", "is_late")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return (
        {(place, kind): n for place, kind, n in registered},
        {(period, place, kind, status, late): n for period, place, kind, status, late, n in submitted},
    )


def stored(campaign):
    """The counters of a campaign as stored, in the shape of `recounted` (rows at 0 left out)."""
    registered = RegistrationCount.objects.filter(campaign=campaign).exclude(n=0).values_list("place", "kind", "n")
    submitted = (
        SubmissionCount.objects.filter(period__campaign=campaign)
        .exclude(n=0)
        .values_list("period_id", "place", "kind", "status", "is_late", "n")
    )
    return (
        {(place, kind): n for place, kind, n in registered},
        {(period, place, kind, status, late): n for period, place, kind, status, late, n in submitted},
    )


def drift(campaign):
    """How many counter rows of a campaign differ from a recount (0 when the counters are right)."""
    found = 0
    for kept, counted in zip(stored(campaign), recounted(campaign), strict=True):
        found += sum(1 for key in kept.keys() | counted.keys() if kept.get(key, 0) != counted.get(key, 0))
    return found


@transaction.atomic
def rebuild(campaign):
    """Recount a campaign's counters from its registrations and submissions; returns the rows written.

    The campaign's row is locked meanwhile, as the registration services lock it; a submission
    moved during the rebuild waits on the counter rows, which are rewritten in one transaction.
    """
    Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
    # The rows a transition would add to wait for this transaction: a change not in the recount
    # below adds its ±1 after it.
    kept = SubmissionCount.objects.select_for_update().filter(period__campaign=campaign)
    list(kept.order_by(*SUBMISSION_KEY).values_list("pk"))  # in the order `_add` locks them
    registered, submitted = recounted(campaign)
    RegistrationCount.objects.filter(campaign=campaign).delete()
    SubmissionCount.objects.filter(period__campaign=campaign).delete()
    RegistrationCount.objects.bulk_create(
        RegistrationCount(campaign_id=campaign.pk, place=place, kind=kind, n=n)
        for (place, kind), n in registered.items()
    )
    SubmissionCount.objects.bulk_create(
        SubmissionCount(period_id=period, place=place, kind=kind, status=status, is_late=late, n=n)
        for (period, place, kind, status, late), n in submitted.items()
    )
    return len(registered) + len(submitted)


# --- reading ------------------------------------------------------------------------------------


def registered_count(campaign, kinds):
    """How many units of these kinds are registered in the campaign."""
    found = RegistrationCount.objects.filter(campaign=campaign, kind__in=kinds).aggregate(n=Sum("n"))["n"]
    return found or 0


def registered_rows(campaign):
    """[(place, kind, n)] of the campaign's registered units."""
    return list(RegistrationCount.objects.filter(campaign=campaign).exclude(n=0).values_list("place", "kind", "n"))


def submission_rows(periods, *, kinds=None, places=None, is_late=None):
    """[(period id, place, kind, status, is_late, n)] of these periods, narrowed as asked."""
    rows = SubmissionCount.objects.filter(period__in=periods).exclude(n=0)
    if kinds is not None:
        rows = rows.filter(kind__in=kinds)
    if places is not None:
        rows = rows.filter(place__in=places)
    if is_late is not None:
        rows = rows.filter(is_late=is_late)
    return list(rows.values_list("period_id", "place", "kind", "status", "is_late", "n"))


def overdue_count(registered, handed_in, period, on):
    """How many units are overdue for `period` on `on` (models.is_overdue, counted): those
    registered that have handed nothing in, once the deadline has passed."""
    return max(registered - handed_in, 0) if deadline_passed(period, on) else 0

"""What verifying a report costs: its score and histogram written in its transaction, in a
number of queries that does not grow with the units of the campaign."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from factories import OrganizationFactory, RegistrationFactory, UserFactory

from campaign import submissions
from campaign.models import UnitPeriodScore
from campaign.standings import ranking_page
from members.models import Role
from tests.worlds import submit


def _verify_queries(world, org):
    office = UserFactory(username=f"vanphong_cost_{org.pk}", role=Role.OFFICE)
    submission = org.submissions.get(period=world.p1)
    with CaptureQueriesContext(connection) as context:
        submissions.verify(submission, by=office)
    return len(context.captured_queries)


def test_verify_scores_the_unit_in_a_fixed_number_of_queries(district_ranking):
    w = district_ranking
    ranking_page(w.campaign, [w.p1])  # the rows exist
    few = _verify_queries(w, w.orgs.c)
    assert UnitPeriodScore.objects.get(period=w.p1, organization=w.orgs.c).verified
    for n in range(20):
        org = OrganizationFactory(name=f"HTX thêm {n}", district=w.cu_jut)
        RegistrationFactory(campaign=w.campaign, organization=org)
        submit(w.p1, org, {w.crit.vaccinated: (n, None)}, status="submitted")
    ranking_page(w.campaign, [w.p1])
    # The report's own: its row locked (with its period, campaign and unit), the campaign's
    # criteria with the report's values (one query), its status written, its counters moved (one
    # upsert), its event. Its score, from what the report holds: the cumulated rows flagged, the
    # registration with its targets, the campaign's map (every area: kept in the cache in
    # production, read here where the tests' cache keeps nothing), the violations, the row
    # replaced (locked), the row, the histogram. The savepoint and its release: the test's
    # transaction around verify()'s own. No value is written when no staff score changes.
    assert few <= 14
    assert _verify_queries(w, org) == few

"""What verifying a report costs: its score and histogram written in its transaction, in few queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from factories import UserFactory

from campaign import submissions
from campaign.standings import ranking_page
from members.models import Role


def test_verify_scores_the_unit_in_a_bounded_number_of_queries(district_ranking):
    ranking_page(district_ranking.campaign, [district_ranking.p1])  # the rows exist
    office = UserFactory(username="vanphong_cost", role=Role.OFFICE)
    submission = district_ranking.orgs.c.submissions.get(period=district_ranking.p1)
    with CaptureQueriesContext(connection) as context:
        submissions.verify(submission, by=office)
    for q in context.captured_queries:
        print(q["sql"][:300])
    assert len(context.captured_queries) <= 99

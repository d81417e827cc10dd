"""The demo's proposals of 2022 (issue 22, items 5–6): 05/TTr carries the province's answer of the featured
director's Chiến sĩ thi đua cấp tỉnh into her history; 06/TTr waits, overdue; the list was published first."""

import pytest

from awards import proposals
from awards.demo import featured_director, load_commendation, load_history, load_parameters, load_proposal_answers
from awards.history import history_of
from awards.models import Decision, NoticeComment, PublicNotice
from campaign.demo import CampaignDemo
from documents.demo import load_issuers
from members.demo import DemoBuilder


@pytest.fixture
def demo(db):
    DemoBuilder().build()
    load_issuers()
    load_parameters()
    CampaignDemo().build()
    load_history()
    load_commendation()
    return load_proposal_answers()


def test_05_ttr_brings_the_province_s_answer_into_the_director_s_history_and_06_ttr_is_overdue(demo):
    director = featured_director()
    province = Decision.objects.get(document__reference="05/TTr-LMHTX")
    national = Decision.objects.get(document__reference="06/TTr-LMHTX")

    lines = {line.nomination.nominee_name: line for line in province.awards.select_related("nomination")}
    hers = lines[director.full_name]
    assert (province.addressee, hers.nomination.award_type.name) == ("province", "Chiến sĩ thi đua cấp tỉnh")
    assert (hers.higher_answer.granted, hers.higher_answer.answer.reference) == (True, "456/QĐ-UBND")
    record = next(r for r in history_of(person=director) if r.year == 2022)
    assert (record.award_name, record.source, record.decision_number) == (
        "Chiến sĩ thi đua cấp tỉnh",
        "higher_body_answer",
        "456/QĐ-UBND",
    )
    assert [p.pk for p in proposals.outstanding()] == [national.pk]
    assert proposals.state_of(national) == "overdue"
    # The list proposed upward was published for five working days, and its one comment handled.
    notice = PublicNotice.objects.get()
    comment = NoticeComment.objects.get()
    assert (notice.starts_on.isoformat(), notice.ends_on.isoformat()) == ("2022-02-08", "2022-02-14")
    assert comment.entry.nomination == hers.nomination and comment.handling
    assert load_proposal_answers() == "Proposals: unchanged."

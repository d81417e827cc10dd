"""Arrange helpers of the Council tests: members, an open session with an agenda, votes."""

from factories import NominationFactory, SignerFactory, UserFactory

from awards.council import add_to_session, cast_vote, create_session
from awards.demo import load_parameters
from awards.models import NominationStatus
from members.models import Role

NAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ"]


def council_members(count):
    return [
        UserFactory(role=Role.COUNCIL, last_name=NAMES[i % len(NAMES)], first_name=f"Văn {i + 1}") for i in range(count)
    ]


def eligible(campaign, **kwargs):
    """A nomination found eligible, of a registered unit, so that the re-check before the vote
    (awards.nominations.check_eligibility) finds it eligible still."""
    from campaign.models import Registration

    nomination = NominationFactory(campaign=campaign, status=NominationStatus.ELIGIBLE, **kwargs)
    Registration.objects.get_or_create(campaign=campaign, organization=nomination.organization)
    return nomination


def open_session(*, campaign, by, present, members_total, nominations=(), held_on=None, chair=None, secretary=None):
    """An open session with the parameters and the issuing body of the demo, its agenda filled;
    its chair (the first member present) and its secretary (the office account `by`) named."""
    import datetime as dt

    load_parameters()
    SignerFactory()
    session = create_session(
        campaign=campaign,
        held_on=held_on or dt.date(2022, 2, 15),
        place="Hội trường Liên minh HTX tỉnh",
        chair=chair or (present[0] if present else None),
        secretary=secretary or (by if by.role in (Role.OFFICE, Role.COUNCIL) and by not in present[:1] else None),
        present=present,
        members_total=members_total,
        by=by,
    )
    if nominations:
        add_to_session(session, nominations, by=by)
    return session


def votes(session, nomination, voters, choice):
    for voter in voters:
        cast_vote(session, nomination, voter=voter, choice=choice)

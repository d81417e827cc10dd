"""Public notice before the decision (công khai): the list of proposed awardees published for a number of
working days, the comments the public sends, and how the office handled each.

Where an award type asks for it (`AwardType.public_notice_days`), the office publishes its
nominations on the public site: names, units, the award proposed and a summary of the
achievements, copied when published — nothing private. The notice runs for the longest number of
working days its awards ask (awards.proposal_rules.notice_end), then closes by itself. Anyone may
comment while it runs; the commenter's contact is kept for the office only, and one sender may
write only so often (core.limits). The Council's pages and minutes show the notice's dates and
each comment with the office's handling; a proposal's dossier counts a notice that has run.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import TransitionError
from core.limits import over_rate, public_form_limit
from members.permissions import is_office

from .decision_rules import summary
from .decisions import nominee_printed_name
from .models import Nomination, NominationStatus, NoticeComment, NoticeEntry, PublicNotice
from .proposal_rules import notice_end, notice_open

# A nomination may be published from when it is submitted until it is decided or proposed.
PUBLISHABLE = (
    NominationStatus.SUBMITTED,
    NominationStatus.ELIGIBLE,
    NominationStatus.IN_COUNCIL,
    NominationStatus.PASSED,
    NominationStatus.APPROVED,
)


class TooManyComments(TransitionError):
    """One sender wrote as often as the window allows."""


def publishable(campaign):
    """The campaign's nominations whose award asks for a notice and that no notice lists yet."""
    return (
        Nomination.objects.filter(
            campaign=campaign,
            status__in=PUBLISHABLE,
            award_type__public_notice_days__gt=0,
        )
        .exclude(notice_entries__isnull=False)
        .select_related("award_type", "organization", "person", "household", "initiative")
        .order_by("award_type__order", "award_type__name", "pk")
    )


def default_title(campaign):
    return f"Công khai danh sách đề nghị khen thưởng trong {campaign.name[:1].lower()}{campaign.name[1:]}"


@transaction.atomic
def publish_notice(campaign, nominations, *, starts_on, by, title=""):
    """Publish the chosen nominations from `starts_on` for the longest notice their awards ask.

    Only the office publishes; a nomination of another campaign, one whose award asks no notice,
    one not between submitted and approved or one already published is refused; the notice
    starts today or later.
    """
    if not is_office(by):
        raise TransitionError(_("The office publishes a notice."))
    chosen = list(
        Nomination.objects.select_for_update(of=("self",))
        .filter(pk__in=[n.pk for n in nominations])
        .select_related("award_type", "organization", "person", "household", "initiative")
        .order_by("award_type__order", "award_type__name", "pk")
    )
    if not chosen:
        raise TransitionError(_("Choose at least one nomination to publish."))
    allowed = set(publishable(campaign).values_list("pk", flat=True))
    for nomination in chosen:
        if nomination.pk not in allowed:
            raise TransitionError(
                _("“%(nominee)s” cannot be published on this notice.") % {"nominee": nomination.nominee_name}
            )
    if starts_on < timezone.localdate():
        raise TransitionError(_("A notice starts today or later."))
    days = max(n.award_type.public_notice_days for n in chosen)
    notice = PublicNotice.objects.create(
        campaign=campaign,
        title=(title or "").strip() or default_title(campaign),
        starts_on=starts_on,
        working_days=days,
        ends_on=notice_end(starts_on, days),
        published_by=by,
    )
    NoticeEntry.objects.bulk_create(
        NoticeEntry(
            notice=notice,
            nomination=nomination,
            order=order,
            name=nominee_printed_name(nomination),
            unit="" if nomination.nominee_kind == "collective" else nomination.organization.name,
            award=nomination.award_type.name,
            achievement=summary(nomination.achievements, limit=600),
        )
        for order, nomination in enumerate(chosen, start=1)
    )
    return notice


def is_open(notice, today=None):
    return notice_open(notice.starts_on, notice.ends_on, today or timezone.localdate())


def public_notices(today=None):
    """The notices the public may read: those already published, the open ones first."""
    today = today or timezone.localdate()
    return PublicNotice.objects.filter(starts_on__lte=today).select_related("campaign").order_by("-ends_on", "-pk")


@transaction.atomic
def receive_comment(notice, *, text, commenter, contact, sender, entry=None, now=None):
    """Keep a comment sent through the public form while the notice runs.

    Refused when the notice is not open, for an entry of another notice, or when the same
    sender (a keyed hash, core.limits.sender_key) already wrote as often as the window allows.
    """
    now = now or timezone.now()
    if not is_open(notice, timezone.localdate(now)):
        raise TransitionError(_("This notice is closed: comments are no longer received."))
    if entry is not None and entry.notice_id != notice.pk:
        raise TransitionError(_("Choose a name of this notice."))
    _count, minutes = public_form_limit()
    recent = NoticeComment.objects.filter(sender_key=sender, received_at__gte=now - dt.timedelta(minutes=minutes))
    if over_rate(recent.count()):
        raise TooManyComments(_("Too many comments from this connection: try again later."))
    return NoticeComment.objects.create(
        notice=notice,
        entry=entry,
        text=text.strip(),
        commenter=commenter.strip(),
        contact=contact.strip(),
        sender_key=sender,
    )


@transaction.atomic
def handle_comment(comment, *, handling, by):
    """Record how the office handled a comment (verified, answered, passed to the Council…)."""
    if not is_office(by):
        raise TransitionError(_("The office records how a comment was handled."))
    handling = (handling or "").strip()
    if not handling:
        raise TransitionError(_("Write how the comment was handled."))
    locked = NoticeComment.objects.select_for_update().get(pk=comment.pk)
    if locked.handling == handling:
        return locked
    locked.handling = handling
    locked.handled_by = by
    locked.handled_at = timezone.now()
    locked.save(update_fields=["handling", "handled_by", "handled_at"])
    return locked


def notices_for_session(session):
    """The notices listing a nomination on the session's agenda, each with its comments (for the Council)."""
    notices = list(
        PublicNotice.objects.filter(entries__nomination__session=session)
        .distinct()
        .prefetch_related("comments__entry", "entries")
        .order_by("starts_on", "pk")
    )
    return notices

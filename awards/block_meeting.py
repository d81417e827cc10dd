"""An emulation block's year-end meeting: the head proposes members for awards, the members present vote,
and what passes goes to the Alliance as nominations with the block's minutes and tờ trình.

Quorum and threshold are dated parameters (BLOCK_QUORUM of all members, BLOCK_VOTE of the members
present); a proposed member is recused from the vote on itself, and like every member present who
did not agree it counts as not in favour (awards.tally). The nominations then follow the Alliance's
own path — its Council where the form asks for it, the leadership, the proposal upward — and the
higher body's answer enters the award history there (awards.proposals.record_answer).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaign import blocks
from campaign.models_blocks import BlockYearStage
from core.errors import TransitionError
from documents.identity import issuer_on
from documents.models import DocumentType
from documents.rendering import document_context, render_document
from documents.services import issue_document

from . import nominations, tally
from .block_models import BlockCandidate, BlockMeeting, BlockVote, BlockVoteChoice
from .models import NomineeKind, Occasion
from .parameter_keys import BLOCK_QUORUM, BLOCK_VOTE
from .parameters import threshold_on

MINUTES_TEMPLATE = "awards/documents/block_minutes.html"
PROPOSAL_TEMPLATE = "awards/documents/block_proposal.html"


def _open(meeting):
    meeting = BlockMeeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.closed_at:
        raise TransitionError(_("The block's meeting is closed."))
    return meeting


@transaction.atomic
def open_meeting(block_year, *, held_on, place="", present, candidates, by):
    """The meeting of a ranked year: who is present and whom the head proposes, [(member, award type)]."""
    blocks.check_stage(block_year, BlockYearStage.SETTLED)
    if BlockMeeting.objects.filter(block_year=block_year).exists():
        raise TransitionError(_("The block's year already has its meeting."))
    present = list(present)
    candidates = list(candidates)
    if any(m.block_year_id != block_year.pk for m in present) or any(
        m.block_year_id != block_year.pk for m, _type in candidates
    ):
        raise TransitionError(_("Only members of this block's year take part."))
    if not candidates:
        raise TransitionError(_("Propose at least one member for an award."))
    ranks = {member.pk: rank for member, _total, rank, _complete in blocks.ranking(block_year)}
    meeting = BlockMeeting.objects.create(block_year=block_year, held_on=held_on, place=place, created_by=by)
    meeting.present.set(present)
    BlockCandidate.objects.bulk_create(
        BlockCandidate(meeting=meeting, member=m, award_type=t, rank=ranks.get(m.pk)) for m, t in candidates
    )
    return meeting


@transaction.atomic
def cast_vote(candidate, *, voter, choice, by):
    """One present member's vote on one candidate; it may change it until the meeting closes."""
    _open(candidate.meeting)
    if choice not in BlockVoteChoice.values:
        raise TransitionError(_("Unknown vote."))
    if not candidate.meeting.present.filter(pk=voter.pk).exists():
        raise TransitionError(_("Only members present at the meeting vote."))
    if voter.pk == candidate.member_id:
        raise TransitionError(_("A proposed member does not vote on itself."))
    vote, _created = BlockVote.objects.update_or_create(
        candidate=candidate, voter=voter, defaults={"choice": choice, "by": by}
    )
    return vote


def quorum_of(meeting):
    members = meeting.block_year.members.count()
    return tally.quorum(meeting.present.count(), members, threshold_on(BLOCK_QUORUM, meeting.held_on))


def results(meeting):
    """[(candidate, Tally)] over the members present, a candidate present counted as recused."""
    present = set(meeting.present.values_list("pk", flat=True))
    rule = threshold_on(BLOCK_VOTE, meeting.held_on)
    rows = []
    for candidate in meeting.candidates.select_related("member__organization", "award_type"):
        counts = tally.count_choices(
            candidate.votes.filter(voter_id__in=present)
            .exclude(voter=candidate.member)
            .values_list("choice", flat=True)
        )
        recused = 1 if candidate.member_id in present else 0
        rows.append(
            (
                candidate,
                tally.tally(
                    counts["agree"],
                    counts["disagree"],
                    abstain=counts["abstain"],
                    recused=recused,
                    present=len(present),
                    members=len(present),
                    rule=rule,
                ),
            )
        )
    return rows


def _achievements(meeting, candidate, total_members):
    block_year = meeting.block_year
    return (
        f"Xếp hạng {candidate.rank or '—'}/{total_members} trong {block_year.block.name} năm "
        f"{block_year.year} theo kết quả tự chấm, chấm chéo và thống nhất điểm của Khối; được các đơn vị "
        f"thành viên có mặt tại cuộc họp ngày {meeting.held_on:%d/%m/%Y} biểu quyết suy tôn, đề nghị tặng "
        f"{candidate.award_type.name}."
    )


def _context(meeting, rows, quorum, type_symbol, day):
    block_year = meeting.block_year
    head = block_year.head
    ranking = blocks.ranking(block_year)
    return document_context(
        issuer=issuer_on(day),
        issuer_symbol=block_year.block.symbol,
        type_symbol=type_symbol,
        issued_on=day,
        subject=(
            f"Họp bình xét, suy tôn thi đua năm {block_year.year}"
            if type_symbol == DocumentType.MINUTES
            else f"Về việc đề nghị khen thưởng các đơn vị dẫn đầu {block_year.block.name} năm {block_year.year}"
        ),
        recipients=["Hội đồng Thi đua - Khen thưởng Liên minh HTX tỉnh;", "Các đơn vị thành viên Khối;", "Lưu: Khối."],
        meeting=meeting,
        block_name=block_year.block.name,
        year=block_year.year,
        present=[m.organization for m in meeting.present.select_related("organization").order_by("organization__name")],
        members_total=block_year.members.count(),
        quorum=quorum,
        ranking=ranking,
        method=block_year.block.get_ranking_method_display(),
        rows=rows,
        passed=[(c, t) for c, t in rows if t.passed],
        head=head,
        head_representative=head.representative if head else "",
    )


def draft_minutes(meeting):
    day = timezone.localdate()
    context = _context(meeting, results(meeting), quorum_of(meeting), DocumentType.MINUTES, day)
    return render_document(MINUTES_TEMPLATE, context, draft=True)


@transaction.atomic
def close_meeting(meeting, *, by, day=None):
    """Close the vote: numbered minutes (BB) and, for what passed, the block's tờ trình (TTr) and a
    nomination per line, sent to the Alliance. Refused without a quorum."""
    meeting = _open(meeting)
    day = day or timezone.localdate()
    quorum = quorum_of(meeting)
    if not quorum.met:
        raise TransitionError(
            _("%(present)s of %(members)s members are present; the meeting needs %(needed)s to decide.")
            % {"present": quorum.present, "members": quorum.members, "needed": quorum.needed}
        )
    rows = results(meeting)
    for candidate, result in rows:
        candidate.passed = result.passed
        candidate.save(update_fields=["passed"])
    minutes = issue_document(
        template_name=MINUTES_TEMPLATE,
        context=_context(meeting, rows, quorum, DocumentType.MINUTES, day),
        type_symbol=DocumentType.MINUTES,
        issued_on=day,
        subject=f"Biên bản họp {meeting.block_year.block.name} năm {meeting.block_year.year}",
        by=by,
        related=meeting,
        issuer_symbol=meeting.block_year.block.symbol,
    )
    meeting.minutes = minutes
    passed = [(c, r) for c, r in rows if r.passed]
    if passed:
        context = _context(meeting, rows, quorum, DocumentType.PROPOSAL, day)
        context["minutes_reference"] = minutes.reference
        meeting.proposal = issue_document(
            template_name=PROPOSAL_TEMPLATE,
            context=context,
            type_symbol=DocumentType.PROPOSAL,
            issued_on=day,
            subject=context["subject"],
            by=by,
            related=meeting,
            issuer_symbol=meeting.block_year.block.symbol,
        )
        total = meeting.block_year.members.count()
        for candidate, _result in passed:
            nomination = nominations.create_nomination(
                campaign=None,
                occasion=Occasion.BLOCK,
                occasion_title=f"{meeting.block_year.block.name} năm {meeting.block_year.year}",
                award_type=candidate.award_type,
                nominee_kind=NomineeKind.COLLECTIVE,
                organization=candidate.member.organization,
                achievements=_achievements(meeting, candidate, total)
                + f" Biên bản số {minutes.reference}, Tờ trình số {meeting.proposal.reference}.",
                by=by,
            )
            nominations.submit_nomination(nomination, by=by)
            candidate.nomination = nomination
            candidate.save(update_fields=["nomination"])
    meeting.closed_at = timezone.now()
    meeting.closed_by = by
    meeting.save(update_fields=["minutes", "proposal", "closed_at", "closed_by"])
    return meeting

"""Emulation blocks: every state change of a block's year, and the reads that reconcile and rank it.

The office sets blocks up (members, head, deputy, criteria); each member pledges, scores
itself and the others through its unit account; the head unit reconciles and settles flags;
the ranking comes from `campaign.cross_scoring`, the one place its rules live.
"""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.errors import TransitionError
from core.uploads import inspect, stored_name
from documents.identity import issuer_on
from documents.models import DocumentType
from documents.rendering import document_context, render_document
from documents.services import issue_document

from . import cross_scoring
from .models_blocks import (
    BlockCriterion,
    BlockEvent,
    BlockMember,
    BlockScore,
    BlockYear,
    BlockYearStage,
    PledgeTarget,
    ScorerPair,
    Settlement,
)

STAGES = [BlockYearStage.PLEDGING, BlockYearStage.SCORING, BlockYearStage.RECONCILING, BlockYearStage.SETTLED]


# --- who is who -------------------------------------------------------------------------------


def member_of(user, block_year):
    """The membership of the user's unit in this block's year, or None."""
    if not getattr(user, "organization_id", None):
        return None
    return block_year.members.filter(organization_id=user.organization_id).first()


def is_head(user, block_year):
    return bool(block_year.head_id) and getattr(user, "organization_id", None) == block_year.head_id


def check_stage(block_year, *stages):
    """Refuse unless the year (as stored now, not as an old instance says) is at one of `stages`."""
    block_year.stage = BlockYear.objects.values_list("stage", flat=True).get(pk=block_year.pk)
    if block_year.stage not in stages:
        raise TransitionError(
            _("This cannot be done at the stage “%(stage)s” of the block's year.")
            % {"stage": block_year.get_stage_display()}
        )


# --- the office sets the block up --------------------------------------------------------------


@transaction.atomic
def copy_criteria_from_campaign(block, campaign):
    """The block's criteria copied from a campaign's (codes, names, maximum points), replacing none."""
    existing = set(block.criteria.values_list("code", flat=True))
    order = block.criteria.count()
    copied = []
    for criterion in campaign.criteria.order_by("order", "id"):
        if criterion.code in existing or not criterion.max_points:
            continue
        order += 1
        copied.append(
            BlockCriterion(
                block=block, code=criterion.code, name=criterion.name, max_points=criterion.max_points, order=order
            )
        )
    BlockCriterion.objects.bulk_create(copied)
    block.copied_from = campaign
    block.save(update_fields=["copied_from"])
    return copied


@transaction.atomic
def open_year(block, year, *, organizations, head=None, deputy=None, by):
    """A block's year with its members; the head and deputy must be members. Copies nothing."""
    organizations = list(organizations)
    ids = {o.pk for o in organizations}
    for role, unit in ((_("head"), head), (_("deputy"), deputy)):
        if unit is not None and unit.pk not in ids:
            raise TransitionError(_("The %(role)s must be a member of the block.") % {"role": role})
    if head is not None and deputy is not None and head.pk == deputy.pk:
        raise TransitionError(_("The head and the deputy must be different units."))
    if BlockYear.objects.filter(block=block, year=year).exists():
        raise TransitionError(_("The block already has the year %(year)s.") % {"year": year})
    block_year = BlockYear.objects.create(block=block, year=year, head=head, deputy=deputy)
    BlockMember.objects.bulk_create(BlockMember(block_year=block_year, organization=o) for o in organizations)
    BlockEvent.objects.create(block_year=block_year, action="opened", by=by)
    return block_year


def next_year(block_year, *, head, deputy, by):
    """The following year with the same members and a new head and deputy (they rotate by year)."""
    organizations = [m.organization for m in block_year.members.select_related("organization")]
    return open_year(
        block_year.block, block_year.year + 1, organizations=organizations, head=head, deputy=deputy, by=by
    )


@transaction.atomic
def advance(block_year, *, by):
    """Move the year to its next stage; ranking needs every flag settled."""
    block_year = BlockYear.objects.select_for_update().get(pk=block_year.pk)
    if block_year.stage == BlockYearStage.SETTLED:
        raise TransitionError(_("The block's year is already ranked."))
    if block_year.stage == BlockYearStage.RECONCILING:
        waiting = len(unsettled(block_year))
        if waiting:
            raise TransitionError(
                ngettext(
                    "%(count)s flagged score still waits for the head's decision.",
                    "%(count)s flagged scores still wait for the head's decision.",
                    waiting,
                )
                % {"count": waiting}
            )
    old = block_year.stage
    block_year.stage = STAGES[STAGES.index(block_year.stage) + 1]
    block_year.save(update_fields=["stage"])
    BlockEvent.objects.create(block_year=block_year, action=f"{old}→{block_year.stage}", by=by)
    return block_year


@transaction.atomic
def set_pairs(block_year, pairs, *, by):
    """The pairs the head assigns, [(scorer member, scored member)]; an empty list lets all score all."""
    check_stage(block_year, BlockYearStage.PLEDGING, BlockYearStage.SCORING)
    for scorer, scored in pairs:
        if scorer.pk == scored.pk:
            raise TransitionError(_("A member does not cross-score itself."))
        if scorer.block_year_id != block_year.pk or scored.block_year_id != block_year.pk:
            raise TransitionError(_("Both members of a pair must belong to this block's year."))
    block_year.pairs.all().delete()
    BlockEvent.objects.create(block_year=block_year, action="pairs", by=by, note=str(len(pairs)))
    ScorerPair.objects.bulk_create(ScorerPair(block_year=block_year, scorer=a, scored=b) for a, b in pairs)


# --- each member ------------------------------------------------------------------------------


@transaction.atomic
def pledge(member, *, commitment, targets):
    """A member's pledge: its commitment and a target per criterion ({criterion: text})."""
    check_stage(member.block_year, BlockYearStage.PLEDGING)
    if not commitment.strip():
        raise TransitionError(_("Write the unit's commitment."))
    member.pledge = commitment.strip()
    member.pledged_at = timezone.now()
    member.save(update_fields=["pledge", "pledged_at"])
    for criterion, text in targets.items():
        text = (text or "").strip()
        if text:
            PledgeTarget.objects.update_or_create(member=member, criterion=criterion, defaults={"target": text})
        else:
            PledgeTarget.objects.filter(member=member, criterion=criterion).delete()
    return member


def may_score(scorer, scored):
    """Whether `scorer` scores `scored`: itself always; another when no pairs are set or this pair is."""
    if scorer.block_year_id != scored.block_year_id:
        return False
    if scorer.pk == scored.pk:
        return True
    pairs = ScorerPair.objects.filter(block_year_id=scorer.block_year_id)
    return not pairs.exists() or pairs.filter(scorer=scorer, scored=scored).exists()


def scored_by(scorer):
    """The members `scorer` scores, itself first."""
    others = [m for m in scorer.block_year.members.select_related("organization") if m.pk != scorer.pk]
    return [scorer] + [m for m in others if may_score(scorer, m)]


@transaction.atomic
def save_score(*, scorer, scored, criterion, value=None, abstain_reason="", evidence=None, by):
    """One score (or an abstention with its reason) of `scorer` for `scored` on one criterion."""
    check_stage(scorer.block_year, BlockYearStage.SCORING)
    if criterion.block_id != scorer.block_year.block_id:
        raise TransitionError(_("The criterion is not one of this block's."))
    if not may_score(scorer, scored):
        raise TransitionError(_("The head has not assigned this member to you."))
    abstain_reason = (abstain_reason or "").strip()
    if value is None and not abstain_reason:
        raise TransitionError(_("Give a score or the reason for abstaining."))
    if value is not None and abstain_reason:
        raise TransitionError(_("Give either a score or a reason for abstaining, not both."))
    if scorer.pk == scored.pk and abstain_reason:
        raise TransitionError(_("A member scores itself; it cannot abstain on its own score."))
    if value is not None and not Decimal("0") <= value <= criterion.max_points:
        raise TransitionError(_("The score must be between 0 and %(max)s.") % {"max": criterion.max_points.normalize()})
    score, _created = BlockScore.objects.update_or_create(
        scorer=scorer,
        scored=scored,
        criterion=criterion,
        defaults={"value": value, "abstain_reason": abstain_reason, "by": by},
    )
    if evidence is not None:
        checked = inspect(evidence)  # raises ValidationError for a file of a kind or size not accepted
        old = score.evidence.name
        score.evidence_name, score.evidence_type = checked.name, checked.content_type
        score.evidence.save(stored_name(checked.name), evidence, save=True)
        if old:
            storage = score.evidence.storage
            transaction.on_commit(lambda: storage.delete(old))
    return score


# --- the head ---------------------------------------------------------------------------------


def cells(block_year):
    """{(member, criterion): cross_scoring.Cell} for every member and criterion of the year."""
    members = list(block_year.members.select_related("organization"))
    criteria = list(block_year.block.criteria.all())
    own, others = {}, {}
    for score in BlockScore.objects.filter(scored__block_year=block_year).exclude(value=None):
        key = (score.scored_id, score.criterion_id)
        if score.scorer_id == score.scored_id:
            own[key] = score.value
        else:
            others.setdefault(key, {})[score.scorer_id] = score.value
    margin = block_year.block.margin
    return {
        (m, c): cross_scoring.reconcile(own.get((m.pk, c.pk)), others.get((m.pk, c.pk), {}), margin=margin)
        for m in members
        for c in criteria
    }


def settlements(block_year):
    """{(member_id, criterion_id): Settlement}."""
    return {(s.member_id, s.criterion_id): s for s in Settlement.objects.filter(member__block_year=block_year)}


def unsettled(block_year, the_cells=None):
    the_cells = the_cells if the_cells is not None else cells(block_year)
    settled = settlements(block_year)
    return [
        (member, criterion, flag)
        for (member, criterion), cell in the_cells.items()
        if (member.pk, criterion.pk) not in settled
        for flag in cell.flags
    ]


@transaction.atomic
def settle(*, member, criterion, value, reason, by):
    """The head's score for a flagged cell, with its reason; kept, and replaced only by the head."""
    check_stage(member.block_year, BlockYearStage.RECONCILING)
    if not (reason or "").strip():
        raise TransitionError(_("Say why the head settles this score."))
    if not Decimal("0") <= value <= criterion.max_points:
        raise TransitionError(_("The score must be between 0 and %(max)s.") % {"max": criterion.max_points.normalize()})
    settlement, _created = Settlement.objects.update_or_create(
        member=member, criterion=criterion, defaults={"value": value, "reason": reason.strip(), "by": by}
    )
    return settlement


def ranking(block_year):
    """[(member, total, rank, complete)] from the settled scores by the block's method."""
    block = block_year.block
    the_cells = cells(block_year)
    settled = {key: s.value for key, s in settlements(block_year).items()}
    keyed = {(m, c): settled[(m.pk, c.pk)] for (m, c) in the_cells if (m.pk, c.pk) in settled}
    return cross_scoring.block_ranking(
        the_cells, method=block.ranking_method, self_weight=block.self_weight, settled=keyed
    )


@transaction.atomic
def publish_cross_scores(block_year, *, by):
    """The head lets every member see the individual cross scores."""
    check_stage(block_year, BlockYearStage.RECONCILING, BlockYearStage.SETTLED)
    block_year.cross_scores_published = True
    block_year.save(update_fields=["cross_scores_published"])
    BlockEvent.objects.create(block_year=block_year, action="published", by=by)


# --- the pledge as a document -----------------------------------------------------------------

PLEDGE_TEMPLATE = "campaign/block/pledge_document.html"


def pledge_context(block_year, day):
    """The pledge's document context: the block's criteria, every member's commitment, all signatures."""
    members = list(block_year.members.select_related("organization").prefetch_related("targets__criterion"))
    return document_context(
        issuer=issuer_on(day),
        issuer_symbol=block_year.block.symbol,
        type_symbol=DocumentType.PLEDGE,
        issued_on=day,
        subject=f"năm {block_year.year}",
        recipients=[],
        block_name=block_year.block.name,
        year=block_year.year,
        criteria=list(block_year.block.criteria.all()),
        members=members,
        head=block_year.head,
        deputy=block_year.deputy,
        signature_rows=[members[i : i + 2] for i in range(0, len(members), 2)],
    )


def pledge_draft(block_year, day):
    return render_document(PLEDGE_TEMPLATE, pledge_context(block_year, day), draft=True)


@transaction.atomic
def issue_pledge(block_year, *, day, by):
    """Number the pledge in the register and store its PDF, once every member has pledged."""
    block_year = BlockYear.objects.select_for_update().get(pk=block_year.pk)
    if block_year.pledge_document_id:
        raise TransitionError(_("The pledge has already been issued."))
    waiting = block_year.members.filter(pledged_at=None).count()
    if waiting:
        raise TransitionError(
            ngettext("%(count)s member has not pledged yet.", "%(count)s members have not pledged yet.", waiting)
            % {"count": waiting}
        )
    context = pledge_context(block_year, day)
    document = issue_document(
        template_name=PLEDGE_TEMPLATE,
        context=context,
        type_symbol=DocumentType.PLEDGE,
        issued_on=day,
        subject=context["subject"],
        by=by,
        issuer=context["issuer"],
        related=block_year,
        issuer_symbol=block_year.block.symbol,
    )
    block_year.pledge_document = document
    block_year.save(update_fields=["pledge_document"])
    BlockEvent.objects.create(block_year=block_year, action="pledge issued", by=by, note=document.reference)
    return document

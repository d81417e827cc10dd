"""Pages of emulation blocks: the office sets them up; members pledge and score from a phone; the head
unit reconciles and ranks.

Roles, in one place: the office creates blocks, their criteria and years, and issues the pledge;
a member's unit account pledges and scores for its unit; the head unit's account assigns pairs,
moves the year on, settles flags and publishes the cross scores. Staff and the Council read
everything; a unit reads only the blocks it belongs to, its own scores and the block's result,
and the other members' individual cross scores only once the head publishes them.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.errors import TransitionError
from core.permissions import permission
from documents.identity import NoIssuingBody
from documents.responses import issued_file_response, pdf_response
from members.permissions import is_leader, is_office, is_unit, reads_registry

from .. import blocks
from ..forms_blocks import (
    BlockCriterionForm,
    BlockForm,
    CopyFromCampaignForm,
    OpenYearForm,
    PairsForm,
    PledgeForm,
    ScoreForm,
    SettleForm,
)
from ..models_blocks import BlockCriterion, BlockMember, BlockScore, BlockYearStage, EmulationBlock
from ..queries import block_year_for_user
from .submissions import SANDBOX_POLICY, VIEWABLE


def _blocks_for(user):
    if reads_registry(user):
        return EmulationBlock.objects.all()
    if is_unit(user):
        return EmulationBlock.objects.filter(years__members__organization_id=user.organization_id).distinct()
    return EmulationBlock.objects.none()


def _block(request, pk):
    return get_object_or_404(_blocks_for(request.user), pk=pk)


def _year(request, pk):
    year = block_year_for_user(request.user, pk)
    if year is None:
        raise Http404
    return year


def _require_head(request, year):
    if not blocks.is_head(request.user, year):
        raise PermissionDenied


@login_required  # every role; a unit sees the blocks it belongs to
def block_list(request):
    qs = _blocks_for(request.user).prefetch_related("years")
    return render(request, "campaign/block/list.html", {"blocks": qs})


@permission("campaign.manage_blocks")  # office
def block_create(request):
    form = BlockForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.created_by = request.user
        block = form.save()
        messages.success(request, _("The block was created. Add its criteria, then open a year."))
        return redirect("campaign:block_detail", block.pk)
    return render(request, "campaign/block/form.html", {"form": form})


@permission("campaign.manage_blocks")  # office
def block_edit(request, pk):
    block = _block(request, pk)
    form = BlockForm(request.POST or None, instance=block)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The changes were saved."))
        return redirect("campaign:block_detail", block.pk)
    return render(request, "campaign/block/form.html", {"form": form, "eblock": block})


@login_required  # every role that sees the block
def block_detail(request, pk):
    block = _block(request, pk)
    years = block.years.select_related("head", "deputy")
    if is_unit(request.user):
        years = years.filter(members__organization_id=request.user.organization_id)
    context = {
        "eblock": block,
        "criteria": block.criteria.all(),
        "years": years,
        "manager": is_office(request.user),
        "copy_form": CopyFromCampaignForm() if is_office(request.user) else None,
    }
    return render(request, "campaign/block/detail.html", context)


def _criteria_locked(block):
    return BlockScore.objects.filter(criterion__block=block).exists()


@permission("campaign.manage_blocks")  # office; while no member has scored on the criteria
def criterion_form(request, pk, criterion_pk=None):
    block = _block(request, pk)
    criterion = get_object_or_404(BlockCriterion, pk=criterion_pk, block=block) if criterion_pk else None
    if _criteria_locked(block):
        messages.error(request, _("Members have scored on these criteria: they can no longer change."))
        return redirect("campaign:block_detail", block.pk)
    form = BlockCriterionForm(request.POST or None, instance=criterion)
    if request.method == "POST" and form.is_valid():
        form.instance.block = block
        if (
            BlockCriterion.objects.filter(block=block, code=form.cleaned_data["code"])
            .exclude(pk=getattr(criterion, "pk", None))
            .exists()
        ):
            form.add_error("code", _("The block already has a criterion with this code."))
        else:
            form.save()
            messages.success(request, _("The criterion was saved."))
            return redirect("campaign:block_detail", block.pk)
    return render(
        request, "campaign/block/criterion_form.html", {"form": form, "eblock": block, "criterion": criterion}
    )


@require_POST
@permission("campaign.manage_blocks")  # office
def criterion_delete(request, pk, criterion_pk):
    block = _block(request, pk)
    criterion = get_object_or_404(BlockCriterion, pk=criterion_pk, block=block)
    if _criteria_locked(block):
        messages.error(request, _("Members have scored on these criteria: they can no longer change."))
    else:
        criterion.delete()
        messages.success(request, _("The criterion was removed."))
    return redirect("campaign:block_detail", block.pk)


@require_POST
@permission("campaign.manage_blocks")  # office
def criteria_copy(request, pk):
    block = _block(request, pk)
    form = CopyFromCampaignForm(request.POST)
    if _criteria_locked(block):
        messages.error(request, _("Members have scored on these criteria: they can no longer change."))
    elif form.is_valid():
        copied = blocks.copy_criteria_from_campaign(block, form.cleaned_data["campaign"])
        count = len(copied)
        messages.success(
            request,
            ngettext("%(count)s criterion was copied.", "%(count)s criteria were copied.", count) % {"count": count},
        )
    else:
        messages.error(request, _("Choose a campaign."))
    return redirect("campaign:block_detail", block.pk)


@permission("campaign.manage_blocks")  # office
def year_open(request, pk):
    block = _block(request, pk)
    last = block.years.order_by("-year").first()
    initial = {"year": last.year + 1} if last else {}
    if last:
        initial["members"] = [m.organization_id for m in last.members.all()]
    form = OpenYearForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            year = blocks.open_year(
                block,
                data["year"],
                organizations=data["members"],
                head=data["head"],
                deputy=data["deputy"],
                by=request.user,
            )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The year was opened. Members may now pledge."))
            return redirect("campaign:block_year", year.pk)
    return render(request, "campaign/block/year_form.html", {"form": form, "eblock": block})


@login_required  # staff, the Council and the block's members
def block_year(request, pk):
    year = _year(request, pk)
    me = blocks.member_of(request.user, year)
    members = list(year.members.select_related("organization").prefetch_related("targets"))
    criteria = list(year.block.criteria.all())
    given = {}
    if me:
        for score in BlockScore.objects.filter(scorer=me):
            given.setdefault(score.scored_id, 0)
            given[score.scored_id] += 1
    to_score = []
    if me and year.stage == BlockYearStage.SCORING:
        to_score = [(m, given.get(m.pk, 0)) for m in blocks.scored_by(me)]
    context = {
        "year": year,
        "eblock": year.block,
        "members": members,
        "criteria": criteria,
        "me": me,
        "is_head": blocks.is_head(request.user, year),
        "to_score": to_score,
        "ranking": blocks.ranking(year) if year.stage == BlockYearStage.SETTLED else None,
        "events": year.events.select_related("by"),
        "stages": blocks.STAGES,
        "manager": is_office(request.user),
        "pledged": sum(1 for m in members if m.pledged_at),
    }
    return render(request, "campaign/block/year.html", context)


@require_POST
@login_required  # the head unit
def year_advance(request, pk):
    year = _year(request, pk)
    _require_head(request, year)
    try:
        year = blocks.advance(year, by=request.user)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The year moved on to “%(stage)s”.") % {"stage": year.get_stage_display()})
    return redirect("campaign:block_year", year.pk)


@login_required  # a member's unit, for itself, while pledging
def pledge(request, pk):
    year = _year(request, pk)
    me = blocks.member_of(request.user, year)
    if me is None:
        raise PermissionDenied
    criteria = year.block.criteria.all()
    targets = {t.criterion_id: t.target for t in me.targets.all()}
    form = PledgeForm(request.POST or None, criteria=criteria, targets=targets, initial={"commitment": me.pledge})
    if request.method == "POST" and form.is_valid():
        try:
            blocks.pledge(me, commitment=form.cleaned_data["commitment"], targets=form.targets())
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your unit's pledge was saved."))
            return redirect("campaign:block_year", year.pk)
    return render(request, "campaign/block/pledge.html", {"form": form, "year": year, "me": me})


@login_required  # a member's unit, scoring itself or a member it scores, while scoring
def score(request, pk, member_pk):
    year = _year(request, pk)
    me = blocks.member_of(request.user, year)
    scored = get_object_or_404(BlockMember.objects.select_related("organization"), pk=member_pk, block_year=year)
    if me is None or not blocks.may_score(me, scored):
        raise PermissionDenied
    criteria = list(year.block.criteria.all())
    existing = {s.criterion_id: s for s in BlockScore.objects.filter(scorer=me, scored=scored)}
    is_self = me.pk == scored.pk
    form = ScoreForm(request.POST or None, request.FILES or None, criteria=criteria, is_self=is_self, existing=existing)
    if request.method == "POST" and form.is_valid():
        evidence = form.cleaned_data.get("evidence")
        try:
            with transaction.atomic():
                for criterion in criteria:
                    blocks.save_score(
                        scorer=me,
                        scored=scored,
                        criterion=criterion,
                        value=form.cleaned_data.get(f"value_{criterion.pk}"),
                        abstain_reason=form.cleaned_data.get(f"abstain_{criterion.pk}", ""),
                        evidence=evidence if criterion == criteria[0] else None,
                        by=request.user,
                    )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your scores of %(unit)s were saved.") % {"unit": scored.organization})
            return redirect("campaign:block_year", year.pk)
    context = {"form": form, "year": year, "scored": scored, "is_self": is_self, "existing": existing}
    return render(request, "campaign/block/score.html", context)


@login_required  # the head unit and staff read it; only the head settles
def reconcile(request, pk):
    year = _year(request, pk)
    head = blocks.is_head(request.user, year)
    if not (head or reads_registry(request.user)):
        raise PermissionDenied
    cells = blocks.cells(year)
    settled = blocks.settlements(year)
    members = list(year.members.select_related("organization"))
    criteria = list(year.block.criteria.all())
    names = {m.pk: m.organization.short_name or m.organization.name for m in members}
    rows = []
    for member in members:
        row = []
        for criterion in criteria:
            cell = cells[(member, criterion)]
            row.append(
                {
                    "criterion": criterion,
                    "cell": cell,
                    "others": [(names.get(scorer, "?"), value) for scorer, value in cell.others.items()],
                    "flags": [
                        {"kind": f.kind, "scorer": names.get(f.scorer), "difference": f.difference} for f in cell.flags
                    ],
                    "settlement": settled.get((member.pk, criterion.pk)),
                }
            )
        rows.append((member, row))
    waiting = blocks.unsettled(year, cells)
    context = {"year": year, "rows": rows, "criteria": criteria, "is_head": head, "waiting": len(waiting)}
    return render(request, "campaign/block/reconcile.html", context)


@login_required  # the head unit, while reconciling
def settle(request, pk, member_pk, criterion_pk):
    year = _year(request, pk)
    _require_head(request, year)
    member = get_object_or_404(BlockMember.objects.select_related("organization"), pk=member_pk, block_year=year)
    criterion = get_object_or_404(BlockCriterion, pk=criterion_pk, block=year.block)
    current = blocks.settlements(year).get((member.pk, criterion.pk))
    cell = blocks.cells(year)[(member, criterion)]
    initial = {"value": current.value, "reason": current.reason} if current else {"value": cell.median}
    form = SettleForm(request.POST or None, criterion=criterion, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            blocks.settle(
                member=member,
                criterion=criterion,
                value=form.cleaned_data["value"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The score was settled."))
            return redirect(reverse("campaign:block_reconcile", args=[year.pk]) + f"#m{member.pk}")
    context = {"form": form, "year": year, "member": member, "criterion": criterion, "cell": cell}
    return render(request, "campaign/block/settle.html", context)


@require_POST
@login_required  # the head unit
def publish(request, pk):
    year = _year(request, pk)
    _require_head(request, year)
    try:
        blocks.publish_cross_scores(year, by=request.user)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Every member now sees the individual cross scores."))
    return redirect("campaign:block_year", year.pk)


@login_required  # staff; a member sees its own scores, and the others' once the head publishes them
def scores_of(request, pk, member_pk):
    year = _year(request, pk)
    member = get_object_or_404(BlockMember.objects.select_related("organization"), pk=member_pk, block_year=year)
    me = blocks.member_of(request.user, year)
    if not reads_registry(request.user) and not blocks.is_head(request.user, year):
        if me is None:
            raise PermissionDenied
        if me.pk != member.pk:
            raise PermissionDenied
    scores = BlockScore.objects.filter(scored=member).select_related("scorer__organization", "criterion")
    show_scorers = reads_registry(request.user) or blocks.is_head(request.user, year) or year.cross_scores_published
    if not show_scorers:
        scores = scores.filter(scorer=member)
    context = {
        "year": year,
        "member": member,
        "scores": scores.order_by("criterion__order", "scorer__organization__name"),
        "show_scorers": show_scorers,
    }
    return render(request, "campaign/block/scores.html", context)


@login_required  # the office, the leadership, the head unit and the member that uploaded it
def score_evidence(request, pk):
    score = get_object_or_404(BlockScore.objects.select_related("scorer__block_year"), pk=pk)
    year = score.scorer.block_year
    me = blocks.member_of(request.user, year)
    # Like a campaign's evidence: the office, the leadership, the head and the member's own unit; the
    # Council judges proposals, not evidence.
    allowed = (
        is_office(request.user)
        or is_leader(request.user)
        or blocks.is_head(request.user, year)
        or (me is not None and me.pk == score.scorer_id)
    )
    if not allowed or not score.evidence:
        raise Http404
    try:
        handle = score.evidence.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    inline = score.evidence_type in VIEWABLE
    response = FileResponse(
        handle, as_attachment=not inline, filename=score.evidence_name, content_type=score.evidence_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    if inline:
        response["Content-Security-Policy"] = SANDBOX_POLICY
    return response


@login_required  # office issues; staff and members read the draft and the issued pledge
def pledge_document(request, pk):
    """GET: the issued pledge as stored, or a watermarked draft before it is issued. POST: the office issues it."""
    year = _year(request, pk)
    if request.method == "POST":
        if not is_office(request.user):
            raise PermissionDenied
        try:
            document = blocks.issue_pledge(year, day=timezone.localdate(), by=request.user)
        except (TransitionError, NoIssuingBody) as error:
            messages.error(request, str(error) or _("No issuing body applies on this date."))
        else:
            messages.success(request, _("Pledge %(reference)s issued.") % {"reference": document.reference})
        return redirect("campaign:block_year", year.pk)
    if year.pledge_document_id:
        return issued_file_response(year.pledge_document)
    try:
        pdf = blocks.pledge_draft(year, timezone.localdate())
    except NoIssuingBody as error:
        raise Http404 from error
    return pdf_response(pdf, f"giao-uoc-{year.year}-du-thao.pdf")


@login_required  # the head unit, before scoring closes
def pairs(request, pk):
    year = _year(request, pk)
    _require_head(request, year)
    members = year.members.select_related("organization").order_by("organization__name")
    current = list(year.pairs.values_list("scorer_id", "scored_id"))
    # An empty POST (no box ticked) is a real answer: every member scores every other.
    form = PairsForm(request.POST if request.method == "POST" else None, members=members, pairs=current)
    if request.method == "POST" and form.is_valid():
        try:
            blocks.set_pairs(year, form.pairs(), by=request.user)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The scoring pairs were saved."))
            return redirect("campaign:block_year", year.pk)
    return render(request, "campaign/block/pairs.html", {"form": form, "year": year})

"""The public honour board (no login), and the office's pages that write and publish exemplary examples.

The public sees only published examples and the awardees of issued decisions; nothing else
of awards is reachable without an account.
"""

from django.contrib import messages
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from campaign.models import Campaign
from core.listing import paginate, querystring_without_page
from core.permissions import permission

from ..amendments import for_display
from ..examples import photo_type, publish_example, save_example, unpublish_example
from ..forms_decisions import ExampleForm
from ..models import Award, Decision, DecisionStatus, ExemplaryExample

# --- public ------------------------------------------------------------------------------


def _public_awards():
    """Awards of issued decisions of the Alliance, and the lines of its proposals the higher body granted:
    a proposal is not an award until then (awards.proposals.record_answer)."""
    return Award.objects.filter(decision__status=DecisionStatus.ISSUED).filter(
        Q(decision__kind=Decision.Kind.DECISION) | Q(decision__kind=Decision.Kind.PROPOSAL, higher_answer__granted=True)
    )


OUTSIDE = "outside"  # the tab of the awards made outside any campaign (ad-hoc, thematic, flag, medal)


def board(request):  # anyone, no login
    examples = ExemplaryExample.objects.filter(is_published=True).select_related("organization", "campaign")[:12]
    campaigns = list(
        Campaign.objects.filter(pk__in=_public_awards().values("decision__campaign")).order_by("-starts_on", "-pk")
    )
    tabs = [(str(c.pk), c.short_name) for c in campaigns]
    if _public_awards().filter(decision__campaign__isnull=True).exists():
        tabs.append((OUTSIDE, _("Outside a campaign")))
    wanted = request.GET.get("campaign")
    if wanted and wanted not in dict(tabs):
        raise Http404
    chosen = wanted or (tabs[0][0] if tabs else None)
    page = None
    if chosen is not None:
        scope = {"decision__campaign__isnull": True} if chosen == OUTSIDE else {"decision__campaign_id": int(chosen)}
        awards = (
            _public_awards()
            .filter(**scope)
            .select_related("decision__document", "nomination", "higher_answer__answer")
            .order_by("-decision__decided_on", "decision_id", "order")
        )
        page = paginate(request, awards, per_page=50)
        page.object_list = for_display(page.object_list)
    context = {
        "examples": examples,
        "campaigns": tabs,
        "chosen": chosen,
        "page": page,
        "querystring": querystring_without_page(request),
    }
    return render(request, "awards/honor/board.html", context)


def example(request, pk):  # anyone, no login; published examples only
    item = get_object_or_404(ExemplaryExample.objects.filter(is_published=True), pk=pk)
    return render(request, "awards/honor/example.html", {"example": item})


def photo(request, pk):  # anyone for a published example; the office for any
    qs = ExemplaryExample.objects.all()
    if not request.user.has_perm("awards.manage_examples"):
        qs = qs.filter(is_published=True)
    item = get_object_or_404(qs, pk=pk)
    content_type = photo_type(item)
    if content_type is None:
        raise Http404
    response = FileResponse(item.photo.open("rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=3600" if item.is_published else "private, no-store"
    return response


# --- the office's pages --------------------------------------------------------------------


@permission("awards.manage_examples")  # office
def example_list(request):
    qs = ExemplaryExample.objects.select_related("campaign", "organization", "created_by").order_by(
        "is_published", "-created_at"
    )
    state = request.GET.get("state")
    if state in ("published", "draft"):
        qs = qs.filter(is_published=state == "published")
    context = {"page": paginate(request, qs), "querystring": querystring_without_page(request), "state": state}
    return render(request, "awards/example/list.html", context)


def _form_page(request, item):
    form = ExampleForm(request.POST or None, request.FILES or None, instance=item)
    if request.method == "POST" and form.is_valid():
        saved = save_example(
            form.save(commit=False),
            by=request.user,
            photo=form.cleaned_data.get("photo_upload") or None,
            remove_photo=form.cleaned_data.get("remove_photo", False),
        )
        messages.success(request, _("The example was saved."))
        return redirect("awards:example_edit", pk=saved.pk)
    return render(request, "awards/example/form.html", {"form": form, "example": item if item.pk else None})


@permission("awards.manage_examples")  # office
def example_create(request):
    return _form_page(request, ExemplaryExample())


@permission("awards.manage_examples")  # office
def example_edit(request, pk):
    return _form_page(request, get_object_or_404(ExemplaryExample, pk=pk))


def _state_change(request, pk, service, *, publish):
    item = get_object_or_404(ExemplaryExample, pk=pk)
    if request.method == "POST":
        service(item, by=request.user)
        messages.success(request, _("Published on the honour board.") if publish else _("Taken off the honour board."))
        return redirect("awards:example_list")
    return render(request, "awards/example/confirm.html", {"example": item, "publish": publish})


@permission("awards.manage_examples")  # office; GET asks, POST publishes
def example_publish(request, pk):
    return _state_change(request, pk, publish_example, publish=True)


@permission("awards.manage_examples")  # office; GET asks, POST unpublishes
def example_unpublish(request, pk):
    return _state_change(request, pk, unpublish_example, publish=False)

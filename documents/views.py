"""Pages of the document layer. Each view names its permission at the top."""

from datetime import timedelta

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from members.views import permission

from .forms import IssuingBodyForm, SignerFormSet
from .identity import date_line
from .models import IssuingBody


@permission("documents.view_issuers")  # office, leadership
def issuer_list(request):
    bodies = IssuingBody.objects.prefetch_related("signers")
    today = timezone.localdate()
    current = bodies.filter(valid_from__lte=today).first()
    rows = []
    following = None  # bodies are listed newest first: the next identity ends this one
    for body in bodies:
        shown = max(body.valid_from, today) if body == current else body.valid_from
        until = following.valid_from - timedelta(days=1) if following else None
        rows.append({"body": body, "date_line": date_line(body.place, shown), "until": until})
        following = body
    return render(request, "documents/issuer/list.html", {"rows": rows, "current": current})


@permission("documents.manage_issuers")  # office
def issuer_create(request):
    return _issuer_form(request, IssuingBody())


@permission("documents.manage_issuers")  # office
def issuer_edit(request, pk):
    return _issuer_form(request, get_object_or_404(IssuingBody, pk=pk))


def _issuer_form(request, body):
    form = IssuingBodyForm(request.POST or None, instance=body)
    formset = SignerFormSet(request.POST or None, instance=body, prefix="signers")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        with transaction.atomic():
            form.save()
            formset.instance = form.instance
            formset.save()
        messages.success(request, _("The issuing body was saved."))
        return redirect("documents:issuer_list")
    return render(request, "documents/issuer/form.html", {"form": form, "formset": formset, "body": body})

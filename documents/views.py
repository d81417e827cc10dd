"""Pages of the document layer. Each view names its permission at the top."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.listing import paginate, querystring_without_page, xlsx_response
from core.permissions import permission

from .exports import export_register
from .filters import RegisterFilter
from .forms import IssuingBodyForm, NextNumberForm, SignerFormSet
from .identity import NoIssuingBody, date_line, issuer_on
from .models import DocumentSignature, IssuedDocument, IssuingBody, NumberSequence
from .rendering import document_context, render_document
from .responses import issued_file_response, pdf_response
from .services import set_next_number


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


@permission("documents.view_issuers")  # office, leadership
def issuer_preview(request, pk):
    """The sample notice as a watermarked draft, to see an identity's header before issuing anything."""
    body = get_object_or_404(IssuingBody, pk=pk)
    today = timezone.localdate()
    try:
        in_force = issuer_on(today) == body
    except NoIssuingBody:
        in_force = False
    context = document_context(issuer=body, type_symbol="TB", issued_on=today if in_force else body.valid_from)
    pdf = render_document("documents/sample_notice.html", context, draft=True)
    return pdf_response(pdf, f"du-thao-{body.valid_from:%Y%m%d}.pdf")


# --- the outgoing-document register ---------------------------------------------------


@permission("documents.view_register")  # office, leadership
def register_list(request):
    signed = DocumentSignature.objects.filter(
        content_type=ContentType.objects.get_for_model(IssuedDocument), object_id=OuterRef("pk")
    )
    documents = IssuedDocument.objects.select_related("issued_by").annotate(
        signature_count=Subquery(signed.order_by().values("object_id").annotate(n=Count("pk")).values("n")[:1])
    )
    filterset = RegisterFilter(request.GET or None, queryset=documents)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(export_register(filterset.qs), _("outgoing documents"))
    context = {
        "filter": filterset,
        "page": paginate(request, filterset.qs),
        "querystring": querystring_without_page(request),
    }
    return render(request, "documents/register/list.html", context)


@permission("documents.view_register")  # office, leadership
def register_download(request, pk):
    """The stored PDF byte for byte, as issued."""
    return issued_file_response(get_object_or_404(IssuedDocument, pk=pk))


@permission("documents.set_numbers")  # office
def register_numbers(request):
    initial = {"year": timezone.localdate().year, **request.GET.dict()}
    try:
        initial.setdefault("issuer_symbol", issuer_on(timezone.localdate()).symbol)
    except NoIssuingBody:
        pass
    form = NextNumberForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            sequence = set_next_number(**form.cleaned_data, by=request.user)
        except ValidationError as error:
            form.add_error("next_number", error)
        else:
            messages.success(
                request,
                _("The next %(symbol)s number of %(year)s is %(number)s.")
                % {
                    "symbol": f"{sequence.type_symbol}-{sequence.issuer_symbol}",
                    "year": sequence.year,
                    "number": sequence.next_number,
                },
            )
            return redirect("documents:register_numbers")
    last_used = IssuedDocument.objects.filter(
        year=OuterRef("year"), type_symbol=OuterRef("type_symbol"), issuer_symbol=OuterRef("issuer_symbol")
    ).order_by("-number")
    sequences = NumberSequence.objects.select_related("set_by").annotate(
        last_used=Subquery(last_used.values("number")[:1])
    )
    return render(request, "documents/register/numbers.html", {"form": form, "sequences": sequences})

"""Pages of digital signatures: a document's versions and signatures, signing, pending signatures, keys, anchors."""

import base64
import binascii

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.permissions import permission

from . import signatures
from .forms_signatures import CmsForm, SigningKeyForm, TrustAnchorForm
from .models import IssuedDocument, PendingSignature, SignatureRole, SigningKey, TrustAnchor
from .responses import pdf_response

ROLE_PERMISSION = {
    SignatureRole.SIGNER: "documents.sign_as_signer",
    SignatureRole.ORGANIZATION: "documents.sign_for_organization",
}


@permission("documents.view_register")  # office, leadership
def register_detail(request, pk):
    """One issued document: its original, each signed version, what the validator says, and signing."""
    document = get_object_or_404(IssuedDocument.objects.select_related("issuer", "issued_by"), pk=pk)
    signable = signatures.signable_document(document)
    if request.method == "POST":
        role = request.POST.get("role")
        if role not in ROLE_PERMISSION or not request.user.has_perm(ROLE_PERMISSION[role]):
            raise PermissionDenied
        key = SigningKey.objects.filter(pk=request.POST.get("key"), active=True).first()
        if key is None:
            messages.error(request, _("Choose a key."))
            return redirect("documents:register_detail", pk=pk)
        try:
            result = signatures.sign(signable, role=role, key=key, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("documents:register_detail", pk=pk)
        if isinstance(result, PendingSignature):
            messages.info(request, _("The document is prepared: the outside signer signs its digest."))
            return redirect("documents:pending_detail", pk=result.pk)
        messages.success(request, _("Signed."))
        return redirect("documents:register_detail", pk=pk)
    check = signatures.check_signed(document)
    forms = []
    for role, perm in ROLE_PERMISSION.items():
        if request.user.has_perm(perm):
            keys = signatures.usable_keys(request.user, role, signable)
            if keys:
                forms.append({"role": role, "label": SignatureRole(role).label, "keys": keys})
    context = {
        "document": document,
        "versions": signatures.signatures_of(document),
        "check": check,
        "sign_forms": forms,
        "pending": PendingSignature.objects.filter(
            content_type=signable.content_type, object_id=document.pk, status=PendingSignature.Status.PENDING
        ),
    }
    return render(request, "documents/register/detail.html", context)


@permission("documents.view_register")  # office, leadership
def register_original(request, pk):
    """The original as issued, before any signature (the register's history)."""
    document = get_object_or_404(IssuedDocument, pk=pk)
    with document.file.storage.open(document.file.name, "rb") as handle:
        return pdf_response(handle.read(), document.download_name.replace(".pdf", "-goc.pdf"), inline=False)


@permission("documents.view_signatures")  # office, leadership
def pending_list(request):
    pending = PendingSignature.objects.filter(status=PendingSignature.Status.PENDING).select_related(
        "key", "requested_by"
    )
    return render(request, "documents/signatures/pending_list.html", {"pending": pending})


def _pending_signable(pending):
    target = pending.target
    return signatures.Signable(
        obj=target,
        title=pending.title,
        signer_name=pending.signer_name,
        issuer=pending.issuer,
        original_file=target.file,
        issuer_name=pending.issuer.full_name if pending.issuer else "",
    )


@permission("documents.view_signatures")  # office, leadership
def pending_detail(request, pk):
    """The digest an outside signer signs, the prepared file, and the form that takes its CMS signature back."""
    pending = get_object_or_404(PendingSignature.objects.select_related("key"), pk=pk)
    form = CmsForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and pending.status == PendingSignature.Status.PENDING:
        if not request.user.has_perm(ROLE_PERMISSION[pending.role]):
            raise PermissionDenied
        if "cancel" in request.POST:
            signatures.cancel_pending(pending, by=request.user)
            messages.info(request, _("The pending signature was cancelled."))
            return redirect("documents:pending_list")
        if form.is_valid():
            try:
                signatures.complete_pending(
                    pending, form.cleaned_data["cms"], by=request.user, signable=_pending_signable(pending)
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The signature was embedded."))
                return redirect("documents:pending_list")
    context = {
        "pending": pending,
        "form": form,
        "digest_base64": base64.b64encode(binascii.unhexlify(pending.digest)).decode(),
    }
    return render(request, "documents/signatures/pending_detail.html", context)


@permission("documents.view_signatures")  # office, leadership
def pending_file(request, pk):
    pending = get_object_or_404(PendingSignature, pk=pk)
    return pdf_response(bytes(pending.prepared), f"cho-ky-{pending.pk}.pdf", inline=False)


@permission("documents.manage_signing_keys")  # administrator
def key_list(request):
    form = SigningKeyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            signatures.add_key(**form.service_arguments(), by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The signing key was added."))
            return redirect("documents:key_list")
    keys = SigningKey.objects.select_related("owner", "issuing_body", "added_by")
    return render(request, "documents/signatures/keys.html", {"keys": keys, "form": form})


@permission("documents.manage_signing_keys")  # administrator
@require_POST
def key_toggle(request, pk):
    key = get_object_or_404(SigningKey, pk=pk)
    key.active = not key.active
    key.save(update_fields=["active"])
    return redirect("documents:key_list")


@permission("documents.manage_signing_keys")  # administrator
def anchor_list(request):
    form = TrustAnchorForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            signatures.add_trust_anchor(
                name=form.cleaned_data["name"],
                certificate_bytes=form.cleaned_data["certificate"].read(),
                by=request.user,
            )
        except ValidationError as error:
            form.add_error("certificate", error.messages[0])
        else:
            messages.success(request, _("The trust anchor was installed."))
            return redirect("documents:anchor_list")
    anchors = TrustAnchor.objects.select_related("added_by")
    return render(request, "documents/signatures/anchors.html", {"anchors": anchors, "form": form})


@permission("documents.manage_signing_keys")  # administrator
@require_POST
def anchor_toggle(request, pk):
    anchor = get_object_or_404(TrustAnchor, pk=pk)
    anchor.active = not anchor.active
    anchor.save(update_fields=["active"])
    return redirect("documents:anchor_list")

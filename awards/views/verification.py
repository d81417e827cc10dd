"""The public verification page of a paper (no login): what its QR code or printed code opens.

Every request counts against the caller's address (core.limits.rate_limited, settings
VERIFY_RATE_LIMIT per VERIFY_RATE_PERIOD seconds); an unknown code is a plain 404, the same
as any address that does not exist, so the page tells nothing about codes that are not issued.
"""

from django import forms
from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from core.limits import rate_limited, too_many_response
from documents.verification import normalize_code, printed_code

from ..verification import find_paper


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Verification code"), max_length=40)

    def clean_code(self):
        code = normalize_code(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError(_("A verification code has 12 letters and digits, as printed on the paper."))
        return code


class UploadForm(forms.Form):
    file = forms.FileField(label=_("The PDF file to check"))


def _throttled(request):
    period = settings.VERIFY_RATE_PERIOD
    if rate_limited(request, "verify", limit=settings.VERIFY_RATE_LIMIT, period=period):
        return too_many_response(request, period=period)
    return None


def verify_form(request):  # anyone, no login
    refused = _throttled(request)
    if refused is not None:
        return refused
    form = CodeForm(request.GET or None)
    if form.is_valid():
        return redirect("verify", code=form.cleaned_data["code"])
    return render(request, "awards/verify/form.html", {"form": form})


def verify(request, code):  # anyone, no login
    refused = _throttled(request)
    if refused is not None:
        return refused
    paper = find_paper(code)
    if paper is None:
        raise Http404
    if code != paper.code:
        return redirect("verify", code=paper.code)
    checked = None
    form = UploadForm()
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            checked = paper.matches(upload.chunks())
    context = {"paper": paper, "printed_code": printed_code(paper.code), "form": form, "checked": checked}
    return render(request, "awards/verify/paper.html", context)

"""Forms of digital signatures: a signing key, a trust anchor, an outside signer's CMS."""

import base64
import binascii

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import Role, User

from .models import IssuingBody, KeyKind, SignatureRole

MAX_UPLOAD = 1024 * 1024


class _Helped(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


def _read(upload):
    if upload is None:
        return b""
    if upload.size > MAX_UPLOAD:
        raise forms.ValidationError(_("This file is too large."))
    return upload.read()


class SigningKeyForm(_Helped):
    label = forms.CharField(label=_("Name"), max_length=120)
    role = forms.ChoiceField(label=_("Signs as"), choices=SignatureRole.choices)
    kind = forms.ChoiceField(label=_("Where the key is"), choices=KeyKind.choices)
    holder_name = forms.CharField(
        label=_("Holder"), max_length=200, help_text=_("The signer's name as printed, or the agency's full name.")
    )
    owner = forms.ModelChoiceField(
        label=_("Account that signs with it"), queryset=User.objects.filter(role=Role.LEADER), required=False
    )
    issuing_body = forms.ModelChoiceField(label=_("Issuing body"), queryset=IssuingBody.objects.all(), required=False)
    image = forms.FileField(
        label=_("Signature or seal image (PNG)"),
        help_text=_("The signer's signature in blue, or the seal in red, on a transparent background."),
    )
    seal_diameter_mm = forms.IntegerField(label=_("Seal diameter in mm"), min_value=20, max_value=60, initial=36)
    pkcs12_file = forms.FileField(label=_("PKCS#12 file (.p12, .pfx)"), required=False)
    passphrase = forms.CharField(label=_("Passphrase"), widget=forms.PasswordInput, required=False)
    certificate = forms.FileField(
        label=_("Certificate (PEM or DER)"), required=False, help_text=_("For a token or an outside signer.")
    )
    pkcs11_library = forms.CharField(label=_("PKCS#11 library"), max_length=255, required=False)
    pkcs11_token = forms.CharField(label=_("Token label"), max_length=64, required=False)
    pkcs11_key_label = forms.CharField(label=_("Key label on the token"), max_length=64, required=False)
    pin = forms.CharField(label=_("Token PIN"), widget=forms.PasswordInput, required=False)

    def clean_image(self):
        data = _read(self.cleaned_data.get("image"))
        if not data.startswith(b"\x89PNG\r\n\x1a\n"):
            raise forms.ValidationError(_("Upload a PNG image."))
        return data

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        try:
            cleaned["pkcs12_bytes"] = _read(cleaned.get("pkcs12_file"))
            cleaned["certificate_bytes"] = _read(cleaned.get("certificate"))
        except forms.ValidationError as error:
            raise forms.ValidationError(error) from error
        if kind == KeyKind.PKCS12 and not cleaned["pkcs12_bytes"]:
            self.add_error("pkcs12_file", _("Upload the PKCS#12 file."))
        if kind in (KeyKind.PKCS11, KeyKind.EXTERNAL) and not cleaned["certificate_bytes"]:
            self.add_error("certificate", _("Upload the key's certificate."))
        return cleaned

    def service_arguments(self):
        data = self.cleaned_data
        return {
            "label": data["label"],
            "role": data["role"],
            "kind": data["kind"],
            "holder_name": data["holder_name"],
            "owner": data.get("owner"),
            "issuing_body": data.get("issuing_body"),
            "image": data["image"],
            "seal_diameter_mm": data["seal_diameter_mm"],
            "pkcs12_bytes": data["pkcs12_bytes"],
            "passphrase": (data.get("passphrase") or "").encode(),
            "certificate_bytes": data["certificate_bytes"],
            "pkcs11_library": data.get("pkcs11_library", ""),
            "pkcs11_token": data.get("pkcs11_token", ""),
            "pkcs11_key_label": data.get("pkcs11_key_label", ""),
            "pin": (data.get("pin") or "").encode(),
        }


class TrustAnchorForm(_Helped):
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    certificate = forms.FileField(label=_("Root certificate (PEM or DER)"))

    def clean_certificate(self):
        upload = self.cleaned_data["certificate"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("This file is too large."))
        return upload


class CmsForm(_Helped):
    cms_file = forms.FileField(label=_("CMS signature file (.p7s)"), required=False)
    cms_base64 = forms.CharField(
        label=_("Or the CMS signature in Base64"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def clean(self):
        cleaned = super().clean()
        data = _read(cleaned.get("cms_file"))
        if not data and cleaned.get("cms_base64"):
            try:
                data = base64.b64decode("".join(cleaned["cms_base64"].split()), validate=True)
            except (binascii.Error, ValueError) as error:
                raise forms.ValidationError(_("This is not Base64.")) from error
        if not data:
            raise forms.ValidationError(_("Upload the signature or paste it."))
        cleaned["cms"] = data
        return cleaned

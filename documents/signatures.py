"""Digital signatures on issued files: keys kept sealed, who may sign what, signing, hash-then-sign, validation.

The order is Decree 30's: the signer signs first (leadership, with their own key, on a document
that prints their name), then the office applies the organization's signature (the seal) for
the issuing body. Each signature is a new `DocumentSignature` row holding the PDF as it stands
after it, with its own SHA-256; the issued original (file and hash) never changes, and the
newest signed version is what the register serves (`current_bytes`). Every signing records who
and when. An outside signer (a token plug-in, a remote service) gets a `PendingSignature` with
the digest to sign and returns a CMS signature (`complete_pending`).

Other apps sign their own stored papers through `Signable` (awards signs a decision's
certificates when the decision is signed: the `signed` signal).
"""

import base64
import contextlib
import hashlib
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs12 as p12
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _
from pyhanko.config.pkcs11 import TokenCriteria
from pyhanko.sign import pkcs11, signers

from core.text import fold
from members.models import Role

from . import signing
from .models import (
    DocumentSignature,
    IssuedDocument,
    KeyKind,
    PendingSignature,
    SignatureRole,
    SigningKey,
    TrustAnchor,
)
from .rendering import html_to_pdf

# Sent after a signature is applied to an IssuedDocument: sender=IssuedDocument, document, role, key, by.
signed = Signal()


# --- secrets at rest ------------------------------------------------------------------------


def _fernet():
    configured = getattr(settings, "THIDUA_SIGNING_SECRET_KEY", "")
    if configured:
        return Fernet(configured.encode())
    derived = hashlib.sha256(b"thidua-signing-keys:" + settings.SECRET_KEY.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(derived))


def seal_secret(data):
    return _fernet().encrypt(bytes(data)) if data else b""


def open_secret(sealed):
    if not sealed:
        return b""
    try:
        return _fernet().decrypt(bytes(sealed))
    except InvalidToken as error:
        raise ValidationError(
            _("The key's secret cannot be decrypted: was THIDUA_SIGNING_SECRET_KEY changed?")
        ) from error


# --- certificates ------------------------------------------------------------------------------


def load_certificate(data):
    """An X.509 certificate from PEM or DER bytes; ValidationError when it is neither."""
    data = bytes(data)
    try:
        if b"-----BEGIN" in data:
            return x509.load_pem_x509_certificate(data)
        return x509.load_der_x509_certificate(data)
    except ValueError as error:
        raise ValidationError(_("This file is not an X.509 certificate (PEM or DER).")) from error


def certificate_der(certificate):
    return certificate.public_bytes(serialization.Encoding.DER)


def subject_of(der):
    return load_certificate(der).subject.rfc4514_string()


def add_trust_anchor(*, name, certificate_bytes, by):
    """Install a root certificate the office trusts; the same certificate twice is refused."""
    certificate = load_certificate(certificate_bytes)
    der = certificate_der(certificate)
    fingerprint = certificate.fingerprint(hashes.SHA256()).hex()
    if TrustAnchor.objects.filter(fingerprint=fingerprint).exists():
        raise ValidationError({"certificate": _("This certificate is installed already.")})
    return TrustAnchor.objects.create(
        name=name or certificate.subject.rfc4514_string()[:200],
        certificate=der,
        fingerprint=fingerprint,
        subject=certificate.subject.rfc4514_string()[:500],
        valid_until=certificate.not_valid_after_utc,
        added_by=by,
    )


def trust_roots():
    return [bytes(der) for der in TrustAnchor.objects.filter(active=True).values_list("certificate", flat=True)]


# --- keys ----------------------------------------------------------------------------------


def _check_holder(role, owner, issuing_body):
    if role == SignatureRole.SIGNER and (owner is None or owner.role != Role.LEADER):
        raise ValidationError({"owner": _("A signer's key belongs to a leadership account.")})
    if role == SignatureRole.ORGANIZATION and issuing_body is None:
        raise ValidationError({"issuing_body": _("The organization's key belongs to an issuing body.")})


def add_key(
    *,
    label,
    role,
    kind,
    holder_name,
    image,
    by,
    owner=None,
    issuing_body=None,
    pkcs12_bytes=b"",
    passphrase=b"",
    certificate_bytes=b"",
    pkcs11_library="",
    pkcs11_token="",
    pkcs11_key_label="",
    pin=b"",
    seal_diameter_mm=36,
):
    """Record a signing key (superuser only, see documents.permissions); its secrets are sealed."""
    if not by.is_superuser:
        raise ValidationError(_("Only an administrator adds signing keys."))
    _check_holder(role, owner, issuing_body)
    key = SigningKey(
        label=label,
        role=role,
        kind=kind,
        holder_name=holder_name,
        owner=owner if role == SignatureRole.SIGNER else None,
        issuing_body=issuing_body,
        image=bytes(image),
        seal_diameter_mm=seal_diameter_mm,
        added_by=by,
    )
    if kind == KeyKind.PKCS12:
        try:
            _key, certificate, extra = p12.load_key_and_certificates(bytes(pkcs12_bytes), bytes(passphrase) or None)
        except ValueError as error:
            raise ValidationError(
                {"pkcs12_file": _("This PKCS#12 file cannot be opened with this passphrase.")}
            ) from error
        if _key is None or certificate is None:
            raise ValidationError({"pkcs12_file": _("This PKCS#12 file holds no key with its certificate.")})
        key.certificate = certificate_der(certificate)
        key.chain = b"".join(c.public_bytes(serialization.Encoding.PEM) for c in extra)
        key.pkcs12_sealed = seal_secret(pkcs12_bytes)
        key.secret_sealed = seal_secret(passphrase)
    else:
        key.certificate = certificate_der(load_certificate(certificate_bytes))
        if kind == KeyKind.PKCS11:
            if not (pkcs11_library and pkcs11_token and pkcs11_key_label):
                raise ValidationError(_("A token needs its library, its label and the key's label."))
            key.pkcs11_library, key.pkcs11_token, key.pkcs11_key_label = pkcs11_library, pkcs11_token, pkcs11_key_label
            key.secret_sealed = seal_secret(pin)
    key.save()
    return key


@contextlib.contextmanager
def pyhanko_signer(key):
    """A pyHanko signer for a PKCS#12 or PKCS#11 key, open while the block runs."""
    if key.kind == KeyKind.PKCS12:
        yield signers.SimpleSigner.load_pkcs12_data(
            open_secret(key.pkcs12_sealed), [], passphrase=open_secret(key.secret_sealed) or None
        )
        return
    if key.kind != KeyKind.PKCS11:
        raise ValidationError(_("An outside signer's key is not in the app: prepare the document for it instead."))
    session = pkcs11.open_pkcs11_session(
        key.pkcs11_library,
        token_criteria=TokenCriteria(label=key.pkcs11_token),
        user_pin=open_secret(key.secret_sealed).decode(),
    )
    try:
        yield pkcs11.PKCS11Signer(
            session, key_label=key.pkcs11_key_label, signing_cert=signing.to_asn1(bytes(key.certificate))
        )
    finally:
        session.close()


# --- what is signed ----------------------------------------------------------------------------


@dataclass
class Signable:
    """A stored issued file that can be signed: its row, the name printed under the signature, its issuer."""

    obj: Any
    title: str
    signer_name: str
    issuer: Any
    original_file: Any
    issuer_name: str = ""

    @property
    def content_type(self):
        return ContentType.objects.get_for_model(type(self.obj))


def signable_document(document):
    return Signable(
        obj=document,
        title=document.reference,
        signer_name=document.signer_name,
        issuer=document.issuer,
        original_file=document.file,
        issuer_name=document.issuer.full_name,
    )


def signatures_of(obj):
    return DocumentSignature.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
    ).select_related("key", "signed_by")


def latest_signature(obj):
    return signatures_of(obj).order_by("-signed_at", "-pk").first()


def current_bytes(signable):
    """The file the register serves: the newest signed version, else the original as issued."""
    latest = latest_signature(signable.obj)
    stored = latest.file if latest else signable.original_file
    with stored.storage.open(stored.name, "rb") as handle:
        return handle.read()


def current_sha256(signable):
    latest = latest_signature(signable.obj)
    return latest.sha256 if latest else signable.obj.sha256


# --- who may sign (the rule, in one place) --------------------------------------------------------


def signing_refusal(user, key, role, signable, done_roles):
    """Why `user` may not apply `role`'s signature with `key` to `signable`, or None when they may.

    The signer signs first, as the leadership account that owns the key and whose name the
    document prints; then the office applies the organization's signature of the issuing
    body. Nothing is signed twice in the same role.
    """
    if not key.active or key.role != role:
        return _("This key cannot be used for this signature.")
    if role in done_roles:
        return _("This document already carries that signature.")
    if role == SignatureRole.SIGNER:
        if getattr(user, "role", None) != Role.LEADER or key.owner_id != user.pk:
            return _("Only the signer signs with their own key.")
        if fold(key.holder_name) != fold(signable.signer_name):
            return _("The document is signed by %(name)s, not by this key's holder.") % {"name": signable.signer_name}
        return None
    if not (user.is_superuser or getattr(user, "role", None) == Role.OFFICE):
        return _("Only the office applies the organization's signature.")
    if SignatureRole.SIGNER not in done_roles:
        return _("The signer signs first; the organization's signature follows.")
    if key.issuing_body_id and signable.issuer is not None and key.issuing_body_id != signable.issuer.pk:
        return _("This key is of another issuing body.")
    return None


def usable_keys(user, role, signable):
    done = set(signatures_of(signable.obj).values_list("role", flat=True))
    keys = SigningKey.objects.filter(active=True, role=role)
    return [key for key in keys if signing_refusal(user, key, role, signable, done) is None]


# --- signing ----------------------------------------------------------------------------------


def _request(signable, role, key, pdf, when):
    place = signing.placement(pdf, seal_diameter_mm=key.seal_diameter_mm)
    box = place.signer_box if role == SignatureRole.SIGNER else place.seal_box
    html = signing.appearance_html(
        role,
        box,
        image=bytes(key.image),
        agency=signable.issuer_name or key.holder_name,
        when=when,
        seal_diameter_mm=key.seal_diameter_mm,
    )
    return signing.SignRequest(
        role=role,
        page=place.page,
        box=box,
        appearance_pdf=html_to_pdf(html),
        name=key.holder_name,
        location=getattr(signable.issuer, "place", ""),
        reason=signable.title,
    )


def _lock(signable):
    type(signable.obj).objects.select_for_update().filter(pk=signable.obj.pk).first()


def _record(signable, *, role, key, pdf, by, when, method):
    certificate = load_certificate(bytes(key.certificate))
    signature = DocumentSignature(
        content_type=signable.content_type,
        object_id=signable.obj.pk,
        role=role,
        key=key,
        method=method,
        certificate_subject=certificate.subject.rfc4514_string()[:500],
        certificate_serial=format(certificate.serial_number, "x"),
        sha256=hashlib.sha256(pdf).hexdigest(),
        size=len(pdf),
        signed_by=by,
        signed_at=when,
    )
    name = f"{signable.title.replace('/', '-')}-{role}.pdf"
    signature.file.save(name, ContentFile(pdf), save=False)
    signature.save()
    if isinstance(signable.obj, IssuedDocument):
        signed.send(sender=IssuedDocument, document=signable.obj, role=role, key=key, by=by)
    return signature


def sign(signable, *, role, key, by):
    """Apply one signature now (PKCS#12, PKCS#11) or prepare it for an outside signer.

    Returns the DocumentSignature, or the PendingSignature of an outside signer's key.
    Raises ValidationError with the reason when the rule refuses it.
    """
    with transaction.atomic():
        _lock(signable)
        done = set(signatures_of(signable.obj).values_list("role", flat=True))
        refusal = signing_refusal(by, key, role, signable, done)
        if refusal:
            raise ValidationError(refusal)
        if key.kind == KeyKind.EXTERNAL:
            return _prepare(signable, role=role, key=key, by=by)
        when = timezone.now()
        current = current_bytes(signable)
        request = _request(signable, role, key, current, when)
        with pyhanko_signer(key) as pdf_signer:
            pdf = signing.sign_pdf(current, request, pdf_signer)
        return _record(signable, role=role, key=key, pdf=pdf, by=by, when=when, method=key.kind)


def _prepare(signable, *, role, key, by):
    open_request = PendingSignature.objects.filter(
        content_type=signable.content_type,
        object_id=signable.obj.pk,
        role=role,
        status=PendingSignature.Status.PENDING,
    ).first()
    if open_request:
        return open_request
    current = current_bytes(signable)
    request = _request(signable, role, key, current, timezone.now())
    prepared = signing.prepare_external(current, request, bytes(key.certificate))
    return PendingSignature.objects.create(
        content_type=signable.content_type,
        object_id=signable.obj.pk,
        role=role,
        key=key,
        title=signable.title,
        signer_name=signable.signer_name,
        issuer=signable.issuer,
        base_sha256=hashlib.sha256(current).hexdigest(),
        prepared=prepared.pdf,
        digest=prepared.digest.hex(),
        region_start=prepared.start,
        region_end=prepared.end,
        requested_by=by,
    )


def complete_pending(pending, cms_bytes, *, by, signable):
    """Embed an outside signer's CMS signature in the prepared document and record it.

    Refused (ValidationError) when the request is no longer pending, when another signature
    changed the file since it was prepared, when the CMS is not of this digest, or when the
    resulting signature does not validate for the key's certificate.
    """
    with transaction.atomic():
        _lock(signable)
        pending = PendingSignature.objects.select_for_update().get(pk=pending.pk)
        if pending.status != PendingSignature.Status.PENDING:
            raise ValidationError(_("This signature is no longer waiting."))
        done = set(signatures_of(signable.obj).values_list("role", flat=True))
        refusal = signing_refusal(by, pending.key, pending.role, signable, done)
        if refusal:
            raise ValidationError(refusal)
        if current_sha256(signable) != pending.base_sha256:
            raise ValidationError(_("The document changed since it was prepared: prepare it again."))
        prepared = signing.Prepared(
            bytes(pending.prepared), bytes.fromhex(pending.digest), pending.region_start, pending.region_end
        )
        try:
            pdf = signing.finish_external(prepared, bytes(cms_bytes))
        except signing.SigningError as error:
            raise ValidationError(_("This is not a signature of this document's digest.")) from error
        checks = signing.validate(pdf, [])
        last = checks[-1] if checks else None
        expected = load_certificate(bytes(pending.key.certificate))
        if (
            last is None
            or not (last.intact and last.valid)
            or last.signer_serial != format(expected.serial_number, "x")
        ):
            raise ValidationError(_("The signature does not verify with the key's certificate."))
        signature = _record(
            signable, role=pending.role, key=pending.key, pdf=pdf, by=by, when=timezone.now(), method=KeyKind.EXTERNAL
        )
        pending.status = PendingSignature.Status.DONE
        pending.signature = signature
        pending.save(update_fields=["status", "signature"])
        return signature


def cancel_pending(pending, *, by):
    PendingSignature.objects.filter(pk=pending.pk, status=PendingSignature.Status.PENDING).update(
        status=PendingSignature.Status.CANCELLED
    )


# --- validation ------------------------------------------------------------------------------------


@dataclass
class FileCheck:
    """The state of a signed file: its hash as recorded, and each signature the validator checked."""

    hash_ok: bool
    checks: list

    @property
    def ok(self):
        return self.hash_ok and bool(self.checks) and all(check.ok for check in self.checks)

    @property
    def broken(self):
        return not self.hash_ok or any(not (c.intact and c.valid) for c in self.checks)

    @property
    def untrusted(self):
        return not self.broken and any(not c.trusted for c in self.checks)


def check_signed(obj, roots=None):
    """Validate the newest signed version of `obj` against the installed trust anchors; None when unsigned."""
    latest = latest_signature(obj)
    if latest is None:
        return None
    try:
        with latest.file.storage.open(latest.file.name, "rb") as handle:
            pdf = handle.read()
    except (FileNotFoundError, OSError, ValueError):
        return FileCheck(False, [])
    roots = trust_roots() if roots is None else roots
    return FileCheck(hashlib.sha256(pdf).hexdigest() == latest.sha256, signing.validate(pdf, roots))

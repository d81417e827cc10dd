"""The certificate register (sổ giấy khen): a number per certificate, per year and award type, and its stored bytes.

A decision numbers its certificates when it is issued, in the issuing transaction
(`number_certificates`): one book per year and award type, as each award type is its
own paper (Giấy khen, the titles' certificates), numbered 01, 02, … in the order of the
decisions' issue and of their annexes. A certificate's page is rendered once
(awards.certificates.stored_certificates_pdf), from the award's copy taken at issue, and
kept with its SHA-256 (`store`); every print afterwards returns those bytes, and a print
of several certificates is the deterministic merge of the stored pages.
"""

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from documents.signatures import Signable, current_bytes, latest_signature

from .models import Certificate


def next_number(year, award_type_id):
    last = Certificate.objects.filter(year=year, award_type_id=award_type_id).aggregate(last=Max("number"))["last"]
    return (last or 0) + 1


def number_certificates(decision, awards):
    """Give each award of an issued decision its number in the register; an award numbered already keeps it."""
    year = decision.decided_on.year
    numbered = set(Certificate.objects.filter(award__in=awards).values_list("award_id", flat=True))
    created = []
    for award in awards:
        if award.pk in numbered:
            continue
        type_id = award.nomination.award_type_id
        created.append(
            Certificate.objects.create(award=award, year=year, award_type_id=type_id, number=next_number(year, type_id))
        )
    return created


def store(certificate, pdf):
    """Keep a certificate's rendered page with its SHA-256, unless another print stored it first."""
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.sha256:
            return locked
        locked.file.save(f"{locked.year}-{locked.award_type_id}-{locked.number}.pdf", ContentFile(pdf), save=False)
        locked.sha256 = hashlib.sha256(pdf).hexdigest()
        locked.size = len(pdf)
        locked.rendered_at = timezone.now()
        locked.save(update_fields=["file", "sha256", "size", "rendered_at"])
        return locked


def signable_certificate(certificate, document):
    """A stored certificate as something to sign: it prints the signer and issuer of its decision's `document`."""
    return Signable(
        obj=certificate,
        title=f"GK {certificate.reference} ({document.reference})",
        signer_name=document.signer_name,
        issuer=document.issuer,
        original_file=certificate.file,
        issuer_name=document.issuer.full_name,
    )


def stored_bytes(certificate):
    """The certificate as the register serves it: its newest signed version, else the page as rendered."""
    if latest_signature(certificate) is not None:
        return current_bytes(Signable(certificate, "", "", None, certificate.file))
    with certificate.file.open("rb") as handle:
        return handle.read()

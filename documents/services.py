"""The outgoing-document register: numbers never reused nor duplicated, issued PDFs kept with their SHA-256.

Issuing runs in one transaction that takes the number, renders and stores the PDF, and
records it: lock, render, save. Taking the number is an UPDATE of the sequence row, which
holds that row (PostgreSQL) or the database (SQLite) until the commit, so a concurrent
issue of the same year and symbol waits for this one. Rendering takes about a second,
short enough to hold the lock, and it is what makes a failure cheap: when rendering or
saving fails, the transaction rolls back and the number was never consumed.
"""

import hashlib

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.text import fold

from .identity import issuer_on
from .models import PRINTED_NAMES, IssuedDocument, NumberSequence
from .rendering import default_signer, document_context, format_number, render_document

# Keys the register decides: a caller's context cannot contradict the stored entry.
REGISTER_KEYS = ("issuer", "number", "type_symbol", "issued_on", "reference", "date_line", "issuer_symbol")


def last_used_number(year, type_symbol, issuer_symbol):
    """The highest number issued in the register for that year and symbol, 0 when none."""
    used = IssuedDocument.objects.filter(year=year, type_symbol=type_symbol, issuer_symbol=issuer_symbol)
    return used.aggregate(last=Max("number"))["last"] or 0


def peek_next_number(year, type_symbol, issuer_symbol):
    """The number the next document of that year and symbol would take, without taking it."""
    sequence = NumberSequence.objects.filter(year=year, type_symbol=type_symbol, issuer_symbol=issuer_symbol).first()
    return sequence.next_number if sequence else last_used_number(year, type_symbol, issuer_symbol) + 1


def set_next_number(*, year, type_symbol, issuer_symbol, next_number, by):
    """Set the number the next document will take; never one already used.

    Raises ValidationError (on the next number) when it would reuse a number. Setting
    the value it already has changes nothing and records nothing.
    """
    with transaction.atomic():
        sequence, _created = NumberSequence.objects.get_or_create(
            year=year, type_symbol=type_symbol, issuer_symbol=issuer_symbol
        )
        sequence = NumberSequence.objects.select_for_update().get(pk=sequence.pk)
        last = last_used_number(year, type_symbol, issuer_symbol)
        if next_number <= last:
            raise ValidationError(
                _(
                    "Number %(last)s/%(symbol)s of %(year)s has already been issued: "
                    "the next number must be %(least)s or more."
                ),
                code="number_used",
                params={
                    "last": format_number(last),
                    "symbol": f"{type_symbol}-{issuer_symbol}",
                    "year": year,
                    "least": last + 1,
                },
            )
        if sequence.next_number == next_number:
            return sequence
        sequence.next_number = next_number
        sequence.set_by = by
        sequence.set_at = timezone.now()
        sequence._history_user = by
        sequence.save()
        return sequence


def _take_number(year, type_symbol, issuer_symbol):
    """The next number, taken under the sequence's row lock held until the transaction ends."""
    sequence, _created = NumberSequence.objects.get_or_create(
        year=year, type_symbol=type_symbol, issuer_symbol=issuer_symbol
    )
    NumberSequence.objects.filter(pk=sequence.pk).update(next_number=F("next_number") + 1)
    return NumberSequence.objects.values_list("next_number", flat=True).get(pk=sequence.pk) - 1


def issue_document(
    *,
    template_name,
    context,
    type_symbol,
    issued_on,
    subject,
    by,
    issuer=None,
    signer=None,
    related=None,
    issuer_symbol=None,
):
    """Number, render (final, not draft) and store an official document; returns the register entry.

    `context` is the template's own context (see documents/rendering.py); the register's
    keys (issuer, number, type symbol, date, reference) are filled here. `related` is the
    object the document belongs to (a campaign, a decision, a report), linked generically.
    `issuer_symbol` numbers the document in a sequence of its own under the issuer's register (an
    emulation block's "KTĐNN" beside the Alliance's "LMHTX"); by default the issuer's symbol.
    """
    issuer = issuer or issuer_on(issued_on)
    issuer_symbol = issuer_symbol or issuer.symbol
    signer = signer or context.get("signer") or default_signer(issuer)
    year = issued_on.year
    extra = {"subject": subject, **{k: v for k, v in context.items() if k not in REGISTER_KEYS}}
    extra.pop("signer", None)
    recipients = extra.pop("recipients", None)
    stored_name = None
    try:
        with transaction.atomic():
            number = _take_number(year, type_symbol, issuer_symbol)
            full_context = document_context(
                issuer=issuer,
                type_symbol=type_symbol,
                issued_on=issued_on,
                number=number,
                signer=signer,
                recipients=recipients,
                issuer_symbol=issuer_symbol,
                **extra,
            )
            pdf = render_document(template_name, full_context)
            document = IssuedDocument(
                issuer=issuer,
                year=year,
                type_symbol=type_symbol,
                issuer_symbol=issuer_symbol,
                number=number,
                reference=full_context["reference"],
                kind_name=PRINTED_NAMES[type_symbol],
                subject=subject,
                issued_on=issued_on,
                signer_name=signer.full_name if signer else "",
                signer_title=" / ".join(signer.block_lines) if signer else "",
                issued_by=by,
                sha256=hashlib.sha256(pdf).hexdigest(),
                size=len(pdf),
            )
            if related is not None:
                document.content_type = ContentType.objects.get_for_model(related)
                document.object_id = related.pk
            document.file.save(f"{slugify(fold(document.reference))}.pdf", ContentFile(pdf), save=False)
            stored_name = document.file.name
            document.save()
    except BaseException:
        if stored_name:  # the row was rolled back: do not leave its file behind
            document.file.storage.delete(stored_name)
        raise
    return document


def documents_for(obj):
    """The register entries linked to an object of another app, newest first."""
    return IssuedDocument.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


def file_digest(document):
    """The SHA-256 of the stored file as it is now; None when the file is missing."""
    digest = hashlib.sha256()
    try:
        with document.file.storage.open(document.file.name, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 16), b""):
                digest.update(chunk)
    except (FileNotFoundError, OSError, ValueError):
        return None
    return digest.hexdigest()


def verify_stored(document):
    """Whether the stored file is still byte for byte the one issued."""
    return file_digest(document) == document.sha256

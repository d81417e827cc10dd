"""Certificates (giấy khen) of an issued decision: one A4 landscape page per award, rendered in chunks and merged.

Each certificate carries the decision's number and date and its own number in the certificate
register (awards.register), and is rendered once and kept: a reprint returns the same bytes.
One WeasyPrint document of 1,000 certificates takes ~45 s and 530 MB (BRIEF §3), so a batch
is rendered CHUNK_SIZE pages at a time and the parts are merged with pypdf.
"""

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from pypdf import PdfWriter

from core.errors import TransitionError
from core.jobs import enqueue
from documents.identity import issuer_on
from documents.rendering import default_signer, document_context, render_document
from documents.signatures import sign, signatures_of
from documents.verification import verification_context

from . import register
from .amendments import revoked_award_ids
from .decision_rules import (
    PAPER_HEADINGS,
    certificate_heading,
    merit_phrase,
    movement_phrase,
    no_lone_last_word,
    short_achievement,
    title_name,
)
from .decisions import DECISION_SYMBOL, authority_context, awards_of, decision_authority
from .models import CERTIFICATE_TEXT_LIMIT, Certificate, CertificateJob, CertificateJobStatus, Decision, DecisionStatus
from .snapshots import as_printed, printed_issuer, printed_merit, printed_signer

CERTIFICATE_TEMPLATE = "awards/documents/certificate.html"
CHUNK_SIZE = 200


def certificate_achievement(certificate_text, achievements, limit=CERTIFICATE_TEXT_LIMIT):
    """What a certificate prints under the name, always whole: the text written for the certificate,
    else the summary's first sentence when it fits, else nothing (never a clause cut off)."""
    text = " ".join((certificate_text or "").split())
    if text:
        return text
    first = short_achievement(achievements, limit=limit)
    return "" if first.endswith("…") else first


def certificate_lines(award):
    """What one certificate says of its awardee, from the award's copy taken at issue (awards.snapshots):
    the paper's heading, Ông/Bà and the name (never a last word alone), the line under it, the
    achievement written for the certificate printed whole."""
    printed = as_printed(award)
    certificate = getattr(award, "certificate", None) if award.pk else None
    award_type = award.nomination.award_type
    return {
        "heading": PAPER_HEADINGS.get(award_type.paper_given)
        or certificate_heading(printed.award_category, printed.award_short_name, printed.award_name),
        "is_title": printed.award_category == "title",
        "award_name": title_name(printed.award_name),
        "name": no_lone_last_word(f"{printed.honorific} {printed.certificate_name}".strip()),
        "honorific": printed.honorific,
        "unit": printed.unit_line,
        "achievement": no_lone_last_word(
            certificate_achievement(award.nomination.certificate_text, printed.achievement)
        ),
        "register_number": certificate.reference if certificate is not None else "",
        "verification": verification_context(certificate.verification_code) if certificate is not None else None,
    }


def gets_paper(award):
    """An award whose type gives no paper (Lao động tiên tiến: the decision alone) prints no certificate."""
    return bool(award.nomination.award_type.paper_given)


def _merit_now(decision, awards):
    """What the awardees did, as the decision prints it, for a decision without its copy."""
    movement = movement_phrase(decision.campaign.name) if decision.campaign_id else ""
    return merit_phrase(decision.occasion, movement, [a.nomination.occasion_title for a in awards])


def certificate_context(decision, awards):
    """The certificates' context: issuer and signer as the decision printed them (its copy), else as issued."""
    document = decision.document
    issuer = printed_issuer(decision) or (document.issuer if document else issuer_on(decision.decided_on))
    signer = printed_signer(decision) if decision.printed else (decision.signer or default_signer(issuer))
    authority = authority_context(decision_authority(awards_of(decision)), signer)
    if (decision.printed or {}).get("authority"):
        authority["authority"] = decision.printed["authority"]  # as the decision printed it
    return document_context(
        issuer=issuer,
        type_symbol=DECISION_SYMBOL,
        issued_on=decision.decided_on,
        number=document.number if document else None,
        signer=signer,
        recipients=[],
        decision=decision,
        merit=printed_merit(decision) or _merit_now(decision, awards),
        certificates=[certificate_lines(award) for award in awards],
        **authority,
    )


def _merge(parts):

    writer = PdfWriter()
    for part in parts:
        writer.append(io.BytesIO(part))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def render_certificates(decision, awards=None, *, chunk_size=CHUNK_SIZE, progress=None):
    """One PDF with a certificate per award of an issued decision (or of the given awards of it).

    `progress(done, total)` is called after each chunk (the batch job shows it).
    """
    if decision.kind != Decision.Kind.DECISION or decision.status != DecisionStatus.ISSUED:
        raise TransitionError(_("Certificates are printed for an issued decision only."))
    awards = list(awards) if awards is not None else certificate_awards(decision)
    if not awards:
        raise TransitionError(_("There is no certificate to print."))
    parts = []
    for start in range(0, len(awards), chunk_size):
        context = certificate_context(decision, awards[start : start + chunk_size])
        parts.append(render_document(CERTIFICATE_TEMPLATE, context))
        if progress is not None:
            progress(min(start + chunk_size, len(awards)), len(awards))
    return parts[0] if len(parts) == 1 else _merge(parts)


def stored_certificates_pdf(decision, awards=None, *, progress=None):
    """The certificates of the given awards as kept in the register: each page rendered once, then its bytes.

    A certificate not yet numbered (a decision issued before the register) is numbered first,
    one not yet rendered is rendered from the award's copy and stored with its SHA-256; the
    pages are then merged (pypdf merges the same pages into the same bytes).
    """
    if decision.kind != Decision.Kind.DECISION or decision.status != DecisionStatus.ISSUED:
        raise TransitionError(_("Certificates are printed for an issued decision only."))
    awards = list(awards) if awards is not None else awards_of(decision)
    if not awards:
        raise TransitionError(_("There is no certificate to print."))
    with transaction.atomic():
        register.number_certificates(decision, awards)
    stored = {c.award_id: c for c in Certificate.objects.filter(award__in=awards)}
    for done, award in enumerate(awards, start=1):
        certificate = stored[award.pk]
        if not certificate.sha256:
            award.certificate = certificate
            stored[award.pk] = register.store(certificate, render_certificates(decision, [award]))
        if progress is not None:
            progress(done, len(awards))
    parts = [register.stored_bytes(stored[a.pk]) for a in awards]
    return parts[0] if len(parts) == 1 else _merge(parts)


def sign_certificates(sender, *, document, **kwargs):
    """When a decision's document is signed, queue the signing of its certificates.

    Connected to documents.signatures.signed (awards.apps). Signing a thousand certificates
    takes minutes: a worker does it (`sign_certificates_like_decision`), never the request.
    """
    decision = Decision.objects.filter(document=document, kind=Decision.Kind.DECISION).first()
    if decision is not None and decision.status == DecisionStatus.ISSUED:
        enqueue("awards.tasks.sign_decision_certificates", decision.pk)


def sign_certificates_like_decision(decision):
    """Sign every certificate of an issued decision as its document is signed: each signature
    of the document, in the order it was applied, by the same key and person. A certificate
    not yet rendered is rendered and stored first; a role a certificate has already is kept;
    with an outside signer each certificate waits for its own signature. Returns how many
    signatures were applied or prepared. Runs again safely (a retry, two tasks at once)."""
    if decision.kind != Decision.Kind.DECISION or decision.status != DecisionStatus.ISSUED or not decision.document:
        return 0
    awards = certificate_awards(decision)
    applied = list(signatures_of(decision.document).select_related("key", "signed_by"))
    if not awards or not applied:
        return 0
    stored_certificates_pdf(decision, awards)
    count = 0
    for certificate in Certificate.objects.filter(award__in=awards).order_by("number"):
        done = set(signatures_of(certificate).values_list("role", flat=True))
        for signature in applied:
            if signature.role in done:
                continue
            try:
                sign(
                    register.signable_certificate(certificate, decision.document),
                    role=signature.role,
                    key=signature.key,
                    by=signature.signed_by,
                )
            except ValidationError:
                # Another worker signed it meanwhile, or the key may no longer sign: the register
                # shows the certificate without that signature, and the next run tries again.
                break
            count += 1
    return count


# --- batches rendered by a worker ------------------------------------------------------------

# Up to this many certificates are rendered in the request (a few seconds); more go to a worker.
SYNC_LIMIT = 50


def certificate_awards(decision, organization=None):
    """The awards whose certificates are printed: all that give a paper, or a unit's own awardees';
    a revoked award has none, nor a title the decision alone recognises (Lao động tiên tiến)."""
    revoked = revoked_award_ids(decision)
    awards = [a for a in awards_of(decision) if a.pk not in revoked and gets_paper(a)]
    if organization is not None:
        awards = [a for a in awards if a.nomination.organization_id == organization.pk]
    return awards


@transaction.atomic
def start_certificate_job(decision, *, by, organization=None):
    """Queue the rendering of a decision's certificates (a unit's own when `organization`); returns the job."""
    if decision.kind != Decision.Kind.DECISION or decision.status != DecisionStatus.ISSUED:
        raise TransitionError(_("Certificates are printed for an issued decision only."))
    total = len(certificate_awards(decision, organization))
    if not total:
        raise TransitionError(_("There is no certificate to print."))
    # One batch at a time per decision: asking again gives the batch already under way.
    Decision.objects.select_for_update().filter(pk=decision.pk).first()
    under_way = CertificateJob.objects.filter(
        decision=decision, status__in=(CertificateJobStatus.PENDING, CertificateJobStatus.RUNNING)
    ).first()
    if under_way is not None:
        if under_way.requested_by_id == by.pk and under_way.organization_id == getattr(organization, "pk", None):
            return under_way
        raise TransitionError(
            _("The certificates of this decision are being printed for someone else; try again in a minute.")
        )
    job = CertificateJob.objects.create(decision=decision, organization=organization, total=total, requested_by=by)
    enqueue("awards.tasks.render_certificate_job", job.pk)
    return job


def run_certificate_job(job):
    """Render a queued job's certificates into its file; a job already taken or finished is left alone."""
    claimed = CertificateJob.objects.filter(pk=job.pk, status=CertificateJobStatus.PENDING).update(
        status=CertificateJobStatus.RUNNING
    )
    if not claimed:
        return job
    job.refresh_from_db()

    def progress(done, total):
        CertificateJob.objects.filter(pk=job.pk).update(done=done, total=total)

    try:
        awards = certificate_awards(job.decision, job.organization)
        data = stored_certificates_pdf(job.decision, awards, progress=progress)
        job.file.save(f"{job.decision_id}.pdf", ContentFile(data), save=False)
    except Exception as exc:  # recorded so that the page says why
        CertificateJob.objects.filter(pk=job.pk).update(
            status=CertificateJobStatus.FAILED,
            failure=f"{type(exc).__name__}: {exc}"[:2000],
            finished_at=timezone.now(),
        )
    else:
        CertificateJob.objects.filter(pk=job.pk).update(
            status=CertificateJobStatus.DONE, file=job.file.name, done=len(awards), finished_at=timezone.now()
        )
    job.refresh_from_db()
    return job

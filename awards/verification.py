"""What the public verification page says of a paper found by its code (documents.verification).

A code names either a certificate (awards.Certificate) or an entry of the outgoing-document
register (documents.IssuedDocument). The page shows only: what the paper is and its number,
its date, its issuer, the awardee for a certificate (the award's copy taken at issue,
awards.snapshots), the SHA-256 of the issued file, and its state — valid, corrected, or
revoked with the decision that did it (awards.amendments). Nothing else of the record.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import date

from django.contrib.contenttypes.models import ContentType

from documents.models import IssuedDocument
from documents.signatures import signatures_of
from documents.verification import normalize_code

from .amendments import annotate_awards, revoked_award_ids
from .decision_rules import PAPER_HEADINGS, certificate_heading
from .models import Certificate, Decision, DecisionStatus
from .snapshots import printed_issuer


class State:
    VALID = "valid"
    CORRECTED = "corrected"
    REVOKED = "revoked"
    REVOKED_IN_PART = "revoked_in_part"


@dataclass
class Amendment:
    reference: str
    decided_on: date
    kind: str  # Decision.Kind.CORRECTION or REVOCATION


@dataclass
class Verified:
    """The public facts of one paper."""

    code: str
    is_certificate: bool
    kind_name: str  # "Quyết định", "Giấy khen", … as printed
    reference: str  # the document's number, or the certificate's number in the register
    issued_on: date
    issuer: str
    sha256: str
    carries_qr: bool
    awardee: str = ""
    decision_reference: str = ""  # for a certificate: the decision it was printed under
    state: str = State.VALID
    amendments: list = field(default_factory=list)
    signed_sha256: tuple = ()  # each signed version's, oldest first (documents.signatures)

    @property
    def current_sha256(self):
        """The file the register serves now: the newest signed version's, else the one issued."""
        return self.signed_sha256[-1] if self.signed_sha256 else self.sha256

    def matches(self, chunks):
        """Whether the bytes (an iterable of chunks, e.g. an upload's) are byte for byte the issued file
        or one of its signed versions (a signature is an incremental update: a new file, a new hash)."""
        digest = hashlib.sha256()
        for chunk in chunks:
            digest.update(chunk)
        return bool(self.sha256) and digest.hexdigest() in (self.sha256, *self.signed_sha256)


def _signed(obj):
    return tuple(s.sha256 for s in signatures_of(obj).order_by("signed_at", "pk"))


def _amendment(decision):
    return Amendment(
        reference=decision.document.reference if decision.document_id else decision.title,
        decided_on=decision.decided_on,
        kind=decision.kind,
    )


def _certificate(certificate):
    award = annotate_awards([certificate.award])[0]
    decision = award.decision
    issuer = printed_issuer(decision)
    issuer_name = issuer.full_name if issuer else (decision.document.issuer.full_name if decision.document_id else "")
    paper = award.nomination.award_type.paper_given
    heading = PAPER_HEADINGS.get(paper) or certificate_heading(
        award.award_category, award.award_short_name, award.award_name
    )
    result = Verified(
        code=certificate.verification_code,
        is_certificate=True,
        kind_name=heading.capitalize() if heading.isupper() else heading,
        reference=certificate.reference,
        issued_on=decision.decided_on,
        issuer=issuer_name,
        sha256=certificate.sha256,
        carries_qr=certificate.carries_qr,
        awardee=" ".join(part for part in (award.honorific, award.certificate_name) if part) or award.awardee_name,
        decision_reference=decision.document.reference if decision.document_id else "",
        signed_sha256=_signed(certificate),
    )
    if award.revoked_by is not None:
        result.state = State.REVOKED
        result.amendments = [_amendment(award.revoked_by)]
    elif award.corrected_by:
        result.state = State.CORRECTED
        result.amendments = [_amendment(d) for d in award.corrected_by]
    return result


def _document(document):
    result = Verified(
        code=document.verification_code,
        is_certificate=False,
        kind_name=document.kind_name,
        reference=document.reference,
        issued_on=document.issued_on,
        issuer=document.issuer.full_name,
        sha256=document.sha256,
        carries_qr=document.carries_qr,
        signed_sha256=_signed(document),
    )
    if document.content_type_id != ContentType.objects.get_for_model(Decision).pk:
        return result
    decision = Decision.objects.filter(document=document).first()
    if decision is None:
        return result
    amendments = list(
        decision.amendments.filter(status=DecisionStatus.ISSUED).select_related("document").order_by("decided_on")
    )
    revocations = [d for d in amendments if d.kind == Decision.Kind.REVOCATION]
    if revocations:
        revoked = revoked_award_ids(decision)
        whole = not decision.awards.exclude(pk__in=revoked).exists()
        result.state = State.REVOKED if whole else State.REVOKED_IN_PART
    elif amendments:
        result.state = State.CORRECTED
    result.amendments = [_amendment(d) for d in amendments]
    return result


def find_paper(code):
    """The public facts of the paper with this code, or None (an unknown or malformed code)."""
    code = normalize_code(code)
    if not code:
        return None
    certificate = (
        Certificate.objects.select_related("award__decision__document__issuer", "award__nomination__award_type")
        .filter(verification_code=code)
        .first()
    )
    if certificate is not None:
        return _certificate(certificate)
    document = IssuedDocument.objects.select_related("issuer").filter(verification_code=code).first()
    if document is not None:
        return _document(document)
    return None

"""What the leadership approves is what is issued: the fingerprint of a draft's content.

The office prepares a decision or proposal; the leadership approves it; the register issues
it only while the draft still has the fingerprint the leader approved (awards.decisions).
The fingerprint is the SHA-256 of a canonical JSON of everything the document prints: its
kind, addressee, subject, date, issuing body and signer, and each line's nominee (name,
position, unit, household, initiative, achievements), award type and amounts. Change any of
them after the approval — a name edited in the registry, an amount after a parameter is
corrected, the date, the signer — and the fingerprint changes, so the approval no longer holds.

A correcting or revoking decision is approved the same way: its fingerprint covers the decision
it mends, its text (what is corrected, the grounds) and, for a revocation, each award taken back
with the money to recover.
"""

import hashlib
import json

from documents.identity import NoIssuingBody, issuer_on
from documents.rendering import default_signer

from .models import Decision, DecisionApproval, plain


def _text(value):
    """A number as text the same way whether it was just computed (0.3) or read back from its column (0.30)."""
    return "" if value is None else str(plain(value))


def _signer(decision):
    """The signer the document will carry: the draft's if it signs for the body of the date, else the default."""
    try:
        issuer = issuer_on(decision.decided_on)
    except NoIssuingBody:
        return None, None
    signer = decision.signer if decision.signer and decision.signer.issuing_body_id == issuer.pk else None
    return issuer, signer or default_signer(issuer)


def _heading(decision):
    """What every draft prints at its head and foot: subject, date, issuing body and signer."""
    issuer, signer = _signer(decision)
    return {
        "title": decision.title,
        "decided_on": decision.decided_on.isoformat(),
        "issuer": [issuer.pk, issuer.full_name, issuer.symbol] if issuer else None,
        "signer": (
            [signer.pk, signer.full_name, signer.title, signer.authority, signer.authority_line] if signer else None
        ),
    }


def content(decision, awards):
    """The printed content of a draft, as plain data in a fixed order."""
    lines = []
    for award in awards:
        nomination = award.nomination
        lines.append(
            {
                "order": award.order,
                "nomination": nomination.pk,
                "kind": nomination.nominee_kind,
                "award_type": [nomination.award_type_id, nomination.award_type.name],
                "organization": [nomination.organization_id, nomination.organization.name],
                "person": (
                    [nomination.person_id, nomination.person.full_name, nomination.person.position]
                    if nomination.person_id
                    else None
                ),
                "household": [nomination.household_id, nomination.household.head_name]
                if nomination.household_id
                else None,
                "initiative": [nomination.initiative_id, nomination.initiative.title]
                if nomination.initiative_id
                else None,
                "achievements": nomination.achievements,
                # Outside a campaign the document prints the deed or drive and its date too.
                **(
                    {"occasion": [nomination.occasion_title, str(nomination.occasion_date or "")]}
                    if decision.campaign_id is None
                    else {}
                ),
                "coefficient": _text(award.coefficient),
                "base_salary": _text(award.base_salary),
                "amount": _text(award.amount),
            }
        )
    outside = {"occasion": decision.occasion} if decision.campaign_id is None else {}
    return {
        **outside,
        "decision": decision.pk,
        "campaign": decision.campaign_id,
        "kind": decision.kind,
        "addressee": decision.addressee,
        **_heading(decision),
        "lines": lines,
    }


def fingerprint(data):
    """SHA-256 (hex) of the canonical JSON of `data`."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def amendment_content(decision):
    """The printed content of a correcting or revoking draft, as plain data in a fixed order."""
    return {
        "decision": decision.pk,
        "kind": decision.kind,
        "amends": decision.amends_id,
        **_heading(decision),
        "correction": decision.correction,
        "reason": decision.reason,
        "lines": [
            [line.award_id, _text(line.amount_to_recover)]
            for line in decision.revoked_awards.order_by("award_id", "pk")
        ],
    }


AMENDMENTS = (Decision.Kind.CORRECTION, Decision.Kind.REVOCATION)


def fingerprint_of(decision, awards):
    if decision.kind in AMENDMENTS:
        return fingerprint(amendment_content(decision))
    return fingerprint(content(decision, awards))


def latest_approval(decision):
    return DecisionApproval.objects.filter(decision=decision).select_related("approved_by").first()


def valid_approval(decision, awards):
    """The latest approval if the draft still has the content it approved, else None."""
    approval = latest_approval(decision)
    if approval is None or approval.fingerprint != fingerprint_of(decision, awards):
        return None
    return approval

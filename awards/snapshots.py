"""What an issued decision printed, copied into its own rows at issue: the record holds whatever the registry becomes.

When a decision is issued (awards.decisions._issue, in the issuing transaction) each of its
awards gets the awardee's printed name, honorific, position, unit, the line under the name
on the certificate, the award's name and the achievement text; the decision gets the
issuer's header and the signer's name and title block (`Decision.printed`). The decision
page, the certificates, the honour board, the history and its export read these copies
through `printed_issuer`, `printed_signer` and the award's fields, never members, people,
organizations or signers. Migration 0008 filled the copies of decisions issued before.
"""

from types import SimpleNamespace

from django.utils import timezone

from .decision_rules import household_name, printed_name, short_achievement
from .models import NomineeKind

ISSUER_FIELDS = ("parent_body", "header_name", "full_name", "symbol", "place", "address", "phone", "email")
SIGNER_FIELDS = ("full_name", "title", "authority", "authority_line")
CERTIFICATE_ACHIEVEMENT_LIMIT = 170

HONORIFICS = {"male": "Ông", "female": "Bà"}


def awardee_fields(nomination):
    """What the documents print of a nomination's awardee, read from the registry as it is now."""
    kind = nomination.nominee_kind
    organization = nomination.organization.name
    person = nomination.person if nomination.person_id else None
    household_head = nomination.household.head_name if nomination.household_id else ""
    initiative_title = nomination.initiative.title if nomination.initiative_id else ""
    honorific = position = ""
    if kind == NomineeKind.INITIATIVE:
        authors = ", ".join(p.full_name for p in nomination.initiative.authors.order_by("pk"))
        certificate_name = authors or organization
        unit_line = f"Tác giả sáng kiến “{initiative_title}”, {organization}"
    elif kind == NomineeKind.INDIVIDUAL:
        certificate_name = person.full_name
        honorific = HONORIFICS.get(person.gender, "")
        position = person.position
        unit_line = f"{position}, {organization}" if position else organization
    elif kind == NomineeKind.HOUSEHOLD:
        certificate_name = household_name(household_head, nomination.household.head_gender)
        unit_line = f"Thành viên {organization}"
    else:
        certificate_name, unit_line = organization, ""
    award_type = nomination.award_type
    return {
        "awardee_name": printed_name(
            kind,
            person_name=person.full_name if person else "",
            organization_name=organization,
            household_head=household_head,
            initiative_title=initiative_title,
        ),
        "certificate_name": certificate_name,
        "honorific": honorific,
        "position": position,
        "unit_name": organization,
        "unit_line": unit_line,
        "award_name": award_type.name,
        "award_short_name": award_type.short_name,
        "award_category": award_type.category,
        "achievement": nomination.achievements,
    }


def snapshot_award(award, *, at=None):
    """Copy what the documents print of the award's awardee into the award's row."""
    fields = awardee_fields(award.nomination)
    for name, value in fields.items():
        setattr(award, name, value)
    award.snapshot_at = at or timezone.now()
    award.save(update_fields=[*fields, "snapshot_at"])
    return award


def printed_fields(issuer, signer, authority, movement="", merit=""):
    """The issuer's header, the signer's block, the movement's name and what the awardees did
    ("thành tích xuất sắc trong …") as a plain dict for `Decision.printed`."""
    return {
        "movement": movement,
        "merit": merit,
        "issuer": {name: getattr(issuer, name, "") or "" for name in ISSUER_FIELDS},
        "recipients": list(getattr(issuer, "recipient_lines", [])),
        "signer": (
            {**{name: getattr(signer, name) or "" for name in SIGNER_FIELDS}, "block_lines": list(signer.block_lines)}
            if signer is not None
            else None
        ),
        "authority": authority,
    }


def snapshot_decision(decision, *, issuer, signer, authority, movement="", merit=""):
    decision.printed = printed_fields(issuer, signer, authority, movement, merit)
    decision.save(update_fields=["printed"])
    return decision


def printed_issuer(decision):
    """The issuer as the decision printed it; an object the document templates read like an IssuingBody."""
    data = (decision.printed or {}).get("issuer")
    if not data:
        return None
    return SimpleNamespace(**data, recipient_lines=list((decision.printed or {}).get("recipients", [])))


def printed_signer(decision):
    """The signer as the decision printed them (None when nobody signed); reads like a Signer."""
    data = (decision.printed or {}).get("signer")
    if not data:
        return None
    return SimpleNamespace(**data)


def certificate_achievement(award):
    return short_achievement(award.achievement, limit=CERTIFICATE_ACHIEVEMENT_LIMIT)


def as_printed(award):
    """What the pages show of an award: its copy when issued; a draft's line (no copy yet) from the registry."""
    if award.snapshot_at is not None:
        return SimpleNamespace(**{name: getattr(award, name) for name in AWARDEE_FIELDS})
    return SimpleNamespace(**awardee_fields(award.nomination))


AWARDEE_FIELDS = (
    "awardee_name",
    "certificate_name",
    "honorific",
    "position",
    "unit_name",
    "unit_line",
    "award_name",
    "award_short_name",
    "award_category",
    "achievement",
)


def printed_merit(decision):
    """What the decision printed that its awardees did, after "đã có": as copied when issued; a decision
    issued before the phrase was copied printed "thành tích xuất sắc trong <its movement>"."""
    printed = decision.printed or {}
    if printed.get("merit"):
        return printed["merit"]
    if printed.get("movement"):
        return f"thành tích xuất sắc trong {printed['movement']}"
    return ""

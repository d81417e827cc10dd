"""Copy what the already issued decisions printed into their rows, and number their certificates.

The copies are taken from the registry as it is when this migration runs (the best record
there is of what was printed); from then on the pages read the copies. Certificates get
their numbers in the certificate register per year and award type, in the order of the
decisions' dates and annexes; their pages are rendered once, on the first print.
"""

from types import SimpleNamespace

from django.db import migrations
from django.utils import timezone

from awards.decision_rules import deciding_authority, movement_phrase
from awards.snapshots import awardee_fields, printed_fields


def _issuer(body):
    lines = [line.strip() for line in body.default_recipients.splitlines() if line.strip()]
    return SimpleNamespace(
        **{name: getattr(body, name) for name in ("parent_body", "header_name", "full_name", "symbol", "place")},
        address=body.address,
        phone=body.phone,
        email=body.email,
        recipient_lines=lines,
    )


def _signer(signer):
    if signer is None:
        return None
    return SimpleNamespace(
        full_name=signer.full_name,
        title=signer.title,
        authority=signer.authority,
        authority_line=signer.authority_line,
        block_lines=[line for line in (signer.authority_line, signer.title) if line],
    )


def fill(apps, schema_editor):
    Decision = apps.get_model("awards", "Decision")
    Award = apps.get_model("awards", "Award")
    Certificate = apps.get_model("awards", "Certificate")
    Signer = apps.get_model("documents", "Signer")
    now = timezone.now()
    issued = Decision.objects.filter(status="issued").select_related("document__issuer", "signer", "campaign")
    for decision in issued.order_by("decided_on", "pk"):
        awards = Award.objects.filter(decision=decision).select_related(
            "nomination__award_type",
            "nomination__organization",
            "nomination__person",
            "nomination__household",
            "nomination__initiative",
        )
        for award in awards:
            if award.snapshot_at is not None:
                continue
            for name, value in awardee_fields(award.nomination).items():
                setattr(award, name, value)
            award.snapshot_at = now
            award.save()
        if not decision.printed and decision.document_id:
            body = decision.document.issuer
            signer = decision.signer or (
                Signer.objects.filter(issuing_body=body).order_by("-is_default", "order", "pk").first()
            )
            authority = deciding_authority(signer.authority, signer.authority_line) if signer else "CHỦ TỊCH"
            decision.printed = printed_fields(
                _issuer(body), _signer(signer), authority, movement_phrase(decision.campaign.name)
            )
            decision.save(update_fields=["printed"])
        if decision.kind != "decision":
            continue
        year = decision.decided_on.year
        for award in awards.order_by("order", "pk"):
            if Certificate.objects.filter(award=award).exists():
                continue
            type_id = award.nomination.award_type_id
            last = Certificate.objects.filter(year=year, award_type_id=type_id).order_by("-number").first()
            Certificate.objects.create(
                award=award, year=year, award_type_id=type_id, number=(last.number if last else 0) + 1
            )


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0007_record_snapshots"),
        ("documents", "0002_register"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]

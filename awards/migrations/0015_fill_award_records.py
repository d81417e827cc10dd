"""Awards issued before the award history existed enter it as the issuing transaction now writes them."""

from django.db import migrations


def fill(apps, schema_editor):
    Award = apps.get_model("awards", "Award")
    AwardRecord = apps.get_model("awards", "AwardRecord")
    rows = []
    awards = (
        Award.objects.filter(decision__kind="decision", decision__status="issued", record__isnull=True)
        .select_related("decision__campaign", "decision__document", "nomination")
        .order_by("pk")
    )
    for award in awards.iterator():
        decision, nomination = award.decision, award.nomination
        kind = nomination.nominee_kind
        rows.append(
            AwardRecord(
                nominee_kind=kind,
                person_id=nomination.person_id if kind == "individual" else None,
                household_id=nomination.household_id if kind == "household" else None,
                organization_id=nomination.organization_id,
                award_type_id=nomination.award_type_id,
                year=decision.campaign.ends_on.year,
                deciding_body=((decision.printed or {}).get("issuer") or {}).get("full_name", ""),
                decision_number=decision.document.reference if decision.document_id else "",
                decision_date=decision.decided_on,
                source="issued_here",
                award_id=award.pk,
                created_by_id=decision.created_by_id,
            )
        )
    AwardRecord.objects.bulk_create(rows, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("awards", "0014_award_record")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]

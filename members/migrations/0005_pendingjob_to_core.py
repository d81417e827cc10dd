"""The outbox model now belongs to core (core/migrations/0001): members forgets it, the table stays."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0004_merge_0002_pending_jobs_0003_tax_code_index"),
        ("core", "0001_pending_job_from_members"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="PendingJob")],
            database_operations=[],
        ),
    ]

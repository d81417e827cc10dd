"""The outbox model moves from members to core; its table and rows stay where they are.

Only Django's idea of which app owns the model changes (state_operations); the database is
not touched, so the rows of `members_pendingjob` are the rows of core.PendingJob.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("members", "0004_merge_0002_pending_jobs_0003_tax_code_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="PendingJob",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("task_name", models.CharField(max_length=200, verbose_name="task")),
                        ("args", models.JSONField(blank=True, default=list, verbose_name="arguments")),
                        ("kwargs", models.JSONField(blank=True, default=dict, verbose_name="keyword arguments")),
                        ("queued_at", models.DateTimeField(auto_now_add=True, verbose_name="queued at")),
                        ("attempts", models.PositiveIntegerField(default=1, verbose_name="attempts")),
                        ("last_error", models.TextField(blank=True, verbose_name="last error")),
                    ],
                    options={
                        "verbose_name": "delayed background job",
                        "verbose_name_plural": "delayed background jobs",
                        "db_table": "members_pendingjob",
                        "ordering": ["queued_at", "pk"],
                    },
                ),
            ],
            database_operations=[],
        ),
        # Jobs kept under the dispatch task's old name are sent under its new one.
        migrations.RunSQL(
            "UPDATE members_pendingjob SET task_name = 'core.tasks.dispatch_pending_jobs'"
            " WHERE task_name = 'members.tasks.dispatch_pending_jobs'",
            migrations.RunSQL.noop,
        ),
    ]

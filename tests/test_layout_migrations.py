"""Moving a model between apps keeps its rows: the outbox (PendingJob) went from members to core."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("members", "0004_merge_0002_pending_jobs_0003_tax_code_index"), ("core", None)]
AFTER = [("members", "0005_pendingjob_to_core"), ("core", "0001_pending_job_from_members")]


@pytest.mark.django_db(transaction=True)
def test_the_outbox_rows_survive_the_move_from_members_to_core():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state([BEFORE[0]]).apps
    OldJob = old_apps.get_model("members", "PendingJob")
    OldJob.objects.create(task_name="members.tasks.import_spreadsheet", args=[7], last_error="refused")
    OldJob.objects.create(task_name="members.tasks.dispatch_pending_jobs")
    try:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(AFTER)
        new_apps = executor.loader.project_state(AFTER).apps
        NewJob = new_apps.get_model("core", "PendingJob")
        assert sorted(NewJob.objects.values_list("task_name", "args", "last_error")) == [
            ("core.tasks.dispatch_pending_jobs", [], ""),
            ("members.tasks.import_spreadsheet", [7], "refused"),
        ]
        with pytest.raises(LookupError):
            new_apps.get_model("members", "PendingJob")
    finally:
        # Back to the latest state for the tests that follow (the flush empties the table).
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())

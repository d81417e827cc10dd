"""Background jobs of the member registry."""

import logging

from celery import shared_task

from .importers import run_import
from .models import ImportJob

logger = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, max_retries=0)
def import_spreadsheet(self, job_id):
    """Run an uploaded import; a job that is gone or already finished is left alone."""

    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None:
        logger.warning("Import job %s no longer exists", job_id)
        return None
    job = run_import(job)
    return job.status

"""Background jobs of the awards app."""

import logging

from celery import shared_task

from .certificates import run_certificate_job
from .models import CertificateJob

logger = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, max_retries=0)
def render_certificate_job(self, job_id):
    """Render a batch of certificates (awards.certificates); a job that is gone or finished is left alone."""

    job = CertificateJob.objects.filter(pk=job_id).first()
    if job is None:
        logger.warning("Certificate job %s no longer exists", job_id)
        return None
    return run_certificate_job(job).status

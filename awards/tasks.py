"""Background jobs of the awards app."""

import logging

from celery import shared_task

from .certificates import run_certificate_job, sign_certificates_like_decision, stored_certificates_pdf
from .models import CertificateJob, Decision, DecisionStatus
from .rank_scores import refresh_all_rank_scores

logger = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, max_retries=0)
def render_certificate_job(self, job_id):
    """Render a batch of certificates (awards.certificates); a job that is gone or finished is left alone."""

    job = CertificateJob.objects.filter(pk=job_id).first()
    if job is None:
        logger.warning("Certificate job %s no longer exists", job_id)
        return None
    return run_certificate_job(job).status


@shared_task(bind=True, acks_late=True, max_retries=0)
def render_decision_certificates(self, decision_id):
    """Render once and keep every certificate of an issued decision (awards.certificates.stored_certificates_pdf)."""
    decision = Decision.objects.filter(
        pk=decision_id, kind=Decision.Kind.DECISION, status=DecisionStatus.ISSUED
    ).first()
    if decision is None:
        logger.warning("Decision %s is not an issued decision", decision_id)
        return None
    stored_certificates_pdf(decision)
    return decision_id


@shared_task(bind=True, acks_late=True, max_retries=0)
def refresh_rank_scores(self):
    """Every nomination's stored rank scores (awards.rank_scores), each night: cumulated scores move
    when a period's deadline passes, with no verification to say so; safe to run twice."""
    return {str(key): changed for key, changed in refresh_all_rank_scores().items()}


@shared_task(bind=True, acks_late=True, max_retries=0)
def sign_decision_certificates(self, decision_id):
    """Sign an issued decision's certificates as the decision is signed (awards.certificates)."""
    decision = Decision.objects.filter(pk=decision_id).select_related("document").first()
    if decision is None:
        logger.warning("Decision %s no longer exists", decision_id)
        return None
    return sign_certificates_like_decision(decision)

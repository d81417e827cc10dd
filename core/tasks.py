"""The floor's background job: sending the jobs kept while the queue service was down."""

from celery import shared_task

from .jobs import dispatch_pending


@shared_task(acks_late=True, max_retries=0)
def dispatch_pending_jobs():
    """Send the jobs kept while the queue service was down (celery beat runs this every minute)."""
    return dispatch_pending()

"""The floor's one table: the outbox of background jobs the queue service refused."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PendingJob(models.Model):
    """A background job the queue service refused: kept here and sent again when it is back.

    core.jobs.enqueue writes a row when the broker (Redis) cannot be reached, so the
    request that queued the work still succeeds; core.tasks.dispatch_pending_jobs (every
    minute, by celery beat) and the next enqueue that reaches the broker send the rows and
    delete them. Its table keeps the name it had when the model lived in members.
    """

    task_name = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list, blank=True)
    kwargs = models.JSONField(_("keyword arguments"), default=dict, blank=True)
    queued_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=1)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("delayed background job")
        verbose_name_plural = _("delayed background jobs")
        db_table = "members_pendingjob"
        ordering = ["queued_at", "pk"]

    def __str__(self):
        return self.task_name

"""Send the background jobs kept while the queue service (Redis) was down; beat does it every minute."""

from django.core.management.base import BaseCommand

from core.jobs import dispatch_pending
from core.models import PendingJob


class Command(BaseCommand):
    help = "Send the background jobs kept while the queue service was down."

    def handle(self, *args, **options):
        sent = dispatch_pending()
        left = PendingJob.objects.count()
        self.stdout.write(f"sent {sent}; waiting {left}")
        if left:
            raise SystemExit(1)

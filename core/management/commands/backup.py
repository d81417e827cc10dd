"""Write one .tar.gz with the database and every uploaded file, with a manifest of SHA-256s."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into one archive (see core/backup.py)."

    def add_arguments(self, parser):
        parser.add_argument(
            "destination",
            nargs="?",
            default=str(settings.VAR_DIR / "backups"),
            help="A folder (default: var/backups) or a file name ending in .tar.gz.",
        )

    def handle(self, *args, destination, **options):
        try:
            result = create_backup(destination)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Backup written: {result.path}")
        self.stdout.write(f"  database and {result.files} uploaded files")
        self.stdout.write(f"  SHA-256 {result.sha256}")
        self.stdout.write("Keep the SHA-256 apart from the archive: `restore --sha256` then proves it unchanged.")

"""Replace the database and the uploaded files with those of a backup archive, once it is proven intact."""

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, restore_backup, verify_archive


class Command(BaseCommand):
    help = (
        "Restore a backup made by `backup`: checks every file against the manifest first and refuses "
        "a changed archive. Stop the web server and the Celery worker before restoring."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The .tar.gz written by `manage.py backup`.")
        parser.add_argument("--sha256", default=None, help="The archive's SHA-256 printed by `backup`.")
        parser.add_argument("--check", action="store_true", help="Only verify the archive; change nothing.")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")

    def handle(self, *args, archive, sha256, check, interactive, **options):
        try:
            manifest = verify_archive(archive, expect_sha256=sha256)
            count = len(manifest["files"]) - 1
            if check:
                self.stdout.write(f"Archive intact: a {manifest['engine']} database and {count} uploaded files.")
                return
            if interactive:
                answer = input(
                    f"Replace this installation's database and uploaded files with the backup of "
                    f"{manifest['created_at']}? Type 'yes' to continue: "
                )
                if answer.strip().lower() != "yes":
                    raise CommandError("Restore cancelled; nothing was changed.")
            manifest, previous = restore_backup(archive, expect_sha256=sha256)
        except BackupError as exc:
            raise CommandError(f"{exc} Nothing was restored.") from exc
        self.stdout.write(f"Restored the backup of {manifest['created_at']}: database and {count} uploaded files.")
        if previous:
            self.stdout.write(f"The uploaded files that were here are kept in {previous}.")

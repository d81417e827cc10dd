"""Check that every issued document's stored file still has the SHA-256 recorded when it was issued."""

from django.core.management.base import BaseCommand, CommandError

from documents.models import IssuedDocument
from documents.services import file_digest


class Command(BaseCommand):
    help = "Verify the SHA-256 of every issued document's file; exit non-zero listing any changed or missing."

    def handle(self, *args, **options):
        problems = []
        checked = 0
        for document in IssuedDocument.objects.order_by("year", "type_symbol", "number").iterator():
            checked += 1
            digest = file_digest(document)
            if digest is None:
                problems.append(f"MISSING  {document.reference} ({document.year})  {document.file.name}")
            elif digest != document.sha256:
                problems.append(f"CHANGED  {document.reference} ({document.year})  {document.file.name}")
        for line in problems:
            self.stderr.write(line)
        if problems:
            raise CommandError(f"{len(problems)} of {checked} issued documents are changed or missing.")
        self.stdout.write(f"{checked} issued documents checked: every file is intact.")

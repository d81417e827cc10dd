"""Check every issued document's stored file against its SHA-256, and validate each signed version's signatures."""

from django.core.management.base import BaseCommand, CommandError

from documents.models import IssuedDocument
from documents.services import file_digest
from documents.signatures import check_signed, trust_roots


def describe(check):
    """One line per signature: intact or broken, the certificate, trusted or not, the signing time."""
    if check.problem and not check.intact:
        return f"BROKEN     {check.field or '?'}: {check.problem}"
    state = "OK" if check.ok else ("BROKEN" if not (check.intact and check.valid) else "UNTRUSTED")
    when = check.signing_time.isoformat() if check.signing_time else "no signing time"
    return f"{state:<10} {check.field}: {check.signer_subject} (serial {check.signer_serial}), signed {when}"


class Command(BaseCommand):
    help = (
        "Verify the SHA-256 of every issued document's file and validate the signatures of each signed "
        "version against the installed trust anchors; exit non-zero listing any changed, missing, broken "
        "or untrusted."
    )

    def handle(self, *args, **options):
        problems = []
        checked = signed = 0
        roots = trust_roots()
        for document in IssuedDocument.objects.order_by("year", "type_symbol", "number").iterator():
            checked += 1
            digest = file_digest(document)
            if digest is None:
                problems.append(f"MISSING  {document.reference} ({document.year})  {document.file.name}")
            elif digest != document.sha256:
                problems.append(f"CHANGED  {document.reference} ({document.year})  {document.file.name}")
            result = check_signed(document, roots)
            if result is None:
                continue
            signed += 1
            if not result.hash_ok:
                problems.append(f"CHANGED  {document.reference} ({document.year})  signed version")
            for check in result.checks:
                line = f"{document.reference} ({document.year})  {describe(check)}"
                if check.ok:
                    self.stdout.write(line)
                else:
                    problems.append(line)
        for line in problems:
            self.stderr.write(line)
        if problems:
            raise CommandError(
                f"{len(problems)} of {checked} issued documents are changed, missing, broken or untrusted."
            )
        self.stdout.write(
            f"{checked} issued documents checked: every file is intact; {signed} signed, every signature valid."
        )

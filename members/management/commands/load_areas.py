"""Load or update administrative areas from a list in the statistics office's layout."""

from django.core.management.base import BaseCommand, CommandError

from core.spreadsheets import ImportRejected
from members.importers import load_area_file

DEFAULT = "members/data/areas.csv"


class Command(BaseCommand):
    help = "Load administrative areas (code, name, level, parent, dates, successor) from a CSV or XLSX file."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=DEFAULT)

    def handle(self, *args, path, **options):
        try:
            created, updated = load_area_file(path)
        except ImportRejected as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Areas: {created} created, {updated} updated.")

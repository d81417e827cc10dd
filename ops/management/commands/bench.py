"""`manage.py bench`: generate (or reuse) the national data set in its own database, measure, report.

Run it through `make bench`, which points DATABASE_URL at the bench database
(postgres://…/thidua_bench by default, BENCH_DATABASE_URL to change it). The database is
created when missing and rebuilt when its marker row names another generator version or
scale; it must be PostgreSQL and its name must contain "bench", because a rebuild drops it.
"""

import time

import psycopg2
from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import translation

# Importing the measurement modules registers their measurements; registry.ORDER orders the table.
from ops.bench import generate, load, measures, registry, report, reports, verification  # noqa: F401

# The commands that rebuild a maintained table from the data (stored equals recomputed after
# them): those present are run after generating the data set and when reusing it.
REBUILD_COMMANDS = ("rebuild_", "refresh_rank_scores")


class Command(BaseCommand):
    help = "Benchmark the app on a national data set (PostgreSQL); writes docs/benchmarks.md."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="1 = the country; 0.01 for a quick try.")
        parser.add_argument("--regenerate", action="store_true", help="Rebuild the data set even if it is there.")
        parser.add_argument("--only", nargs="*", default=None, help="Names of the measurements to run.")
        parser.add_argument("--list", action="store_true", help="List the measurements and stop.")
        parser.add_argument("--seconds", type=int, default=None, help="Seconds of load per page (wrk).")
        parser.add_argument("--no-write", action="store_true", help="Print the table without writing the doc.")
        parser.add_argument("--note", default="", help="A line added under the table (e.g. the machine's load).")

    def handle(self, *args, **options):
        if options["list"]:
            for item in registry.ordered(registry.REGISTRY):
                self.stdout.write(f"{item.name:<28} {item.label}")
            return
        db = settings.DATABASES["default"]
        if db["ENGINE"] != "django.db.backends.postgresql" or "bench" not in db["NAME"]:
            raise CommandError(
                "The bench runs on PostgreSQL in a database of its own whose name contains “bench”: "
                "set DATABASE_URL (make bench does), e.g. postgres://postgres@127.0.0.1:5432/thidua_bench."
            )
        translation.activate("vi")
        started = time.monotonic()
        scale = options["scale"]
        self._ensure_database(db)
        found = self._marker()
        if options["regenerate"] or found is None or found[0] != generate.VERSION or float(found[1]) != scale:
            what = f"{found[0]} at scale {found[1]}" if found else "no complete data set"
            self.stdout.write(f"Rebuilding {db['NAME']}: it holds {what}.")
            self._recreate_database(db)
            call_command("migrate", verbosity=0, interactive=False)
            campaign_id, seconds = self._build(scale)
        else:
            campaign_id, seconds = found[2], None
            self.stdout.write(f"Reusing the data set in {db['NAME']} (generator {found[0]}, scale {found[1]}).")
            self._rebuild()
        context = registry.Context(
            campaign_id=campaign_id,
            scale=scale,
            seconds=options["seconds"] or (20 if scale >= 0.5 else 5),
            log=lambda line: self.stdout.write(line),
            database_url=_database_url(db),
        )
        results = registry.run(context, only=options["only"])
        table = report.table(results, generation_seconds=seconds, scale=scale)
        self.stdout.write("")
        self.stdout.write(table)
        if not options["no_write"]:
            path = report.write(
                table,
                results,
                scale=scale,
                generation_seconds=seconds,
                total_seconds=time.monotonic() - started,
                note=options["note"],
            )
            self.stdout.write(f"Written to {path}.")
        self.stdout.write(f"Bench finished in {time.monotonic() - started:.0f} s.")

    # --- the database --------------------------------------------------------------------

    def _admin(self, db):
        conn = psycopg2.connect(
            dbname="postgres", user=db["USER"], password=db["PASSWORD"], host=db["HOST"], port=db["PORT"] or 5432
        )
        conn.autocommit = True
        return conn

    def _ensure_database(self, db):
        conn = self._admin(db)
        try:
            cursor = conn.cursor()
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]])
            if cursor.fetchone() is None:
                self.stdout.write(f"Creating the database {db['NAME']}.")
                cursor.execute(f'CREATE DATABASE "{db["NAME"]}"')
            # The bench database holds nothing that a crash could not regenerate.
            cursor.execute(f'ALTER DATABASE "{db["NAME"]}" SET synchronous_commit = off')
        finally:
            conn.close()

    def _recreate_database(self, db):
        connection.close()
        conn = self._admin(db)
        try:
            cursor = conn.cursor()
            cursor.execute(f'DROP DATABASE IF EXISTS "{db["NAME"]}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{db["NAME"]}"')
            cursor.execute(f'ALTER DATABASE "{db["NAME"]}" SET synchronous_commit = off')
        finally:
            conn.close()

    def _marker(self):
        call_command("migrate", verbosity=0, interactive=False)
        return generate.marker()

    def _build(self, scale):
        started = time.monotonic()
        self.stdout.write("Loading the demo (accounts, award types, issuing bodies) …")
        call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 - closed with the process
        self.stdout.write(f"Generating the national data set at scale {scale} …")
        campaign_id = generate.generate(scale, log=lambda line: self.stdout.write(line))
        self.stdout.write("Scoring every unit and period into the score table …")
        measures.refresh_all_scores(campaign_id)
        self.stdout.write("Storing the nominations' rank scores (the shortlist) …")
        generate.store_rank_scores(campaign_id, log=lambda line: self.stdout.write(line))
        self._rebuild()
        seconds = time.monotonic() - started
        generate.write_marker(scale, campaign_id, seconds)
        self.stdout.write(f"Generated in {seconds:.0f} s.")
        return campaign_id, seconds

    def _rebuild(self):
        """Run every rebuild_… command the app has (maintained rank tables, counters, …) and the
        nominations' refresh_rank_scores, then
        ANALYZE: the planner's statistics of a data set written in bulk, as autovacuum would
        have them in production (without, a unit's rank counts scan a period instead of the index)."""
        for name in sorted(name for name in get_commands() if name.startswith(REBUILD_COMMANDS)):
            started = time.monotonic()
            call_command(name, stdout=open("/dev/null", "w"))  # noqa: SIM115 - closed with the process
            self.stdout.write(f"{name}: {time.monotonic() - started:.0f} s.")
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(f"ANALYZE: {time.monotonic() - started:.0f} s.")


def _database_url(db):
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"

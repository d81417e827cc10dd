"""The national-scale benchmark (`make bench`, `manage.py bench`): a data set of the whole
country's cooperatives generated in bulk into its own PostgreSQL database, then measured.

- generate.py writes the data set (server-side INSERT … SELECT generate_series, foreign-key
  triggers off, synchronous_commit off) and a marker row with the generator's version;
- reference.py is the hand-written SQL the ranking is checked and timed against;
- registry.py says what a measurement is (Context, Row, @measure, run);
- measures.py measures the data set, rankings, certificates and the import;
- reports.py measures the progress reports (one province, the country, through Celery workers);
- load.py serves the app with gunicorn as in production and loads it with wrk;
- report.py prints the table and writes docs/benchmarks.md.

It lives in ops/, the roof: it reads every app through their services, and nothing imports it.
"""

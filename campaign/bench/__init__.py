"""The national-scale benchmark (`make bench`, `manage.py bench`): a data set of the whole
country's cooperatives generated in bulk into its own PostgreSQL database, then measured.

- generate.py writes the data set (server-side INSERT … SELECT generate_series, foreign-key
  triggers off, synchronous_commit off) and a marker row with the generator's version;
- reference.py is the hand-written SQL the ranking is checked and timed against;
- measures.py lists the measurements: each one small function registered with @measure;
- load.py serves the app with gunicorn as in production and loads it with wrk;
- report.py prints the table and writes docs/benchmarks.md.

It lives in campaign/ because the campaign's ranking is what it is mostly about and a
management command needs an installed app; it reads the other apps through their services.
"""

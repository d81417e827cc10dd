"""Issue 17 item 6: two clicks at once on the embedded SQLite never answer "database is locked".

Each click is a transaction that reads, then writes (closing a session, issuing a decision). In
SQLite's default DEFERRED mode both take a read lock, and the second to upgrade to a write lock
fails at once (waiting could deadlock, so SQLite does not wait). With IMMEDIATE transactions
(settings: OPTIONS transaction_mode) the second click waits for the first and then succeeds."""

import threading

import pytest
from django.db import OperationalError, connections
from django.db.backends.sqlite3.base import DatabaseWrapper

pytestmark = pytest.mark.skipif(
    connections["default"].vendor != "sqlite", reason="SQLite's locking; PostgreSQL has row locks"
)


def _connection(path, **options):
    settings_dict = dict(connections["default"].settings_dict)
    settings_dict["NAME"] = str(path)
    settings_dict["OPTIONS"] = {**settings_dict.get("OPTIONS", {}), **options}
    settings_dict["TEST"] = {}
    return DatabaseWrapper(settings_dict, alias=f"click-{threading.get_ident()}")


def _two_clicks(path, **options):
    """Two threads each read a counter, wait for the other to have read too (or to be waiting),
    then write it: returns the errors they met and the final counter."""
    setup = _connection(path, **options)
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS counter (n integer)")
        cursor.execute("DELETE FROM counter")
        cursor.execute("INSERT INTO counter VALUES (0)")
    setup.close()
    both_began = threading.Barrier(2, timeout=5)
    errors = []

    def click():
        conn = _connection(path, **options)
        try:
            conn.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
            with conn.cursor() as cursor:
                try:
                    both_began.wait(timeout=1)  # with IMMEDIATE the second waits in BEGIN
                except threading.BrokenBarrierError:
                    pass
                cursor.execute("SELECT n FROM counter")
                (n,) = cursor.fetchone()
                try:
                    both_began.wait(timeout=1)  # both have read before either writes
                except threading.BrokenBarrierError:
                    pass
                cursor.execute("UPDATE counter SET n = %s", [n + 1])
            conn.commit()
        except OperationalError as error:
            errors.append(str(error))
            conn.rollback()
        finally:
            conn.close()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    check = _connection(path, **options)
    with check.cursor() as cursor:
        cursor.execute("SELECT n FROM counter")
        (n,) = cursor.fetchone()
    check.close()
    return errors, n


def test_the_settings_ask_for_immediate_transactions():
    assert connections["default"].settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_two_clicks_at_once_both_succeed(tmp_path, django_db_blocker):
    with django_db_blocker.unblock():  # a database of its own, outside the test database
        assert _two_clicks(tmp_path / "immediate.sqlite3") == ([], 2)


def test_deferred_transactions_were_the_cause(tmp_path, django_db_blocker):
    """The failure the setting removes, shown with SQLite's default mode."""
    with django_db_blocker.unblock():
        errors, n = _two_clicks(tmp_path / "deferred.sqlite3", transaction_mode="DEFERRED", timeout=1)
    assert n == 1 and errors and "locked" in errors[0]

"""core.caching: values under narrow versions, one computer at a time, the last value meanwhile."""

import threading
import time

import pytest
from django.core.cache import cache

from core import caching


@pytest.fixture
def locmem(locmem_cache):
    return locmem_cache


def counting(values):
    calls = []

    def compute():
        calls.append(1)
        return values[len(calls) - 1]

    return compute, calls


def test_a_value_is_computed_once_and_again_only_when_its_scope_moves(locmem):
    compute, calls = counting(["a", "b", "c"])
    assert caching.remember("thing", compute, scopes=["s1", "s2"]) == "a"
    assert caching.remember("thing", compute, scopes=["s1", "s2"]) == "a"
    caching.bump("other")  # another scope: nothing moves
    assert caching.remember("thing", compute, scopes=["s1", "s2"]) == "a"
    caching.bump("s2")
    assert caching.remember("thing", compute, scopes=["s1", "s2"]) == "b"
    assert len(calls) == 2


def test_a_lost_version_does_not_come_back_to_an_old_value(locmem):
    compute, _calls = counting(["old", "new"])
    caching.remember("thing", compute, scopes=["s"])
    cache.delete("version:s")  # evicted
    assert caching.remember("thing", compute, scopes=["s"]) == "new"


def test_the_local_copy_follows_the_versions(locmem):
    compute, calls = counting(["a", "b"])
    assert caching.remember("big", compute, scopes=["s"], local=True) == "a"
    cache.delete(f"big@{caching.versions('s')[0]}")  # the shared copy goes; the process keeps its own
    assert caching.remember("big", compute, scopes=["s"], local=True) == "a"
    caching.bump("s")
    assert caching.remember("big", compute, scopes=["s"], local=True) == "b"
    assert len(calls) == 2


def test_without_a_cache_every_call_computes(settings):
    settings.CACHES = {**settings.CACHES, "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    compute, calls = counting(["a", "b"])
    assert caching.remember("thing", compute, scopes=["s"]) == "a"
    caching.bump("s")
    assert caching.remember("thing", compute, scopes=["s"]) == "b"
    assert len(calls) == 2


def _race(n, name, compute, **kwargs):
    results, start = [None] * n, threading.Barrier(n)

    def run(i):
        start.wait()
        results[i] = caching.remember(name, compute, scopes=["race"], **kwargs)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_two_concurrent_computers_compute_once_and_both_get_the_value(locmem):
    calls = []

    def slow():
        calls.append(1)
        time.sleep(0.3)
        return 42

    assert _race(2, "slow", slow) == [42, 42]
    assert len(calls) == 1


def test_while_one_recomputes_the_others_serve_the_last_value(locmem):
    values = iter(["first", "second"])
    calls = []

    def slow():
        calls.append(1)
        value = next(values)
        if value == "second":
            time.sleep(0.3)
        return value

    assert caching.remember("map", slow, scopes=["race"], stale=True) == "first"
    caching.bump("race")
    results = _race(3, "map", slow, stale=True)
    assert sorted(results) == ["first", "first", "second"]  # one computed, the others did not wait
    assert len(calls) == 2
    assert caching.remember("map", slow, scopes=["race"], stale=True) == "second"


def test_an_exact_value_is_waited_for_not_served_stale(locmem):
    values = iter([1, 2])

    def slow():
        value = next(values)
        if value == 2:
            time.sleep(0.2)
        return value

    caching.remember("count", slow, scopes=["race"])
    caching.bump("race")
    assert _race(3, "count", slow) == [2, 2, 2]


def test_a_failed_computation_frees_the_lock(locmem):
    def broken():
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        caching.remember("thing", broken, scopes=["s"])
    assert caching.remember("thing", lambda: "ok", scopes=["s"]) == "ok"


def test_a_waiter_computes_itself_when_the_computer_takes_too_long(locmem):
    cache.add("thing:lock", "someone else", 60)  # a process that died holding the lock
    started = time.monotonic()
    assert caching.remember("thing", lambda: "mine", scopes=["s"], wait=0.1) == "mine"
    assert time.monotonic() - started < 1


def test_a_cache_that_is_down_leaves_the_page_computing(settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"},
    }
    caching.bump("s")  # no error
    assert caching.remember("thing", lambda: "computed", scopes=["s"]) == "computed"


def test_a_value_under_many_scopes_keeps_short_keys_that_still_follow_each_scope(locmem, recwarn):
    """A year of weekly periods is 52 scopes: the key names every version, shortened to a digest
    past 200 characters (memcached's limit; Django warns), and a bump of any one still counts."""
    scopes = [f"held:scorebucket:{pk}" for pk in range(1000, 1052)]
    name = "held:scorebucket:" + ",".join(str(pk) for pk in range(1000, 1052))
    compute, calls = counting([1, 2, 3])
    assert caching.remember(name, compute, scopes=scopes) == 1
    assert caching.remember(name, compute, scopes=scopes) == 1
    caching.bump(scopes[37])
    assert caching.remember(name, compute, scopes=scopes) == 2
    assert len(calls) == 2
    assert not [w for w in recwarn if "Cache key" in str(w.message)]

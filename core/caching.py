"""Cached values under narrow versions, computed by one process at a time.

A cached value names the *scopes* it was computed from (e.g. "areas" for the map of
administrative areas, "campaign:7:registrations" for who registered in campaign 7, "people"
for the register of people); each scope has a version in the cache that the services changing
it raise (`bump`). The value is kept under the versions it was computed at, so a change of its
scopes, and only of its scopes, makes it computed again: a verified submission does not
empty the cache of a campaign's map.

When the value must be computed, one process does (a lock in the cache, `cache.add`); the
others meanwhile serve the last value computed (`stale=True`, for what may lag a change by
the time of one computation, such as filter choices) or wait briefly for the new one
(`stale=False`, for what must be exact, such as a count). Values read from the shared cache
are also kept in the process (`local=True`) under the same versions, so a big value (a map of
fifteen thousand areas) is not unpickled on every request.

Works with any Django cache: Redis in production (CACHE_URL), locmem in some tests; with the
dummy cache (no CACHE_URL) nothing is kept and every call computes.
"""

import functools
import hashlib
import logging
import threading
import time
import uuid
from collections import OrderedDict

from django.core.cache import cache
from django.db import transaction

LOCK_SECONDS = 60  # a lock left by a process that died is freed after this long
WAIT_SECONDS = 3.0  # how long a waiting process waits for another's computation before computing itself
POLL_SECONDS = 0.02
LOCAL_ENTRIES = 64

logger = logging.getLogger(__name__)
_MISSING = object()
_local = OrderedDict()  # fresh key -> value, this process's copies (at most LOCAL_ENTRIES)
_local_lock = threading.Lock()


def _version_key(scope):
    return f"version:{scope}"


def _start():
    # A version that appears (first use, or after the cache lost it) starts from the clock, so it
    # never comes back to a number a value may still be kept under.
    return time.time_ns() // 1000


def versions(*scopes):
    """The current version of each scope (a tuple), or None when the cache keeps nothing."""
    keys = [_version_key(s) for s in scopes]
    found = cache.get_many(keys)
    missing = [k for k in keys if k not in found]
    if missing:
        for key in missing:
            cache.add(key, _start(), timeout=None)
        found.update(cache.get_many(missing))
        if any(k not in found for k in keys):
            return None  # the dummy cache: nothing to key by
    return tuple(found[k] for k in keys)


def bump(*scopes):
    """Raise the versions of these scopes: every value computed from them is computed again."""
    for scope in scopes:
        key = _version_key(scope)
        try:
            cache.add(key, _start(), timeout=None)
            cache.incr(key)
        except ValueError:
            pass  # the dummy cache keeps no version
        except Exception:  # the cache is down: what it kept is lost with it, or served until its timeout
            logger.warning("cache unavailable, scope %s not raised", scope, exc_info=True)


def _keep_locally(key, value):
    with _local_lock:
        _local[key] = value
        _local.move_to_end(key)
        while len(_local) > LOCAL_ENTRIES:
            _local.popitem(last=False)


def _local_copy(key):
    with _local_lock:
        return _local.get(key, _MISSING)


def _shared_copy(key, local):
    """The value the cache keeps under `key` (or _MISSING); a copy kept in the process too when `local`."""
    found = cache.get(key, _MISSING)
    if local and found is not _MISSING:
        _keep_locally(key, found)
    return found


def forget_local():
    """Drop this process's copies (tests that swap the cache use it)."""
    with _local_lock:
        _local.clear()


KEY_LENGTH = 200  # memcached's limit is 250 with the prefix; Django warns past it


def _short(key):
    """`key`, or when longer than KEY_LENGTH its beginning and a digest of the whole: a value kept
    under many scopes (a year of weekly periods) names every version."""
    if len(key) <= KEY_LENGTH:
        return key
    return f"{key[:80]}#{hashlib.sha256(key.encode()).hexdigest()}"


def remember(name, compute, *, scopes=(), timeout=300, stale=False, local=False, wait=WAIT_SECONDS):
    """The value of `compute()` for `name` at the current versions of `scopes`.

    Computed by one process at a time; while it computes, the others serve the last value kept
    for `name` when `stale` (else wait up to `wait` seconds for the new one, then compute it
    themselves without keeping it). `local`: keep a copy in the process too (big values).
    `name` must say everything else the value depends on (ids, day, language).
    """
    try:
        current = versions(*scopes)
    except Exception:  # the cache is down (Redis restarting): the page computes what it shows
        logger.warning("cache unavailable, computing %s", name, exc_info=True)
        current = None
    if current is None:
        return compute()
    name = _short(name)
    fresh = _short(f"{name}@{'.'.join(str(v) for v in current)}")
    found = _local_copy(fresh) if local else _MISSING
    if found is _MISSING:
        found = _shared_copy(fresh, local)
    if found is not _MISSING:
        return found

    lock, last = f"{name}:lock", f"{name}:last"
    token = uuid.uuid4().hex
    deadline = time.monotonic() + wait
    while True:
        if cache.add(lock, token, LOCK_SECONDS):
            try:
                value = compute()
                cache.set_many({fresh: value, last: value}, timeout)
                if timeout is not None:
                    cache.touch(last, timeout * 4)  # outlives the fresh value: served while the next is computed
            finally:
                if cache.get(lock) == token:
                    cache.delete(lock)
            if local:
                _keep_locally(fresh, value)
            return value
        if stale:
            found = cache.get(last, _MISSING)
            if found is not _MISSING:
                return found
        if time.monotonic() >= deadline:
            return compute()  # the other takes too long: compute, and leave the keeping to it
        time.sleep(POLL_SECONDS)
        found = _shared_copy(fresh, local)
        if found is not _MISSING:
            return found


def bump_on_commit(*scopes):
    """`bump` now (this process reads its own writes) and again when the transaction commits: a
    process that computed meanwhile from the rows before the commit kept its value under the
    first new version, which the second one leaves behind."""
    bump(*scopes)
    transaction.on_commit(functools.partial(bump, *scopes))

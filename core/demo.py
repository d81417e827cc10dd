"""Helpers of the demo data: rows written so that loading the demo again changes nothing, and the
clock that makes the services stamp each row with the moment the demo replays."""

import contextlib
import datetime as dt

import time_machine
from django.utils import timezone


def upsert(model, lookup, values):
    """Create the row, or update only the fields that differ (so a rerun adds no history)."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values)
    changed = [field for field, value in values.items() if getattr(obj, field) != value]
    if changed:
        for field in changed:
            setattr(obj, field, values[field])
        obj.save()
    return obj


def moment(day, hour=9, minute=0):
    """A moment of the demo's history, in the app's time zone."""
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour, minute))


@contextlib.contextmanager
def happening_at(when):
    """Run the services as if it were `when`: the clock stands still there, so every row they
    stamp (auto_now fields, history, events) carries the moment the demo replays.

    The demo never writes the future: a moment after the real now is taken back to now.
    """
    real_now = timezone.now()
    with time_machine.travel(min(when, real_now), tick=False):
        yield

"""The figures of the statistics forms the app does not hold, entered by the office for a year."""

from django.db import transaction

from .models import StatisticsEntry


@transaction.atomic
def save_entries(*, year, form, values, by):
    """Write the office's figures of one form of a year: {(row, column): value or None}; None clears it.

    Returns the number of cells changed; each changed cell records who entered it and when."""
    current = {(e.row, e.column): e for e in StatisticsEntry.objects.select_for_update().filter(year=year, form=form)}
    changed = 0
    for (row, column), value in values.items():
        entry = current.get((row, column))
        if value is None:
            if entry is not None:
                entry.delete()
                changed += 1
            continue
        if entry is None:
            StatisticsEntry.objects.create(year=year, form=form, row=row, column=column, value=value, entered_by=by)
            changed += 1
        elif entry.value != value:
            entry.value, entry.entered_by = value, by
            entry.save(update_fields=["value", "entered_by", "entered_at"])
            changed += 1
    return changed

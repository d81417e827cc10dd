"""Helpers of the demo data: rows written so that loading the demo again changes nothing."""


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

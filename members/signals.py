"""Signals of the registry, for the apps above that keep something computed from it.

`organizations_bulk_updated` is sent by a bulk write of existing organizations (the
spreadsheet import: `bulk_update` sends no post_save), inside its transaction, with
`changes`: [(organization, stored)] where `stored` is the row's {attname: value} as it was
before the write. The campaign app moves a unit's progress counts with it from there
(campaign.counters), as it does on a single save.
"""

from django.dispatch import Signal

organizations_bulk_updated = Signal()

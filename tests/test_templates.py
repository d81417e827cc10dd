"""Ids in pages are printed as plain numbers, never with the locale's thousand separator.

With USE_THOUSAND_SEPARATOR a bare ``{{ obj.pk }}`` prints 2.326 once there are more than
999 rows: a form posting it, or an anchor built from it, breaks at national scale.
"""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
BARE_ID = re.compile(r"\{\{\s*((?:\w+\.)*(?:pk|id|\w+_id))\s*\}\}")
# Form fields named "id" (a formset's hidden id) render a widget, not a number.
FIELDS = {"f.id", "form.id"}


def test_no_template_prints_an_id_without_unlocalizing_it():
    found = []
    for path in [*ROOT.glob("templates/**/*.html"), *ROOT.glob("*/templates/**/*.html")]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            found += [f"{path.relative_to(ROOT)}:{number}: {m}" for m in BARE_ID.findall(line) if m not in FIELDS]

    assert found == [], "use |stringformat:'d' (or |unlocalize): " + "; ".join(found)

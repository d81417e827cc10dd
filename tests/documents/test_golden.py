"""The sample notice looks as it did when a person last checked it: page 1 against a reference image."""

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
from pdf_reading import dak_nong_identity, mean_difference, page_one_png

from documents.rendering import document_context, render_document

GOLDEN = Path(__file__).parent / "golden" / "sample_notice_p1.png"
# Mean absolute difference as a share of full scale. Measured: the left margin moved by 2 mm
# gives 3.8%, a line height of 1.25 instead of 1.2 gives 5.4%; 1% leaves room for the
# rasteriser's anti-aliasing on another machine. (Text itself is checked by test_rendering.)
TOLERANCE = 0.01


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm (Debian poppler-utils)")
def test_sample_notice_page_one_matches_the_reference_image(tmp_path):
    issuer, signer = dak_nong_identity()
    context = document_context(
        issuer=issuer, signer=signer, type_symbol="TB", issued_on=dt.date(2021, 11, 8), number=514
    )

    actual = page_one_png(render_document("documents/sample_notice.html", context), tmp_path)

    if os.environ.get("UPDATE_GOLDEN") == "1":  # after a deliberate layout change, and a look at the new image
        shutil.copyfile(actual, GOLDEN)
    difference = mean_difference(actual, GOLDEN)
    assert difference < TOLERANCE, f"page 1 differs by {difference:.1%}: see {actual} against {GOLDEN}"

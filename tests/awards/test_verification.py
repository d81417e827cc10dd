"""A QR on every paper (issue 19, item 4): the QR printed on a certificate and on a document decodes to the public
verification page, which says valid, then revoked after a revocation; unknown codes are a plain 404; an uploaded
file is compared byte for byte; the page is rate-limited per address; papers with the QR stay PDF/A-2b."""

import datetime as dt
import importlib
import re
import subprocess
import tempfile
from pathlib import Path

import pytest
import zxingcpp
from django.apps import apps
from django.core.cache import caches
from django.urls import reverse
from pdf_reading import page_texts, reader
from PIL import Image
from test_decision_views import DAY, draft, issued, setup  # noqa: F401 - an issued decision of three awards

from awards.amendments import issue_amendment, prepare_revocation
from awards.certificates import certificate_awards, stored_certificates_pdf
from awards.decisions import approve_draft
from awards.models import Certificate
from documents.models import IssuedDocument
from documents.verification import CODE_ALPHABET, CODE_LENGTH, new_code, normalize_code

SITE = "https://thidua.example.vn"


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE
    caches["ratelimit"].clear()
    yield
    caches["ratelimit"].clear()


def qr_texts(pdf, page=1):
    """The QR codes on a page of a PDF, rasterized by pdftoppm at 150 dpi and read by zxing-cpp."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "150", "-f", str(page), "-l", str(page), str(source), f"{folder}/page"],
            check=True,
        )
        (image,) = Path(folder).glob("page*.png")
        return [code.text for code in zxingcpp.read_barcodes(Image.open(image))]


def _path(url):
    assert url.startswith(SITE), url
    return url.removeprefix(SITE)


def _certificate_pdf(decision):
    award = certificate_awards(decision)[0]
    return award, stored_certificates_pdf(decision, [award])


def test_codes_are_random_base32_and_typed_codes_are_normalized():
    codes = {new_code() for _ in range(200)}

    assert len(codes) == 200
    assert all(len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET) for code in codes)
    assert normalize_code("abcd-efgh ijkl") == "ABCDEFGHIJKL"
    assert normalize_code("ABCD-EFGH-IJK1") == ""  # 1 is not base32


def test_certificate_qr_decodes_to_its_page_which_says_valid_then_revoked(issued, client, office_user, leader_user):  # noqa: F811
    award, pdf = _certificate_pdf(issued)
    certificate = Certificate.objects.get(award=award)

    (url,) = qr_texts(pdf)
    assert url == f"{SITE}/verify/{certificate.verification_code}/"
    assert certificate.carries_qr and "Mã xác minh:" in page_texts(pdf)[0]

    client.cookies["thidua_language"] = "en"
    page = client.get(_path(url))
    text = page.content.decode()
    assert page.status_code == 200 and 'data-state="valid"' in text
    assert certificate.sha256 in text and award.certificate_name in text and "01/QĐ-LMHTX" in text

    revocation = prepare_revocation(
        issued, [(award, 0)], by=office_user, decided_on=dt.date(2022, 4, 15), reason="hồ sơ không trung thực"
    )
    approve_draft(revocation, by=leader_user)
    revocation = issue_amendment(revocation, by=office_user)

    text = client.get(_path(url)).content.decode()
    assert 'data-state="revoked"' in text and revocation.document.reference in text
    # The other certificates of the decision still hold.
    other = certificate_awards(issued)[0]
    stored_certificates_pdf(issued, [other])
    other_code = Certificate.objects.get(award=other).verification_code
    assert 'data-state="valid"' in client.get(reverse("verify", args=[other_code])).content.decode()
    # The decision itself is revoked in part.
    decision_page = client.get(reverse("verify", args=[issued.document.verification_code])).content.decode()
    assert 'data-state="revoked_in_part"' in decision_page and revocation.document.reference in decision_page


def test_issued_document_prints_its_qr_and_stays_pdf_a_2b(issued, client):  # noqa: F811
    document = issued.document
    pdf = document.file.read()

    assert document.carries_qr and qr_texts(pdf) == [f"{SITE}/verify/{document.verification_code}/"]
    text = " ".join(" ".join(page_texts(pdf, footer=True)).split())
    assert "Mã xác minh:" in text and f"{SITE}/verify/{document.verification_code}/" in text
    assert "Mã xác minh" not in " ".join(page_texts(pdf))  # the helper reads the body without its footer
    xmp = reader(pdf).xmp_metadata.rdf_root.toxml()
    assert 'pdfaid:part="2"' in xmp and 'pdfaid:conformance="B"' in xmp

    client.cookies["thidua_language"] = "en"
    page = client.get(reverse("verify", args=[document.verification_code])).content.decode()
    assert 'data-state="valid"' in page and document.sha256 in page and "Issued before QR" not in page


def test_certificate_with_qr_stays_pdf_a_2b(issued):  # noqa: F811
    _award, pdf = _certificate_pdf(issued)
    xmp = reader(pdf).xmp_metadata.rdf_root.toxml()

    assert 'pdfaid:part="2"' in xmp and 'pdfaid:conformance="B"' in xmp


def _plain(response):
    """The page without what differs on every page (the CSRF token, the address the language form returns to)."""
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
    return re.sub(r'name="next" value="[^"]*"', "", text)


def test_unknown_or_malformed_code_is_a_plain_404(issued, client):  # noqa: F811
    unknown = client.get(reverse("verify", args=["AAAAAAAAAAAA"]))
    malformed = client.get(reverse("verify", args=["nothing"]))
    nowhere = client.get("/no-such-page/")

    assert unknown.status_code == malformed.status_code == 404
    assert _plain(unknown) == _plain(malformed) == _plain(nowhere)


def test_typed_code_opens_the_page_and_a_bad_code_is_said_on_the_field(issued, client):  # noqa: F811
    code = issued.document.verification_code
    client.cookies["thidua_language"] = "en"

    typed = client.get(reverse("verify_form"), {"code": f"{code[:4].lower()}-{code[4:8]} {code[8:]}"})
    bad = client.get(reverse("verify_form"), {"code": "123"})

    assert typed.status_code == 302 and typed["Location"] == reverse("verify", args=[code])
    assert bad.status_code == 200 and "12 letters and digits" in bad.content.decode()


def test_uploaded_file_is_compared_byte_for_byte(issued, client):  # noqa: F811
    document = issued.document
    original = document.file.read()
    changed = bytearray(original)
    changed[len(changed) // 2] ^= 0x01
    url = reverse("verify", args=[document.verification_code])

    def check(data):
        from django.core.files.uploadedfile import SimpleUploadedFile

        return client.post(url, {"file": SimpleUploadedFile("x.pdf", bytes(data), "application/pdf")}).content.decode()

    assert 'data-check="match"' in check(original)
    assert 'data-check="no-match"' in check(changed)


def test_page_is_rate_limited_per_address(issued, client, settings):  # noqa: F811
    settings.VERIFY_RATE_LIMIT = 3
    url = reverse("verify", args=[issued.document.verification_code])

    statuses = [client.get(url).status_code for _ in range(3)]
    statuses.append(client.get(reverse("verify", args=["AAAAAAAAAAAA"])).status_code)  # unknown codes count too
    other_address = client.get(url, REMOTE_ADDR="10.0.0.9").status_code

    assert statuses == [200, 200, 200, 429] and other_address == 200


def test_papers_issued_before_codes_get_one_and_the_page_says_so(issued, client):  # noqa: F811
    document = issued.document
    IssuedDocument.objects.filter(pk=document.pk).update(verification_code=None, carries_qr=False)

    importlib.import_module("documents.migrations.0003_verification_code").give_codes(apps, None)

    document.refresh_from_db()
    assert normalize_code(document.verification_code) == document.verification_code
    client.cookies["thidua_language"] = "en"
    page = client.get(reverse("verify", args=[document.verification_code])).content.decode()
    assert "Issued before QR" in page and document.sha256 in page

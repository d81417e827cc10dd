"""The demo's 18/QĐ-LMHTX and its certificates, signed by the chairman and the Alliance, validate with the demo CA."""

import io

import pytest
from django.utils import timezone
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature

from awards.demo import load_commendation, load_parameters, load_signatures
from awards.models import Certificate
from campaign.demo import CampaignDemo
from documents import signatures, signing
from documents.demo import load_issuers
from documents.models import IssuedDocument, KeyKind, SignatureRole
from members.demo import DemoBuilder


@pytest.fixture
def signed_demo(db):
    DemoBuilder().build()
    load_issuers()
    load_parameters()
    CampaignDemo().build()
    load_commendation()
    summary = load_signatures()
    return summary, IssuedDocument.objects.get(year=2022, type_symbol="QĐ", number=18)


def statuses(pdf):
    context = signing.validation_context(signatures.trust_roots())
    embedded = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
    return [validate_pdf_signature(sig, signer_validation_context=context) for sig in embedded]


def test_decision_18_and_its_certificates_are_signed_by_the_chairman_then_the_alliance(signed_demo):
    summary, decision = signed_demo
    served = signatures.current_bytes(signatures.signable_document(decision))
    found = statuses(served)

    assert "signed" in summary
    assert [(s.intact, s.valid, s.trusted) for s in found] == [(True, True, True)] * 2
    assert [s.signing_cert.subject.native["common_name"] for s in found] == [
        "Nguyễn Khải",
        "Liên minh Hợp tác xã tỉnh Đắk Nông",
    ]
    # Every certificate printed for the decision (a title the decision alone recognises gives no paper).
    certificates = Certificate.objects.filter(award__decision__document=decision).exclude(sha256="")
    assert certificates.count() >= 3
    for certificate in certificates:
        assert [
            s.bottom_line
            for s in statuses(
                signatures.current_bytes(signatures.Signable(certificate, "", "", None, certificate.file))
            )
        ] == [True, True]


def test_the_demo_signs_through_each_kind_of_key_and_records_who(signed_demo):
    _summary, decision = signed_demo
    versions = list(signatures.signatures_of(decision))

    assert [(v.role, v.signed_by.role) for v in versions] == [
        (SignatureRole.SIGNER, "leader"),
        (SignatureRole.ORGANIZATION, "office"),
    ]
    assert versions[0].method == KeyKind.PKCS12
    assert versions[1].method in (KeyKind.PKCS11, KeyKind.PKCS12)  # the token when softhsm2 is installed
    assert decision.sha256 != versions[-1].sha256 and timezone.localtime(versions[-1].signed_at).hour == 16

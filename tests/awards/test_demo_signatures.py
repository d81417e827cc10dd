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


def test_a_signed_certificate_checks_as_valid_on_its_public_page_and_its_signed_file_matches(signed_demo, client):
    from django.urls import reverse

    from awards.verification import find_paper

    _summary, decision = signed_demo
    certificate = (
        Certificate.objects.filter(award__decision__document=decision).exclude(sha256="").order_by("pk").first()
    )
    signed = signatures.current_bytes(signatures.Signable(certificate, "", "", None, certificate.file))
    paper = find_paper(certificate.verification_code)

    assert paper.state == "valid" and len(paper.signed_sha256) == 2
    assert paper.matches([signed]) and paper.matches([certificate.file.open("rb").read()])
    assert not paper.matches([signed + b" "])
    response = client.get(reverse("verify", args=[certificate.verification_code]))
    assert response.status_code == 200 and paper.current_sha256 in response.content.decode()


def test_signing_a_decision_leaves_its_certificates_to_a_worker_that_signs_each_once(signed_demo, monkeypatch):
    from awards import certificates as module
    from awards.models import Decision
    from documents.models import DocumentSignature

    _summary, document = signed_demo
    decision = Decision.objects.get(document=document, kind=Decision.Kind.DECISION)
    queued = []
    monkeypatch.setattr(module, "enqueue", lambda name, *args: queued.append((name, *args)))

    module.sign_certificates(sender=IssuedDocument, document=document, role=SignatureRole.SIGNER)

    assert queued == [("awards.tasks.sign_decision_certificates", decision.pk)]  # not signed in the request
    before = DocumentSignature.objects.count()
    assert module.sign_certificates_like_decision(decision) == 0  # a second run signs nothing again
    assert DocumentSignature.objects.count() == before

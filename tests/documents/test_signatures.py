"""PAdES signatures on issued documents: validated by pyHanko with the demo CA, both signatures, tampering,
the PKCS#11 token (SoftHSM2), hash-then-sign with an outside signer, PDF/A-2b kept, the images drawn."""

import asyncio
import datetime as dt
import io
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from factories import IssuingBodyFactory, SignerFactory, UserFactory
from pdf_reading import dak_nong_identity, reader
from PIL import Image
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.validation import validate_pdf_signature

from documents import signatures, signing, test_ca, tokens
from documents.models import KeyKind, PendingSignature, SignatureRole
from documents.rendering import document_context, html_to_pdf, render_document
from documents.services import issue_document
from members.models import Role

DAY = dt.date(2021, 11, 8)
AGENCY = "Liên minh Hợp tác xã tỉnh Đắk Nông"


@pytest.fixture(scope="module")
def ca():
    root = test_ca.make_ca()
    return {
        "root": root,
        "chairman": test_ca.issue(root, "Nguyễn Khải", AGENCY),
        "alliance": test_ca.issue(root, AGENCY, AGENCY),
    }


def simple_signer(issued, root):
    return signers.SimpleSigner.load_pkcs12_data(test_ca.pkcs12(issued, root, b"pw"), [], passphrase=b"pw")


@pytest.fixture(scope="module")
def original():
    issuer, signer = dak_nong_identity()
    context = document_context(issuer=issuer, signer=signer, type_symbol="TB", issued_on=DAY, number=514)
    return render_document("documents/sample_notice.html", context)


def request_for(role, pdf, image, when=None):
    place = signing.placement(pdf)
    box = place.signer_box if role == signing.SIGNER else place.seal_box
    html = signing.appearance_html(role, box, image=image, agency=AGENCY, when=when or dt.datetime.now(dt.UTC))
    return signing.SignRequest(role, place.page, box, html_to_pdf(html))


@pytest.fixture(scope="module")
def signed_twice(ca, original):
    one = signing.sign_pdf(
        original,
        request_for(signing.SIGNER, original, test_ca.signature_image("Nguyễn Khải")),
        simple_signer(ca["chairman"], ca["root"]),
    )
    two = signing.sign_pdf(
        one,
        request_for(signing.ORGANIZATION, one, test_ca.seal_image(AGENCY, "UBND tỉnh Đắk Nông")),
        simple_signer(ca["alliance"], ca["root"]),
    )
    return one, two


def pyhanko_statuses(pdf, root):
    embedded = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
    context = signing.validation_context([root.der])
    return [validate_pdf_signature(sig, signer_validation_context=context) for sig in embedded]


def test_pyhanko_says_both_signatures_intact_valid_and_trusted_by_the_demo_root(ca, signed_twice):
    statuses = pyhanko_statuses(signed_twice[1], ca["root"])

    assert [(s.intact, s.valid, s.trusted) for s in statuses] == [(True, True, True), (True, True, True)]
    assert [s.signing_cert.subject.native["common_name"] for s in statuses] == ["Nguyễn Khải", AGENCY]


def test_each_signature_is_an_incremental_update_keeping_the_bytes_signed_before(original, signed_twice):
    one, two = signed_twice

    assert (one.startswith(original), two.startswith(one)) == (True, True)


def test_one_flipped_byte_breaks_the_signatures(ca, signed_twice):
    tampered = bytearray(signed_twice[1])
    tampered[len(tampered) // 3] ^= 0x01

    checks = signing.validate(bytes(tampered), [ca["root"].der])

    assert checks and not any(check.ok for check in checks)
    assert not all(check.intact for check in checks)


def test_without_the_root_installed_the_signatures_are_intact_but_untrusted(signed_twice):
    checks = signing.validate(signed_twice[1], [])

    assert [(c.intact, c.trusted) for c in checks] == [(True, False), (True, False)]


def test_signed_pdf_stays_pdf_a_2b_and_its_widgets_print(signed_twice):
    signed = reader(signed_twice[1])
    xmp = signed.xmp_metadata.rdf_root.toxml()
    widgets = [a.get_object() for a in signed.pages[0].get("/Annots", [])]

    assert ('pdfaid:part="2"' in xmp, 'pdfaid:conformance="B"' in xmp) == (True, True)
    assert len(widgets) == 2
    assert all(int(w["/F"]) & 4 for w in widgets)  # PDF/A: annotations are printed


def test_the_appearance_shows_the_blue_signature_between_title_and_name_and_the_red_seal_over_its_left(
    signed_twice, tmp_path
):
    (tmp_path / "signed.pdf").write_bytes(signed_twice[1])
    subprocess.run(["pdftoppm", "-r", "72", "-png", "-singlefile", "signed.pdf", "page"], cwd=tmp_path, check=True)
    image = Image.open(tmp_path / "page.png").convert("RGB")
    place = signing.placement(signed_twice[1])
    height = image.height

    def pixels(box, test):
        x1, y1, x2, y2 = box
        return sum(
            1
            for x in range(int(x1), int(x2))
            for y in range(int(height - y2), int(height - y1))
            if test(image.getpixel((x, y)))
        )

    def blue(p):
        return p[2] > 120 and p[0] < 90 and p[1] < 110

    def red(p):
        return p[0] > 150 and p[1] < 90 and p[2] < 90

    x1, y1, x2, y2 = place.signer_box
    left_third = (x1, y1, x1 + (x2 - x1) / 3, y2)
    right_part = (x1 + (x2 - x1) / 2, y1, x2, y2)
    assert pixels(right_part, blue) > 50  # the signature, uncovered on the right
    assert pixels(left_third, red) > 50  # the seal over its left third
    assert pixels((x2, y1, x2 + 40, y2), red) == 0  # and nothing of the seal right of the signature


def test_hash_then_sign_round_trip_with_an_outside_signer(ca, original):
    chairman = ca["chairman"]
    prepared = signing.prepare_external(
        original, request_for(signing.SIGNER, original, test_ca.signature_image("Nguyễn Khải")), chairman.der
    )

    # The outside signer (a token plug-in, a remote service): it receives only the digest.
    def outside_signer(digest):
        token = simple_signer(chairman, ca["root"])
        return asyncio.run(token.async_sign(digest, "sha256", use_pades=True)).dump()

    signed = signing.finish_external(prepared, outside_signer(prepared.digest))

    assert [c.ok for c in signing.validate(signed, [ca["root"].der])] == [True]
    with pytest.raises(signing.SigningError):
        signing.finish_external(prepared, outside_signer(b"\x00" * 32))
    for garbage in (b"not a signature", ca["root"].der):  # not CMS; DER but not a SignedData
        with pytest.raises(signing.SigningError):
            signing.finish_external(prepared, garbage)


# --- through the register: keys sealed at rest, the order and roles, PKCS#11, pending signatures ----------


@pytest.fixture
def world(db, settings):
    settings.THIDUA_SIGNING_SECRET_KEY = ""
    body = IssuingBodyFactory(valid_from=dt.date(2004, 6, 8), full_name=AGENCY, symbol="LMHTX", place="Đắk Nông")
    SignerFactory(issuing_body=body, full_name="Nguyễn Khải", title="CHỦ TỊCH", is_default=True)
    office = UserFactory(role=Role.OFFICE)
    leader = UserFactory(role=Role.LEADER)
    admin = UserFactory(role=Role.OFFICE, is_superuser=True, is_staff=True)
    document = issue_document(
        template_name="documents/sample_notice.html",
        context={},
        type_symbol="TB",
        issued_on=DAY,
        subject="Thông báo thử",
        by=office,
    )
    return {"office": office, "leader": leader, "admin": admin, "document": document, "body": body}


def chairman_key(world, ca, **extra):
    return signatures.add_key(
        label="Nguyễn Khải",
        role=SignatureRole.SIGNER,
        kind=KeyKind.PKCS12,
        holder_name="Nguyễn Khải",
        owner=world["leader"],
        image=test_ca.signature_image("Nguyễn Khải"),
        pkcs12_bytes=test_ca.pkcs12(ca["chairman"], ca["root"], b"secret"),
        passphrase=b"secret",
        by=world["admin"],
        **extra,
    )


def test_pkcs12_and_passphrase_are_kept_encrypted(world, ca):
    key = chairman_key(world, ca)
    raw = test_ca.pkcs12(ca["chairman"], ca["root"], b"secret")

    assert raw not in bytes(key.pkcs12_sealed) and b"secret" not in bytes(key.secret_sealed)
    assert signatures.open_secret(key.secret_sealed) == b"secret"


def test_only_a_superuser_adds_keys_and_a_wrong_passphrase_is_refused(world, ca):
    with pytest.raises(ValidationError):
        signatures.add_key(
            label="x",
            role=SignatureRole.SIGNER,
            kind=KeyKind.PKCS12,
            holder_name="Nguyễn Khải",
            owner=world["leader"],
            image=b"",
            pkcs12_bytes=b"",
            by=world["office"],
        )
    with pytest.raises(ValidationError):
        signatures.add_key(
            label="x",
            role=SignatureRole.SIGNER,
            kind=KeyKind.PKCS12,
            holder_name="Nguyễn Khải",
            owner=world["leader"],
            image=b"",
            pkcs12_bytes=test_ca.pkcs12(ca["chairman"], ca["root"], b"secret"),
            passphrase=b"wrong",
            by=world["admin"],
        )


def organization_key_on_token(world, ca):
    if not tokens.available():
        pytest.skip("softhsm2 is not installed: scripts/system-packages.sh installs it (apt-get install softhsm2)")
    tokens.ensure_token(pin="123456", so_pin="12345678")
    tokens.import_key(ca["alliance"], key_label="test-alliance", pin="123456")
    return signatures.add_key(
        label=AGENCY,
        role=SignatureRole.ORGANIZATION,
        kind=KeyKind.PKCS11,
        holder_name=AGENCY,
        issuing_body=world["body"],
        image=test_ca.seal_image(AGENCY),
        certificate_bytes=ca["alliance"].der,
        pkcs11_library=tokens.settings.THIDUA_PKCS11_LIBRARY,
        pkcs11_token=tokens.DEFAULT_TOKEN,
        pkcs11_key_label="test-alliance",
        pin=b"123456",
        by=world["admin"],
    )


def test_signer_then_organization_through_softhsm2_both_validate_and_the_register_keeps_the_original(
    world, ca, capsys, english
):
    document = world["document"]
    original_sha = document.sha256
    signable = signatures.signable_document(document)
    seal_key = organization_key_on_token(world, ca)
    with pytest.raises(ValidationError, match="signer signs first"):
        signatures.sign(signable, role=SignatureRole.ORGANIZATION, key=seal_key, by=world["office"])
    first = signatures.sign(signable, role=SignatureRole.SIGNER, key=chairman_key(world, ca), by=world["leader"])
    second = signatures.sign(signable, role=SignatureRole.ORGANIZATION, key=seal_key, by=world["office"])
    signatures.add_trust_anchor(name="Demo root", certificate_bytes=ca["root"].der, by=world["admin"])

    document.refresh_from_db()
    result = signatures.check_signed(document)
    assert (document.sha256, signatures.current_sha256(signable)) == (original_sha, second.sha256)
    assert (first.signed_by, second.signed_by, second.method) == (world["leader"], world["office"], KeyKind.PKCS11)
    assert result.ok and [c.field for c in result.checks] == ["ChuKyNguoiKy", "ChuKyCoQuan"]
    call_command("check_documents")
    assert "every signature valid" in capsys.readouterr().out


def test_check_documents_says_untrusted_without_the_root_and_broken_after_tampering(world, ca, capsys):
    signable = signatures.signable_document(world["document"])
    signature = signatures.sign(signable, role=SignatureRole.SIGNER, key=chairman_key(world, ca), by=world["leader"])

    with pytest.raises(CommandError):
        call_command("check_documents")
    assert "UNTRUSTED" in capsys.readouterr().err

    signatures.add_trust_anchor(name="Demo root", certificate_bytes=ca["root"].der, by=world["admin"])
    with open(signature.file.path, "r+b") as handle:
        handle.seek(2000)
        byte = handle.read(1)
        handle.seek(2000)
        handle.write(bytes([byte[0] ^ 1]))
    with pytest.raises(CommandError):
        call_command("check_documents")
    assert "CHANGED" in capsys.readouterr().err


def test_only_the_signer_named_on_the_document_signs_as_signer(world, ca):
    signable = signatures.signable_document(world["document"])
    key = chairman_key(world, ca)
    other_leader = UserFactory(role=Role.LEADER)

    for user in (world["office"], other_leader):
        with pytest.raises(ValidationError):
            signatures.sign(signable, role=SignatureRole.SIGNER, key=key, by=user)


def test_pending_signature_for_an_outside_signer_is_completed_with_its_cms(world, ca):
    key = signatures.add_key(
        label="Nguyễn Khải (token plug-in)",
        role=SignatureRole.SIGNER,
        kind=KeyKind.EXTERNAL,
        holder_name="Nguyễn Khải",
        owner=world["leader"],
        image=test_ca.signature_image("Nguyễn Khải"),
        certificate_bytes=ca["chairman"].der,
        by=world["admin"],
    )
    signable = signatures.signable_document(world["document"])
    pending = signatures.sign(signable, role=SignatureRole.SIGNER, key=key, by=world["leader"])
    assert isinstance(pending, PendingSignature) and len(pending.digest) == 64

    token = simple_signer(ca["chairman"], ca["root"])
    cms = asyncio.run(token.async_sign(bytes.fromhex(pending.digest), "sha256", use_pades=True)).dump()
    signature = signatures.complete_pending(pending, cms, by=world["leader"], signable=signable)

    pending.refresh_from_db()
    assert (pending.status, pending.signature) == (PendingSignature.Status.DONE, signature)
    assert [c.ok for c in signing.validate(signatures.current_bytes(signable), [ca["root"].der])] == [True]


def test_signing_and_validating_work_where_the_thread_already_runs_an_event_loop(ca, original):
    """pyHanko's synchronous calls run their own event loop: under an ASGI server or beside a browser
    test library they would fail with "asyncio.run() cannot be called from a running event loop"."""

    async def inside_a_running_loop():
        signed = signing.sign_pdf(
            original,
            request_for(signing.SIGNER, original, test_ca.signature_image("Nguyễn Khải")),
            simple_signer(ca["chairman"], ca["root"]),
        )
        prepared = signing.prepare_external(
            original, request_for(signing.SIGNER, original, test_ca.signature_image("Nguyễn Khải")), ca["chairman"].der
        )
        return signing.validate(signed, [ca["root"].der]), prepared

    checks, prepared = asyncio.run(inside_a_running_loop())

    assert [c.ok for c in checks] == [True]
    assert len(prepared.digest) == 32

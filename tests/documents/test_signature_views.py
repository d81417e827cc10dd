"""The signature pages: who sees and signs what, the register page's verdict, pending signatures, keys and anchors."""

import asyncio
import base64

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from factories import UserFactory
from test_signatures import AGENCY, chairman_key, simple_signer, world  # noqa: F401  (fixtures)

from documents import signatures, test_ca
from documents.models import KeyKind, PendingSignature, SignatureRole, SigningKey, TrustAnchor
from members.models import Role


@pytest.fixture(scope="module")
def ca():
    root = test_ca.make_ca()
    return {"root": root, "chairman": test_ca.issue(root, "Nguyễn Khải", AGENCY)}


def test_leader_signs_from_the_register_page_and_the_download_is_the_signed_file(world, ca, client_for):  # noqa: F811
    document = world["document"]
    key = chairman_key(world, ca)
    client = client_for(world["leader"])
    page = client.get(reverse("documents:register_detail", args=[document.pk]))
    assert f'value="{key.pk}"' in page.content.decode()

    client.post(reverse("documents:register_detail", args=[document.pk]), {"role": "signer", "key": key.pk})

    latest = signatures.latest_signature(document)
    download = b"".join(client.get(reverse("documents:register_download", args=[document.pk])).streaming_content)
    original = client.get(reverse("documents:register_original", args=[document.pk])).content
    assert latest is not None and latest.signed_by == world["leader"]
    assert download == latest.file.read() and original == document.file.read()


def test_office_cannot_sign_as_signer_and_units_see_nothing(world, ca, client_for):  # noqa: F811
    document = world["document"]
    key = chairman_key(world, ca)
    url = reverse("documents:register_detail", args=[document.pk])

    refused = client_for(world["office"]).post(url, {"role": "signer", "key": key.pk})
    unit = client_for(UserFactory(role=Role.UNIT)).get(url)

    assert (refused.status_code, unit.status_code) == (403, 403)
    assert signatures.latest_signature(document) is None


def test_register_page_says_untrusted_then_valid_once_the_root_is_installed(world, ca, client_for):  # noqa: F811
    document = world["document"]
    signatures.sign(
        signatures.signable_document(document), role="signer", key=chairman_key(world, ca), by=world["leader"]
    )
    client = client_for(world["office"])
    client.cookies["thidua_language"] = "en"
    url = reverse("documents:register_detail", args=[document.pk])

    assert "A signature is not trusted" in client.get(url).content.decode()
    admin = client_for(world["admin"])
    admin.post(reverse("documents:anchor_list"), {"name": "Demo", "certificate": _upload("root.cer", ca["root"].der)})
    assert TrustAnchor.objects.count() == 1
    assert "Every signature is intact and trusted" in client.get(url).content.decode()


def _upload(name, data):
    return SimpleUploadedFile(name, data)


def test_superuser_adds_a_pkcs12_key_and_the_office_cannot(world, ca, client_for):  # noqa: F811
    data = {
        "label": "Nguyễn Khải",
        "role": "signer",
        "kind": "pkcs12",
        "holder_name": "Nguyễn Khải",
        "owner": world["leader"].pk,
        "seal_diameter_mm": 36,
        "passphrase": "secret",
    }

    def files():
        return {
            "image": _upload("sig.png", test_ca.signature_image("Nguyễn Khải")),
            "pkcs12_file": _upload("k.p12", test_ca.pkcs12(ca["chairman"], ca["root"], b"secret")),
        }

    office = client_for(world["office"]).post(reverse("documents:key_list"), {**data, **files()})
    wrong = client_for(world["admin"]).post(reverse("documents:key_list"), {**data, **files(), "passphrase": "x"})
    added = client_for(world["admin"]).post(reverse("documents:key_list"), {**data, **files()})

    assert (office.status_code, wrong.status_code, added.status_code) == (403, 200, 302)
    assert SigningKey.objects.get().kind == KeyKind.PKCS12


def test_outside_signer_pending_page_takes_the_cms_in_base64(world, ca, client_for):  # noqa: F811
    key = signatures.add_key(
        label="token plug-in",
        role=SignatureRole.SIGNER,
        kind=KeyKind.EXTERNAL,
        holder_name="Nguyễn Khải",
        owner=world["leader"],
        image=test_ca.signature_image("Nguyễn Khải"),
        certificate_bytes=ca["chairman"].der,
        by=world["admin"],
    )
    client = client_for(world["leader"])
    response = client.post(
        reverse("documents:register_detail", args=[world["document"].pk]), {"role": "signer", "key": key.pk}
    )
    pending = PendingSignature.objects.get()
    assert response.url == reverse("documents:pending_detail", args=[pending.pk])
    assert pending.digest in client.get(response.url).content.decode()

    token = simple_signer(ca["chairman"], ca["root"])
    cms = asyncio.run(token.async_sign(bytes.fromhex(pending.digest), "sha256", use_pades=True)).dump()
    bad = client.post(response.url, {"cms_base64": "not base64!"})
    done = client.post(response.url, {"cms_base64": base64.b64encode(cms).decode()})

    pending.refresh_from_db()
    assert (bad.status_code, done.status_code, pending.status) == (200, 302, PendingSignature.Status.DONE)

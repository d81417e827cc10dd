"""A certificate authority for demonstrations and tests, made with `cryptography`, and the images a signature shows.

Never for real documents: its root is trusted only where the office installs it as a trust
anchor. `make_ca()` gives a root; `issue()` a signing certificate under it (digital
signature and non-repudiation, as a Vietnamese CA issues them); `pkcs12()` packs a key and
its chain as a superuser uploads it. `signature_image()` and `seal_image()` draw the blue
handwritten signature and the red round seal as transparent PNGs.
"""

import datetime as dt
import io
import math
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12 as p12
from cryptography.x509.oid import NameOID
from django.conf import settings
from PIL import Image, ImageDraw, ImageFont

VALID_FROM = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
VALID_UNTIL = dt.datetime(2040, 1, 1, tzinfo=dt.UTC)


@dataclass
class Issued:
    key: rsa.RSAPrivateKey
    certificate: x509.Certificate

    @property
    def der(self):
        return self.certificate.public_bytes(serialization.Encoding.DER)

    def key_pkcs8_der(self):
        return self.key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )


def _name(common_name, organization):
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def make_ca(common_name="Thi đua Demo Root CA", organization="Thi đua (demo)"):
    key = _key()
    name = _name(common_name, organization)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(VALID_FROM)
        .not_valid_after(VALID_UNTIL)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return Issued(key, certificate)


def issue(ca, common_name, organization):
    """A signing certificate for a person or an organization, under `ca`."""
    key = _key()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name, organization))
        .issuer_name(ca.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(VALID_FROM)
        .not_valid_after(VALID_UNTIL)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.certificate.public_key()), critical=False)
        .sign(ca.key, hashes.SHA256())
    )
    return Issued(key, certificate)


def pkcs12(issued, ca, passphrase):
    """The key, its certificate and the root in one PKCS#12 file, encrypted with `passphrase` (bytes)."""
    return p12.serialize_key_and_certificates(
        b"key",
        issued.key,
        issued.certificate,
        [ca.certificate],
        serialization.BestAvailableEncryption(passphrase),
    )


# --- the images ------------------------------------------------------------------------------

FONT = settings.BASE_DIR / "static" / "fonts" / "Tinos-Bold.ttf"


def _png(image):
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def signature_image(name):
    """A blue handwritten-looking signature of `name` on a transparent background (600×260 px)."""
    image = Image.new("RGBA", (600, 260), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    blue = (20, 40, 170, 255)
    seed = sum(map(ord, name))
    points = []
    for step in range(0, 161):
        t = step / 160
        x = 40 + 520 * t
        y = 130 + 55 * math.sin(t * 9 + seed % 7) * (1 - t * 0.6) + 20 * math.sin(t * 31)
        points.append((x, y))
    draw.line(points, fill=blue, width=7, joint="curve")
    draw.line([(70, 200), (540, 175)], fill=blue, width=5)
    font = ImageFont.truetype(str(settings.BASE_DIR / "static" / "fonts" / "Tinos-Italic.ttf"), 54)
    initials = "".join(part[0] for part in name.split()[-2:])
    draw.text((240, 20), initials, font=font, fill=blue)
    return _png(image)


def seal_image(agency, parent=""):
    """A red round seal with the agency's name, transparent outside the rings (600×600 px)."""
    size = 600
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    red = (210, 20, 30, 235)
    draw.ellipse((8, 8, size - 8, size - 8), outline=red, width=16)
    draw.ellipse((110, 110, size - 110, size - 110), outline=red, width=8)
    ring_font = ImageFont.truetype(str(FONT), 40)
    text = f"{parent} • {agency} • ".upper() if parent else f"{agency} • ".upper()
    radius = 205
    for index, letter in enumerate(text):
        angle = -math.pi / 2 + 2 * math.pi * index / len(text)
        glyph = Image.new("RGBA", (60, 60), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((30, 30), letter, font=ring_font, fill=red, anchor="mm")
        glyph = glyph.rotate(-math.degrees(angle) - 90, resample=Image.BICUBIC)
        x = size / 2 + radius * math.cos(angle) - 30
        y = size / 2 + radius * math.sin(angle) - 30
        image.alpha_composite(glyph, (int(x), int(y)))
    star = []
    for index in range(10):
        angle = -math.pi / 2 + math.pi * index / 5
        radius = 95 if index % 2 == 0 else 38
        star.append((size / 2 + radius * math.cos(angle), size / 2 + radius * math.sin(angle)))
    draw.polygon(star, fill=red)
    return _png(image)

"""The verification code every issued paper carries: random, printed as text and as a QR code.

A code is 12 characters of base32 (60 bits) drawn with `secrets`, assigned when the paper is
issued and before it is rendered, so the code and its QR are part of the bytes whose SHA-256
the register keeps. The QR holds the address of the public verification page
(settings.SITE_URL + /verify/<code>/); the page (awards.verification) says what the paper is
and whether it still holds, and nothing else. Codes are not sequential: one cannot be guessed
from another, and the page is rate-limited per address (core.limits.rate_limited).
"""

import secrets

import segno
from django.conf import settings
from django.urls import reverse

CODE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"  # RFC 4648 base32
CODE_LENGTH = 12


def new_code():
    """A fresh random code: 12 base32 characters, 60 bits."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(value):
    """A code as typed (lower case, spaces, dashes) in its stored form, or "" when it cannot be one."""
    code = "".join((value or "").split()).replace("-", "").upper()
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        return ""
    return code


def printed_code(code):
    """The code as printed for reading aloud or typing: ABCD-EFGH-IJKL."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def verification_url(code):
    """The address the QR holds: the site's address (settings.SITE_URL) and the page's path."""
    return f"{settings.SITE_URL.rstrip('/')}{reverse('verify', args=[code])}"


def qr_data_uri(text):
    """The QR code of `text` as an SVG data URI (vector, drawn by WeasyPrint; no network)."""
    return segno.make(text, error="m").svg_data_uri(border=0, scale=1, nl=False)


def verification_context(code):
    """What a document template prints for its code: the code, its address and the QR."""
    if not code:
        return None
    url = verification_url(code)
    return {"code": code, "printed_code": printed_code(code), "url": url, "qr": qr_data_uri(url)}

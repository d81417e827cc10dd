"""SoftHSM2 as the stand-in for a USB signing token: its configuration under var/, a token, a key put on it.

`manage.py softhsm_setup` (and scripts/softhsm-setup.sh) call `ensure_token`; the demo and
the tests call `import_key` to put a key and its certificate on the token, as a CA's
token arrives with them. SoftHSM2 reads SOFTHSM2_CONF (settings) when the library loads.
"""

import fcntl
import os
import re
import shutil
import subprocess
from pathlib import Path

import pkcs11
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from pkcs11 import Attribute, ObjectClass
from pkcs11.util.rsa import decode_rsa_private_key
from pkcs11.util.x509 import decode_x509_certificate

DEFAULT_TOKEN = "thidua"


class TokenUnavailable(Exception):
    """SoftHSM2 is not installed on this machine (Debian package softhsm2)."""


def available():
    return shutil.which("softhsm2-util") is not None and Path(settings.THIDUA_PKCS11_LIBRARY).exists()


def write_config():
    """SoftHSM2's configuration file and token directory, under var/softhsm/ (or SOFTHSM2_CONF's place)."""
    conf = Path(os.environ.get("SOFTHSM2_CONF") or settings.SOFTHSM2_CONF)
    tokens = conf.parent / "tokens"
    tokens.mkdir(parents=True, exist_ok=True)
    conf.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n")
    return conf


def _util(*args):
    conf = write_config()
    return subprocess.run(
        ["softhsm2-util", *args],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "SOFTHSM2_CONF": str(conf)},
    ).stdout


def ensure_token(label=DEFAULT_TOKEN, *, pin, so_pin):
    """The token with `label`, initialised when missing; returns its label."""
    if not available():
        raise TokenUnavailable("softhsm2 is not installed (apt-get install softhsm2)")
    conf = write_config()
    with open(conf.parent / "setup.lock", "w") as lock:  # two processes at once would make two tokens
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not re.search(rf"^\s*Label:\s+{re.escape(label)}\s*$", _util("--show-slots"), re.MULTILINE):
            _util("--init-token", "--free", "--label", label, "--pin", pin, "--so-pin", so_pin)
    return label


def import_key(issued, *, key_label, token=DEFAULT_TOKEN, pin):
    """Put an RSA key and its certificate on the token under `key_label` (replacing any with that label)."""
    lib = pkcs11.lib(settings.THIDUA_PKCS11_LIBRARY)
    with lib.get_token(token_label=token).open(user_pin=pin, rw=True) as session:
        for found in list(session.get_objects({Attribute.LABEL: key_label})):
            found.destroy()
        key_der = issued.key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()
        )
        attributes = decode_rsa_private_key(key_der)
        attributes.update(
            {
                Attribute.TOKEN: True,
                Attribute.LABEL: key_label,
                Attribute.ID: key_label.encode(),
                Attribute.SIGN: True,
                Attribute.PRIVATE: True,
                Attribute.SENSITIVE: True,
                Attribute.EXTRACTABLE: False,
            }
        )
        session.create_object(attributes)
        certificate = decode_x509_certificate(issued.der)
        certificate.update({Attribute.TOKEN: True, Attribute.LABEL: key_label, Attribute.ID: key_label.encode()})
        certificate[Attribute.CLASS] = ObjectClass.CERTIFICATE
        session.create_object(certificate)

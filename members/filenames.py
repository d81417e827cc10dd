"""The name a user's file is shown and downloaded under, made safe; never part of a stored path.

Evidence, nomination attachments and import spreadsheets are all stored under names of our own;
the user's name is kept apart (`original_name`) after passing through `clean_name`.
"""

import os
import secrets
import unicodedata


def clean_name(name):
    """The file's own name: no folders, no control characters, at most 255 characters."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cf", "Zl", "Zp"))
    name = " ".join(name.split()).rstrip(" .")
    if not name or name.startswith("."):  # nothing left, or only an ending: a hidden file on some systems
        name = "tep-dinh-kem" + name
    stem, ext = os.path.splitext(name)
    if len(name) > 255:
        name = stem[: 255 - len(ext)] + ext
    return name


def stored_name(name):
    """A random file name keeping only the (cleaned) ending, for a FileField's upload_to."""
    ext = os.path.splitext(clean_name(name))[1].lower()
    return secrets.token_hex(16) + (ext if ext.isascii() and len(ext) <= 8 else "")

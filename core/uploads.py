"""Uploaded files: what may be uploaded (type judged by content, size), the names they are kept under,
and attaching or detaching a file row so that no file outlives its row and no row its file.

Evidence, nomination attachments and import spreadsheets are all stored under names of our own;
the user's name is kept apart (`original_name`) after passing through `clean_name`.
"""

import contextlib
import os
import secrets
import unicodedata
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from filetype.types.document import Doc, Xls

DEFAULT_MAX_SIZE = 10 * 1024 * 1024
HEAD_BYTES = 8192  # as much as filetype's matchers look at

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
DOC = "application/msword"
XLS = "application/vnd.ms-excel"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# The content type each accepted file name ending must carry.
EXTENSIONS = {
    ".pdf": PDF,
    ".jpg": JPEG,
    ".jpeg": JPEG,
    ".png": PNG,
    ".doc": DOC,
    ".docx": DOCX,
    ".xls": XLS,
    ".xlsx": XLSX,
}
# What the main part of an Office Open XML package declares in [Content_Types].xml.
OOXML_MAIN = {
    DOCX: ("wordprocessingml.document.main+xml", "word/"),
    XLSX: ("spreadsheetml.sheet.main+xml", "xl/"),
}
ALLOWED_LABEL = "PDF, JPG, PNG, Word (.doc, .docx), Excel (.xls, .xlsx)"
ACCEPT_ATTR = ",".join(EXTENSIONS)


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


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    size: int


def max_size():
    return getattr(settings, "EVIDENCE_MAX_SIZE", DEFAULT_MAX_SIZE)


def sniff(head, fileobj):
    """The content type the bytes really have, or None when they are none of ours."""
    if head.startswith(b"PK\x03\x04"):
        return _ooxml_type(fileobj)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # an OLE container: old Word or Excel, or else
        for matcher, mime in ((Doc(), DOC), (Xls(), XLS)):
            if matcher.match(bytearray(head)):
                return mime
        return None
    kind = filetype.guess(head)
    if kind is not None and kind.mime in (PDF, JPEG, PNG):
        return kind.mime
    return None


def _ooxml_type(fileobj):
    # A .docx or .xlsx is a zip: its [Content_Types].xml says what the main part is.
    fileobj.seek(0)
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = archive.namelist()
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > 1024 * 1024:
                return None
            declared = archive.read(info).decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, NotImplementedError):
        # A broken archive, one without [Content_Types].xml, or one packed with a compression
        # method zipfile cannot read (it raises NotImplementedError): not a Word or Excel file.
        return None
    for mime, (marker, folder) in OOXML_MAIN.items():
        if marker in declared and any(n.startswith(folder) for n in names):
            return mime
    return None


def inspect(uploaded_file):
    """Check an upload and return its clean name, real type and size; refusals are ValidationErrors."""
    name = clean_name(getattr(uploaded_file, "name", ""))
    ext = os.path.splitext(name)[1].lower()
    size = uploaded_file.size
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > max_size():
        raise ValidationError(
            _("The file is %(size)s; a file may be at most %(max)s.")
            % {"size": filesizeformat(size), "max": filesizeformat(max_size())},
            code="too_large",
        )
    if ext not in EXTENSIONS:
        raise ValidationError(
            _("Files of this kind are not accepted. Upload %(allowed)s.") % {"allowed": ALLOWED_LABEL},
            code="extension",
        )
    uploaded_file.seek(0)
    head = uploaded_file.read(HEAD_BYTES)
    try:
        actual = sniff(head, uploaded_file)
    finally:
        uploaded_file.seek(0)
    if actual != EXTENSIONS[ext]:
        raise ValidationError(
            _("The content of “%(name)s” is not a real %(ext)s file. Upload %(allowed)s.")
            % {"name": name, "ext": ext.lstrip(".").upper(), "allowed": ALLOWED_LABEL},
            code="content",
        )
    return CheckedFile(name=name, content_type=actual, size=size)


def attach(row_class, uploaded_file, **fields):
    """Check an upload and save it as a new `row_class` row (file, original_name, content_type, size).

    The file is written before the row: a row that fails to save leaves no file behind.
    """
    checked = inspect(uploaded_file)
    item = row_class(
        file=uploaded_file,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        **fields,
    )
    try:
        item.save()
    except Exception:
        if item.file.name:
            item.file.storage.delete(item.file.name)
        raise
    return item


def detach(item):
    """Delete a file row; the file itself goes once the transaction commits (a rollback keeps both)."""
    name, storage = item.file.name, item.file.storage
    item.delete()
    transaction.on_commit(lambda: storage.delete(name))


class FileSwap:
    """Files replaced inside a transaction, kept in step with it (see `file_swap`)."""

    def __init__(self):
        self.written = []

    def save(self, field_file, name, content):
        """Write `content` as the new file of `field_file` (not saving its row); the file it
        replaces is deleted once the transaction commits."""
        old = field_file.name
        field_file.save(name, content, save=False)
        self.written.append((field_file.storage, field_file.name))
        if old and old != field_file.name:  # a storage that overwrites kept the name: nothing to delete
            storage = field_file.storage
            transaction.on_commit(lambda: storage.delete(old))


@contextlib.contextmanager
def file_swap():
    """`with file_swap() as swap, transaction.atomic(): ... swap.save(row.pdf, name, content)`:
    the new files are deleted when the block fails (nothing points at them then), and the
    files they replace only after the commit (a rolled-back row still points at the old one)."""
    swap = FileSwap()
    try:
        yield swap
    except BaseException:
        for storage, name in swap.written:
            storage.delete(name)
        raise

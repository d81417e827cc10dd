"""PAdES signatures on issued PDFs with pyHanko, drawn as Decree 30/2020 Appendix I shows them.

Pure functions on bytes; the models and who may sign live in documents.signatures.

- The signer's signature (`SIGNER`): the image of the handwritten signature (blue, PNG with a
  transparent background) centred in the signing space between the title and the name.
- The organization's signature (`ORGANIZATION`): the image of the seal (red, actual size)
  over about a third of the signer's signature on the left, with a box giving the agency's
  name and the signing time (ISO 8601, Vietnam's time zone).

Each signature is an incremental update: the bytes signed before stay as they were, so the
first signature still validates after the second. The appearances are small PDF/A pages
rendered by WeasyPrint with the shipped Tinos font, so a signed document stays PDF/A-2b.
Templates mark the signing space with an empty `<div id="signing-space">` (60 mm wide);
WeasyPrint writes it as a named destination, which gives its page and position.
"""

import asyncio
import base64
import concurrent.futures
import datetime as dt
import io
import logging
import os
import tempfile
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from asn1crypto import cms
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.signers.pdf_byterange import PreparedByteRangeDigest
from pyhanko.sign.signers.pdf_signer import PdfTBSDocument
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.stamp import StaticStampStyle
from pyhanko_certvalidator import ValidationContext

SIGNER = "signer"
ORGANIZATION = "organization"
FIELD_NAMES = {SIGNER: "ChuKyNguoiKy", ORGANIZATION: "ChuKyCoQuan"}
ANCHOR = "signing-space"
NAME_ANCHOR = "signing-name"
MM = 72 / 25.4
SPACE_WIDTH = 60 * MM  # the width of the signing space the templates leave (see base_document.html)
SPACE_HEIGHT = 70  # pt between the title and the name
INFO_BOX = (150, 26)  # pt: the organization's info box under the name
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
DIGEST = "sha256"
RESERVED_BYTES = 16384  # room for the CMS of an outside signer (certificate chain included)


class SigningError(Exception):
    """The PDF cannot be signed as asked (no signing space, a signature already there…)."""


def to_asn1(certificate_der):
    return asn1_x509.Certificate.load(certificate_der)


def signing_time_text(when):
    """As the info box prints it: 2022-02-25T14:00:00+07:00."""
    return when.astimezone(VIETNAM).replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class Placement:
    page: int  # 0-based
    signer_box: tuple  # (x1, y1, x2, y2) in PDF points
    seal_box: tuple


def _destinations(reader):
    """{name: (page index, left, top)} of the PDF's named destinations (WeasyPrint writes one per id)."""
    try:
        names = reader.root["/Names"]["/Dests"]["/Names"]
    except KeyError:
        return {}
    pages = [ref.idnum for ref in _page_refs(reader)]
    found = {}
    for index in range(0, len(names), 2):
        dest = names[index + 1]
        if hasattr(dest, "keys") and "/D" in dest:
            dest = dest["/D"]
        page_ref = dest.raw_get(0) if hasattr(dest, "raw_get") else dest[0]
        if getattr(page_ref, "idnum", None) in pages:
            found[str(names[index])] = (pages.index(page_ref.idnum), float(dest[2]), float(dest[3]))
    return found


def placement(pdf_bytes, *, seal_diameter_mm=36):
    """Where the two signatures go: between the `signing-space` and `signing-name` marks of the template.

    A document without the marks gets them in the signature corner of its last page.
    """
    reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
    marks = _destinations(reader)
    if ANCHOR in marks:
        page_index, left, top = marks[ANCHOR]
        name = marks.get(NAME_ANCHOR)
        height = top - name[2] if name and name[0] == page_index and 20 < top - name[2] < 120 else SPACE_HEIGHT
    else:
        page_index = len(_page_refs(reader)) - 1
        left, top, height = 595 - 57 - 40 - SPACE_WIDTH, 842 * 0.3, SPACE_HEIGHT
    signer_box = (left, top - height, left + SPACE_WIDTH, top)
    diameter = seal_diameter_mm * MM
    seal_left = left + SPACE_WIDTH / 3 - diameter
    middle = top - height / 2
    info_bottom = top - height - 20 - INFO_BOX[1]
    seal_box = (seal_left, info_bottom, seal_left + max(diameter, INFO_BOX[0]), middle + diameter / 2)
    return Placement(page_index, tuple(round(v, 2) for v in signer_box), tuple(round(v, 2) for v in seal_box))


def _page_refs(reader):
    """References of the pages, in order."""
    return [reader.find_page_for_modification(i)[0] for i in range(int(reader.root["/Pages"]["/Count"]))]


def _data_uri(png):
    return "data:image/png;base64," + base64.b64encode(png).decode()


def appearance_html(role, box, *, image, agency="", when=None, seal_diameter_mm=36):
    """The HTML of a signature's appearance, a page the size of its box."""
    width, height = box[2] - box[0], box[3] - box[1]
    page = f"@page {{ size: {width:.2f}pt {height:.2f}pt; margin: 0 }} body {{ margin: 0; }}"
    if role == SIGNER:
        body = (
            f'<img src="{_data_uri(image)}" style="display:block; margin: 0 auto; '
            f'max-width:{width:.2f}pt; max-height:{height:.2f}pt; object-fit: contain; height:{height:.2f}pt">'
        )
    else:
        diameter = seal_diameter_mm * MM
        info_w, info_h = INFO_BOX
        body = (
            f'<img src="{_data_uri(image)}" style="position:absolute; left:0; top:0; '
            f'width:{diameter:.2f}pt; height:{diameter:.2f}pt">'
            f'<div style="position:absolute; left:0; bottom:0; width:{info_w - 6:.2f}pt; height:{info_h - 4:.2f}pt; '
            "border: 0.6pt solid #c00000; padding: 1pt 2pt; font: 6.5pt/1.2 Tinos; color: #c00000; "
            f'background: white">Ký bởi: {agency}<br>Thời gian ký: {signing_time_text(when)}</div>'
        )
    return f'<html><head><meta charset="utf-8"><style>{page}</style></head><body>{body}</body></html>'


def _stamp_style(appearance_pdf):
    handle = tempfile.NamedTemporaryFile(suffix=".pdf", delete=False)  # pyHanko imports the page from a file
    handle.write(appearance_pdf)
    handle.close()
    return StaticStampStyle.from_pdf_file(handle.name, border_width=0), handle.name


@dataclass
class SignRequest:
    """What one signature is: its role, the box it is drawn in and its appearance (PDF page bytes)."""

    role: str
    page: int
    box: tuple
    appearance_pdf: bytes
    name: str = ""
    location: str = ""
    reason: str = ""
    extra: dict = field(default_factory=dict)


def _pdf_signer(request, signer):
    style, path = _stamp_style(request.appearance_pdf)
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAMES[request.role],
        md_algorithm=DIGEST,
        subfilter=fields.SigSeedSubFilter.PADES,
        name=request.name or None,
        location=request.location or None,
        reason=request.reason or None,
    )
    spec = fields.SigFieldSpec(
        sig_field_name=FIELD_NAMES[request.role],
        on_page=request.page,
        box=request.box,
    )
    pdf_signer = signers.PdfSigner(meta, signer=signer, stamp_style=style, new_field_spec=spec)
    return pdf_signer, path


def _writer(pdf_bytes, role):
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes), strict=False)
    present = {name for name, _value, _ref in fields.enumerate_sig_fields(writer.prev)}
    if FIELD_NAMES[role] in present:
        raise SigningError(f"already signed as {role}")
    return writer


def _outside_any_loop(function, *args, **kwargs):
    """Call pyHanko's synchronous API, which runs its own event loop (asyncio.run): where this thread
    already runs one (an ASGI server, a browser-test library), in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args, **kwargs).result()


def sign_pdf(pdf_bytes, request, signer):
    """The PDF with one more signature (an incremental update), signed by a pyHanko Signer."""
    writer = _writer(pdf_bytes, request.role)
    pdf_signer, path = _pdf_signer(request, signer)
    try:
        out = _outside_any_loop(pdf_signer.sign_pdf, writer)
    finally:
        os.unlink(path)
    return out.getvalue()


@dataclass(frozen=True)
class Prepared:
    """A document made ready for an outside signer: its bytes and the digest the signer signs."""

    pdf: bytes
    digest: bytes
    start: int
    end: int


class _ExternalSigner(signers.ExternalSigner):
    pass


def prepare_external(pdf_bytes, request, certificate_der):
    """Hash-then-sign, step one: the document with an empty signature and the digest of its byte range."""
    cert = to_asn1(certificate_der)
    external = signers.ExternalSigner(
        signing_cert=cert, cert_registry=None, signature_value=bytes(256), prefer_pss=False
    )
    writer = _writer(pdf_bytes, request.role)
    pdf_signer, path = _pdf_signer(request, external)
    try:
        prepared, _tbs, output = _outside_any_loop(
            asyncio.run, pdf_signer.async_digest_doc_for_signing(writer, bytes_reserved=RESERVED_BYTES)
        )
    finally:
        os.unlink(path)
    return Prepared(
        output.getvalue(), prepared.document_digest, prepared.reserved_region_start, prepared.reserved_region_end
    )


def finish_external(prepared, cms_bytes):
    """Hash-then-sign, step two: the outside signer's CMS (DER) embedded in the prepared document."""
    try:
        content = cms.ContentInfo.load(cms_bytes)
        content.native  # noqa: B018 — parse it all now: a broken CMS fails here, not in the PDF
        attributes = content["content"]["signer_infos"][0]["signed_attrs"]
        digests = [a["values"][0].native for a in attributes if a["type"].native == "message_digest"]
    except Exception as error:  # anything that is not a CMS SignedData with signed attributes
        raise SigningError("not a CMS signature") from error
    if len(cms_bytes) * 2 > prepared.end - prepared.start - 2:
        raise SigningError("the signature is larger than the room reserved for it")
    if digests != [prepared.digest]:
        raise SigningError("the signature is not of this document's digest")
    output = io.BytesIO(prepared.pdf)
    PdfTBSDocument.finish_signing(
        output, PreparedByteRangeDigest(prepared.digest, prepared.start, prepared.end), content
    )
    return output.getvalue()


# --- validation -------------------------------------------------------------------------


@dataclass
class SignatureCheck:
    """What the validator says of one embedded signature."""

    field: str
    intact: bool
    valid: bool
    trusted: bool
    signer_subject: str
    signer_serial: str
    signing_time: dt.datetime | None
    covers_whole_file: bool
    modification: str
    problem: str = ""

    @property
    def ok(self):
        return self.intact and self.valid and self.trusted


def validation_context(trust_roots_der):
    roots = [to_asn1(der) for der in trust_roots_der]
    return ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")


def validate(pdf_bytes, trust_roots_der):
    """Each embedded signature, checked: intact, valid, trusted by the given roots, and its signing time.

    A file that cannot be read as a PDF gives one failed check with the reason.
    """
    try:
        reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as error:  # a damaged file is reported, not raised
        return [SignatureCheck("", False, False, False, "", "", None, False, "", problem=str(error) or "unreadable")]
    checks = []
    quiet = logging.getLogger("pyhanko")  # an untrusted chain is our verdict, not a traceback in the log
    level, quiet.level = quiet.level, logging.CRITICAL
    try:
        for signature in embedded:
            checks.append(_check(signature, trust_roots_der))
    finally:
        quiet.level = level
    return checks


def _check(signature, trust_roots_der):
    """What the validator says of one embedded signature; a signature it cannot read is a broken one."""
    try:
        status = _outside_any_loop(
            validate_pdf_signature, signature, signer_validation_context=validation_context(trust_roots_der)
        )
    except Exception as error:
        return SignatureCheck(
            signature.field_name, False, False, False, "", "", None, False, "", problem=str(error) or "invalid"
        )
    cert = status.signing_cert
    return SignatureCheck(
        field=signature.field_name,
        intact=bool(status.intact),
        valid=bool(status.valid),
        trusted=bool(status.trusted),
        signer_subject=cert.subject.human_friendly if cert else "",
        signer_serial=format(cert.serial_number, "x") if cert else "",
        signing_time=status.signer_reported_dt,
        covers_whole_file=status.coverage.name == "ENTIRE_FILE",
        modification=status.modification_level.name if status.modification_level else "",
    )

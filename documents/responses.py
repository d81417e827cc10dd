"""How every app hands a PDF to the browser: a rendered draft inline, or an issued file as stored."""

from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from .signatures import latest_signature


def pdf_response(data, filename, *, inline=True):
    """Rendered PDF bytes (a draft, a batch of certificates); never cached, never sniffed.

    The name may hold Vietnamese letters (QĐ): the header carries it in RFC 6266 form, or
    browsers no longer see an attachment.
    """
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def issued_file_response(document):
    """An issued document's stored PDF, byte for byte, as an attachment named after its number:
    its newest signed version once signed (documents.signatures), else the original as issued."""
    latest = latest_signature(document)
    stored = latest.file if latest else document.file
    try:
        handle = stored.storage.open(stored.name, "rb")
    except (FileNotFoundError, ValueError) as missing:
        raise Http404(_("The file of this document is missing.")) from missing
    response = FileResponse(handle, as_attachment=True, filename=document.download_name, content_type="application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    return response

"""Numbers taken at the same moment by several requests: all distinct, none skipped (PostgreSQL only)."""

import threading
import time

import pytest
from django.db import connection
from factories import SignerFactory

from documents import services
from documents.models import IssuedDocument

THREADS = 8


@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_get_distinct_contiguous_numbers(office_user, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every writer, so there is no race to test")
    issuer = SignerFactory().issuing_body

    def slow_render(template_name, context, *, draft=False):
        time.sleep(0.05)  # hold the number while "rendering", as WeasyPrint would
        return f"%PDF-1.7 {context['reference']}".encode()

    monkeypatch.setattr(services, "render_document", slow_render)
    start = threading.Barrier(THREADS)
    errors = []

    def issue_one(i):
        try:
            start.wait()
            services.issue_document(
                template_name="documents/sample_notice.html",
                context={},
                type_symbol="KH",
                issued_on=issuer.valid_from.replace(year=2021),
                subject=f"Văn bản đồng thời {i}",
                by=office_user,
                issuer=issuer,
            )
        except Exception as error:  # reported below: an assertion in a thread would be lost
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue_one, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    numbers = sorted(IssuedDocument.objects.values_list("number", flat=True))
    assert (errors, numbers) == ([], list(range(1, THREADS + 1)))

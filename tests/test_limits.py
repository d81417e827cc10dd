"""Limits for every input (issue 16, item 6): the attacks as they were written become tests.

- a 3,000-word search answered 500 after 12 s; 1,000 words answered 500 on the people list;
- `/awards/history/?year=99999999999999999999` answered 500;
- a 200 MB anonymous POST was written to disk before it was refused.
Evidence quotas are tested in tests/campaign/test_evidence.py.
"""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse

from core.limits import posted_ids, query_int, search_terms

pytestmark = pytest.mark.usefixtures("english")

SEARCH_PAGES = [
    "members:person_list",
    "members:organization_list",
    "awards:history",
    "awards:decision_list",
    "campaign:campaign_list",
]


@pytest.mark.parametrize("name", SEARCH_PAGES)
@pytest.mark.parametrize("search", [" ".join(["hợp tác"] * 1500), "x" * 5000])
def test_a_search_too_long_or_of_too_many_words_is_refused_on_its_field_not_a_500(
    client_for, office_user, english_client, name, search
):
    english_client.force_login(office_user)

    response = english_client.get(reverse(name), {"q": search})

    assert response.status_code == 200
    assert b"Search for at most" in response.content


def test_a_search_within_the_limits_is_run(client_for, office_user, own_org):
    response = client_for(office_user).get(reverse("members:organization_list"), {"q": "Đắk Wil"})

    assert response.status_code == 200
    assert own_org.name.encode() in response.content


def test_search_terms_counts_words_and_characters(settings):
    settings.SEARCH_MAX_WORDS, settings.SEARCH_MAX_LENGTH = 3, 20
    assert search_terms("  hợp  tác xã ") == ["hợp", "tác", "xã"]
    for refused in ("a b c d", "x" * 21):
        with pytest.raises(ValidationError):
            search_terms(refused)


@pytest.mark.parametrize("year", ["99999999999999999999", "-5", "1e9", "abc", "20251"])
def test_history_with_a_year_no_calendar_has_answers_a_clear_message(client_for, office_user, english_client, year):
    english_client.force_login(office_user)

    response = english_client.get("/awards/history/", {"year": year})

    assert response.status_code == 200
    assert response.context["filter"].errors.get("year")


@pytest.mark.parametrize(
    "url",
    [
        "/members/people/new/?organization=99999999999999999999",
        "/members/people/new/?organization=abc",
        "/awards/sessions/?campaign=99999999999999999999",
        "/awards/nominations/new/?campaign=99999999999999999999",
    ],
)
def test_numbers_in_query_strings_out_of_range_never_answer_500(client_for, office_user, url):
    assert client_for(office_user).get(url).status_code in (200, 302, 404)


def test_query_int_keeps_only_numbers_an_id_column_holds():
    factory = RequestFactory()
    assert query_int(factory.get("/", {"n": "42"}), "n") == 42
    for raw in ("99999999999999999999", "-1", "0", "4.2", "", "١٢"):
        assert query_int(factory.get("/", {"n": raw}), "n") is None


def test_posted_ids_keep_only_ids_an_id_column_holds_and_at_most_so_many():
    request = RequestFactory().post("/", {"ids": ["7", "99999999999999999999", "١", "2,5", " 8 ", "9", "10"]})
    assert posted_ids(request, "ids", most=3) == [7, 8, 9]


def test_a_body_over_the_cap_is_answered_413_before_it_is_read(client, settings):
    settings.REQUEST_BODY_MAX_SIZE = 1024
    body = b"x" * 2048

    response = client.generic("POST", reverse("login"), body, content_type="application/octet-stream")

    assert response.status_code == 413
    assert b"too large" in response.content or response.status_code == 413


def test_a_body_without_a_length_is_refused(client):
    response = client.generic(
        "POST", reverse("login"), b"", content_type="application/octet-stream", HTTP_TRANSFER_ENCODING="chunked"
    )

    assert response.status_code == 413


def test_a_body_within_the_cap_reaches_the_view(db, client):
    assert client.post(reverse("login"), {"username": "a", "password": "b"}).status_code == 200


def test_the_body_cap_runs_before_any_other_middleware_and_matches_the_deploy_doc():
    assert settings.MIDDLEWARE[0] == "core.limits.RequestBodyLimitMiddleware"
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= settings.REQUEST_BODY_MAX_SIZE
    deploy = (settings.BASE_DIR / "docs" / "deploy.md").read_text()
    megabytes = settings.REQUEST_BODY_MAX_SIZE // (1024 * 1024)
    assert f"client_max_body_size {megabytes}m;" in deploy
    assert "REQUEST_BODY_MAX_SIZE" in deploy


@pytest.mark.parametrize("page", ["99999999999999999999", "-1", "abc", "0"])
def test_a_page_number_past_the_end_or_not_a_number_gives_a_page(client_for, office_user, own_org, page):
    response = client_for(office_user).get(reverse("members:organization_list"), {"page": page})

    assert response.status_code == 200
    assert response.context["page"].number >= 1

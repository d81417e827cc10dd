"""Status words: every status has its Vietnamese wording in the catalogue, and the progress
report (PDF and annex) says a status in the same word as the screen — the model's TextChoices
label in the document's language, not a word restated by hand."""

import pytest
from django.db import models
from django.utils import translation
from pdf_reading import page_texts
from report_builders import build_report_case

from awards.models import NominationStatus
from campaign.models import Submission, SubmissionStatus
from members.models import OperatingStatus, Organization
from reports import document
from reports.annex import sheets
from reports.figures import compute_figures
from reports.models import Report

APPS = ("members", "campaign", "awards", "reports", "documents", "core", "ops")


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


# Every status of the project, those the documents word first among them.
STATUS_CHOICES = sorted(
    {
        choices
        for choices in _subclasses(models.TextChoices)
        if choices.__name__.endswith("Status") and choices.__module__.split(".")[0] in APPS
    },
    key=lambda choices: f"{choices.__module__}.{choices.__name__}",
)
STATUS_LABELS = [
    pytest.param(choices, value, id=f"{choices.__name__}.{value}")
    for choices in STATUS_CHOICES
    for value in choices.values
]


def test_the_statuses_of_the_documents_are_among_those_checked():
    assert {OperatingStatus, SubmissionStatus, NominationStatus} <= set(STATUS_CHOICES)


@pytest.mark.parametrize(("choices", "value"), STATUS_LABELS)
def test_every_status_has_its_vietnamese_wording(choices, value):
    label = choices(value).label
    with translation.override("en"):
        source = str(label)
    with translation.override("vi"):
        vietnamese = str(label)

    assert vietnamese.strip() and vietnamese != source, f"{choices.__name__}.{value}: no Vietnamese for {source!r}"


def _screen(model, value):
    """The word the pages show for a status: the model's display in Vietnamese."""
    with translation.override("vi"):
        return model(status=value).get_status_display()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_report_words_each_status_as_the_screen_does_whatever_the_language_of_the_request(language):
    with translation.override(language):
        words = document.labels()

    assert words["status"] == {value: _screen(Organization, value) for value in OperatingStatus.values}
    assert {value: words["submission_detail"][value] for value in SubmissionStatus.values} == {
        value: _screen(Submission, value) for value in SubmissionStatus.values
    }


def test_the_report_words_a_draft_submission_as_the_screen_does_not_as_it_did_by_hand():
    # "Đang soạn, chưa gửi" was the report's own word for what every page calls "Dự thảo".
    assert document.labels()["submission_detail"]["draft"] == _screen(Submission, SubmissionStatus.DRAFT)


@pytest.fixture
def report(db):
    case = build_report_case()
    report = Report.objects.create(campaign=case.campaign, period=case.period)
    report.figures = compute_figures(case.campaign, case.period)
    report.save()
    return report


def test_the_pdf_says_a_change_of_operating_status_in_the_screen_words(report):
    text = " ".join(" ".join(page_texts(document.render_draft(report))).split())

    active, suspended = _screen(Organization, "active"), _screen(Organization, "suspended")
    assert f"từ “{active.lower()}” chuyển sang “{suspended.lower()}”" in text  # HTX Hưng, suspended in November


def test_the_annex_words_a_unit_that_sent_nothing_as_the_dashboard_does(report):
    (missing,) = [rows for name, _title, _columns, rows in sheets(report) if name == "Chưa nộp"]
    with translation.override("vi"):
        not_started = translation.gettext("Not started")

    assert [row[-1] for row in missing] == [not_started]

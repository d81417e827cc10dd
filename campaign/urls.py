"""Addresses of campaigns, under /campaigns/."""

from django.urls import path

from .views import rankings, submissions

app_name = "campaign"

urlpatterns = [
    # Submissions: the unit's periods and report form, the office's queue and review.
    path("<int:pk>/my-submissions/", submissions.my_submissions, name="my_submissions"),
    path("<int:pk>/submissions/", submissions.submission_queue, name="submission_queue"),
    path("periods/<int:pk>/start/", submissions.submission_start, name="submission_start"),
    path("submissions/<int:pk>/", submissions.submission_detail, name="submission_detail"),
    path("submissions/<int:pk>/edit/", submissions.submission_edit, name="submission_edit"),
    path("submissions/<int:pk>/submit/", submissions.submission_submit, name="submission_submit"),
    path("submissions/<int:pk>/verify/", submissions.submission_verify, name="submission_verify"),
    path("submissions/<int:pk>/return/", submissions.submission_return, name="submission_return"),
    path("submissions/<int:pk>/reopen/", submissions.submission_reopen, name="submission_reopen"),
    path("evidence/<int:pk>/", submissions.evidence_download, name="evidence_download"),
    # rankings, scorecards and violations (campaign/views/rankings.py)
    path("<int:pk>/rankings/", rankings.rankings, name="rankings"),
    path("<int:pk>/units/<int:org_pk>/", rankings.scorecard, name="scorecard"),
    path("<int:pk>/violations/", rankings.violation_list, name="violation_list"),
    path("<int:pk>/violations/new/", rankings.violation_create, name="violation_create"),
    path("violations/<int:pk>/edit/", rankings.violation_edit, name="violation_edit"),
    path("violations/<int:pk>/delete/", rankings.violation_delete, name="violation_delete"),
]

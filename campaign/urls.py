"""Addresses of campaigns, under /campaigns/."""

from django.urls import path

from .views import rankings

app_name = "campaign"

urlpatterns = [
    # rankings, scorecards and violations (campaign/views/rankings.py)
    path("<int:pk>/rankings/", rankings.rankings, name="rankings"),
    path("<int:pk>/units/<int:org_pk>/", rankings.scorecard, name="scorecard"),
    path("<int:pk>/violations/", rankings.violation_list, name="violation_list"),
    path("<int:pk>/violations/new/", rankings.violation_create, name="violation_create"),
    path("violations/<int:pk>/edit/", rankings.violation_edit, name="violation_edit"),
    path("violations/<int:pk>/delete/", rankings.violation_delete, name="violation_delete"),
]

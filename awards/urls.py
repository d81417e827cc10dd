"""Addresses of the awards app, under /awards/."""

from django.urls import path

from .views import council, parameters

app_name = "awards"

urlpatterns = [
    path("parameters/", parameters.parameter_list, name="parameter_list"),
    path("parameters/calculator/", parameters.calculator, name="calculator"),
    path("parameters/values/<int:pk>/edit/", parameters.value_edit, name="value_edit"),
    path("parameters/values/<int:pk>/delete/", parameters.value_delete, name="value_delete"),
    path("parameters/<slug:key>/", parameters.parameter_detail, name="parameter_detail"),
    path("parameters/<slug:key>/new/", parameters.value_create, name="value_create"),
    # Council sessions, votes and minutes (views/council.py)
    path("sessions/", council.session_list, name="session_list"),
    path("sessions/new/", council.session_create, name="session_create"),
    path("sessions/<int:pk>/", council.session_detail, name="session_detail"),
    path("sessions/<int:pk>/edit/", council.session_edit, name="session_edit"),
    path("sessions/<int:pk>/agenda/", council.session_agenda, name="session_agenda"),
    path("sessions/<int:pk>/vote/", council.session_vote, name="session_vote"),
    path("sessions/<int:pk>/close/", council.session_close, name="session_close"),
    path("sessions/<int:pk>/minutes/preview/", council.minutes_preview, name="minutes_preview"),
    path("sessions/<int:pk>/minutes/", council.minutes_download, name="minutes_download"),
    # The leadership's shortlist of a campaign
    path("shortlist/<int:pk>/", council.shortlist, name="shortlist"),
    path("shortlist/<int:pk>/approve-all/", council.shortlist_approve_all, name="shortlist_approve_all"),
    path("shortlist/nominations/<int:pk>/approve/", council.nomination_approve, name="nomination_approve"),
    path("shortlist/nominations/<int:pk>/reject/", council.nomination_reject, name="nomination_reject"),
]

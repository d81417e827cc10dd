"""Addresses of the awards app, under /awards/."""

from django.urls import path

from .views import blanks, council, decisions, honor, nominations, parameters

app_name = "awards"

urlpatterns = [
    path("parameters/", parameters.parameter_list, name="parameter_list"),
    path("parameters/calculator/", parameters.calculator, name="calculator"),
    path("parameters/values/<int:pk>/edit/", parameters.value_edit, name="value_edit"),
    path("parameters/values/<int:pk>/delete/", parameters.value_delete, name="value_delete"),
    path("parameters/<slug:key>/", parameters.parameter_detail, name="parameter_detail"),
    path("parameters/<slug:key>/new/", parameters.value_create, name="value_create"),
    # Award types, households, initiatives and nominations (views/nominations.py).
    path("types/", nominations.award_type_list, name="award_type_list"),
    path("types/new/", nominations.award_type_create, name="award_type_create"),
    path("types/defaults/", nominations.award_type_defaults, name="award_type_defaults"),
    path("types/<int:pk>/edit/", nominations.award_type_edit, name="award_type_edit"),
    path("households/", nominations.household_list, name="household_list"),
    path("households/new/", nominations.household_create, name="household_create"),
    path("households/<int:pk>/edit/", nominations.household_edit, name="household_edit"),
    path("initiatives/", nominations.initiative_list, name="initiative_list"),
    path("initiatives/new/", nominations.initiative_create, name="initiative_create"),
    path("initiatives/<int:pk>/edit/", nominations.initiative_edit, name="initiative_edit"),
    path("nominations/", nominations.nomination_list, name="nomination_list"),
    path("nominations/new/", nominations.nomination_create, name="nomination_create"),
    path("nominations/<int:pk>/", nominations.nomination_detail, name="nomination_detail"),
    path("nominations/<int:pk>/edit/", nominations.nomination_edit, name="nomination_edit"),
    path("nominations/<int:pk>/submit/", nominations.nomination_submit, name="nomination_submit"),
    path("nominations/<int:pk>/check/", nominations.nomination_check, name="nomination_check"),
    path("nominations/<int:pk>/withdraw/", nominations.nomination_withdraw, name="nomination_withdraw"),
    path("nominations/files/<int:pk>/", nominations.attachment_download, name="attachment_download"),
    path("nominations/files/<int:pk>/delete/", nominations.attachment_delete, name="attachment_delete"),
    # Council sessions, votes and minutes (views/council.py)
    path("sessions/", council.session_list, name="session_list"),
    path("sessions/new/", council.session_create, name="session_create"),
    path("sessions/<int:pk>/", council.session_detail, name="session_detail"),
    path("sessions/<int:pk>/edit/", council.session_edit, name="session_edit"),
    path("sessions/<int:pk>/agenda/", council.session_agenda, name="session_agenda"),
    path("sessions/<int:pk>/vote/", council.session_vote, name="session_vote"),
    path("sessions/<int:pk>/close/", council.session_close, name="session_close"),
    path("sessions/<int:pk>/withdraw/", council.session_withdraw, name="session_withdraw"),
    path("sessions/<int:pk>/minutes/preview/", council.minutes_preview, name="minutes_preview"),
    path("sessions/<int:pk>/minutes/", council.minutes_download, name="minutes_download"),
    # The leadership's shortlist of a campaign
    path("shortlist/<int:pk>/", council.shortlist, name="shortlist"),
    path("shortlist/<int:pk>/approve-all/", council.shortlist_approve_all, name="shortlist_approve_all"),
    path("shortlist/nominations/<int:pk>/approve/", council.nomination_approve, name="nomination_approve"),
    path("shortlist/nominations/<int:pk>/reject/", council.nomination_reject, name="nomination_reject"),
    # Decisions and proposals (awards/views/decisions.py)
    path("decisions/", decisions.decision_list, name="decision_list"),
    path("decisions/prepare/<slug:kind>/", decisions.decision_prepare, name="decision_prepare"),
    path("decisions/<int:pk>/", decisions.decision_detail, name="decision_detail"),
    path("decisions/<int:pk>/preview/", decisions.decision_preview, name="decision_preview"),
    path("decisions/<int:pk>/approve/", decisions.decision_approve, name="decision_approve"),
    path("decisions/<int:pk>/issue/", decisions.decision_issue, name="decision_issue"),
    path("decisions/<int:pk>/amend/<slug:kind>/", decisions.amendment_prepare, name="amendment_prepare"),
    path("decisions/<int:pk>/discard/", decisions.decision_discard, name="decision_discard"),
    path("decisions/<int:pk>/download/", decisions.decision_download, name="decision_download"),
    path("decisions/<int:pk>/certificates/", decisions.decision_certificates, name="decision_certificates"),
    path("certificates/<int:pk>/", decisions.certificate_job, name="certificate_job"),
    path("certificates/<int:pk>/progress/", decisions.certificate_job_progress, name="certificate_job_progress"),
    path("certificates/<int:pk>/download/", decisions.certificate_job_download, name="certificate_job_download"),
    path("history/", decisions.history, name="history"),
    # Printing certificates on pre-printed blanks (awards/views/blanks.py)
    path("blanks/", blanks.blank_list, name="blank_list"),
    path("blanks/new/", blanks.blank_create, name="blank_create"),
    path("blanks/<int:pk>/edit/", blanks.blank_edit, name="blank_edit"),
    path("blanks/<int:pk>/calibration/", blanks.blank_calibration, name="blank_calibration"),
    path("blanks/printers/new/", blanks.printer_create, name="printer_create"),
    path("blanks/printers/<int:pk>/edit/", blanks.printer_edit, name="printer_edit"),
    path("decisions/<int:pk>/blanks/", blanks.decision_blanks, name="decision_blanks"),
    # Exemplary examples, written and published by the office (awards/views/honor.py)
    path("examples/", honor.example_list, name="example_list"),
    path("examples/new/", honor.example_create, name="example_create"),
    path("examples/<int:pk>/edit/", honor.example_edit, name="example_edit"),
    path("examples/<int:pk>/publish/", honor.example_publish, name="example_publish"),
    path("examples/<int:pk>/unpublish/", honor.example_unpublish, name="example_unpublish"),
]

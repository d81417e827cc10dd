"""Addresses of the awards app, under /awards/."""

from django.urls import path

from .views import decisions, honor, parameters

app_name = "awards"

urlpatterns = [
    path("parameters/", parameters.parameter_list, name="parameter_list"),
    path("parameters/calculator/", parameters.calculator, name="calculator"),
    path("parameters/values/<int:pk>/edit/", parameters.value_edit, name="value_edit"),
    path("parameters/values/<int:pk>/delete/", parameters.value_delete, name="value_delete"),
    path("parameters/<slug:key>/", parameters.parameter_detail, name="parameter_detail"),
    path("parameters/<slug:key>/new/", parameters.value_create, name="value_create"),
    # Decisions and proposals (awards/views/decisions.py)
    path("decisions/", decisions.decision_list, name="decision_list"),
    path("decisions/prepare/<slug:kind>/", decisions.decision_prepare, name="decision_prepare"),
    path("decisions/<int:pk>/", decisions.decision_detail, name="decision_detail"),
    path("decisions/<int:pk>/preview/", decisions.decision_preview, name="decision_preview"),
    path("decisions/<int:pk>/issue/", decisions.decision_issue, name="decision_issue"),
    path("decisions/<int:pk>/discard/", decisions.decision_discard, name="decision_discard"),
    path("decisions/<int:pk>/download/", decisions.decision_download, name="decision_download"),
    path("decisions/<int:pk>/certificates/", decisions.decision_certificates, name="decision_certificates"),
    path("history/", decisions.history, name="history"),
    # Exemplary examples, written and published by the office (awards/views/honor.py)
    path("examples/", honor.example_list, name="example_list"),
    path("examples/new/", honor.example_create, name="example_create"),
    path("examples/<int:pk>/edit/", honor.example_edit, name="example_edit"),
    path("examples/<int:pk>/publish/", honor.example_publish, name="example_publish"),
    path("examples/<int:pk>/unpublish/", honor.example_unpublish, name="example_unpublish"),
]

"""Addresses of the awards app, under /awards/."""

from django.urls import path

from .views import nominations, parameters

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
    path("nominations/files/<int:pk>/", nominations.attachment_download, name="attachment_download"),
    path("nominations/files/<int:pk>/delete/", nominations.attachment_delete, name="attachment_delete"),
]

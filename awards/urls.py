"""Addresses of the awards app, under /awards/."""

from django.urls import path

from .views import parameters

app_name = "awards"

urlpatterns = [
    path("parameters/", parameters.parameter_list, name="parameter_list"),
    path("parameters/calculator/", parameters.calculator, name="calculator"),
    path("parameters/values/<int:pk>/edit/", parameters.value_edit, name="value_edit"),
    path("parameters/values/<int:pk>/delete/", parameters.value_delete, name="value_delete"),
    path("parameters/<slug:key>/", parameters.parameter_detail, name="parameter_detail"),
    path("parameters/<slug:key>/new/", parameters.value_create, name="value_create"),
]

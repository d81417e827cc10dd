"""Addresses of the awards app, under /awards/."""

from django.urls import path

from . import views

app_name = "awards"

urlpatterns = [
    path("parameters/", views.parameter_list, name="parameter_list"),
    path("parameters/calculator/", views.calculator, name="calculator"),
    path("parameters/values/<int:pk>/edit/", views.value_edit, name="value_edit"),
    path("parameters/values/<int:pk>/delete/", views.value_delete, name="value_delete"),
    path("parameters/<slug:key>/", views.parameter_detail, name="parameter_detail"),
    path("parameters/<slug:key>/new/", views.value_create, name="value_create"),
]

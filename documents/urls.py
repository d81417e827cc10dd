"""Addresses of the document layer, under /documents/."""

from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("issuers/", views.issuer_list, name="issuer_list"),
    path("issuers/new/", views.issuer_create, name="issuer_create"),
    path("issuers/<int:pk>/edit/", views.issuer_edit, name="issuer_edit"),
]

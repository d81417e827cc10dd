"""Addresses of the document layer, under /documents/."""

from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("issuers/", views.issuer_list, name="issuer_list"),
    path("issuers/new/", views.issuer_create, name="issuer_create"),
    path("issuers/<int:pk>/edit/", views.issuer_edit, name="issuer_edit"),
    path("issuers/<int:pk>/preview/", views.issuer_preview, name="issuer_preview"),
    path("register/", views.register_list, name="register_list"),
    path("register/<int:pk>/download/", views.register_download, name="register_download"),
    path("register/numbers/", views.register_numbers, name="register_numbers"),
]

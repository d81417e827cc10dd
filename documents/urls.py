"""Addresses of the document layer, under /documents/."""

from django.urls import path

from . import views, views_signatures

app_name = "documents"

urlpatterns = [
    path("issuers/", views.issuer_list, name="issuer_list"),
    path("issuers/new/", views.issuer_create, name="issuer_create"),
    path("issuers/<int:pk>/edit/", views.issuer_edit, name="issuer_edit"),
    path("issuers/<int:pk>/preview/", views.issuer_preview, name="issuer_preview"),
    path("register/", views.register_list, name="register_list"),
    path("register/<int:pk>/download/", views.register_download, name="register_download"),
    path("register/numbers/", views.register_numbers, name="register_numbers"),
    path("register/<int:pk>/", views_signatures.register_detail, name="register_detail"),
    path("register/<int:pk>/original/", views_signatures.register_original, name="register_original"),
    path("signatures/pending/", views_signatures.pending_list, name="pending_list"),
    path("signatures/pending/<int:pk>/", views_signatures.pending_detail, name="pending_detail"),
    path("signatures/pending/<int:pk>/file/", views_signatures.pending_file, name="pending_file"),
    path("signatures/keys/", views_signatures.key_list, name="key_list"),
    path("signatures/keys/<int:pk>/toggle/", views_signatures.key_toggle, name="key_toggle"),
    path("signatures/anchors/", views_signatures.anchor_list, name="anchor_list"),
    path("signatures/anchors/<int:pk>/toggle/", views_signatures.anchor_toggle, name="anchor_toggle"),
]

"""Addresses of the public honour board, under /honor/ (no login)."""

from django.urls import path

from .views import honor, proposals

app_name = "honor"

urlpatterns = [
    path("", honor.board, name="board"),
    path("examples/<int:pk>/", honor.example, name="example"),
    path("examples/<int:pk>/photo/", honor.photo, name="photo"),
    # Public notices before a decision: the list published and the comment form (no login)
    path("notices/", proposals.public_notice_list, name="notice_list"),
    path("notices/<int:pk>/", proposals.public_notice, name="notice"),
]

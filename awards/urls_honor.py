"""Addresses of the public honour board, under /honor/ (no login)."""

from django.urls import path

from .views import honor

app_name = "honor"

urlpatterns = [
    path("", honor.board, name="board"),
    path("examples/<int:pk>/", honor.example, name="example"),
    path("examples/<int:pk>/photo/", honor.photo, name="photo"),
]

"""Addresses of campaigns, under /campaigns/."""

from django.urls import path  # noqa: F401

app_name = "campaign"

urlpatterns = []

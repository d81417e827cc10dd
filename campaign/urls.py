"""Addresses of campaigns, under /campaigns/."""

from django.urls import path

from .views import dashboard

app_name = "campaign"

urlpatterns = [
    path("<int:pk>/dashboard/", dashboard.campaign_dashboard, name="dashboard"),
    path("periods/<int:pk>/remind/", dashboard.period_remind, name="period_remind"),
]

"""Addresses of the member registry, under /members/."""

from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("organizations/", views.organization_list, name="organization_list"),
    path("organizations/new/", views.organization_create, name="organization_create"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization_detail"),
    path("organizations/<int:pk>/edit/", views.organization_edit, name="organization_edit"),
    path("organizations/<int:pk>/status/", views.organization_status, name="organization_status"),
    path("organizations/<int:pk>/archive/", views.organization_archive, name="organization_archive"),
    path("organizations/<int:pk>/restore/", views.organization_restore, name="organization_restore"),
    path("organizations/<int:pk>/history/", views.organization_history, name="organization_history"),
    path("organizations/<int:pk>/people.json", views.organization_people, name="organization_people"),
    path("people/", views.person_list, name="person_list"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:pk>/history/", views.person_history, name="person_history"),
    path("import/<slug:kind>/", views.import_upload, name="import_upload"),
    path("import/<slug:kind>/template.xlsx", views.import_template, name="import_template"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("imports/<int:pk>/progress/", views.import_progress, name="import_progress"),
    path("accounts/", views.account_list, name="account_list"),
    path("accounts/new/", views.account_create, name="account_create"),
    path("accounts/changes/", views.account_changes, name="account_changes"),
    path("accounts/<int:pk>/edit/", views.account_edit, name="account_edit"),
    path("accounts/<int:pk>/password/", views.account_password, name="account_password"),
    path("areas/", views.area_list, name="area_list"),
    path("areas/<int:pk>/", views.area_detail, name="area_detail"),
]

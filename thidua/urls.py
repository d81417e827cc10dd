"""The URL table: every app under its prefix, plus login, language and health."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from awards.views import verification
from members.forms_auth import LoginForm, PasswordChangeForm
from ops import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("ops/floor/", views.floor, name="floor"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(template_name="registration/login.html", authentication_form=LoginForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(form_class=PasswordChangeForm),
        name="password_change",
    ),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("members/", include("members.urls")),
    path("documents/", include("documents.urls")),
    path("campaigns/", include("campaign.urls")),
    path("awards/", include("awards.urls")),
    path("honor/", include("awards.urls_honor")),
    path("reports/", include("reports.urls")),
    # The public verification page every issued paper's QR code opens (no login, rate-limited).
    path("verify/", verification.verify_form, name="verify_form"),
    path("verify/<str:code>/", verification.verify, name="verify"),
    path("admin/", admin.site.urls),
]

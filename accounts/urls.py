"""/account/: a student's registrations and orders, their settings and credit, logging in and out, activating
an account, and a forgotten password. The pages of classes' own (the private calendar) are in
classes.account_urls."""

from django.urls import path

from . import settings_views, views

urlpatterns = [
    path("", views.account_home, name="account_home"),
    path("settings/", settings_views.account_settings, name="account_settings"),
    path("settings/calendar-link/", settings_views.reset_calendar_link, name="account_calendar_reset"),
    path("password/", settings_views.PasswordChangeView.as_view(), name="account_password_change"),
    path("photo/", settings_views.photo, name="account_photo"),
    path("credit/", settings_views.credit_history, name="account_credit"),
    path("login/", views.LoginView.as_view(), name="account_login"),
    path("logout/", views.LogoutView.as_view(), name="account_logout"),
    path("activate/", views.request_activation, name="account_activate"),
    path("activate/<uidb64>/<token>/", views.ActivateAccountView.as_view(), name="account_activate_confirm"),
    path("password-reset/", views.PasswordResetView.as_view(), name="account_password_reset"),
    path("password-reset/sent/", views.PasswordResetSentView.as_view(), name="account_password_reset_sent"),
    path("password-reset/done/", views.PasswordResetCompleteView.as_view(), name="account_password_reset_complete"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="account_password_reset_confirm",
    ),
]

"""/account/: a student's registrations and orders, logging in and out, activating an account, and a
forgotten password."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.account_home, name="account_home"),
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

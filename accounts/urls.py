"""/account/: a student's registrations and orders, logging in and out, and activating an account."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.account_home, name="account_home"),
    path("login/", views.LoginView.as_view(), name="account_login"),
    path("logout/", views.LogoutView.as_view(), name="account_logout"),
    path("activate/", views.request_activation, name="account_activate"),
    path("activate/<uidb64>/<token>/", views.ActivateAccountView.as_view(), name="account_activate_confirm"),
]

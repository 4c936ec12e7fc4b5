"""/account/classes/: the pages of a student's own classes, under /account/ beside the accounts app's own."""

from django.urls import path

from . import account

urlpatterns = [
    path("classes/<int:pk>/", account.account_class, name="account_class"),
]

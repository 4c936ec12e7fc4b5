"""/register/: picking classes, checking out, paying, and taking a seat freed from the waitlist."""

from django.urls import path

from classes.views import registration as views

urlpatterns = [
    path("", views.checkout, name="register"),
    path("add/", views.add_class, name="register_add_class"),
    path("visitor.json", views.visitor, name="register_visitor"),
    path("remove/", views.remove_class, name="register_remove_class"),
    path("order/<str:reference>/", views.order_placed, name="registration_done"),
    path("order/<str:reference>/pay/", views.pay, name="registration_payment"),
    path("waitlist/<str:claim_token>/", views.claim_seat, name="registration_waitlist_claim"),
]

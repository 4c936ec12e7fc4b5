"""The classes app's pages of a student's /account/: their reviews."""

from django.urls import path

from .views import reviews

urlpatterns = [
    path("reviews/", reviews.reviews, name="account_reviews"),
    path("reviews/<int:pk>/", reviews.review_class, name="account_review"),
]

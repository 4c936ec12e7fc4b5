"""The parts of /account/ that classes serves (accounts.urls has the rest): the private calendar feed, reviews,
the student's data, and closing their account."""

from django.urls import path

from classes.views import account_calendar, personal_data, reviews

urlpatterns = [
    path("calendar/<slug:token>.ics", account_calendar.account_calendar, name="account_calendar_feed"),
    path("reviews/", reviews.reviews, name="account_reviews"),
    path("reviews/<int:pk>/", reviews.review_class, name="account_review"),
    path("data/", personal_data.your_data, name="account_data"),
    path("data/hepcat-data.json", personal_data.download, {"kind": "json"}, name="account_data_json"),
    path("data/hepcat-data.zip", personal_data.download, {"kind": "csv"}, name="account_data_csv"),
    path("close/", personal_data.close, name="account_close"),
]

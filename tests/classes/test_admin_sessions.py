"""Sessions in the Wagtail admin: suggested dates, overlaps refused on the form, dates shown, access."""

import datetime

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, querydict_from_html

from accounts.roles import STUDENTS
from classes.models import Session, SessionSkipDate
from tests.factories import ClassOfferFactory, SessionFactory, TeacherFactory, UserFactory
from tests.pages import listing, refused

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture(autouse=True)
def _calendar(school_calendar_settings):
    """Pin the school's calendar settings (see tests/classes/conftest.py)."""


def url(name, *args):
    return reverse(f"wagtailsnippets_classes_session:{name}", args=args)


def january(**fields):
    """A regular session: key day Thursday Jan 8 2026, classes Tue-Thu, five weeks: Jan 6 to Feb 5."""
    values = {
        "name": "January 2026",
        "slug": "january-2026",
        "key_day_date": D(2026, 1, 8),
        "max_day_shift": -2,
        "num_weeks": 5,
        "publish_date": D(2025, 12, 20),
    }
    return SessionFactory(**{**values, **fields})


def february(**fields):
    """The regular session after January: key day Thursday Feb 19, classes from Tuesday Feb 17."""
    values = {
        "name": "February 2026",
        "slug": "february-2026",
        "key_day_date": D(2026, 2, 19),
        "max_day_shift": -2,
        "num_weeks": 5,
        "publish_date": D(2026, 1, 16),
    }
    return SessionFactory(**{**values, **fields})


def session_form(skip_dates=(), **fields):
    values = {
        "name": "March 2026",
        "slug": "march-2026",
        "key_day_date": "2026-03-26",
        "max_day_shift": "-2",
        "num_weeks": "5",
        "break_weeks": "0",
        "publish_date": "2026-02-27",
        "expire_date": "",
        "skip_dates": inline_formset([{"date": date, "reason": reason} for date, reason in skip_dates]),
    }
    return nested_form_data({**values, **fields})


def form_for(session, skip_dates=(), **fields):
    """The edit form of a saved session, as the admin would post it unchanged apart from `fields`."""
    values = {
        "name": session.name,
        "slug": session.slug,
        "key_day_date": session.key_day_date.isoformat(),
        "max_day_shift": str(session.max_day_shift),
        "num_weeks": str(session.num_weeks),
        "break_weeks": str(session.break_weeks),
        "publish_date": session.publish_date.isoformat(),
        "expire_date": session.expire_date.isoformat(),
    }
    return session_form(skip_dates, **{**values, **fields})


def form_errors(response):
    form = response.context["form"]
    return {name: " ".join(errors) for name, errors in form.errors.items()}


# The listing


def test_the_sessions_listing_shows_each_sessions_dates_and_length(admin_client):
    january()
    SessionFactory(
        name="Balboa weekend", key_day_date=D(2026, 1, 17), max_day_shift=1, num_weeks=1, publish_date=D(2026, 1, 2)
    )

    rows = listing(admin_client.get(url("list")))

    assert [row.pop("Name").split(" Edit")[0] for row in rows] == ["Balboa weekend", "January 2026"]
    assert rows == [
        {
            "Key day": "Sat Jan 17, 2026",
            "Start": "Sat Jan 17, 2026",
            "End": "Sun Jan 18, 2026",
            "Publish date": "Fri Jan 2, 2026",
            "Expire date": "Tue Jan 20, 2026",
            "Weeks": "1",
            "Length": "Short",
        },
        {
            "Key day": "Thu Jan 8, 2026",
            "Start": "Tue Jan 6, 2026",
            "End": "Thu Feb 5, 2026",
            "Publish date": "Sat Dec 20, 2025",
            "Expire date": "Fri Jan 16, 2026",
            "Weeks": "5",
            "Length": "Regular",
        },
    ]


def test_the_listing_does_not_fetch_skip_dates_session_by_session(admin_client, django_assert_max_num_queries):
    for number in range(3):
        SessionFactory(skip_dates=[D(2030, 1, 10) + datetime.timedelta(weeks=7 * number)])
    admin_client.get(url("list"))  # warm up caches of permissions and content types

    with django_assert_max_num_queries(13) as few:
        admin_client.get(url("list"))
    for number in range(10):
        SessionFactory(skip_dates=[D(2031, 1, 9) + datetime.timedelta(weeks=7 * number)])
    with django_assert_max_num_queries(len(few.captured_queries)):
        admin_client.get(url("list"))


# A new session


def test_a_new_session_opens_with_the_dates_that_follow_the_latest_session(admin_client):
    latest = january()

    response = admin_client.get(url("add"))

    form = response.context["form"]
    defaults = Session.next_defaults()
    assert defaults["key_day_date"] == D(2026, 2, 12)  # a week after January's last Thursday
    assert form["key_day_date"].value() == defaults["key_day_date"]
    assert form["name"].value() == "February 2026"
    assert form["slug"].value() == "february-2026"
    assert form["publish_date"].value() == latest.expire_date
    assert form["expire_date"].value() == defaults["expire_date"]


def test_the_new_session_form_suggests_the_weekday_most_sessions_had_classes_on(admin_client):
    following = february()
    ClassOfferFactory(session=january(), class_day=3)
    ClassOfferFactory(session=following, class_day=3)
    ClassOfferFactory(session=following, class_day=2)

    response = admin_client.get(url("add"))

    assert "Most sessions have had classes on Thursdays: a Thursday key day is suggested." in response.content.decode()


def test_with_no_classes_yet_there_is_no_suggested_weekday(admin_client):
    response = admin_client.get(url("add"))

    assert response.status_code == 200
    assert "key day is suggested" not in response.content.decode()


def test_an_admin_adds_a_session_with_a_skip_date(admin_client):
    response = admin_client.post(url("add"), session_form(skip_dates=[("2026-04-02", "Spring break")]))

    assert response.status_code == 302, form_errors(response)
    march = Session.objects.get(slug="march-2026")
    assert [(skip.date, skip.reason) for skip in march.skip_dates.all()] == [(D(2026, 4, 2), "Spring break")]
    assert march.end_date == D(2026, 4, 30)  # Thursday classes meet a week later
    assert march.expire_date == D(2026, 4, 3)  # blank: eight days after the key day


def test_a_session_that_starts_before_the_previous_one_ends_is_refused_with_a_fix(admin_client):
    january()

    response = admin_client.post(url("add"), session_form(key_day_date="2026-02-05"))

    assert response.status_code == 200
    assert form_errors(response)["key_day_date"] == (
        "This session would start on Tue Feb 3, 2026, but the previous session, “January 2026”, runs until "
        "Thu Feb 5, 2026. To fix it, move the key day to Thu Feb 12, 2026 (the session would then start on "
        "Tue Feb 10, 2026)."
    )
    assert "The session could not be created due to errors." in response.content.decode()
    assert Session.objects.count() == 1


def test_narrowing_the_days_of_a_session_with_classes_on_them_is_refused_naming_the_classes(admin_client):
    session = january()
    ClassOfferFactory(session=session, class_day=1, subject__title="Lindy 2 A")
    ClassOfferFactory(session=session, class_day=3, subject__title="Charleston")

    response = admin_client.post(url("edit", session.pk), form_for(session, max_day_shift="0"))

    assert response.status_code == 200
    assert form_errors(response)["max_day_shift"] == (
        "These classes would meet outside the session's days (Thu Jan 8, 2026 only (Thu)): Lindy 2 A (Tuesdays). "
        "Move them to one of those days first, or keep a day shift that includes their days."
    )
    session.refresh_from_db()
    assert session.max_day_shift == -2


def test_pages_do_not_fail_on_a_class_left_outside_its_sessions_days(admin_client, client):
    """Data saved around the form (an old import, a shell): the class has no meetings, and nothing crashes."""
    session = SessionFactory(max_day_shift=-2)
    stranded = ClassOfferFactory(session=session, class_day=(session.key_day_date.weekday() - 1) % 7)
    Session.objects.filter(pk=session.pk).update(max_day_shift=0)

    assert client.get("/classes/").status_code == 200
    assert client.get("/classes/calendar.ics").status_code == 200
    assert client.get(stranded.get_url()).status_code in (200, 404)
    assert admin_client.get(reverse("wagtailsnippets_classes_classoffer:list")).status_code == 200
    assert admin_client.get(url("edit", session.pk)).status_code == 200


def test_a_skip_date_that_runs_the_session_into_the_next_one_is_refused(admin_client):
    session = january()
    february(key_day_date=D(2026, 2, 12))  # starts on Tuesday Feb 10, five days after January ends

    response = admin_client.post(url("edit", session.pk), form_for(session, skip_dates=[("2026-01-22", "Snow day")]))

    assert response.status_code == 200
    assert form_errors(response)["num_weeks"] == (
        "This session would run until Thu Feb 12, 2026, but the next session, “February 2026”, starts on "
        "Tue Feb 10, 2026. A session of 4 weeks fits."
    )
    assert not SessionSkipDate.objects.exists()
    assert Session.objects.get(pk=session.pk).end_date == D(2026, 2, 5)


def test_a_skip_date_that_still_fits_is_saved_once(admin_client):
    session = january()
    february()

    response = admin_client.post(url("edit", session.pk), form_for(session, skip_dates=[("2026-01-22", "Snow day")]))

    assert response.status_code == 302, form_errors(response)
    assert list(session.skip_dates.values_list("date", "reason")) == [(D(2026, 1, 22), "Snow day")]
    assert Session.objects.get(pk=session.pk).end_date == D(2026, 2, 12)


def test_removing_a_skip_date_on_the_form_deletes_it(admin_client):
    session = january(skip_dates=[(D(2026, 1, 22), "Snow day")])
    data = querydict_from_html(admin_client.get(url("edit", session.pk)).content.decode(), form_id="w-editor-form")
    data["skip_dates-0-DELETE"] = "1"

    response = admin_client.post(url("edit", session.pk), data)

    assert response.status_code == 302, form_errors(response)
    assert not SessionSkipDate.objects.exists()


# An existing session


def test_the_edit_form_shows_the_sessions_dates(admin_client):
    session = january(skip_dates=[(D(2026, 1, 22), "Snow day")])

    html = admin_client.get(url("edit", session.pk)).content.decode()

    assert "Tue Jan 6, 2026 to Thu Jan 8, 2026 (Tue, Wed, Thu)" in html
    assert "starts on <strong>Tue Jan 6, 2026</strong>" in html
    assert "ends on <strong>Thu Feb 12, 2026</strong>" in html
    assert "Jan 6, Jan 13, Jan 20, Jan 27, Feb 3" in html  # Tuesdays
    assert "Jan 8, Jan 15, Jan 29, Feb 5, Feb 12" in html  # Thursdays: none on the snow day
    assert "Thu Jan 22, 2026: Snow day" in html


def test_moving_the_expire_date_tells_the_admin_the_next_session_follows(admin_client):
    session = january()
    following = february(publish_date=session.expire_date)

    response = admin_client.post(url("edit", session.pk), form_for(session, expire_date="2026-01-20"), follow=True)

    following.refresh_from_db()
    assert following.publish_date == D(2026, 1, 20)
    [message] = [str(message) for message in response.context["messages"]]
    assert "February 2026 is now published on Tue Jan 20, 2026, the day this session stops being listed." in message


def test_an_expire_date_before_the_publish_date_is_refused(admin_client):
    session = january()

    response = admin_client.post(url("edit", session.pk), form_for(session, expire_date="2025-12-01"))

    assert "can't stop being listed (Mon Dec 1, 2025) before it is published" in form_errors(response)["expire_date"]
    assert Session.objects.get(pk=session.pk).expire_date == D(2026, 1, 16)


# Who may


@pytest.mark.parametrize("view", ["list", "add"])
def test_anonymous_visitors_are_sent_to_log_in(client, view):
    response = client.get(url(view))

    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))


def test_students_are_sent_to_log_in_as_someone_who_may_use_the_admin(client):
    client.force_login(UserFactory(groups=[STUDENTS]))

    response = client.get(url("list"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))


def test_teachers_cannot_see_or_change_sessions(client):
    session = january()
    client.force_login(TeacherFactory())

    for response in [
        client.get(url("list")),
        client.get(url("add")),
        client.post(url("edit", session.pk), form_for(session, name="Renamed")),
    ]:
        assert refused(response)
    assert Session.objects.get(pk=session.pk).name == "January 2026"

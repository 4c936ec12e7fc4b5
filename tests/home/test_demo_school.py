import io

import pytest
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Page

from accounts.models import TeacherPage, User
from accounts.roles import ADMINS, TEACHERS
from classes.models import ClassOffer, Level, Location, Session, SubjectPage
from home.models import HomePage, SchoolSettings

pytestmark = pytest.mark.django_db


def load_demo():
    output = io.StringIO()
    call_command("load_demo_school", stdout=output)
    return output.getvalue()


DEMO_MODELS = [Page, User, get_image_model(), Level, Location, Session, ClassOffer]


def test_the_demo_school_can_be_loaded_twice_without_duplicates():
    load_demo()
    counts = [model.objects.count() for model in DEMO_MODELS]

    load_demo()

    assert [model.objects.count() for model in DEMO_MODELS] == counts


def test_the_demo_school_is_believable():
    load_demo()

    home = HomePage.objects.get()
    assert home.hero_image is not None
    assert {"About us", "Class policies", "FAQ"} <= set(home.get_children().live().values_list("title", flat=True))
    assert SchoolSettings.load().business_name == "HepCat Productions"
    assert User.objects.filter(groups__name=TEACHERS).count() == 5
    assert TeacherPage.objects.live().filter(photo__isnull=False).count() == 5


def test_the_demo_schedule_has_past_current_and_next_sessions():
    load_demo()

    regular = list(Session.objects.regular())
    assert len(regular) == 4
    today = regular[2].key_day_date
    assert [session.end_date < today for session in regular] == [True, True, False, False]
    assert regular[3].skip_dates.count() == 1
    assert all(9 <= session.class_offers.count() <= 12 for session in regular)
    assert SubjectPage.objects.live().count() >= 12
    assert {level.name for level in Level.objects.all()} == {
        "Beginning",
        "Lindy 2",
        "Lindy 3",
        "Workshop",
        "Special Focus",
    }
    assert Level.objects.get(name="Beginning").completion_rule == "A|C,B|D"
    assert Location.objects.count() == 3
    assert set(Session.objects.current()) >= {regular[2], regular[3]}


def test_the_printed_admin_login_opens_the_admin(client):
    output = load_demo()

    login_line = next(line for line in output.splitlines() if line.startswith("Admin login"))
    email, password = login_line.split(": ", 1)[1].split(" / ")
    response = client.post("/admin/login/", {"username": email, "password": password}, follow=True)

    assert response.status_code == 200
    assert response.wsgi_request.user.groups.filter(name=ADMINS).exists()
    assert response.wsgi_request.path == "/admin/"

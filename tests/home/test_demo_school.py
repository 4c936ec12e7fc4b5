import io

import pytest
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Page

from accounts.models import User
from accounts.roles import ADMINS, TEACHERS
from home.models import HomePage, SchoolSettings

pytestmark = pytest.mark.django_db


def load_demo():
    output = io.StringIO()
    call_command("load_demo_school", stdout=output)
    return output.getvalue()


def test_the_demo_school_can_be_loaded_twice_without_duplicates():
    load_demo()
    counts = (Page.objects.count(), User.objects.count(), get_image_model().objects.count())

    load_demo()

    assert (Page.objects.count(), User.objects.count(), get_image_model().objects.count()) == counts
    assert counts[0] >= 5


def test_the_demo_school_is_believable():
    load_demo()

    home = HomePage.objects.get()
    assert home.hero_image is not None
    assert {"About us", "Class policies", "FAQ"} <= set(home.get_children().live().values_list("title", flat=True))
    assert SchoolSettings.load().business_name == "HepCat Productions"
    assert User.objects.filter(groups__name=TEACHERS).count() >= 3


def test_the_printed_admin_login_opens_the_admin(client):
    output = load_demo()

    login_line = next(line for line in output.splitlines() if line.startswith("Admin login"))
    email, password = login_line.split(": ", 1)[1].split(" / ")
    response = client.post("/admin/login/", {"username": email, "password": password}, follow=True)

    assert response.status_code == 200
    assert response.wsgi_request.user.groups.filter(name=ADMINS).exists()
    assert response.wsgi_request.path == "/admin/"

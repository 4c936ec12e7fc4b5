"""People of the demo school: one admin and the teachers."""

from django.contrib.auth.models import Group

from .models import User
from .roles import ADMINS, TEACHERS

ADMIN_EMAIL = "admin@hepcat.example"

TEACHERS_IN_DEMO = [
    ("rosa@hepcat.example", "Rosa", "Delgado"),
    ("marcus@hepcat.example", "Marcus", "Bell"),
    ("hazel@hepcat.example", "Hazel", "Okafor"),
]


def demo_person(email, first_name, last_name, group_name, password):
    """The demo account with this email, made if missing, with the demo password and role."""
    person, _ = User.objects.get_or_create(email=email, defaults={"first_name": first_name, "last_name": last_name})
    person.set_password(password)
    person.save()
    person.groups.add(Group.objects.get(name=group_name))
    return person


def build_people(password):
    admin = demo_person(ADMIN_EMAIL, "Avery", "Admin", ADMINS, password)
    teachers = [demo_person(email, first, last, TEACHERS, password) for email, first, last in TEACHERS_IN_DEMO]
    return admin, teachers

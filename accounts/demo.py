"""People of the demo school: one admin, one person at the front desk, the teachers and their profile pages."""

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from home.demo_images import demo_image

from .models import TeacherPage, TeachersIndexPage, User
from .roles import ADMINS, FRONT_DESK, TEACHERS

ADMIN_EMAIL = "admin@hepcat.example"
FRONT_DESK_EMAIL = "frontdesk@hepcat.example"

TEACHERS_IN_DEMO = [
    (
        "rosa@hepcat.example",
        "Rosa",
        "Delgado",
        "burgundy",
        "Leads and follows, and teaches both with the same grin.",
        "<p>Rosa found Lindy Hop at a free lesson in a park in 2008 and never went home. She has taught "
        "at HepCat since the beginning and loves a beginner class most of all: the moment a room full "
        "of strangers lands its first swing out together.</p>",
    ),
    (
        "marcus@hepcat.example",
        "Marcus",
        "Bell",
        "midnight",
        "Rhythm nerd, drummer, and our Lindy 3 regular.",
        "<p>Marcus played drums in swing bands before he danced to them. His classes are about "
        "listening: breaks, hits and phrasing, and how the music tells you what to dance next.</p>",
    ),
    (
        "hazel@hepcat.example",
        "Hazel",
        "Okafor",
        "teal",
        "Solo jazz and follow's styling with a vintage flair.",
        "<p>Hazel competes in solo jazz across the West Coast and teaches the authentic jazz steps of "
        "the 1920s and 30s. She believes every follow has a voice on the dance floor.</p>",
    ),
    (
        "theo@hepcat.example",
        "Theo",
        "Lindqvist",
        "forest",
        "Balboa enthusiast who makes tiny footwork feel easy.",
        "<p>Theo came to Seattle from Stockholm's swing scene. He teaches Balboa and Lindy Hop with a "
        "patient eye for connection and a love of fast music.</p>",
    ),
    (
        "june@hepcat.example",
        "June",
        "Park",
        "plum",
        "Connection first: clear leading and following for every level.",
        "<p>June teaches Lindy 2 and Lindy 3. Her classes mix technique with lots of social-dance "
        "practice so that what you learn on Tuesday shows up at Friday's dance.</p>",
    ),
]


def demo_person(email, first_name, last_name, group_name, password_hash):
    """The demo account with this email, made if missing, with the demo password (hashed) and role."""
    person, _ = User.objects.get_or_create(email=email, defaults={"first_name": first_name, "last_name": last_name})
    person.password = password_hash
    person.save()
    person.groups.add(Group.objects.get(name=group_name))
    return person


def build_people(password):
    # One hash for the admin and every teacher: each hash takes a large part of a second, on purpose.
    password_hash = make_password(password)
    admin = demo_person(ADMIN_EMAIL, "Avery", "Admin", ADMINS, password_hash)
    demo_person(FRONT_DESK_EMAIL, "Jo", "Porter", FRONT_DESK, password_hash)  # checks in and takes money
    teachers = []
    for seed, (email, first, last, palette, short_bio, bio) in enumerate(TEACHERS_IN_DEMO):
        teacher = demo_person(email, first, last, TEACHERS, password_hash)
        _teacher_page(teacher, palette, seed, short_bio, bio)
        teachers.append(teacher)
    return admin, teachers


def _teacher_page(teacher, palette, seed, short_bio, bio):
    if TeacherPage.objects.filter(teacher=teacher).exists():
        return
    name = teacher.get_full_name()
    photo = demo_image(f"Portrait of {name}", palette, seed=100 + seed, size=(800, 800), portrait=True)
    page = TeacherPage(title=name, teacher=teacher, photo=photo, short_bio=short_bio, bio=bio)
    TeachersIndexPage.objects.get().add_child(instance=page)
    page.save_revision(user=teacher).publish()

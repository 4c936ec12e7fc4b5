from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.demo import ADMIN_EMAIL, FRONT_DESK_EMAIL, build_people
from classes.demo import (
    build_attendance,
    build_catalogue,
    build_class_notes,
    build_level_overrides,
    build_registrations,
    build_reviews,
    build_schedule,
    student_to_try,
)
from hepcat.env import env
from home.demo import build_site
from messaging.email import without_mail
from resources.demo import build_resources


class Command(BaseCommand):
    help = "Build (or refresh) the demo dance school. Safe to run again: nothing is duplicated."

    def handle(self, *args, **options):
        password = env("DEMO_PASSWORD", "swingout-demo")
        # The checkout emails everyone it registers (activation links, confirmations) once the work commits.
        # The demo's students are made up: their mail is not even rendered.
        with without_mail(), transaction.atomic():
            build_site()
            admin, teachers = build_people(password)
            subjects, locations = build_catalogue()
            build_schedule(subjects, locations, teachers)
            build_registrations(admin, password)
            build_attendance()
            build_level_overrides(admin)
            build_resources()
            build_reviews()
            build_class_notes(teachers[0])
        site = settings.SITE_URL
        self.stdout.write(self.style.SUCCESS(f"The demo school is ready at {site}/"))
        self.stdout.write(f"Admin login ({site}/admin/): {ADMIN_EMAIL} / {password}")
        self.stdout.write(f"Front desk login ({site}/admin/check-in/): {FRONT_DESK_EMAIL} / {password}")
        self.stdout.write(f"Teacher login ({site}/admin/my-classes/): {teachers[0].email} / {password}")
        if student := student_to_try():
            self.stdout.write(f"Student login ({site}/account/login/): {student.email} / {password}")
        self.stdout.write("Other teachers, same password: " + ", ".join(teacher.email for teacher in teachers[1:]))

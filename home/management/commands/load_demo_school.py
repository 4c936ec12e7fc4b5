from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.demo import ADMIN_EMAIL, build_people
from classes.demo import build_catalogue, build_schedule
from hepcat.env import env
from home.demo import build_site


class Command(BaseCommand):
    help = "Build (or refresh) the demo dance school. Safe to run again: nothing is duplicated."

    def handle(self, *args, **options):
        password = env("DEMO_PASSWORD", "swingout-demo")
        with transaction.atomic():
            build_site()
            _, teachers = build_people(password)
            subjects, locations = build_catalogue()
            build_schedule(subjects, locations, teachers)
        self.stdout.write(self.style.SUCCESS("The demo school is ready at http://127.0.0.1:8000/"))
        self.stdout.write(f"Admin login (http://127.0.0.1:8000/admin/): {ADMIN_EMAIL} / {password}")
        self.stdout.write("Teacher logins, same password: " + ", ".join(teacher.email for teacher in teachers))

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from classes.demo.report_data import ReportData
from hepcat.env import env


class Command(BaseCommand):
    help = (
        "Add years of past sessions to the demo school, for measuring the reports: --students (5,000), "
        "--registrations (50,000) and --attendance check-ins (200,000) in --sessions (40) sessions before the "
        "school's first. The last of them is printed (its id is what the reports are measured on)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--students", type=int, default=5000)
        parser.add_argument("--registrations", type=int, default=50_000)
        parser.add_argument("--attendance", type=int, default=200_000)
        parser.add_argument("--sessions", type=int, default=40)

    def handle(self, *args, students, registrations, attendance, sessions, **options):
        if min(students, registrations, sessions) < 1 or attendance < 0:
            raise CommandError("Give at least one student, registration and session, and no negative number.")
        started = time.monotonic()
        try:
            made = ReportData(students, registrations, attendance, sessions, env("DEMO_PASSWORD", "swingout-demo"))
            built = made.build()
            # Fresh statistics, or the planner takes the new tables for the empty ones it last looked at.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        except ValueError as error:
            raise CommandError(str(error)) from error
        latest = built.pop("latest session")
        self.stdout.write(", ".join(f"{count:,} {what}" for what, count in built.items()))
        self.stdout.write(f"report_session id={latest.pk} name={latest.name!r}")
        self.stdout.write(f"Built in {time.monotonic() - started:.0f} s.")

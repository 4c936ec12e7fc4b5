from django.core.management.base import BaseCommand, CommandError

from classes.demo.grow import add_offers, add_rush_offer, add_students
from hepcat.env import env


class Command(BaseCommand):
    help = (
        "Grow the demo school for a benchmark: --offers N more live class offers in the current session, "
        "--students M more students registered for them, --rush-seats S one empty class with S seats (its id "
        "and address are printed)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--offers", type=int, default=0)
        parser.add_argument("--students", type=int, default=0)
        parser.add_argument("--rush-seats", type=int, default=0)

    def handle(self, *args, offers, students, rush_seats, **options):
        try:
            if offers:
                added = add_offers(offers)
                self.stdout.write(f"Added {len(added)} class offers to {added[0].session}.")
            if students:
                emails = add_students(students, env("DEMO_PASSWORD", "swingout-demo"))
                self.stdout.write(f"Added {len(emails)} students, each registered for a class.")
            if rush_seats:
                offer = add_rush_offer(rush_seats)
                self.stdout.write(f"rush_offer id={offer.pk} url={offer.get_url()} seats={offer.capacity}")
        except ValueError as error:
            raise CommandError(str(error)) from error

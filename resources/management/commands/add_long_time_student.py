from django.core.management.base import BaseCommand, CommandError

from hepcat.env import env
from resources.grow import add_long_time_student


class Command(BaseCommand):
    help = (
        "For a benchmark of the student's account: a student with --classes finished classes, each with "
        "--resources-per-class resources released to them. Prints `student email=<email>`."
    )

    def add_arguments(self, parser):
        parser.add_argument("--classes", type=int, default=40)
        parser.add_argument("--resources-per-class", type=int, default=10)

    def handle(self, *args, classes, resources_per_class, **options):
        try:
            email = add_long_time_student(classes, resources_per_class, env("DEMO_PASSWORD", "swingout-demo"))
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"student email={email}")

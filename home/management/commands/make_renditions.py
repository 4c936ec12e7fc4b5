from django.core.management.base import BaseCommand

from home.renditions import make_missing_renditions


class Command(BaseCommand):
    help = "Make the renditions the public pages show (home/renditions.py) that are missing, for every image."

    def handle(self, *args, **options):
        count = make_missing_renditions()
        self.stdout.write(self.style.SUCCESS(f"The public renditions of {count} images are ready."))

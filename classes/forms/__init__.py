"""The classes app's forms: registration (the public pages) and admin (the Wagtail screens)."""

"""The accounts app's screens in the Wagtail admin."""

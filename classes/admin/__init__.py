"""The classes app's screens in the Wagtail admin; `classes/wagtail_hooks.py` registers them."""

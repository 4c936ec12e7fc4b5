"""The classes app's public views that are not page routes: the class calendar and registration."""

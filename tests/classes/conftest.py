import pytest


@pytest.fixture
def school_calendar_settings(settings):
    """The school's calendar settings pinned, so that a school's own .env doesn't change what is tested:
    key day Thursday, day shift -2, 5-week sessions, 3 weeks minimum, expiry 8 days (2 for short sessions)."""
    settings.DEFAULT_KEY_DAY = 3
    settings.DEFAULT_MAX_DAY_SHIFT = -2
    settings.DEFAULT_SESSION_WEEKS = 5
    settings.SESSION_MINIMUM_WEEKS = 3
    settings.DEFAULT_SESSION_EXPIRE = 8
    settings.SHORT_SESSION_EXPIRE = 2
    return settings

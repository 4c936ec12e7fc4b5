import os
import subprocess
import sys
from pathlib import Path

import pytest

from hepcat.settings.base import database_settings

PROJECT = Path(__file__).resolve().parents[2]

PRODUCTION_ENVIRONMENT = {
    "SECRET_KEY": "k3y-" + "x7Qm9vLp2Rt8Wz4Yb6Nc1Hd5Jf0Gs3Ka" * 2,
    "ALLOWED_HOSTS": "classes.hepcat.example",
    "DATABASE_URL": "postgres://hepcat@db.hepcat.example:5432/hepcat",
    "REDIS_URL": "redis://cache.hepcat.example:6379/0",
    "SITE_URL": "https://classes.hepcat.example",
    "DJANGO_SETTINGS_MODULE": "hepcat.settings.production",
}


def production_environment(**overrides):
    """This process's environment, minus what only tests set, plus production-like values."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DB_", "DATABASE", "DJANGO_")) and key != "SECRET_KEY"
    }
    return {**environment, **PRODUCTION_ENVIRONMENT, **overrides}


def test_production_settings_pass_the_deployment_check():
    environment = production_environment()

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    environment = production_environment(SECRET_KEY="")

    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_its_public_address():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=PROJECT,
        env=production_environment(SITE_URL=""),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode != 0
    assert "SITE_URL" in result.stderr


def test_production_refuses_to_start_without_redis_for_mail_and_rate_limits():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=PROJECT,
        env=production_environment(REDIS_URL=""),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode != 0
    assert "REDIS_URL" in result.stderr


def public_address_settings_in(environment):
    show = "from django.conf import settings as s; print(s.WAGTAILADMIN_BASE_URL, s.PAYMENT_HOST, s.PAYMENT_USES_SSL)"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", show],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_links_and_payment_returns_follow_the_one_public_address():
    assert public_address_settings_in(production_environment()) == [
        "https://classes.hepcat.example",
        "classes.hepcat.example",
        "True",
    ]
    development = {**production_environment(), "DJANGO_SETTINGS_MODULE": "hepcat.settings.dev"}
    assert public_address_settings_in({**development, "SITE_URL": "http://127.0.0.1:8123/"}) == [
        "http://127.0.0.1:8123",
        "127.0.0.1:8123",
        "False",
    ]


def test_make_run_serves_on_the_port_it_is_given_and_links_follow():
    result = subprocess.run(
        ["make", "--dry-run", "--always-make", "run", "PORT=8123"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert "SITE_URL=http://127.0.0.1:8123 .venv/bin/python manage.py runserver 127.0.0.1:8123" in result.stdout


def clear_database_variables(monkeypatch):
    for name in ["DATABASE_URL", "DB_NAME", "DB_USER", "DB_PASS", "DB_HOST", "DB_PORT", "DB_POOL"]:
        monkeypatch.delenv(name, raising=False)


def test_without_a_database_url_the_site_uses_sqlite(monkeypatch):
    clear_database_variables(monkeypatch)

    database = database_settings()

    assert database["ENGINE"] == "django.db.backends.sqlite3"


def test_database_url_selects_pooled_postgresql(monkeypatch):
    clear_database_variables(monkeypatch)
    monkeypatch.setenv("DATABASE_URL", "postgres://school:secret@db.example:5433/hepcat")

    database = database_settings()

    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["NAME"], database["USER"], database["HOST"], database["PORT"]) == (
        "hepcat",
        "school",
        "db.example",
        5433,
    )
    assert database["OPTIONS"]["pool"]["max_size"] >= 2
    assert database["CONN_MAX_AGE"] == 0


def test_the_original_schools_db_variables_still_work(monkeypatch):
    clear_database_variables(monkeypatch)
    monkeypatch.setenv("DB_NAME", "hepcat")
    monkeypatch.setenv("DB_USER", "school")
    monkeypatch.setenv("DB_PASS", "secret")
    monkeypatch.setenv("DB_POOL", "false")

    database = database_settings()

    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["NAME"], database["USER"], database["PASSWORD"]) == ("hepcat", "school", "secret")
    assert "pool" not in database.get("OPTIONS", {})


@pytest.mark.parametrize(
    "variable",
    [
        "SECRET_KEY",
        "SITE_URL",
        "DEBUG",
        "ALLOWED_HOSTS",
        "DATABASE_URL",
        "DB_NAME",
        "DB_USER",
        "DB_PASS",
        "DB_HOST",
        "DB_PORT",
        "REDIS_URL",
        "CELERY_BROKER_URL",
        "STRIPE_PUBLIC_KEY",
        "STRIPE_KEY",
        "STRIPE_WEBHOOK_SECRET",
        "PAYPAL_CLIENT_ID",
        "PAYPAL_SECRET",
        "PAYPAL_URL",
        "PAYPAL_WEBHOOK_ID",
        "BUSINESS_NAME",
        "DEFAULT_CITY",
        "DEFAULT_COUNTRY_AREA_STATE",
        "DEFAULT_POSTCODE",
        "DEFAULT_COUNTRY",
        "ASSUME_CLASS_APPROVE",
        "DEFAULT_CLASS_PRICE",
        "DEFAULT_PRE_DISCOUNT",
        "MULTI_DISCOUNT",
        "DEFAULT_KEY_DAY",
        "DEFAULT_MAX_DAY_SHIFT",
        "DEFAULT_SESSION_WEEKS",
        "SESSION_MINIMUM_WEEKS",
        "DEFAULT_SESSION_EXPIRE",
        "SHORT_SESSION_EXPIRE",
        "DEFAULT_CLASS_MINUTES",
        "PRE_PAY_DEADLINE_DAYS",
        "EMAIL_HOST_USER",
        "EMAIL_HOST_PASSWORD",
    ],
)
def test_every_setting_of_the_design_is_documented_in_env_example(variable):
    documented = (PROJECT / ".env.example").read_text()

    assert f"\n{variable}=" in documented or f"\n# {variable}=" in documented


def test_money_settings_are_decimals(settings):
    from decimal import Decimal

    assert isinstance(settings.DEFAULT_CLASS_PRICE, Decimal)
    assert isinstance(settings.DEFAULT_PRE_DISCOUNT, Decimal)
    assert isinstance(settings.MULTI_DISCOUNT, Decimal)


def run_manage(environment, *arguments):
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_offers_no_test_money_and_refuses_test_keys():
    show = "from django.conf import settings as s; print(sorted(s.PAYMENT_VARIANTS))"
    assert run_manage(production_environment(), "shell", "--no-imports", "-c", show).stdout.strip() == "[]"
    live_stripe = {"STRIPE_KEY": "sk_live_a", "STRIPE_PUBLIC_KEY": "pk_live_b", "STRIPE_WEBHOOK_SECRET": "whsec_c"}
    shown = run_manage(production_environment(**live_stripe), "shell", "--no-imports", "-c", show)
    assert shown.stdout.strip() == "['stripe']"
    # Checkout's form goes on to Stripe's page: the policy lets the browser follow it there.
    form_action = "from django.conf import settings as s; print(s.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action'])"
    shown = run_manage(production_environment(**live_stripe), "shell", "--no-imports", "-c", form_action)
    assert shown.stdout.strip() == "[\"'self'\", 'https://checkout.stripe.com']"

    test_keys = {**live_stripe, "STRIPE_KEY": "sk_test_a", "STRIPE_PUBLIC_KEY": "pk_test_b"}
    result = run_manage(production_environment(**test_keys), "check")

    assert result.returncode != 0
    assert "classes.E003" in result.stderr

"""Typed readers for configuration taken from the environment (and a `.env` file, if present)."""

import os
from decimal import Decimal
from pathlib import Path

from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent

# Values already in the environment win over the `.env` file.
load_dotenv(BASE_DIR / ".env", override=False)

TRUE_WORDS = {"1", "true", "yes", "on"}


def env(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in TRUE_WORDS


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def env_decimal(name, default):
    value = os.environ.get(name, "").strip()
    return Decimal(value) if value else Decimal(default)


def env_list(name, default=""):
    """A list written as words separated by spaces or commas."""
    value = os.environ.get(name, default)
    return [item for item in value.replace(",", " ").split() if item]


def env_prefixed(prefix):
    """Every variable starting with `prefix`, keyed by the rest of its name."""
    return {key.removeprefix(prefix): value for key, value in os.environ.items() if key.startswith(prefix)}

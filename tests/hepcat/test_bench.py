"""The hooks `make bench` measures with, off unless the environment turns them on."""

import re

import pytest
from django.test import RequestFactory

from hepcat.bench import bare

pytestmark = pytest.mark.django_db


def test_the_bare_view_is_not_routed_without_bench_bare_view(client):
    assert client.get("/bench/bare/").status_code == 404


def test_the_bare_view_answers_ok():
    response = bare(RequestFactory().get("/bench/bare/"))
    assert response.status_code == 200
    assert response.content == b"ok"


def test_no_server_timing_header_unless_bench_timing_is_on(client):
    assert "Server-Timing" not in client.get("/register/").headers


def test_the_timing_middleware_reports_cpu_ms_and_the_queries_made(client, settings):
    settings.MIDDLEWARE = ["hepcat.bench.server_timing", *settings.MIDDLEWARE]
    timing = client.get("/register/").headers["Server-Timing"]
    match = re.fullmatch(r'cpu;dur=(\d+\.\d\d), db;desc="queries";dur=(\d+)', timing)
    assert match
    assert float(match[1]) > 0
    assert int(match[2]) >= 1

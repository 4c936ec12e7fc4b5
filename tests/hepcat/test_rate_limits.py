"""Rate limits counted per client address or per any other value, and the client's address behind the proxy."""

import pytest
from django.test import RequestFactory

from hepcat.client_address import client_address
from hepcat.ratelimit import is_limited


@pytest.fixture
def request_from():
    def request_from(remote_addr, forwarded_for=None):
        extra = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for is not None else {}
        return RequestFactory().post("/", REMOTE_ADDR=remote_addr, **extra)

    return request_from


def test_a_limit_counts_each_value_on_its_own(request_from, settings):
    settings.RATELIMITS = {**settings.RATELIMITS, "checkout": "2/h"}
    request = request_from("203.0.113.5")

    assert [is_limited(request, "checkout", "203.0.113.5") for _ in range(3)] == [False, False, True]
    assert not is_limited(request, "checkout", "203.0.113.9")
    assert not is_limited(request, "another_group", "203.0.113.5", rate="1/m")


def test_the_checkout_has_a_limit_ready_in_the_settings(settings):
    assert settings.RATELIMITS["checkout"]


def test_without_a_proxy_the_forwarded_header_is_not_believed(request_from, settings):
    settings.TRUSTED_PROXY_COUNT = 0

    assert client_address(request_from("203.0.113.5", "192.0.2.1")) == "203.0.113.5"


def test_behind_one_proxy_the_client_is_the_address_the_proxy_appended(request_from, settings):
    settings.TRUSTED_PROXY_COUNT = 1

    assert client_address(request_from("10.0.0.2", "203.0.113.5")) == "203.0.113.5"
    assert client_address(request_from("10.0.0.2", "192.0.2.1, 203.0.113.5")) == "203.0.113.5"
    assert client_address(request_from("10.0.0.2", "2001:db8::1")) == "2001:db8::1"


def test_behind_the_proxy_a_missing_or_garbled_header_falls_back_to_the_connection(request_from, settings):
    settings.TRUSTED_PROXY_COUNT = 1

    assert client_address(request_from("10.0.0.2")) == "10.0.0.2"
    assert client_address(request_from("10.0.0.2", "not-an-address")) == "10.0.0.2"

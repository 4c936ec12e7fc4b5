"""The Redis cache (hepcat/cache.py) keeps one client per connection pool: against the Redis of REDIS_URL."""

import os

import pytest

from hepcat.cache import RedisCache

pytestmark = pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs a Redis: REDIS_URL")


def test_the_redis_cache_stores_and_counts_with_one_client():
    cache = RedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": "test-hepcat-cache"})
    cache.set("version", 41)
    cache.incr("version")

    assert cache.get("version") == 42
    assert cache._cache.get_client() is cache._cache.get_client(write=True)
    cache.delete("version")

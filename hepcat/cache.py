"""Versions kept in the cache, and Django's Redis cache keeping one redis-py client for each connection pool.

A *version* is a number in the cache that stored copies are keyed by: bumping it strands them all at once
(the public pages, hepcat/page_cache.py; the class cards, classes/models/cards.py).


Django's own makes a new client for every cache operation, and making one (with its table of reply parsers)
costs as much CPU as the round trip to Redis: more than a page served from the cache (hepcat/page_cache.py)
should spend on it. A client is safe to share, its connections coming from the pool.
"""

import time

from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


def current_version(key):
    version = cache.get(key)
    if version is None:
        # A version lost from the cache starts again from the clock, never from a number that older
        # copies may still be stored under.
        cache.add(key, time.time_ns(), timeout=None)
        version = cache.get(key)
    return version


def bump_version(key):
    """What the copies stored under this version show has changed: they are no longer served."""
    try:
        cache.incr(key)
    except ValueError:
        current_version(key)


class ClientPerPool(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        if pool not in self._clients:
            self._clients[pool] = self._client(connection_pool=pool)
        return self._clients[pool]


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ClientPerPool

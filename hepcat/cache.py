"""Django's Redis cache, keeping one redis-py client for each connection pool.

Django's own makes a new client for every cache operation, and making one (with its table of reply parsers)
costs as much CPU as the round trip to Redis: more than a page served from the cache (hepcat/page_cache.py)
should spend on it. A client is safe to share, its connections coming from the pool.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


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

"""Redis cache that falls back to this process's memory while Redis cannot be reached.

The cache holds only what can be lost: rate-limit counters. When Redis is down every
request would otherwise fail (django-ratelimit raises ConnectionError) and a citizen's
ballot would be lost with a 500. Instead each operation falls back to a per-process
LocMemCache, so rate limits still hold, per gunicorn worker, and Redis is tried again
after `RETRY_AFTER` seconds without making every request wait for a connect timeout.
"""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)

RETRY_AFTER = 5.0
_UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


def _resilient(name: str):
    def method(self, *args, **kwargs):
        if time.monotonic() >= self._redis_down_until:
            try:
                return getattr(super(ResilientRedisCache, self), name)(*args, **kwargs)
            except _UNREACHABLE as exc:
                self._redis_down_until = time.monotonic() + RETRY_AFTER
                log.warning("Redis cache unreachable (%s); using process memory", exc)
        return getattr(self._fallback, name)(*args, **kwargs)

    method.__name__ = name
    return method


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 0.5)
        super().__init__(server, {**params, "OPTIONS": options})
        self._fallback = LocMemCache(
            f"redis-fallback-{id(self)}", {"TIMEOUT": params.get("TIMEOUT", 300)}
        )
        self._redis_down_until = 0.0

    add = _resilient("add")
    get = _resilient("get")
    set = _resilient("set")
    touch = _resilient("touch")
    delete = _resilient("delete")
    get_many = _resilient("get_many")
    has_key = _resilient("has_key")
    incr = _resilient("incr")
    set_many = _resilient("set_many")
    delete_many = _resilient("delete_many")
    clear = _resilient("clear")

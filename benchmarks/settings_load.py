"""Settings for the load test of the public survey form (benchmarks/bench_surveys.py):
the development settings without DEBUG and without the per-address rate limit, since every
simulated phone comes from 127.0.0.1."""

from portal.settings.dev import *  # noqa: F403

DEBUG = False
RATELIMIT_ENABLE = False

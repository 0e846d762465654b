#!/usr/bin/env bash
# Serve the portal and run its periodic jobs (Celery beat) beside it.
# Without REDIS_URL tasks run eagerly inside beat, so no broker is needed;
# with REDIS_URL a worker with an embedded beat consumes them from Redis.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-8000}"
mkdir -p var
trap 'kill $(jobs -p) 2>/dev/null || true' EXIT INT TERM
if [[ -n "${REDIS_URL:-}" ]]; then
  .venv/bin/celery -A portal worker --beat --loglevel=warning \
    --schedule=var/celerybeat-schedule --concurrency=2 &
else
  .venv/bin/celery -A portal beat --loglevel=warning --schedule=var/celerybeat-schedule &
fi
.venv/bin/python manage.py runserver "127.0.0.1:${PORT}"

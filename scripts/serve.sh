#!/bin/sh
# One entry point per production process. The Dockerfile, docker-compose.yml and
# `make prod-smoke` all run these lines, so what CI drills is what a ward deploys.
#   scripts/serve.sh build     collect static files, compile the catalogue (image build)
#   scripts/serve.sh migrate   apply migrations
#   scripts/serve.sh web       gunicorn on $BIND (default 0.0.0.0:8000), $WEB_CONCURRENCY workers
#   scripts/serve.sh worker    Celery worker, $CELERY_CONCURRENCY processes
#   scripts/serve.sh beat      Celery beat (exactly one per installation)
set -eu
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-portal.settings.production}"

case "${1:-}" in
  build)
    # Build-time values only: collectstatic and compilemessages touch neither database
    # nor Redis, and the image must not carry a real secret.
    SECRET_KEY="${SECRET_KEY:-build-only-not-secret-build-only-not-secret-build-only}" \
    ALLOWED_HOSTS="${ALLOWED_HOSTS:-localhost}" ALLOW_SQLITE_IN_PRODUCTION=1 \
    REDIS_URL="${REDIS_URL:-redis://localhost:6379/0}" \
      sh -c 'python manage.py collectstatic --noinput --clear -v0 && python manage.py compilemessages -l vi -v0 --ignore=.venv'
    ;;
  migrate)
    exec python manage.py migrate --noinput
    ;;
  web)
    exec gunicorn portal.wsgi:application \
      --bind "${BIND:-0.0.0.0:8000}" --workers "${WEB_CONCURRENCY:-3}" \
      --timeout 60 --graceful-timeout 30 --access-logfile -
    ;;
  worker)
    exec celery -A portal worker --loglevel=info --concurrency="${CELERY_CONCURRENCY:-2}" \
      --without-gossip --without-mingle
    ;;
  beat)
    exec celery -A portal beat --loglevel=info \
      --schedule="${CELERY_BEAT_SCHEDULE_FILE:-/tmp/celerybeat-schedule}"
    ;;
  *)
    echo "usage: scripts/serve.sh build|migrate|web|worker|beat" >&2
    exit 2
    ;;
esac

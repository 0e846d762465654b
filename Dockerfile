# Production image: gunicorn serving Django (static files by whitenoise), the Celery worker
# and beat. Every process starts through scripts/serve.sh, as `make prod-smoke` runs them.
FROM python:3.11-slim-bookworm

# The commit a backup's manifest names: `PORTAL_GIT_COMMIT=$(git rev-parse HEAD) docker compose build`.
ARG PORTAL_GIT_COMMIT=""
ENV PORTAL_GIT_COMMIT=$PORTAL_GIT_COMMIT
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=portal.settings.production \
    PORTAL_VAR_DIR=/app/var

# Pango for WeasyPrint, a Times-compatible font with Vietnamese glyphs, gettext, and
# pg_dump/pg_restore for `manage.py backup` and `restore` (bookworm's client is 15: it must
# not be older than the server, which is why docker-compose.yml runs postgres:15).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 fontconfig gettext \
        postgresql-client \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY portal ./portal
RUN pip install --no-cache-dir .
COPY . .

# The build step of scripts/serve.sh: collectstatic and compilemessages under production
# settings, with build-only values (no database, no Redis, no real secret).
RUN scripts/serve.sh build \
    && useradd --system --uid 10001 --home /app app \
    && mkdir -p /app/var/media /app/var/backups && chown -R app /app/var

USER app
EXPOSE 8000
CMD ["scripts/serve.sh", "web"]

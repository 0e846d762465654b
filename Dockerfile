# Production image: gunicorn serving Django, static files by whitenoise.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=portal.settings.production \
    PORTAL_VAR_DIR=/app/var

# Pango for WeasyPrint, a Times-compatible font with Vietnamese glyphs, gettext.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 fontconfig gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY portal ./portal
RUN pip install --no-cache-dir .
COPY . .

# Build-time values only: collectstatic and compilemessages touch neither database nor Redis.
RUN SECRET_KEY=build-only-not-secret-build-only-not-secret-build-only \
    ALLOWED_HOSTS=localhost ALLOW_SQLITE_IN_PRODUCTION=1 REDIS_URL=redis://localhost:6379/0 \
    sh -c 'python manage.py collectstatic --noinput -v0 && python manage.py compilemessages -l vi -v0' \
    && useradd --system --home /app app && mkdir -p /app/var/media && chown -R app /app/var

USER app
EXPOSE 8000
CMD ["gunicorn", "portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--timeout", "60", "--access-logfile", "-"]

"""Settings shared by every environment.

Values come from the environment (django-environ); a malformed value fails loudly.
With no environment at all the portal runs on SQLite with eager Celery tasks.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(environ.Env().str("PORTAL_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "csp",
    "auditlog",
    "portal",
    "onestop",
    "dialogues",
    "surveys",
    "reports",
    "plans",
    "assessments",
    "letters",
    "messaging",  # citizens told by SMS or Zalo (beneath the domains that notify)
    "workspace",  # above the domain apps: the officer's inbox
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "portal.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before CSRF, which reads the body: an oversized POST is refused unread.
    "portal.middleware.RequestSizeLimitMiddleware",
    "portal.middleware.TextInputCleaningMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # The actor and address of every audited change; every 403/404 a signed-in user gets.
    "portal.audit.AuditlogMiddleware",
    "portal.audit.RefusedAccessMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Axes must come last: it turns a lockout raised by the backend into a response.
    "axes.middleware.AxesMiddleware",
]

# --- Request size and browser security -------------------------------------------------
# A public form (no account) takes a few kB; 64 kB is plenty and a 60 MB POST is refused
# unread with a Vietnamese 413 page. Staff imports take files up to 5 MB.
PORTAL_PUBLIC_MAX_BODY = env.int("PORTAL_PUBLIC_MAX_BODY", default=64 * 1024)
PORTAL_STAFF_MAX_BODY = env.int("PORTAL_STAFF_MAX_BODY", default=6 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024

# Scripts only from the portal's own static files (no inline script, no handler
# attribute); inline style attributes stay allowed. Nothing may frame the portal.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.portal",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
# DATABASE_URL=postgres://user:pass@host:5432/name switches to PostgreSQL (psycopg 3).
# An empty DATABASE_URL counts as unset (production settings then refuse to start).
DATABASE_URL = env.str("DATABASE_URL", default="").strip()
DATABASES = {
    "default": env.db_url_config(DATABASE_URL or f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a writer instead of failing at once; IMMEDIATE makes write transactions
    # take the lock up front, so two desks issuing numbers queue instead of deadlocking.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # The covering indexes (INCLUDE columns) are a PostgreSQL speed-up; SQLite builds the
    # same index on its key columns, which is all the embedded default needs.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "portal.User"

# --- Redis: cache and Celery broker ----------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # Falls back to process memory while Redis is down (portal/cache.py).
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "portal",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_RESULT_EXPIRES = 60 * 60 * 24
# Without Redis every task runs in the caller's process (the embedded default).
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
# A web request that queues a task never waits long for a broker that is down: the work
# is in the outbox (portal/outbox.py) and the sweep queues it once Redis is back.
# Publishing tries once (kombu would otherwise retry for broker_connection_timeout);
# the worker's own consumer keeps reconnecting (broker_connection_retry).
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 1,
    "socket_timeout": 10,
    "max_retries": 0,
}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 1
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 600
CELERY_TASK_SOFT_TIME_LIMIT = 540
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "overdue-scan": {
        "task": "onestop.tasks.overdue_scan",
        "schedule": crontab(minute="*/15"),
    },
    # What a Redis outage or a lost worker left in the outbox goes out within a minute.
    "outbox-sweep": {
        "task": "portal.tasks.outbox_sweep",
        "schedule": 60.0,
    },
    "export-jobs-sweep": {
        "task": "portal.tasks.export_jobs_sweep",
        "schedule": 60.0,
    },
    "housekeeping": {
        "task": "portal.tasks.housekeeping",
        "schedule": crontab(minute=17),
    },
    # Daily after the 17:00 cut-off: drafts a quarter's report on its last day, once.
    "quarter-report": {
        "task": "reports.tasks.quarter_report",
        "schedule": crontab(hour=17, minute=45),
    },
    # Reminds each lead unit of its plan tasks: a few working days before, and when late.
    "plan-task-reminders": {
        "task": "plans.tasks.task_reminders",
        "schedule": crontab(hour=7, minute=30),
    },
    # Reminds the units and the office of a self-assessment round's deadlines.
    "assessment-reminders": {
        "task": "assessments.tasks.assessment_reminders",
        "schedule": crontab(hour=7, minute=35),
    },
    # Data care (README, "Sao lưu và phục hồi", "Dữ liệu cá nhân").
    "backup-nightly": {
        "task": "portal.tasks.backup_nightly",
        "schedule": crontab(hour=1, minute=30),
    },
    "personal-data-retention": {
        "task": "portal.tasks.personal_data_retention",
        "schedule": crontab(hour=2, minute=40),
    },
}

# Drills only (`make prod-smoke`): every periodic job every N seconds, so that two beat
# processes started by mistake can be watched racing within a minute.
# The backup keeps its night: a dump every few seconds would only fill the disk.
if _every := env.int("PORTAL_BEAT_EVERY_SECONDS", default=0):
    for _name, _entry in CELERY_BEAT_SCHEDULE.items():
        if _name != "backup-nightly":
            _entry["schedule"] = float(_every)

# --- Authentication and lockout --------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# A lockout is keyed on the pair (username, address): an attacker elsewhere who guesses
# at "chutich" locks out only himself, never the chairman at the ward office.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "portal.views.lockout"
AXES_VERBOSE = False
# Every failed login is kept (AccessFailureLog), not only the counter a success resets;
# successful logins and logouts are axes' AccessLog. Both are read by the system log.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# How long the system log keeps its entries (logins, refusals, changes).
PORTAL_AUDIT_RETENTION_DAYS = env.int("PORTAL_AUDIT_RETENTION_DAYS", default=730)
AUDITLOG_DISABLE_REMOTE_ADDR = False
SESSION_COOKIE_AGE = 60 * 60 * 10  # one working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# The client's address, for the lockout and the rate limits alike (portal/net.py): the
# forwarded headers are believed only from these proxies (the nginx in front).
PORTAL_TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
AXES_CLIENT_IP_CALLABLE = "portal.net.client_ip"
RATELIMIT_IP_META_KEY = "portal.net.client_ip"

# --- Language, time, formats -----------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["portal.formats"]

# --- Static and media files ------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
if env.str("EMAIL_URL", default=""):
    # smtp+tls://user:password@mail.example.gov.vn:587
    globals().update(env.email_url("EMAIL_URL"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="cong-thong-tin@localhost")

# --- Portal rules ----------------------------------------------------------------------
# A dossier received after this local time counts as received on the next working day
# (see README, "Working days").
PORTAL_OFFICE_CUTOFF = env.str("PORTAL_OFFICE_CUTOFF", default="17:00")
# The hour the receipt (form 01) gives for collecting the result on the appointment day.
PORTAL_RESULT_TIME = env.str("PORTAL_RESULT_TIME", default="16:00")
# An export of more rows than this is built in the background (portal/export_jobs.py).
PORTAL_EXPORT_BACKGROUND_ROWS = env.int("PORTAL_EXPORT_BACKGROUND_ROWS", default=5000)

# --- Data care (README: "Sao lưu và phục hồi", "Dữ liệu cá nhân") ----------------------
# Where `manage.py backup` writes; copy this directory off the machine every day.
PORTAL_BACKUP_DIR = Path(env.str("PORTAL_BACKUP_DIR", default=str(VAR_DIR / "backups")))
# Rotation: the newest backup of each of the last N days, weeks and months is kept.
PORTAL_BACKUP_KEEP_DAILY = env.int("PORTAL_BACKUP_KEEP_DAILY", default=7)
PORTAL_BACKUP_KEEP_WEEKLY = env.int("PORTAL_BACKUP_KEEP_WEEKLY", default=4)
PORTAL_BACKUP_KEEP_MONTHLY = env.int("PORTAL_BACKUP_KEEP_MONTHLY", default=12)
# The office's dashboard warns when the last good backup is older than this.
PORTAL_BACKUP_MAX_AGE_HOURS = env.int("PORTAL_BACKUP_MAX_AGE_HOURS", default=26)
# Personal data of dossiers closed, and contact data of opinions answered, more than this
# many years ago is anonymised by the nightly retention job.
PORTAL_RETENTION_CASE_YEARS = env.int("PORTAL_RETENTION_CASE_YEARS", default=10)
PORTAL_RETENTION_OPINION_YEARS = env.int("PORTAL_RETENTION_OPINION_YEARS", default=5)
PORTAL_RETENTION_LETTER_YEARS = env.int("PORTAL_RETENTION_LETTER_YEARS", default=5)

# --- Citizens told by SMS or Zalo (messaging/; README "How a ward configures SMS and Zalo")
# The channels in order of preference, e.g. "zalo,sms"; empty sends nothing (email to
# citizens is unchanged: onestop/tasks.py, dialogues/tasks.py).
MESSAGING_CHANNELS = env.list("MESSAGING_CHANNELS", default=[])
# A failed send is tried again after 1, 2, 4, ... times this, up to this many attempts.
MESSAGING_MAX_ATTEMPTS = env.int("MESSAGING_MAX_ATTEMPTS", default=5)
MESSAGING_RETRY_BASE_SECONDS = env.int("MESSAGING_RETRY_BASE_SECONDS", default=120)
MESSAGING_HTTP_TIMEOUT = env.int("MESSAGING_HTTP_TIMEOUT", default=10)
# Messages sent or failed this long ago lose their phone number (nightly retention).
MESSAGING_RETENTION_DAYS = env.int("MESSAGING_RETENTION_DAYS", default=365)
# Brandname SMS gateway: JSON POST {phone, message, brandname, request_id}.
SMS_GATEWAY_URL = env.str("SMS_GATEWAY_URL", default="")
SMS_GATEWAY_API_KEY = env.str("SMS_GATEWAY_API_KEY", default="")
SMS_GATEWAY_USER = env.str("SMS_GATEWAY_USER", default="")
SMS_GATEWAY_PASSWORD = env.str("SMS_GATEWAY_PASSWORD", default="")
SMS_BRANDNAME = env.str("SMS_BRANDNAME", default="")
# The field of the gateway's JSON answer that carries its result code, and the codes
# that mean "accepted".
SMS_GATEWAY_CODE_FIELD = env.str("SMS_GATEWAY_CODE_FIELD", default="code")
SMS_GATEWAY_SUCCESS_CODES = env.list("SMS_GATEWAY_SUCCESS_CODES", default=["0", "00", "100"])
# Texts as registered with the carriers, per event ({"result_ready": "..."}); an event
# left out uses messaging/wording.py. Sent without diacritics unless SMS_UNICODE.
SMS_TEMPLATES = env.json("SMS_TEMPLATES", default={})
SMS_UNICODE = env.bool("SMS_UNICODE", default=False)
# Zalo Notification Service: the Official Account's access token and the id of the
# template Zalo approved for each event ({"result_ready": "123456", ...}).
ZALO_ZNS_URL = env.str("ZALO_ZNS_URL", default="https://business.openapi.zalo.me/message/template")
ZALO_ACCESS_TOKEN = env.str("ZALO_ACCESS_TOKEN", default="")
ZALO_TEMPLATES = env.json("ZALO_TEMPLATES", default={})
# "mode": "development": Zalo delivers only to the OA's administrators (trying templates).
ZALO_ZNS_DEVELOPMENT = env.bool("ZALO_ZNS_DEVELOPMENT", default=False)
# What a Redis outage or a lost worker left pending goes out within a minute.
CELERY_BEAT_SCHEDULE["messaging-sweep"] = {
    "task": "messaging.tasks.messages_sweep",
    "schedule": 60.0,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

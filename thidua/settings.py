"""All settings, read from the environment; see .env.example for every variable.

With nothing set, the app runs embedded: SQLite in var/, Celery tasks eager in-process,
e-mail printed to the console. Production (DJANGO_DEBUG=0) refuses to start without a
secret key and allowed hosts.
"""

import datetime as dt
import os
import re
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=True)
# The SQLite file, uploads and issued documents: outside the web root.
VAR_DIR = Path(env.str("THIDUA_VAR_DIR", default="") or BASE_DIR / "var")
VAR_DIR.mkdir(parents=True, exist_ok=True)

if DEBUG:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
else:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set to 50 or more random characters when DJANGO_DEBUG=0.")

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

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
    "django_filters",
    "rules",
    "axes",
    "simple_history",
    "django_celery_beat",
    "django_celery_results",
    "core",
    "members",
    "documents",
    "campaign",
    "awards",
    "reports",
    "ops",
]

MIDDLEWARE = [
    # First: a body larger than REQUEST_BODY_MAX_SIZE is refused (413) before anything reads it.
    "core.limits.RequestBodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "thidua.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "thidua.middleware.ContentSecurityPolicyMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "thidua.urls"
WSGI_APPLICATION = "thidua.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "members.context_processors.background_jobs",
            ],
        },
    },
]

# Database: PostgreSQL when DATABASE_URL is set, otherwise SQLite in var/.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'thidua.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # IMMEDIATE: a transaction takes the write lock when it begins, so two clicks at once queue
    # (up to `timeout` seconds) instead of one failing with "database is locked" when a read lock
    # is upgraded mid-transaction (SQLite's deferred default cannot wait there).
    DATABASES["default"].setdefault("OPTIONS", {}).update(timeout=20, transaction_mode="IMMEDIATE")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username from that address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Language and formats: Vietnamese first, English second; dd/mm/yyyy and 1.234,5.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "thidua_language"
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["thidua.formats"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
# Uploaded files (evidence, imports, issued documents) live outside the web root and are
# streamed by views that check permissions; MEDIA_URL is never served directly.
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The fields of a request other than its files (Django refuses more with a 400).
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("THIDUA_DATA_UPLOAD_MAX_MEMORY_SIZE", default=5 * 1024 * 1024)
# The whole body of one request, files included: more is answered 413 before it is read
# (core.limits.RequestBodyLimitMiddleware). Keep nginx's client_max_body_size the same (docs/deploy.md).
REQUEST_BODY_MAX_SIZE = env.int("THIDUA_REQUEST_BODY_MAX_SIZE", default=12 * 1024 * 1024)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Celery: Redis when CELERY_BROKER_URL is set, otherwise tasks run eagerly in-process.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = "django-db"
CELERY_RESULT_EXTENDED = True
CELERY_TASK_TRACK_STARTED = True
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=30 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=25 * 60)
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 3,
    "socket_timeout": 5,
    # How long a message taken by a worker that died (acks_late) waits before another worker gets it.
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Jobs beat runs whatever the data; the database scheduler copies them into its tables at start.
CELERY_BEAT_SCHEDULE = {
    "campaign-reminders-before-deadlines": {
        "task": "campaign.tasks.send_due_reminders",
        "schedule": crontab(hour=7, minute=30),  # each morning, local time: idempotent per period and day
    },
    "campaign-cumulated-rankings-after-deadlines": {
        "task": "campaign.tasks.refresh_cumulated_rankings",
        "schedule": crontab(hour=0, minute=5),  # a period due since yesterday now counts (campaign.standings)
    },
    "awards-rank-scores-nightly": {
        "task": "awards.tasks.refresh_rank_scores",
        "schedule": crontab(hour=0, minute=15),  # after midnight: the deadlines passed today count
    },
}
# The site's address: printed in every issued paper's QR code (/verify/<code>/), which never
# changes once issued, and in the links of e-mails sent by background jobs (no request to ask).
# Production refuses to start without an absolute http(s) address; development serves on loopback.
SITE_URL = (env.str("SITE_URL", default="") or ("http://127.0.0.1:8000" if DEBUG else "")).rstrip("/")
if not DEBUG and not re.fullmatch(r"https?://[^/\s]+(/\S*)?", SITE_URL):
    raise ImproperlyConfigured(
        "SITE_URL must be the site's absolute address (https://…) when DJANGO_DEBUG=0: "
        "every issued paper prints it in its QR code."
    )
# Jobs the queue service refused wait as core.PendingJob rows (core/jobs.py); staff see a
# banner while they do. Seconds between two looks at those rows, per web process.
JOBS_DELAYED_CHECK_EVERY = env.int("THIDUA_JOBS_DELAYED_CHECK_EVERY", default=30)

# Progress reports: the time one step of a generation may take, the first wait before an
# e-mail to the Board is tried again (doubled on each attempt).
REPORTS_SOFT_TIME_LIMIT = env.int("THIDUA_REPORTS_SOFT_TIME_LIMIT", default=10 * 60)
REPORTS_TIME_LIMIT = REPORTS_SOFT_TIME_LIMIT + 60
REPORTS_DELIVERY_BACKOFF = env.int("THIDUA_REPORTS_DELIVERY_BACKOFF", default=60)
# Test hooks only (the integration tests start workers with them): fail the first N attempts
# to save a report with a passing error, pause N seconds before the commit.
REPORTS_TEST_FAIL_ATTEMPTS = env.int("THIDUA_REPORTS_TEST_FAIL_ATTEMPTS", default=0)
REPORTS_TEST_PAUSE = env.float("THIDUA_REPORTS_TEST_PAUSE", default=0)

# The cache: Redis in production (CACHE_URL, e.g. redis://127.0.0.1:6379/1), shared by every
# gunicorn worker, for the dashboard's figures; none when unset (each request computes them).
CACHE_URL = env.str("CACHE_URL", default="")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL, "KEY_PREFIX": "thidua"}
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    ),
    # Per-address request counters (core.limits.rate_limited): Redis when set, so that every worker
    # counts together; else each process counts in its own memory (a dummy cache would count nothing).
    "ratelimit": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL, "KEY_PREFIX": "thidua-rl"}
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "thidua-ratelimit"}
    ),
}
# The public verification page (/verify/<code>/): at most this many requests per address per period.
VERIFY_RATE_LIMIT = env.int("THIDUA_VERIFY_RATE_LIMIT", default=30)
VERIFY_RATE_PERIOD = env.int("THIDUA_VERIFY_RATE_PERIOD", default=60)

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Thi đua <thidua@localhost>")

# Production hardening; `manage.py check --deploy` passes with DJANGO_DEBUG=0.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Log-in throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one username
# from one address, that pair is locked for the cool-off time; a success resets the count.
# The office lifts a lock early with `manage.py axes_reset_username NAME`.
AXES_FAILURE_LIMIT = env.int("THIDUA_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env.int("THIDUA_LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "members.lockout.locked_out"
AXES_VERBOSE = False
# The address is REMOTE_ADDR: behind a reverse proxy every client shares the proxy's, so the
# lock then falls on the username alone (X-Forwarded-For is not trusted: a client can forge it).

# Content-Security-Policy (thidua/middleware.py): scripts, styles, fonts and images come from
# this site only; no inline script, no inline style attribute, no plug-ins, no framing, and
# forms post only here. Bootstrap's CSS draws its icons as data: images.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint reports every rendering step at INFO.
    "loggers": {"weasyprint": {"level": "WARNING"}},
}

# Pages per list and the largest spreadsheet an import accepts.
PAGE_SIZE = 25
IMPORT_MAX_ROWS = env.int("THIDUA_IMPORT_MAX_ROWS", default=20000)
# An .xlsx is a zip: the most its parts may unpack to (a small file can unpack to gigabytes).
IMPORT_MAX_UNPACKED_BYTES = env.int("THIDUA_IMPORT_MAX_UNPACKED_BYTES", default=100 * 1024 * 1024)
# The largest evidence file a unit may attach to a submission, in bytes (10 MB).
EVIDENCE_MAX_SIZE = env.int("THIDUA_EVIDENCE_MAX_SIZE", default=10 * 1024 * 1024)
# Evidence quotas (campaign.submissions.check_evidence_quota): files and bytes per report, and per unit
# over all its reports.
EVIDENCE_MAX_FILES_PER_REPORT = env.int("THIDUA_EVIDENCE_MAX_FILES_PER_REPORT", default=30)
EVIDENCE_MAX_BYTES_PER_REPORT = env.int("THIDUA_EVIDENCE_MAX_BYTES_PER_REPORT", default=50 * 1024 * 1024)
EVIDENCE_MAX_FILES_PER_UNIT = env.int("THIDUA_EVIDENCE_MAX_FILES_PER_UNIT", default=1000)
EVIDENCE_MAX_BYTES_PER_UNIT = env.int("THIDUA_EVIDENCE_MAX_BYTES_PER_UNIT", default=1024 * 1024 * 1024)
# The search box of every list: at most this many characters and words.
SEARCH_MAX_LENGTH = env.int("THIDUA_SEARCH_MAX_LENGTH", default=100)
SEARCH_MAX_WORDS = env.int("THIDUA_SEARCH_MAX_WORDS", default=8)

# Digital signatures (documents.signatures): the Fernet key that seals the PKCS#12 files, passphrases
# and token PINs kept in the database (Fernet.generate_key(); unset = derived from SECRET_KEY).
THIDUA_SIGNING_SECRET_KEY = env.str("THIDUA_SIGNING_SECRET_KEY", default="")
# The PKCS#11 library of the token (SoftHSM2 stands in for a USB token in the demo and the tests) and
# SoftHSM2's own configuration, kept under var/ (scripts/softhsm-setup.sh, manage.py softhsm_setup).
THIDUA_PKCS11_LIBRARY = env.str("THIDUA_PKCS11_LIBRARY", default="/usr/lib/softhsm/libsofthsm2.so")
SOFTHSM2_CONF = env.str("SOFTHSM2_CONF", default="") or str(VAR_DIR / "softhsm" / "softhsm2.conf")
os.environ.setdefault("SOFTHSM2_CONF", SOFTHSM2_CONF)

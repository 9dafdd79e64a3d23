"""One settings module, read from the environment.

With no environment at all the portal runs on an embedded SQLite file and local media under
`var/`, with secrets it generates once and keeps there. Production sets the variables named below.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

import environ
from cryptography.fernet import Fernet
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

VAR_DIR = Path(env.str("PORTAL_VAR_DIR", default=str(BASE_DIR / "var")))


def _owner_only(path: Path) -> Path:
    """Create `path` readable and writable by its owner only (0600), whatever the umask, if it
    does not exist; its folder 0700. An existing file is left as it is."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    return path


def _kept_secret(name: str, make: object) -> str:
    """A secret generated on first use and kept under var/ (the embedded default only)."""
    path = VAR_DIR / "keys" / name
    if not path.exists() or not path.read_text().strip():
        _owner_only(path).write_text(make() if callable(make) else str(make))
    return path.read_text().strip()


DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="") or _kept_secret(
    "secret_key", lambda: secrets.token_urlsafe(50)
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"

# Resident ID numbers are encrypted at rest (PIPL 第二十八条) and found by a keyed hash.
# The first Fernet key encrypts; all of them decrypt, so keys can be rotated.
ID_NUMBER_KEYS = env.list("ID_NUMBER_KEYS", default=[]) or [
    _kept_secret("id_number_key", lambda: Fernet.generate_key().decode())
]
ID_NUMBER_HASH_KEY = env.str("ID_NUMBER_HASH_KEY", default="") or _kept_secret(
    "id_number_hash_key", lambda: secrets.token_hex(32)
)

INSTALLED_APPS = [
    "portal",
    "declarations",
    "review",
    "certificates",
    "hr",
    "batches",
    "reports",
    "portal.apps.PortalAdminConfig",  # django.contrib.admin with portal.sites.PortalAdminSite
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_tasks_db",
]

# Work that must not run in a request (mail, notifications, certificate PDFs and ZIPs, imports,
# exports) is a task of Django's tasks framework, stored in the same database and run by
# `manage.py db_worker`. TASKS_IMMEDIATE=true runs each task in the request instead.
TASKS = {
    "default": {
        "BACKEND": (
            "django.tasks.backends.immediate.ImmediateBackend"
            if env.bool("TASKS_IMMEDIATE", default=False)
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default"],
    }
}
# Every worker beats this often; a task RUNNING on a worker silent for the lease goes back to the
# queue (portal/tasks.py), up to WORKER_MAX_CLAIMS claims. /healthz fails when no worker beat
# within WORKER_STALE_SECONDS.
WORKER_HEARTBEAT_SECONDS = env.float("WORKER_HEARTBEAT_SECONDS", default=5)
WORKER_LEASE_SECONDS = env.int("WORKER_LEASE_SECONDS", default=60)
WORKER_MAX_CLAIMS = env.int("WORKER_MAX_CLAIMS", default=3)
WORKER_STALE_SECONDS = env.int("WORKER_STALE_SECONDS", default=120)

MIDDLEWARE = [
    "portal.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.db_router.PinToPrimaryMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.middleware.ForcePasswordChangeMiddleware",
    "portal.middleware.NoStoreForLoggedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "portal.middleware.StatementTimeoutMiddleware",
]

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
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.roles",
                "certificates.context_processors.shortfall",
                "portal.context_processors.unread",
            ],
        },
    },
]

# No request holds the database for minutes: PostgreSQL cancels any statement that runs longer
# than this (milliseconds; 0 turns it off) and the person sees a 503 page saying so. Commands
# run through manage.py (migrations, the background worker, yearly jobs) get a longer limit of
# their own: manage.py sets PORTAL_RUNS_COMMAND (not for runserver, which serves pages).
STATEMENT_TIMEOUT_MS = env.int("DATABASE_STATEMENT_TIMEOUT_MS", default=30_000)
COMMAND_STATEMENT_TIMEOUT_MS = env.int("DATABASE_COMMAND_STATEMENT_TIMEOUT_MS", default=600_000)
if env.bool("PORTAL_RUNS_COMMAND", default=False):
    STATEMENT_TIMEOUT_MS = COMMAND_STATEMENT_TIMEOUT_MS


def _with_statement_timeout(database: dict[str, Any]) -> None:
    if "postgresql" in database["ENGINE"]:
        options = database.setdefault("OPTIONS", {})
        timeout = f"-c statement_timeout={STATEMENT_TIMEOUT_MS}"
        options["options"] = f"{options.get('options', '')} {timeout}".strip()


DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite creates the file with the umask's permissions (and its -wal and -shm files with the
    # file's): created first, it holds encrypted ID numbers and password hashes for its owner only.
    if str(DATABASES["default"]["NAME"]) not in ("", ":memory:"):
        _owner_only(Path(DATABASES["default"]["NAME"]))
    # Concurrent writers queue for the write lock instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL"}
    )
    # Tests get a file, not Django's shared in-memory database, so the live server's threads
    # (a page loading images and a PDF at once) each have a connection of their own.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
    # An index's non-key columns (`include`, which lets PostgreSQL count claimed ≠ computed from
    # the index alone) are left out on SQLite, whose index of the key columns serves as well.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    _with_statement_timeout(DATABASES["default"])
# An optional read replica: safe requests of a person who has not just changed anything read
# from it; writes, everything after a write and the background worker use the primary
# (portal/db_router.py).
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = {
        **env.db("DATABASE_REPLICA_URL"),
        "CONN_MAX_AGE": DATABASES["default"].get("CONN_MAX_AGE", 0),
        "CONN_HEALTH_CHECKS": True,
        "TEST": {"MIRROR": "default"},
    }
    _with_statement_timeout(DATABASES["replica"])
    DATABASE_ROUTERS = ["portal.db_router.PrimaryReplicaRouter"]
# After a write, the person's reads stay on the primary for this long (replication lag).
REPLICA_PIN_SECONDS = env.int("REPLICA_PIN_SECONDS", default=10)

# Shared by every app server: the database (table portal_cache, made by a migration) or Redis
# with CACHE_URL=redis://host:6379/0. Sessions live in the database.
CACHES = {"default": env.cache("CACHE_URL", default="dbcache://portal_cache")}

AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, loading with the person what every page asks (portal/backends.py).
    # Sessions name their backend: those made before it are ended once, at the deploy.
    "portal.backends.PortalBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "portal.validators.IdNumberPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "login"

# Throttling (policy in README, code in portal/throttle.py). Login: 5 failures per ID number and
# address lock that pair, 20 per ID number from all addresses lock the ID number, for 15 minutes
# after the failure that set the lock; attempts during a lock neither count nor renew it.
# Axes records the keyed hash of the ID number, never the number itself.
AXES_HANDLER = "portal.throttle.LoginThrottle"
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_FAILURE_LIMIT_PER_ID = env.int("LOGIN_FAILURE_LIMIT_PER_ID", default=20)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_USERNAME_CALLABLE = "portal.idnumbers.axes_username"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_SENSITIVE_PARAMETERS = ["username", "id_number", "ip_address"]
# The client address: X-Forwarded-For only behind our own proxy (BEHIND_PROXY=true), the entry
# written by the PROXY_COUNT-th proxy from us; otherwise the connecting address.
BEHIND_PROXY = env.bool("BEHIND_PROXY", default=False)
PROXY_COUNT = env.int("PROXY_COUNT", default=1)
AXES_CLIENT_IP_CALLABLE = "portal.throttle.client_address"
REGISTRATION_LIMIT_PER_HOUR = env.int("REGISTRATION_LIMIT_PER_HOUR", default=20)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
if not env.str("STATIC_ROOT", default=""):
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # under var/, like the embedded database
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Stored proof is personal data, served only through a view that checks access.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

# Uploaded proof goes through Django's storage API only: local files under var/ by default,
# S3-compatible storage when AWS_STORAGE_BUCKET_NAME is set. Objects stay private.
_s3_bucket = env.str("AWS_STORAGE_BUCKET_NAME", default="")
STORAGES = {
    "default": (
        {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": _s3_bucket,
                "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
                "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
            },
        }
        if _s3_bucket
        else {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": MEDIA_ROOT, "base_url": None},
        }
    ),
    # Served by whitenoise from STATIC_ROOT (`manage.py collectstatic`), compressed and with
    # hashed names cached for a year; the dev server (DEBUG) serves the sources as they are.
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "portal.staticfiles.StaticFilesStorage"
        )
    },
}

# Mail through Django 6.1's MAILERS. SMTP when MAIL_HOST is set; otherwise the console mailer,
# which `check --deploy` rejects, so production cannot run without real mail by accident.
_mail_host = env.str("MAIL_HOST", default="")
MAILERS = {
    "default": (
        {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _mail_host,
                "port": env.int("MAIL_PORT", default=587),
                "username": env.str("MAIL_USER", default=""),
                "password": env.str("MAIL_PASSWORD", default=""),
                "use_tls": env.bool("MAIL_USE_TLS", default=True),
                "timeout": 20,
            },
        }
        if _mail_host
        else {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    ),
}
# Notifications go by mail too (to people who gave an address) once real mail is configured.
NOTIFY_BY_MAIL = env.bool("NOTIFY_BY_MAIL", default=bool(_mail_host))
# "Forgot password" sends a reset link only when real mail is configured; otherwise the page
# tells the person to ask for a one-time password.
PASSWORD_RESET_BY_MAIL = env.bool("PASSWORD_RESET_BY_MAIL", default=bool(_mail_host))
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="portal@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = env.list("ADMIN_EMAILS", default=[])

# Transport security: on behind HTTPS in production (HTTPS=true), off for the local portal.
HTTPS = env.bool("HTTPS", default=False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env.int("HSTS_SECONDS", default=31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env.bool("HSTS_PRELOAD", default=HTTPS)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# A load balancer probes the health check over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz"]
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# No inline scripts or styles anywhere: scripts load from our own static files with a nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Error reports (500 mail, DEBUG page) mask anything shaped like an ID number.
DEFAULT_EXCEPTION_REPORTER_FILTER = "portal.reporting.IdNumberReporterFilter"
DEFAULT_EXCEPTION_REPORTER = "portal.reporting.IdNumberExceptionReporter"

# One line per request (portal.requests: method, path, status, milliseconds), plain or as JSON
# with LOG_FORMAT=json; ID numbers are masked as each record is made (portal/idnumbers.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_id_numbers": {"()": "portal.idnumbers.MaskIdNumbersFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "portal.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["mask_id_numbers"],
            "formatter": "json" if env.str("LOG_FORMAT", default="") == "json" else "plain",
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["mask_id_numbers"],
        },
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django": {"handlers": ["console", "mail_admins"], "level": "INFO", "propagate": False},
        "axes": {"level": "WARNING"},
        # Requests are logged once, by portal.requests; django.server would repeat them.
        "django.server": {"level": "WARNING"},
        # Certificate PDFs: WeasyPrint logs every layout step and fontTools every subset at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "pikepdf": {"level": "WARNING"},
    },
}

# Errors go to Sentry (or a compatible service) when SENTRY_DSN is set: no personal data, ID
# numbers masked in every event (portal/logs.py).
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from portal.logs import init_error_tracking

    init_error_tracking(
        SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )

# Declarations: the yearly claim above which the declarant is warned and reviewers see a flag
# (the college notice: claims of 200–300 hours a year get returned); limits on proof files.
DECLARATION_OVER_THRESHOLD = env.int("DECLARATION_OVER_THRESHOLD", default=100)
UPLOAD_MAX_FILE_BYTES = env.int("UPLOAD_MAX_FILE_BYTES", default=10 * 1024 * 1024)
UPLOAD_MAX_FILES_PER_DECLARATION = env.int("UPLOAD_MAX_FILES_PER_DECLARATION", default=20)
UPLOAD_MAX_IMAGE_PIXELS = env.int("UPLOAD_MAX_IMAGE_PIXELS", default=40_000_000)
UPLOAD_MAX_PDF_PAGES = env.int("UPLOAD_MAX_PDF_PAGES", default=200)

# Certificates (办法 第十三条): numbers are 41 + these four region digits (prefecture city and
# county, GB/T 2260; checked against the table in certificates/regions.py) + a 7-digit serial.
CERTIFICATE_REGION = env.str("CERTIFICATE_REGION", default="0100")
# Printed on the certificate: who issues it and the text of its seal mark.
CERTIFICATE_AUTHORITY = env.str("CERTIFICATE_AUTHORITY", default="河南省人力资源和社会保障厅")
CERTIFICATE_SEAL_TEXT = env.str("CERTIFICATE_SEAL_TEXT", default="继续教育学时审验专用章")
# The yearly deadline (month-day) and how many days before it people short of hours are reminded.
CERTIFICATE_YEAR_DEADLINE = env.str("CERTIFICATE_YEAR_DEADLINE", default="12-31")
CERTIFICATE_REMINDER_DAYS = env.int("CERTIFICATE_REMINDER_DAYS", default=45)
# Public verification: failed look-ups allowed per address in the window before it answers 429.
VERIFY_MISSES_ALLOWED = env.int("VERIFY_MISSES_ALLOWED", default=20)
VERIFY_WINDOW_SECONDS = env.int("VERIFY_WINDOW_SECONDS", default=600)
# Exports: an XLSX of more rows is written by the background worker (a CSV streams at any size).
EXPORT_BACKGROUND_ROWS = env.int("EXPORT_BACKGROUND_ROWS", default=5000)
# Uploads are fingerprinted as they arrive and spooled under var/, where `sweep_uploads` removes
# what a killed server left behind (the system's /tmp would keep it until a reboot).
FILE_UPLOAD_HANDLERS = [
    "portal.uploads.FingerprintingMemoryFileUploadHandler",
    "portal.uploads.FingerprintingTemporaryFileUploadHandler",
]
FILE_UPLOAD_TEMP_DIR = env.str("FILE_UPLOAD_TEMP_DIR", default=str(VAR_DIR / "tmp" / "uploads"))
Path(FILE_UPLOAD_TEMP_DIR).mkdir(mode=0o700, parents=True, exist_ok=True)

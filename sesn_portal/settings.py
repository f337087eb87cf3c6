"""Settings for the SESN Portal.

Everything that differs between a developer's machine and production is read from the
environment (see `.env.example`). The defaults are safe for a developer and need nothing
installed: an SQLite file, DEBUG off, local hosts only. With DJANGO_ENV=production the
portal refuses to start without a real SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=None):
    """An environment variable; unset or empty (`NAME=` in a copied .env.example) gives
    `default`."""
    value = os.environ.get(name, "").strip()
    return value if value else default


def env_bool(name, default=False):
    value = env(name)
    if value is None:
        return default
    return value.lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def object_storage_options(url, *, bucket=None, location=None, **given):
    """django-storages' S3 options from STORAGE_URL
    (s3://KEY:SECRET@bucket/prefix?endpoint_url=...&region_name=...) or from its AWS_* settings;
    None when neither names a bucket (the local folder then)."""
    options = {key: value for key, value in given.items() if value}
    if url:
        parts = urlsplit(url)
        if parts.scheme != "s3" or not parts.hostname:
            raise ImproperlyConfigured("STORAGE_URL must read s3://[key:secret@]bucket[/prefix].")
        bucket = parts.hostname
        location = parts.path.strip("/") or location
        if parts.username:
            options["access_key"] = unquote(parts.username)
            options["secret_key"] = unquote(parts.password or "")
        options.update(parse_qsl(parts.query))
    if not bucket:
        return None
    options["bucket_name"] = bucket
    if location:
        options["location"] = location
    return options


DJANGO_ENV = env("DJANGO_ENV", "development")
PRODUCTION = DJANGO_ENV == "production"

if PRODUCTION:
    for required in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"):
        if not env(required):
            raise ImproperlyConfigured(f"{required} must be set when DJANGO_ENV=production.")

# Only a development key: production refuses to start without its own (above).
SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
DEBUG = env_bool("DEBUG", default=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# A form refused for its security token gets a page in the site's layout (portal/views.py).
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_countries",
    "django_filters",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "import_export",
    "csp",
    "rest_framework",
    "drf_spectacular",
    # Swagger UI's files, served by the portal itself (no CDN): the API documentation page.
    "drf_spectacular_sidecar",
    # The project's apps, bottom layer first (README: Layout); imports run downwards only.
    "core",
    "workshops",
    "participants",
    "recommendations",
    "news",
    "reports",
    "portal",
    "api",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the session: a visitor who is not signed in gets a kept public page without a
    # view or a query, or 304 for its ETag (core/page_cache.py).
    "core.page_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before any view reads the body (CsrfViewMiddleware's check runs after every request
    # phase); after AuthenticationMiddleware, as staff in the admin may send more.
    "core.request_limits.RequestBodyLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # A view that cannot reach the database (a restart) answers 503 with Retry-After.
    "portal.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sesn_portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "sesn_portal.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=600,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Persistent connections buy nothing for a local file and keep it locked in tests.
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = env("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", BASE_DIR / "staticfiles"))
# Front-end packages come from the npm registry (package.json) and are served by the portal.
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    # The outcome report's Noto fonts (reports/fonts.py).
    ("vendor/fontsource", NODE_MODULES / "@fontsource"),
]
# Natural Earth's country shapes (npm `world-atlas`), which core/charts.py draws maps from.
WORLD_ATLAS_DIR = NODE_MODULES / "world-atlas"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", BASE_DIR / "media"))
# The cache holds the records version, kept public pages and parts of pages, and recent report
# failures. A folder, so that every worker process of the server sees the same (an in-memory
# cache is one per process). Past CACHE_MAX_ENTRIES files, a third of them are dropped at
# random when the next is added (Django's folder cache): room for every page of a large
# network at one records version.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": Path(env("CACHE_DIR", BASE_DIR / "var" / "cache")),
        "OPTIONS": {"MAX_ENTRIES": int(env("CACHE_MAX_ENTRIES", 5000))},
    }
}
# Shared cache (docs/operations.md): with REDIS_URL (redis://host:6379/0) every process on every
# server shares one cache in Redis, Django's own backend; without it, the folder above.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "sesn"),
        }
    }

# Public pages kept for visitors who are not signed in (core/page_cache.py), under the records
# version, which every change moves on: how long one stays at most, and the largest one kept.
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", 600))
PAGE_CACHE_MAX_BYTES = int(env("PAGE_CACHE_MAX_BYTES", 1024 * 1024))
# Uploaded files are served only after the portal's visibility check (portal/media.py). Set
# to nginx's internal location (/protected-media/) for nginx to send the file itself
# (X-Accel-Redirect, docs/operations.md); empty: the portal sends it.
MEDIA_ACCEL_REDIRECT_PREFIX = env("MEDIA_ACCEL_REDIRECT_PREFIX", "")

STORAGES = {
    # Removes a partly written file and says why it failed (core/storage.py).
    "default": {"BACKEND": "core.storage.MediaStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Files in object storage (docs/operations.md): STORAGE_URL
# (s3://KEY:SECRET@bucket/prefix?endpoint_url=https://s3.example.org&region_name=eu-west-1), or
# django-storages' own AWS_STORAGE_BUCKET_NAME with AWS_S3_ENDPOINT_URL, puts materials and stored
# reports in an S3-compatible store (django-storages); without either, the local MEDIA_ROOT.
MEDIA_STORAGE_OPTIONS = object_storage_options(
    env("STORAGE_URL"),
    bucket=env("AWS_STORAGE_BUCKET_NAME"),
    endpoint_url=env("AWS_S3_ENDPOINT_URL"),
    region_name=env("AWS_S3_REGION_NAME"),
    access_key=env("AWS_S3_ACCESS_KEY_ID"),
    secret_key=env("AWS_S3_SECRET_ACCESS_KEY"),
    location=env("AWS_LOCATION"),
)
if MEDIA_STORAGE_OPTIONS:
    STORAGES["default"] = {
        "BACKEND": "core.object_storage.ObjectMediaStorage",
        "OPTIONS": MEDIA_STORAGE_OPTIONS,
    }
# With object storage, a file the visitor may see is handed over as a signed address valid for
# this many seconds (the portal's check comes first); 0: the portal sends the file itself.
MEDIA_SIGNED_URL_SECONDS = int(env("MEDIA_SIGNED_URL_SECONDS", 60))
# Outside production the portal serves static files straight from their sources.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG

LOGIN_URL = "admin:login"

# Sign-in throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one account
# from one address, that account is locked from that address for AXES_COOLOFF_MINUTES (each
# attempt meanwhile starts the wait again). Other accounts and other addresses are not
# affected. The address is the comment rate limit's (PROXY_HOPS, news.views.visitor_address).
# Lift a lockout in the admin (Axes › Access attempts) or with `manage.py axes_reset`.
AUTHENTICATION_BACKENDS = [
    "core.login_lockout.SignInThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("AXES_COOLOFF_MINUTES", 15)))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "news.views.visitor_address"
AXES_LOCKOUT_CALLABLE = "core.login_lockout.login_locked_out"
AXES_RESET_ON_SUCCESS = True

# A history entry's change reason names what it came from (a restored workshop's title, an
# imported file's name): a text field keeps it whole, where the default varchar(100) makes
# PostgreSQL refuse the restore or the import.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Material uploads: what the secretariat may attach to a workshop.
MATERIAL_MAX_UPLOAD_BYTES = int(env("MATERIAL_MAX_UPLOAD_BYTES", 25 * 1024 * 1024))
# Request bodies larger than these are refused with 413 before they are read
# (core/request_limits.py); keep nginx's client_max_body_size in step (docs/operations.md).
# Anyone: a comment or the sign-in form. Staff in the admin: a few materials saved at once.
PUBLIC_REQUEST_MAX_BYTES = int(env("PUBLIC_REQUEST_MAX_BYTES", 64 * 1024))
ADMIN_REQUEST_MAX_BYTES = int(env("ADMIN_REQUEST_MAX_BYTES", 4 * MATERIAL_MAX_UPLOAD_BYTES))
# Form fields other than files held in memory (a large workshop's admin form is well below);
# past it Django refuses the request. Uploaded files above FILE_UPLOAD_MAX_MEMORY_SIZE go to a
# temporary file instead of memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # 2.5 MB

# Participant-list imports (CSV or .xlsx): the largest file, and the most rows, one import takes.
PARTICIPANT_IMPORT_MAX_BYTES = int(env("PARTICIPANT_IMPORT_MAX_BYTES", 5 * 1024 * 1024))
PARTICIPANT_IMPORT_MAX_ROWS = int(env("PARTICIPANT_IMPORT_MAX_ROWS", 5000))

# The outcome report: how long one rendering may take before the last good PDF is served.
REPORT_RENDER_TIMEOUT_SECONDS = float(env("REPORT_RENDER_TIMEOUT_SECONDS", 120))
# After a failed rendering, how long downloads are answered (last good PDF, or the 503 page)
# without trying the same content again. Staff's "Regenerate report" tries at once.
REPORT_RETRY_AFTER_FAILURE_SECONDS = int(env("REPORT_RETRY_AFTER_FAILURE_SECONDS", 300))
# Memory (MB) one rendering may take beyond what its process starts with; 0: no limit.
REPORT_RENDER_MAX_MEMORY_MB = int(env("REPORT_RENDER_MAX_MEMORY_MB", 2048))
# The report names at most this many participants; it counts the rest and points to the page.
REPORT_MAX_LISTED_PARTICIPANTS = int(env("REPORT_MAX_LISTED_PARTICIPANTS", 2000))
# [var/locks/ beside manage.py]: lock files, so that one process renders a report at a time.
REPORT_LOCK_DIR = Path(env("REPORT_LOCK_DIR", BASE_DIR / "var" / "locks"))

# Reports rendered by Celery workers (docs/operations.md): with a broker
# (redis://127.0.0.1:6379/1 or amqp://guest:guest@127.0.0.1:5672//), a download that finds the
# report out of date queues one rendering and answers at once; without one, the request renders.
CELERY_BROKER_URL = env("CELERY_BROKER_URL")
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A queued report is answered with this Retry-After (seconds) while it is being prepared.
REPORT_PREPARING_RETRY_AFTER_SECONDS = int(env("REPORT_PREPARING_RETRY_AFTER_SECONDS", 10))

# The source documents the seed records are taken from (see sources/README.md).
SESN_SOURCES_DIR = Path(env("SESN_SOURCES_DIR", BASE_DIR / "sources"))

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "sesn-portal@localhost")

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): the portal's pages load scripts, styles, fonts and
# images from the portal alone and have no inline script or style, so an injected <script>
# or style="" does nothing. Bootstrap's stylesheet draws some icons as data: images. The
# admin is left out: Django's admin and its add-ons (import-export, simple-history) use
# inline styles and handlers, and it is open to staff only. So are files (uploaded media, the
# report PDF in reports/views.py): Chrome's PDF viewer does not work under a page's policy.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", f"/{MEDIA_URL}"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
SESSION_COOKIE_HTTPONLY = True
# How many fields one request may post. A workshop's admin form posts every inline row (about
# seven fields a row); Django's default of 1,000 refuses a large workshop's save with a bare
# 400 and the editor's input is lost. Participations beyond 50 are left out of that form
# (participants/admin.py), so this only needs room for the other inlines' rows.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# How many reverse proxies in front of the portal add the address they saw to
# X-Forwarded-For. 0 (no proxy): a visitor's address is REMOTE_ADDR. The comment rate limit
# counts per visitor address (news/views.py, visitor_address).
PROXY_HOPS = int(env("PROXY_HOPS", 0))

# The read-only JSON API under /api/v1/ (api/): public records only, for anyone, without
# signing in. Anonymous clients are throttled per address (the comment rate limit's:
# NUM_PROXIES is PROXY_HOPS, so a visitor cannot pick their own address in X-Forwarded-For),
# counted in the default cache. API_ANON_RATE: "120/minute", "5000/day".
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": env("API_ANON_RATE", "120/minute")},
    "NUM_PROXIES": PROXY_HOPS,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "SESN Portal API",
    "DESCRIPTION": (
        "The public records of the INECE Seaport Environmental Security Network: workshops, "
        "series, countries, organizations, recommendations and news posts. Read-only; "
        "published records only; never a person's contact details."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from the drf-spectacular-sidecar package's static files, not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No badge fetched from swagger.io: the page's policy allows images from the portal only.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
}

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
}

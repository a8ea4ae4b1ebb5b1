"""Settings for the breach catalogue, driven by environment variables (see .env.example)."""

import os
import sys
from pathlib import Path

import dj_database_url
import django
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str = "False") -> bool:
    value = os.environ.get(name, default).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name: str, default: str) -> int:
    value = os.environ.get(name, default)
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


DEBUG = envbool("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not envbool("ALLOW_INSECURE_KEY", "True"):
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    # Local use only: `make run` serves on loopback. Production sets SECRET_KEY and
    # ALLOW_INSECURE_KEY=false (docker-compose.yml does).
    SECRET_KEY = "insecure-local-key-set-SECRET_KEY-in-production"
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_filters",
    "axes",
    "breaches",
    "ingest",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Django 6 has CSP built in; Django 5.2 (Python 3.11) gets the same header from a fallback.
    "django.middleware.csp.ContentSecurityPolicyMiddleware"
    if django.VERSION >= (6, 0)
    else "breaches.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Japanese by default whatever the browser says; English when the visitor switches.
    "breaches.middleware.JapaneseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lockout into a response.
    "axes.middleware.AxesMiddleware",
    # A timed-out query or a database outage becomes a 503 with Retry-After, not a traceback.
    "breaches.middleware.DatabaseUnavailableMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# One person's typos lock that username at that address only; an address that fails
# three times as often, whatever the usernames, is locked for everyone (breaches/lockout.py).
AXES_HANDLER = "breaches.lockout.LoginThrottle"
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "10")
AXES_ADDRESS_FAILURE_LIMIT = 3 * AXES_FAILURE_LIMIT
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", "30") / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "breaches.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True

ROOT_URLCONF = "config.urls"

WSGI_APPLICATION = "config.wsgi.application"

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
            ],
        },
    },
    {
        # The busiest templates (config/jinja2.py); rendered with using="jinja2".
        "NAME": "jinja2",
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "config.jinja2.environment", "autoescape": True},
    },
]

# PostgreSQL only. DATABASE_URL picks a server; without it the project runs its own embedded
# PostgreSQL (data in var/pgdata), started on the first connection by config.embedded_pg.
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL (postgres://...)")
else:
    DATABASES = {
        "default": {
            "ENGINE": "config.embedded_pg",
            "NAME": os.environ.get("EMBEDDED_PG_DBNAME", "catalogue"),
            "USER": "postgres",
            "PGDATA": os.environ.get("EMBEDDED_PGDATA", str(BASE_DIR / "var" / "pgdata")),
            "CONN_MAX_AGE": 60,
            # One test database per test run, so that several runs can share the server.
            "TEST": {"NAME": f"test_catalogue_{os.getpid()}"},
        }
    }


def serving_web() -> bool:
    """Whether this process answers web requests: a WSGI server (config/wsgi.py says so) or
    `manage.py runserver`; not commands, scripts or the test runner."""
    runserver = Path(sys.argv[0]).name == "manage.py" and sys.argv[1:2] == ["runserver"]
    return os.environ.get("CATALOGUE_WSGI") == "1" or runserver


# Time limits, so that a slow query or a frozen database cannot hold a web worker: a query
# cancelled by statement_timeout becomes a 503 (breaches.middleware). Everything else (ingest,
# migrate, bench, tests …) may run long statements and gets DB_COMMAND_STATEMENT_TIMEOUT_MS.
DB_CONNECT_TIMEOUT = envint("DB_CONNECT_TIMEOUT", "3")  # seconds
DB_STATEMENT_TIMEOUT_MS = envint("DB_STATEMENT_TIMEOUT_MS", "2000")
# The time all facet counts of one filtered list may take together; a facet left over shows
# "counts unavailable" (the unfiltered list reads counts the database keeps, at no cost).
FACET_BUDGET_MS = envint("FACET_BUDGET_MS", "400")
# A search matching more incidents than this shows its facets without counts: counting them
# would read most of the catalogue (a term in nearly every notice).
FACET_SEARCH_MAX = envint("FACET_SEARCH_MAX", "20000")
# Seconds a rendered list (results and facets) or incident body is kept in each process, per
# catalogue version: any write to the catalogue makes a new version (breaches/pagecache.py).
# 0 turns it off.
PAGE_CACHE_SECONDS = envint("PAGE_CACHE_SECONDS", "3600")
DB_COMMAND_STATEMENT_TIMEOUT_MS = envint("DB_COMMAND_STATEMENT_TIMEOUT_MS", "0")  # 0 = none
statement_timeout = DB_STATEMENT_TIMEOUT_MS if serving_web() else DB_COMMAND_STATEMENT_TIMEOUT_MS
DATABASES["default"].setdefault("OPTIONS", {}).update(
    connect_timeout=DB_CONNECT_TIMEOUT, options=f"-c statement_timeout={statement_timeout}"
)
# How long a client should wait before trying again after a 503.
RETRY_AFTER_SECONDS = envint("RETRY_AFTER_SECONDS", "30")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# "default": each process's own (search snippets, the front page's overview, rendered page
# parts: cheap to redo).
# "shared": one for every web worker and command, in the catalogue's database (its table is
# made by migration 0010): the insights drawn for a catalogue version, which
# `manage.py warm_insights` draws after an import.
CACHES = {
    # Small values each process keeps (the front page's counts, per catalogue version).
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Page parts and search snippets (breaches/pagecache.py, views.cached_snippet), apart from
    # the small values: the many URLs a crawl or a load brings cull this one, not those.
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        # A kept page part is 40-100 KB: at most about 50 MB a process, whatever URLs come.
        "OPTIONS": {"MAX_ENTRIES": 1000},
    },
    "shared": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "breaches_cache",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", "日本語"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if envbool("STATIC_MANIFEST", "False")
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns when it is missing

# Python 3.11 gets Django 5.2 LTS; template partials ({% partialdef %}) are built into Django 6
# and come from the django-template-partials package before it.
if django.VERSION < (6, 0):
    INSTALLED_APPS.append("template_partials")
    TEMPLATES[0]["OPTIONS"]["builtins"] = ["template_partials.templatetags.partials"]

LOGIN_URL = "admin:login"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Sessions only serve the admin: an editor logs in again after a working day.
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", str(8 * 60 * 60))

# Production behind a TLS proxy (docker-compose.yml turns all of these on; README "Deploying").
# TRUST_X_FORWARDED_PROTO only when the proxy sets X-Forwarded-Proto and strips the client's own.
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if envbool("TRUST_X_FORWARDED_PROTO") else None
)
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT")
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "0")
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = envbool("SECURE_COOKIES")

# Every response: nothing from other origins, never in a frame. The templates have no inline
# script or style; a template that needs one adds a nonce (script-src/style-src with CSP.NONCE
# and the `csp` context processor, Django 6 only).
SECURE_CSP = {"default-src": ["'self'"], "frame-ancestors": ["'none'"]}

# The JSON API (breaches/api.py) is Django REST framework described by drf-spectacular; each
# view sets its own renderers, auth and errors, so only the schema class is global.
REST_FRAMEWORK = {"DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema"}

"""Dateline's settings. Every knob is a DATELINE_* environment variable (see README)."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from dateline.core.env import env_bool, env_float, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(env_str("DATELINE_VAR_DIR", str(Path.cwd() / "var"))).resolve()

DEBUG = env_bool("DATELINE_DEBUG", False)
_secret_key = env_str("DATELINE_SECRET_KEY", "")
if not _secret_key:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DATELINE_SECRET_KEY is not set; set it to a long random string "
            "(`make run` does this for you on a development machine)"
        )
    _secret_key = "insecure-development-only-key"  # noqa: S105 - DEBUG only
SECRET_KEY = _secret_key

ALLOWED_HOSTS = env_list("DATELINE_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DATELINE_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "dateline.core",
    "dateline.newsroom",
    "dateline.weather",
    "dateline.discovery",
    "dateline.comments",
    "dateline.syndication",
    "dateline.api",
    "dateline.public",
]

MIDDLEWARE = [
    # First, so a cached page skips every other middleware (see dateline.core.pagecache).
    "dateline.core.pagecache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "dateline.newsroom.middleware.SiteTimeZoneMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "dateline.core.csp.CSPMiddleware",
    # AxesMiddleware must come last: it answers locked-out logins.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dateline.urls"
WSGI_APPLICATION = "dateline.wsgi.application"

TEMPLATES = [
    {
        # The reader-facing pages (dateline.public.jinja explains why). First, because
        # Django looks a name up in each engine in turn: a page render would otherwise
        # search every app's templates/ directory before it (no name is in both).
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "jinja2"],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "dateline.public.jinja.environment",
            "context_processors": ["dateline.public.context_processors.site"],
        },
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dateline.public.context_processors.site",
            ],
        },
    },
]


def _database(url: str) -> dict:
    try:
        config = dj_database_url.parse(
            url,
            conn_max_age=env_int("DATELINE_DB_CONN_MAX_AGE", 60),
            # A reused connection is checked before each request: after PostgreSQL
            # restarts (or a failover), readers get a new one, not an error page.
            conn_health_checks=True,
        )
    except Exception as exc:  # dj-database-url raises several types for a bad URL
        raise ImproperlyConfigured(f"DATELINE_DATABASE_URL is malformed ({url!r}): {exc}") from exc
    engine = config.get("ENGINE", "")
    if engine == "django.db.backends.sqlite3":
        if not config.get("NAME") or config["NAME"] == ":memory:":
            raise ImproperlyConfigured(f"DATELINE_DATABASE_URL must name a database file ({url!r})")
        # Connections are kept (DATELINE_DB_CONN_MAX_AGE) as on PostgreSQL; the backend
        # reconnects when the file is replaced (dateline.core.sqlite explains).
        config["ENGINE"] = "dateline.core.sqlite"
        # WAL lets readers and one writer work at once; IMMEDIATE avoids
        # "database is locked" when two writers race inside transactions.
        config["OPTIONS"] = {
            # analysis_limit: ANALYZE and PRAGMA optimize sample (dateline.core.sqlite).
            # cache_size: 8 MiB of pages per connection, not SQLite's 2 MiB, which the
            # home page and a search outgrew (already at 1,000 articles): each read its
            # pages from the OS again, 10-20% of their time at 100,000 (README, "Scale").
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA busy_timeout=5000; PRAGMA analysis_limit=1000; PRAGMA cache_size=-8192;",
            "transaction_mode": "IMMEDIATE",
        }
    elif engine not in ("django.db.backends.postgresql",):
        raise ImproperlyConfigured(
            f"DATELINE_DATABASE_URL must be sqlite:/// or postgres:// ({url!r})"
        )
    else:
        config.setdefault("OPTIONS", {})["connect_timeout"] = 5
    return config


DATABASE_URL = env_str("DATELINE_DATABASE_URL", f"sqlite:///{VAR_DIR / 'dateline.sqlite3'}")
DATABASES = {"default": _database(DATABASE_URL)}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def _cache(url: str) -> dict:
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": env_str("DATELINE_CACHE_PREFIX", "dateline"),
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    if url in ("", "locmem://", "memory://"):
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    raise ImproperlyConfigured(
        f"DATELINE_CACHE_URL must be redis://host:port/db or locmem:// ({url!r})"
    )


CACHES = {"default": _cache(env_str("DATELINE_CACHE_URL", "locmem://"))}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Language and time: the site's own, used for the masthead date and permalinks.
LANGUAGE_CODE = env_str("DATELINE_LANGUAGE", "en")
LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("de", "Deutsch"),
    ("es", "Español"),
    ("fa", "فارسی"),
    ("ar", "العربية"),
    ("he", "עברית"),
    ("ru", "Русский"),
]
TIME_ZONE = env_str("DATELINE_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("DATELINE_STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("DATELINE_MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_MAX_AGE = 31536000 if not DEBUG else 0

# Site identity.
SITE_NAME = env_str("DATELINE_SITE_NAME", "Dateline")
SITE_URL = env_str("DATELINE_SITE_URL", "").rstrip("/")

# Weather in the masthead: "open-meteo" (default), "static:<temperature>", or "off".
WEATHER_PROVIDER = env_str("DATELINE_WEATHER", "open-meteo")
WEATHER_LATITUDE = env_float("DATELINE_WEATHER_LATITUDE", 52.52)
WEATHER_LONGITUDE = env_float("DATELINE_WEATHER_LONGITUDE", 13.41)
WEATHER_UNIT = env_str("DATELINE_WEATHER_UNIT", "celsius")
WEATHER_URL = env_str("DATELINE_WEATHER_URL", "https://api.open-meteo.com/v1/forecast")
WEATHER_TIMEOUT = env_float("DATELINE_WEATHER_TIMEOUT", 2.0)
WEATHER_TTL = 600
if WEATHER_PROVIDER.startswith("static:"):
    try:
        float(WEATHER_PROVIDER.removeprefix("static:"))
    except ValueError:
        raise ImproperlyConfigured(
            f"DATELINE_WEATHER=static:<number> needs a number, not {WEATHER_PROVIDER!r}"
        ) from None
elif WEATHER_PROVIDER not in ("open-meteo", "off"):
    raise ImproperlyConfigured(
        f"DATELINE_WEATHER must be open-meteo, static:<number> or off, not {WEATHER_PROVIDER!r}"
    )
if WEATHER_UNIT not in ("celsius", "fahrenheit"):
    raise ImproperlyConfigured("DATELINE_WEATHER_UNIT must be celsius or fahrenheit")

# Security: safe by default, relaxed only for local development with DEBUG.
SECURE = env_bool("DATELINE_SECURE", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE
SECURE_HSTS_SECONDS = 31536000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE else None
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("DATELINE_LOG_LEVEL", "INFO")},
    # httpx would log every request it sends (weather, nine nginx refreshes per page).
    "loggers": {
        "django.server": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "httpx": {"level": "WARNING"},
    },
}

LOGIN_URL = "admin:login"

# HSTS preload is a commitment each site's owner makes for the whole domain; not ours.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Background work (scheduled publishing, renditions, related articles): django-tasks with
# its database backend; `dateline worker` (started beside the server by `make run`) runs it.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Each area keeps its own settings below, in its own block.

# --- newsroom: accounts, roles, workflow, media (issue 3) ---
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling (django-axes): 5 failed logins for one user name from one address lock
# that pair out for an hour (a locked page with status 429); a success resets the count.
# Keyed on the pair so nobody can lock a colleague out from elsewhere.
AXES_FAILURE_LIMIT = env_int("DATELINE_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_float("DATELINE_LOGIN_LOCKOUT_HOURS", 1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Largest accepted image upload, in megabytes (bigger files are refused with a message).
MAX_UPLOAD_MB = env_float("DATELINE_MAX_UPLOAD_MB", 10.0)
# Staff must confirm a TOTP code (django-otp) to use the back office.
REQUIRE_OTP = env_bool("DATELINE_REQUIRE_OTP", False)
# Signed preview links of drafts stay valid this many hours.
PREVIEW_LINK_HOURS = env_int("DATELINE_PREVIEW_LINK_HOURS", 48)
# Article bodies may embed videos from these hosts only (see core/html.py EMBED_HOSTS).
CONTENT_SECURITY_POLICY["DIRECTIVES"]["frame-src"] = [
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
]

# --- comments (issue 4) ---
# Comments close this many days after publishing (0: never automatically).
COMMENTS_CLOSE_AFTER_DAYS = env_int("DATELINE_COMMENTS_CLOSE_AFTER_DAYS", 0)
# A form sent sooner than this after it was shown is refused as a bot's; older than
# the maximum age, it is refused as replayed (the reader sends it again, text kept).
COMMENTS_MIN_SECONDS = env_float("DATELINE_COMMENTS_MIN_SECONDS", 3.0)
COMMENTS_FORM_MAX_AGE = env_int("DATELINE_COMMENTS_FORM_MAX_AGE", 2 * 24 * 3600)
# Comments accepted per client IP and per email address within ten minutes (cache-based).
COMMENTS_RATE_PER_IP = env_int("DATELINE_COMMENTS_RATE_PER_IP", 10)
COMMENTS_RATE_PER_EMAIL = env_int("DATELINE_COMMENTS_RATE_PER_EMAIL", 5)
COMMENTS_MAX_LINKS = env_int("DATELINE_COMMENTS_MAX_LINKS", 3)
COMMENTS_MAX_LENGTH = env_int("DATELINE_COMMENTS_MAX_LENGTH", 5000)
# Naive Bayes spam probability at or above which a comment is held, and marked spam.
COMMENTS_HOLD_SCORE = env_float("DATELINE_COMMENTS_HOLD_SCORE", 0.5)
COMMENTS_SPAM_SCORE = env_float("DATELINE_COMMENTS_SPAM_SCORE", 0.9)
# The request header holding the client's address behind a proxy (e.g. X-Forwarded-For;
# its last entry is used). Empty: the connection's address.
COMMENTS_CLIENT_IP_HEADER = env_str("DATELINE_COMMENTS_CLIENT_IP_HEADER", "")
# Akismet is asked only when a key is set (off by default; all other defence is local).
AKISMET_KEY = env_str("DATELINE_AKISMET_KEY", "")
AKISMET_URL = env_str("DATELINE_AKISMET_URL", "https://rest.akismet.com/1.1/comment-check")

# --- discovery: related, latest, most read, search (issue 5) ---

# --- syndication and API (issue 6) ---
# Feeds carry each article's whole body (true) or its standfirst only (false).
FEED_FULL_TEXT = env_bool("DATELINE_FEED_FULL_TEXT", True)

# --- performance: page cache, HTTP caching (issue 7) ---
# Anonymous pages are kept whole and served without rendering (dateline.core.pagecache);
# fresh for PAGE_CACHE_TTL seconds (also the s-maxage sent to proxies), then served stale
# for up to PAGE_CACHE_STALE more while one background render replaces them. Content
# changes purge the pages showing them at once, whatever the TTL.
PAGE_CACHE = env_bool("DATELINE_PAGE_CACHE", True)
PAGE_CACHE_TTL = env_int("DATELINE_PAGE_CACHE_TTL", 60)
PAGE_CACHE_STALE = env_int("DATELINE_PAGE_CACHE_STALE", 3600)
PAGE_CACHE_ENTRIES = env_int("DATELINE_PAGE_CACHE_ENTRIES", 2000)
if PAGE_CACHE_TTL < 1 or PAGE_CACHE_STALE < 0 or PAGE_CACHE_ENTRIES < 1:
    raise ImproperlyConfigured(
        "DATELINE_PAGE_CACHE_TTL and DATELINE_PAGE_CACHE_ENTRIES must be at least 1, "
        "DATELINE_PAGE_CACHE_STALE at least 0"
    )
if CACHES["default"]["BACKEND"].endswith("RedisCache"):
    _prefix = CACHES["default"]["KEY_PREFIX"]
    CACHES["pages"] = {**CACHES["default"], "KEY_PREFIX": f"{_prefix}:pages"}
else:  # in this process; purges reach the other workers through this log file
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "dateline-pages",
        "OPTIONS": {"MAX_ENTRIES": PAGE_CACHE_ENTRIES},
    }
PAGE_CACHE_PURGE_LOG = str(VAR_DIR / "pagecache-purges.log")
# nginx in front (deploy/nginx.conf): purged pages are fetched again through it with
# the secret header that makes it bypass and replace its cached copy.
NGINX_REFRESH_URL = env_str("DATELINE_NGINX_REFRESH_URL", "").rstrip("/")
NGINX_REFRESH_SECRET = env_str("DATELINE_NGINX_REFRESH_SECRET", "")
if NGINX_REFRESH_URL and len(NGINX_REFRESH_SECRET) < 16:
    raise ImproperlyConfigured(
        "DATELINE_NGINX_REFRESH_URL needs DATELINE_NGINX_REFRESH_SECRET (16 characters or more)"
    )

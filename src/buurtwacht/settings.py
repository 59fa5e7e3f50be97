"""Settings, read from the environment.

`BUURTWACHT_DEV=1` (set by `make run` and the tests) is the demo/dev mode: it allows a generated
SECRET_KEY and local hosts. Everywhere else SECRET_KEY is required and DEBUG is off unless asked for.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from buurtwacht.env import env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("BUURTWACHT_DATA_DIR", str(Path.cwd() / "var")))

DEV_MODE = env_bool("BUURTWACHT_DEV", False)
DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEV_MODE:
        raise ImproperlyConfigured(
            "SECRET_KEY is required. Set it in the environment, or set BUURTWACHT_DEV=1 for the local demo."
        )
    SECRET_KEY = "dev-only-not-secret-" + "buurtwacht-demo"  # noqa: S105 - only in dev mode

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEV_MODE or DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "buurtwacht.core.apps.BuurtwachtAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "buurtwacht.core",
    "buurtwacht.geo",
    "buurtwacht.accounts",
    "buurtwacht.groups",
    "buurtwacht.municipality",
    "buurtwacht.municipality.figures",
    "buurtwacht.municipality.stickers",
    "buurtwacht.municipality.coverage",
    "buurtwacht.municipality.signs",
    "buurtwacht.municipality.chathistory",
    "buurtwacht.alerts",
    "buurtwacht.networks",
    "buurtwacht.police",
    "buurtwacht.delivery",
    "huey.contrib.djhuey",
    "ninja",  # its API docs page then uses the Swagger UI it ships, not a CDN (which the CSP would refuse)
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "buurtwacht.core.errors.DatabaseOutageMiddleware",
]

ROOT_URLCONF = "buurtwacht.urls"
ASGI_APPLICATION = "buurtwacht.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "buurtwacht.core.context_processors.site",
                "buurtwacht.accounts.context_processors.account",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'buurtwacht.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("CONN_MAX_AGE", 60))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside one writer; IMMEDIATE takes the write lock at BEGIN so that
    # two writers queue up instead of failing half-way with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0 if DATABASE_URL.endswith(":memory:") else 600
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "core:home"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # seconds; the link in the reset mail works for a day
OTP_TOTP_ISSUER = "Buurtwacht"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 30

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Absolute links in e-mails (verification, invitations, join requests).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Shared state between processes: Redis when REDIS_URL is set, else this process's memory (the embedded
# default runs one process). Rate limits count here.
REDIS_URL = env_str("REDIS_URL")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
# Requests per period per client ("number/period", period s, m, h or d, optionally with a count: 15m); the
# *_account limits count per account (for sign-in: the address typed), so that many clients together cannot
# guess one account's password. In dev mode sign-in is looser, so that one can walk through the demo's personas.
RATE_LIMITS = {
    "signup": env_str("RATE_LIMIT_SIGNUP", "5/h"),
    "login": env_str("RATE_LIMIT_LOGIN", "100/15m" if DEV_MODE else "10/15m"),
    "login_account": env_str("RATE_LIMIT_LOGIN_ACCOUNT", "100/h" if DEV_MODE else "20/h"),
    "password_reset": env_str("RATE_LIMIT_PASSWORD_RESET", "5/h"),
    "join": env_str("RATE_LIMIT_JOIN", "10/h"),
    "contact": env_str("RATE_LIMIT_CONTACT", "5/h"),
    "group_register": env_str("RATE_LIMIT_GROUP_REGISTER", "20/h"),
    "group_register_account": env_str("RATE_LIMIT_GROUP_REGISTER_ACCOUNT", "10/h"),
    "police_api": env_str("RATE_LIMIT_POLICE_API", "120/m"),  # per control-room key, every request
    "whatsapp_code": env_str("RATE_LIMIT_WHATSAPP_CODE", "5/h"),  # codes sent over WhatsApp, per account
}

# Alerts. A member may post ALERT_RATE_LIMIT alerts per period ("3/10m"); the composer shows open alerts within
# ALERT_NEARBY_METRES posted in the last ALERT_NEARBY_MINUTES ("is this the same incident?").
ALERT_RATE_LIMIT = env_str("ALERT_RATE_LIMIT", "3/10m")
ALERT_NEARBY_METRES = env_int("ALERT_NEARBY_METRES", 300)
ALERT_NEARBY_MINUTES = env_int("ALERT_NEARBY_MINUTES", 60)
# An alert's place lies in the group's area or at most this far outside it (across the street at its edge).
ALERT_AREA_MARGIN_METRES = env_int("ALERT_AREA_MARGIN_METRES", 500)
# Groups whose areas lie at most this far apart are neighbours (networks); a gemeente may set its own distance.
NETWORK_NEIGHBOUR_METRES = env_int("NETWORK_NEIGHBOUR_METRES", 100)
# Retention: photos are deleted after ALERT_PHOTO_DAYS, alerts anonymised and notices deleted after
# ALERT_ANONYMISE_DAYS; the live stream's event log (its payloads hold the alert text) is kept for EVENT_LOG_DAYS.
ALERT_PHOTO_DAYS = env_int("ALERT_PHOTO_DAYS", 7)
ALERT_ANONYMISE_DAYS = env_int("ALERT_ANONYMISE_DAYS", 90)
# Police messages left open close themselves with "Actie beëindigd" after this many minutes.
POLICE_AUTO_CLOSE_MINUTES = env_int("POLICE_AUTO_CLOSE_MINUTES", 120)
EVENT_LOG_DAYS = env_int("EVENT_LOG_DAYS", 7)
ALERT_PHOTO_MAX_BYTES = env_int("ALERT_PHOTO_MAX_BYTES", 10 * 1024 * 1024)
ALERT_PHOTO_MAX_PIXELS = env_int("ALERT_PHOTO_MAX_PIXELS", 40_000_000)

# Outbound delivery (web push, e-mail) runs as Huey tasks: on SQLite beside the database in the embedded
# default (the consumer is started by `buurtwacht serve`), on Redis when REDIS_URL is set (`buurtwacht worker`).
# HUEY_IMMEDIATE=1 runs tasks at once in the calling process (the test suite).
HUEY = {
    "huey_class": "huey.RedisHuey" if REDIS_URL else "huey.SqliteHuey",
    "name": env_str("HUEY_NAME", "buurtwacht"),
    "immediate": env_bool("HUEY_IMMEDIATE", False),
    "utc": True,
    # Processes, not threads: a push costs ~0.5 ms of CPU under the GIL, so two threads share one core
    # (~1,500 pushes/s) where two processes reach ~2,200-2,900/s (bench/push.py).
    "consumer": {
        "workers": env_int("HUEY_WORKERS", 2),
        "worker_type": env_str("HUEY_WORKER_TYPE", "process"),
        "periodic": True,
    },
}
if REDIS_URL:
    HUEY["url"] = REDIS_URL
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)  # Huey opens its SQLite file when the app loads
    HUEY["filename"] = str(DATA_DIR / "tasks.sqlite3")
# A delivery claimed by a worker that died is picked up again after this many seconds.
# Coverage figures are recomputed this many seconds after a change to an active group (a burst costs one run).
COVERAGE_REFRESH_DELAY = env_int("COVERAGE_REFRESH_DELAY", 30)
DELIVERY_LEASE_SECONDS = env_int("DELIVERY_LEASE_SECONDS", 120)
DELIVERY_MAX_ATTEMPTS = env_int("DELIVERY_MAX_ATTEMPTS", 8)

# Web Push (VAPID). Without keys in the environment, a key pair is made once and kept in DATA_DIR/vapid.json.
VAPID_PRIVATE_KEY = env_str("VAPID_PRIVATE_KEY")
VAPID_PUBLIC_KEY = env_str("VAPID_PUBLIC_KEY")
VAPID_SUBJECT = env_str("VAPID_SUBJECT", "mailto:beheer@buurtwacht.localhost")
# Workers POST to addresses that browsers hand in: only these push services are accepted (empty: the known ones,
# FCM, Mozilla, Windows, Apple; "*": any https host). Local addresses only in dev mode.
PUSH_SERVICE_HOSTS = env_list("PUSH_SERVICE_HOSTS", [])

# WhatsApp Business Platform (Cloud API): police dispatches to admins who chose WhatsApp. Without a phone number id,
# token and template the channel is off (and says so).
WHATSAPP_API_URL = (env_str("WHATSAPP_API_URL", "https://graph.facebook.com/v21.0") or "").rstrip("/")
WHATSAPP_PHONE_NUMBER_ID = env_str("WHATSAPP_PHONE_NUMBER_ID", "") or ""
WHATSAPP_TOKEN = env_str("WHATSAPP_TOKEN", "") or ""
WHATSAPP_APP_SECRET = env_str("WHATSAPP_APP_SECRET", "") or ""
WHATSAPP_VERIFY_TOKEN = env_str("WHATSAPP_VERIFY_TOKEN", "") or ""
WHATSAPP_TEMPLATE = env_str("WHATSAPP_TEMPLATE", "") or ""

# The live stream (server-sent events): a comment line every LIVE_HEARTBEAT_SECONDS keeps proxies from closing it.
LIVE_HEARTBEAT_SECONDS = env_int("LIVE_HEARTBEAT_SECONDS", 25)

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
# Files only members may see (alert photos), served by views that check permission; never under MEDIA_ROOT.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(DATA_DIR / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEV_MODE or DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEV_MODE or DEBUG

# Outside dev mode the site is served over HTTPS: cookies go only over HTTPS, and browsers are told (HSTS) to use
# nothing else for a year. The session and language cookies are not for scripts (HttpOnly); the CSRF cookie is
# read by push.js, so it is not.
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not (DEV_MODE or DEBUG))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEV_MODE or DEBUG else 365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

EMAIL_HOST = env_str("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Buurtwacht <noreply@buurtwacht.localhost>")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEV_MODE else "django.core.mail.backends.smtp.EmailBackend",
)

# Map background. Empty means: draw the areas on a plain background without tiles.
MAP_TILE_URL = env_str(
    "MAP_TILE_URL",
    "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png",
)
MAP_TILE_ATTRIBUTION = env_str(
    "MAP_TILE_ATTRIBUTION", 'Kaartgegevens &copy; <a href="https://www.kadaster.nl">Kadaster</a> / PDOK'
)



def _tile_source(url: str) -> list[str]:
    """The map tiles' origin as a CSP source ("https://{s}.tile.example" -> "https://*.tile.example")."""
    parts = urlsplit((url or "").replace("{s}", "*"))
    return [f"{parts.scheme}://{parts.netloc}"] if parts.scheme in ("http", "https") and parts.netloc else []


# Content-Security-Policy (django-csp), in dev mode too so that the browser tests run under it. Scripts only from
# this site, as files (the pages have no inline script or event handler). Styles may be inline: the push settings
# page and the standalone 500 page carry a <style> element (Leaflet's positioning goes through the CSSOM, which a
# CSP leaves alone); inline styles are a far smaller risk than scripts, and script-src stays strict.
# Images: this site, the map tiles' host, data: (Leaflet-Geoman's icons). Fetches, the live stream (EventSource),
# the service worker and the manifest: this site only. Push subscriptions need no source of their own.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", *_tile_source(MAP_TILE_URL)],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "worker-src": ["'self'"],
        "manifest-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A refused permission is an answer, not a fault: one line, no traceback (core/errors.py).
    "filters": {"one_line_forbidden": {"()": "buurtwacht.core.errors.OneLineForbidden"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"filters": ["one_line_forbidden"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

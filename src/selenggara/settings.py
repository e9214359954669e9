"""Django settings for Selenggara.

Configuration comes from the environment so one package serves a city on SQLite and a
province on PostgreSQL:

- ``DATABASE_URL``: ``sqlite:///path/to/db.sqlite3`` or ``postgres://user@host:5432/name``.
  Without it, a SQLite file in WAL mode under ``SELENGGARA_DATA_DIR`` (default ``./var``).
- ``SELENGGARA_SECRET_KEY``: otherwise a random key is created once and kept in the data dir.
- ``SELENGGARA_DEBUG``: ``1`` for development.
- ``SELENGGARA_ALLOWED_HOSTS``: comma-separated.
- ``SELENGGARA_PROFIL=produksi``: the production profile (HTTPS only, HSTS, secure cookies,
  the proxy's ``X-Forwarded-Proto``; a secret key and the host names must come from the
  environment). ``selenggara check --deploy`` is clean under it (a test proves it).
- ``SELENGGARA_PROXY_TEPERCAYA``: reverse proxies whose ``X-Forwarded-For`` is believed.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("SELENGGARA_DATA_DIR", Path.cwd() / "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    if key := os.environ.get("SELENGGARA_SECRET_KEY"):
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


PRODUKSI = os.environ.get("SELENGGARA_PROFIL", "") == "produksi"
if PRODUKSI and len(os.environ.get("SELENGGARA_SECRET_KEY", "")) < 50:
    raise ImproperlyConfigured(
        "Profil produksi: SELENGGARA_SECRET_KEY wajib diisi dari lingkungan (50 karakter acak "
        "atau lebih), bukan dibuat di folder data.")
if PRODUKSI and not os.environ.get("SELENGGARA_ALLOWED_HOSTS"):
    raise ImproperlyConfigured(
        "Profil produksi: isi SELENGGARA_ALLOWED_HOSTS dengan nama host situs, mis. "
        "kpu.example.go.id.")
SECRET_KEY = _secret_key()
DEBUG = os.environ.get("SELENGGARA_DEBUG", "") == "1" and not PRODUKSI
ALLOWED_HOSTS = os.environ.get("SELENGGARA_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(
    ","
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # serves the /api/docs assets itself instead of from a CDN
    "selenggara.web",
    "selenggara.audit",
    "selenggara.wilayah",
    "selenggara.pemilihan",
    "selenggara.petugas",
    "selenggara.pemilih",
    "selenggara.daftar",
    "selenggara.coklit",
    "selenggara.ganda",
    "selenggara.demo",
    "selenggara.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After whitenoise: static files need no clock.
    "selenggara.web.jam.JamPermintaan",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "selenggara.middleware.IgnoreBrowserLanguage",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "selenggara.petugas.middleware.PilihanSuperuser",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "selenggara.web.middleware.TanpaSimpanDataPribadi",
]

ROOT_URLCONF = "selenggara.urls"
WSGI_APPLICATION = "selenggara.wsgi.application"

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
                "django.template.context_processors.i18n",
                "selenggara.petugas.context.scope",
                "selenggara.web.context.jam_kerja",
            ],
        },
    },
]


def _database() -> dict:
    url = os.environ.get("DATABASE_URL")
    if url:
        db = dj_database_url.parse(url, conn_max_age=60)
    else:
        db = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(DATA_DIR / "selenggara.sqlite3")}
    if db["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers (the public pages) run while a writer works; IMMEDIATE takes the
        # write lock at BEGIN so concurrent writers queue on busy_timeout instead of failing
        # with "database is locked" when a read transaction tries to upgrade.
        db.setdefault("OPTIONS", {}).update(
            {
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 30,
            }
        )
    return db


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Logins are throttled by selenggara.web.masuk: per account (with an exemption for browsers
# that logged in to it before) and per client address (PROXY_TEPERCAYA: the reverse proxies
# whose X-Forwarded-For is believed).
LOGIN_FAILURE_LIMIT = int(os.environ.get("SELENGGARA_LOGIN_FAILURE_LIMIT", "5"))
LOGIN_FAILURE_LIMIT_PER_ALAMAT = int(os.environ.get("SELENGGARA_LOGIN_FAILURE_LIMIT_ALAMAT", "30"))
PROXY_TEPERCAYA = [a for a in os.environ.get("SELENGGARA_PROXY_TEPERCAYA", "").split(",") if a]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "beranda"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns on every request when it is missing
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = DATA_DIR / "media"

SESSION_COOKIE_HTTPONLY = True
# A session ends when the browser (or the installed field app) closes, and after a working day
# at the latest: a shared office computer or a lost phone does not stay logged in.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = 12 * 3600
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (django-csp), in every profile so the tests see what production
# sends: scripts only from this site (no inline script anywhere), styles from this site plus
# the inline style attributes of the pages, nothing from another origin. The API docs page
# (Swagger UI, which starts itself with an inline script) is the one exception.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/api/docs"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'"],
        "manifest-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

if PRODUKSI:
    # HTTPS only, behind the KPU's reverse proxy (which must set X-Forwarded-Proto itself).
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 365 * 24 * 3600
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"] = True

_LOG_LEVEL = os.environ.get("SELENGGARA_LOG_LEVEL", "WARNING")
# Every line goes through the console handler, whose formatter masks any 16-digit run (NIK,
# NKK) in the message AND the traceback. Django's own loggers are routed there too, replacing
# Django's defaults (whose handlers would write request-error tracebacks unmasked).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"pdp": {"()": "selenggara.logging.MaskPersonalData"}},
    "formatters": {
        "pdp": {
            "()": "selenggara.logging.MaskingFormatter",
            "format": "%(levelname)s %(name)s: %(message)s",
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["pdp"], "formatter": "pdp"},
    },
    "loggers": {
        "django": {"handlers": ["console"], "level": _LOG_LEVEL, "propagate": False},
        "django.request": {"handlers": ["console"], "level": _LOG_LEVEL, "propagate": False},
    },
    "root": {"handlers": ["console"], "level": _LOG_LEVEL},
}

"""Settings for the test suite: the real settings, made fast and self-contained."""

import tempfile

from .settings import *  # noqa: F403 (test settings extend the real ones)

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="sesn-test-media-"))  # noqa: F405
REPORT_LOCK_DIR = Path(tempfile.mkdtemp(prefix="sesn-test-locks-"))  # noqa: F405
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="sesn-test-static-"))  # noqa: F405
STORAGES = {
    # Removes a partly written file and says why it failed (core/storage.py).
    "default": {"BACKEND": "core.storage.MediaStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

"""Settings for the test suite: the real settings, with a throwaway data folder and jobs that
run at once. DATABASE_URL still selects PostgreSQL, so the same suite runs on both."""

import os
import tempfile

os.environ.setdefault("FLEXPERF_DATA_DIR", tempfile.mkdtemp(prefix="flexperf-test-"))
os.environ["FLEXPERF_QUEUE"] = "immediate"

from flexperf.settings import *  # noqa: F403

# Argon2 stays in the list (tests prove it is used in production settings) but the suite
# hashes with a fast algorithm.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
AXES_ENABLED = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

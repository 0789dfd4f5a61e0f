"""Settings for the test suite: the production settings with test-only defaults.

DATELINE_TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test) runs the
suite on that database server instead of SQLite.
"""

import os

os.environ.setdefault("DATELINE_SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("DATELINE_WEATHER", "static:24.4")
# Pages are rendered on every request in tests; the page cache's own tests turn it on
# (dateline/core/tests/test_pagecache.py).
os.environ.setdefault("DATELINE_PAGE_CACHE", "false")
if test_url := os.environ.get("DATELINE_TEST_DATABASE_URL"):
    os.environ["DATELINE_DATABASE_URL"] = test_url

from dateline.settings import *  # noqa: E402,F403

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STATIC_ROOT = None  # tests serve static files from the apps (no collectstatic needed)
WHITENOISE_USE_FINDERS = True
# Background tasks run at once, inside the test, unless a test starts a real worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

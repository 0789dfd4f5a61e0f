"""The real `dateline worker` process publishes a scheduled article on its own."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

DATELINE = str(Path(sys.executable).with_name("dateline"))

SCHEDULE = """
import datetime as dt
from django.contrib.auth.models import User
from django.utils import timezone
from dateline.newsroom import services
editor = User.objects.create_superuser("ed", password="x")
section = services.get_or_create_section("World", slug="world")
a = services.create_draft(by=editor, headline="Worker story", section=section)
services.schedule_article(a, by=editor, go_live_at=timezone.now() + dt.timedelta(seconds=2))
"""
STATUS = "from dateline.newsroom.models import Article; print(Article.objects.get().status)"


def _dateline(env, *args):
    return subprocess.run(  # noqa: S603 - fixed argv
        [DATELINE, *args], env=env, capture_output=True, text=True, timeout=120, check=True
    ).stdout.strip()


def test_worker_process_publishes_a_due_scheduled_article(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATELINE_", "DJANGO_"))}
    env.update(
        DATELINE_SECRET_KEY="worker-test",
        DATELINE_VAR_DIR=str(tmp_path),
        DATELINE_DATABASE_URL=f"sqlite:///{tmp_path / 'worker.sqlite3'}",
        DATELINE_WEATHER="off",
    )
    _dateline(env, "migrate", "--verbosity", "0")
    _dateline(env, "shell", "-c", SCHEDULE)
    worker = subprocess.Popen(  # noqa: S603 - fixed argv
        [DATELINE, "worker", "--sweep-seconds", "1"], env=env, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline, status = time.monotonic() + 40, ""
        while time.monotonic() < deadline and status != "published":
            time.sleep(1)
            status = _dateline(env, "shell", "-c", STATUS).splitlines()[-1]
        assert status == "published", worker.stderr and worker.poll()
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=20)

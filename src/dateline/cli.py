"""The `dateline` command: `dateline serve`, and every Django management command.

Configuration problems (a malformed DATELINE_DATABASE_URL, an unreachable database)
end the command with one clear line on stderr and exit status 1, not a traceback.
"""

import argparse
import contextlib
import os
import secrets
import shutil
import sys
from pathlib import Path

DEMO_USERNAME = "demo"


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings")
    try:
        import django
        from django.core.exceptions import ImproperlyConfigured

        try:
            django.setup()
        except ImproperlyConfigured as exc:
            return _fail(f"configuration error: {exc}")
        from django.db import DatabaseError

        try:
            if argv[:1] == ["serve"]:
                return serve(argv[1:])
            if argv[:1] == ["worker"]:
                return worker(argv[1:])
            if argv[:1] == ["setup"]:
                prepare(load_demo=True)
                return 0
            from django.core.management import execute_from_command_line

            execute_from_command_line(["dateline", *argv])
        except DatabaseError as exc:
            return _fail(f"database error: {_first_line(exc)} ({_database_label()})")
    except KeyboardInterrupt:
        return 130
    return 0


def prepare(*, load_demo: bool) -> dict:
    """Check the database, migrate, collect static files, load demo content if empty,
    refresh the query planner's statistics."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    _ensure_sqlite_directory()
    connection.ensure_connection()
    call_command("migrate", interactive=False, verbosity=0)
    if not settings.DEBUG:
        call_command("collectstatic", interactive=False, verbosity=0)
    from dateline.newsroom.models import Article

    login = {}
    if load_demo and not Article.objects.exists():
        from dateline.newsroom.demo import load_demo_content

        created = load_demo_content()
        print(f"Loaded demo content: {created} articles.")
        login = _create_demo_user()
    _refresh_planner_statistics(connection)
    return login or _known_demo_login()


def _refresh_planner_statistics(connection) -> None:
    """Give SQLite's query planner statistics (ANALYZE), as each start of the site does.

    Without them SQLite guesses, and guessed wrong for the reader pages' busiest reads:
    an article by its permalink walked the index of all published articles instead
    of the one of its slug, a cost that grows with the archive (0.2 s at 100,000
    articles). The sampled form takes well under a second whatever the size.
    PostgreSQL's autovacuum keeps its own statistics.
    """
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # sampled: the connection's PRAGMA analysis_limit


def serve(argv: list[str]) -> int:
    """Prepare the site, then hand the process over to granian (Ctrl-C stops it)."""
    parser = argparse.ArgumentParser(prog="dateline serve")
    parser.add_argument("--host", default=os.environ.get("DATELINE_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("DATELINE_PORT", 8000)))
    parser.add_argument(
        "--workers",
        type=int,
        # One per core this process may use (a container's CPU set, not the host's).
        default=_env_count("DATELINE_WORKERS", len(os.sched_getaffinity(0)) or 1),
    )
    parser.add_argument("--threads", type=int, default=_env_count("DATELINE_THREADS", 4))
    parser.add_argument("--no-demo", action="store_true", help="never load demo content")
    parser.add_argument(
        "--no-worker", action="store_true", help="do not start the task worker beside the server"
    )
    args = parser.parse_args(argv)
    login = prepare(load_demo=not args.no_demo)
    if not args.no_worker:
        _start_worker_child()
    granian = shutil.which("granian", path=str(Path(sys.executable).parent)) or "granian"
    # Granian's backpressure counts open connections, idle keep-alive ones included: a
    # browser's six connections to a page with many assets (the back office) would hang
    # with a limit as low as the thread count.
    backpressure = max(64, args.threads * 16)
    command = [
        granian, "--interface", "wsgi", "--host", args.host, "--port", str(args.port),
        "--workers", str(args.workers), "--blocking-threads", str(args.threads),
        "--backpressure", str(backpressure), "--no-ws", "--log-level", "warning",
        "dateline.wsgi:application",
    ]  # fmt: skip
    address = f"http://{'[' + args.host + ']' if ':' in args.host else args.host}:{args.port}/"
    print(f"Dateline is serving on {address}  (Ctrl-C stops it)")
    print(f"Back office: {address}newsroom/", end="")
    if login:
        print(f"  user {login['username']!r}, password {login['password']!r}")
    else:
        print("  (create an account with `dateline createsuperuser`)")
    sys.stdout.flush()
    os.execv(command[0], command)  # noqa: S606 - fixed argv, no shell
    return 0  # not reached


def worker(argv: list[str]) -> int:
    """The background worker: scheduled publishing every 30 s, then every queued task."""
    parser = argparse.ArgumentParser(prog="dateline worker")
    parser.add_argument(
        "--sweep-seconds",
        type=float,
        default=float(os.environ.get("DATELINE_WORKER_SWEEP_SECONDS") or 30.0),
        help="how often scheduled articles are looked for (seconds)",
    )
    parser.add_argument("--parent-pid", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    import threading

    from django.core.management import call_command

    from dateline.newsroom.tasks import sweep_forever

    clock = threading.Thread(
        target=sweep_forever,
        kwargs={"interval": args.sweep_seconds, "parent_pid": args.parent_pid},
        name="publishing-clock",
        daemon=True,
    )
    clock.start()
    call_command("db_worker", "--interval", "1", "--no-reload", "--no-startup-delay")
    return 0


def _start_worker_child() -> None:
    """`dateline worker` as a child that ends with the server (this process, after exec)."""
    import subprocess

    dateline = shutil.which("dateline", path=str(Path(sys.executable).parent))
    command = [dateline or sys.argv[0], "worker", "--parent-pid", str(os.getpid())]
    subprocess.Popen(command, preexec_fn=_die_with_parent)  # noqa: S603, PLW1509 - fixed argv
    print("Task worker started (scheduled publishing, image renditions).")


def _die_with_parent() -> None:
    """Linux: the kernel sends SIGTERM when the server exits (the worker also polls)."""
    import ctypes
    import signal

    # Elsewhere the worker notices its parent is gone within a sweep interval.
    with contextlib.suppress(OSError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _create_demo_user() -> dict:
    from django.conf import settings
    from django.contrib.auth import get_user_model

    users = get_user_model()
    if users.objects.filter(username=DEMO_USERNAME).exists():
        return {}
    password = secrets.token_urlsafe(12)
    users.objects.create_superuser(DEMO_USERNAME, email="", password=password)
    path = Path(settings.VAR_DIR) / "demo-login.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{DEMO_USERNAME}\n{password}\n", encoding="utf-8")
    path.chmod(0o600)
    return {"username": DEMO_USERNAME, "password": password}


def _known_demo_login() -> dict:
    from django.conf import settings

    path = Path(settings.VAR_DIR) / "demo-login.txt"
    if not path.exists():
        return {}
    username, password = path.read_text(encoding="utf-8").split()[:2]
    return {"username": username, "password": password}


def _ensure_sqlite_directory() -> None:
    from django.db import connection

    if connection.vendor == "sqlite":
        Path(connection.settings_dict["NAME"]).parent.mkdir(parents=True, exist_ok=True)


def _env_count(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else default


def _database_label() -> str:
    from django.db import connection

    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite file {s['NAME']}"
    where = f"{s.get('HOST') or 'localhost'}:{s.get('PORT') or 'default port'}"
    return f"{connection.vendor} database {s.get('NAME')!r} on {where}"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


def _fail(message: str) -> int:
    print(f"dateline: {message}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())

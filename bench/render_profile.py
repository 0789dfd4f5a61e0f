"""How much CPU does one uncached render of a page cost, in-process, and where does it go?

The page goes through Dateline's whole WSGI application (page cache off, every
middleware, a kept SQLite connection) without a server or a network in between, so
the figure is the application's own cost: what `make bench` reports as "CPU ms/page"
minus granian's share. A temporary DATELINE_VAR_DIR gets the demo content first.
It prints the minimum and median CPU time per page over 7 batches (the minimum is the
figure least moved by other work on the machine); --profile prints cProfile's top
functions instead, by cumulative time. --instructions runs itself under valgrind's
callgrind and prints the instructions one render executes: slow (a minute or two), but
the same count run after run whatever else the machine is doing, so it shows a change
of a few percent that the noise of CPU time hides.

    .venv/bin/python bench/render_profile.py [--path /] [--requests 500]
    .venv/bin/python bench/render_profile.py --profile [--sort tottime] [--requests 500]
    .venv/bin/python bench/render_profile.py --instructions [--requests 50]
"""

import argparse
import atexit
import io
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ARTICLE = "/2024/09/21/putin-us-russian-relations-have-reached-the-lowest-level/"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--path", default=ARTICLE, help="page to render (default: the seed)")
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--profile", action="store_true", help="print a cProfile report")
    parser.add_argument(
        "--sort", default="cumulative", help="--profile's order: cumulative or tottime (own time)"
    )
    parser.add_argument(
        "--instructions", action="store_true", help="count instructions under callgrind"
    )
    parser.add_argument("--under-callgrind", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.instructions:
        return count_instructions(args)

    var = tempfile.mkdtemp(prefix="dateline-render-")
    atexit.register(shutil.rmtree, var, ignore_errors=True)
    os.environ.update(
        DATELINE_VAR_DIR=var,
        DATELINE_SECRET_KEY="bench-render-profile",
        DATELINE_PAGE_CACHE="false",
        DATELINE_WEATHER="static:24.4",
        DJANGO_SETTINGS_MODULE="dateline.settings",
    )
    import django

    django.setup()
    from dateline.cli import prepare

    prepare(load_demo=True)
    from dateline.wsgi import application

    def render() -> int:
        environ = {
            "REQUEST_METHOD": "GET", "PATH_INFO": args.path, "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "HTTP_HOST": "127.0.0.1:8000",
            "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1", "HTTP_ACCEPT": "*/*",
            "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr,
        }  # fmt: skip
        status = []
        body = application(environ, lambda line, headers, exc_info=None: status.append(line))
        size = len(b"".join(body))
        getattr(body, "close", lambda: None)()
        if not status[0].startswith("200"):
            raise SystemExit(f"{args.path} answered {status[0]}")
        return size

    size = render()
    for _ in range(20):  # templates compiled, caches and the connection warm
        render()
    if args.under_callgrind:
        callgrind_control("--instr=on")
        for _ in range(args.requests):
            render()
        callgrind_control("--instr=off")
        return 0
    if args.profile:
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.requests):
            render()
        profile.disable()
        pstats.Stats(profile).sort_stats(args.sort).print_stats(40)
        return 0
    batch = max(1, args.requests // 7)
    times = []
    for _ in range(7):
        started = time.process_time()
        for _ in range(batch):
            render()
        times.append((time.process_time() - started) / batch * 1000)
    print(
        f"{args.path}: {size:,} bytes; CPU per render min {min(times):.2f} ms, "
        f"median {statistics.median(times):.2f} ms ({7 * batch} renders)"
    )
    return 0


def count_instructions(args) -> int:
    """Run this script under callgrind, counting only the renders (not the set-up)."""
    if not shutil.which("valgrind"):
        raise SystemExit("--instructions needs valgrind (Debian's valgrind package)")
    requests = args.requests if args.requests != 500 else 50
    with tempfile.TemporaryDirectory(prefix="dateline-callgrind-") as out:
        command = [
            "valgrind", "--tool=callgrind", "--instr-atstart=no", "--collect-jumps=no",
            f"--callgrind-out-file={out}/callgrind.out", sys.executable, __file__,
            "--under-callgrind", "--path", args.path, "--requests", str(requests),
        ]  # fmt: skip
        subprocess.run(command, check=True, capture_output=True)  # noqa: S603 - fixed argv
        summary = re.search(rb"^totals: (\d+)", open_bytes(f"{out}/callgrind.out"), re.M)
    if summary is None:
        raise SystemExit("callgrind wrote no summary")
    per_render = int(summary.group(1)) / requests
    millions = per_render / 1e6
    print(f"{args.path}: {millions:.2f} million instructions per render ({requests} renders)")
    return 0


def open_bytes(path: str) -> bytes:
    with open(path, "rb") as file:
        return file.read()


def callgrind_control(option: str) -> None:
    subprocess.run(["callgrind_control", option, str(os.getpid())], check=True, capture_output=True)  # noqa: S603, S607


if __name__ == "__main__":
    sys.exit(main())

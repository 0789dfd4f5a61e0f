"""Scale: do the pages readers use most stay fast from 1,000 to 100,000 articles?

For each database (SQLite, PostgreSQL) and size (1,000 and 100,000 articles by
default), bench/generate_articles.py fills a database (or reuses one of that size),
the real server serves each size at the same time (`dateline serve --no-demo
--no-worker`, DATELINE_PAGE_CACHE=false so every request renders), and wrk measures a
section page, an article page (the same article at every size: the smallest size's
newest in the section), two searches (a phrase matching about 15% of the
articles, a word matching about 3%) and the home page, each on every size in turn
(1,000, 100,000, 1,000, ...: --repeats times, after a warm-up each), so that the
machine's drifts hit both sizes alike. The table gives the median p50 and p99 latency
per page and size, and the ratio of the largest size to the smallest (the goal: p99 at
100,000 within 2x of p99 at 1,000). wrk keeps one connection open (--connections): the
latency of one reader's request, without queueing. Results also go to
bench/results/scale.json.

    .venv/bin/python bench/scale.py                           # both databases, 1k and 100k
    .venv/bin/python bench/scale.py --databases sqlite --sizes 1000 100000 --duration 10
    .venv/bin/python bench/scale.py --postgres postgres://postgres@127.0.0.1:5432

SQLite databases are var/bench-<size>.sqlite3; PostgreSQL ones are bench_<size> on the
server given by --postgres (created, replaced when their size is wrong). wrk runs on
the same machine and competes for its CPUs.
"""

import argparse
import contextlib
import http.client
import json
import os
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote_plus

sys.path.insert(0, str(Path(__file__).resolve().parent))
import article_page as ap  # noqa: E402 - shared process and wrk helpers

ROOT = ap.ROOT
RESULTS = ROOT / "bench" / "results" / "scale.json"
PYTHON = ROOT / ".venv" / "bin" / "python"
SECTION = "/section/world/"
SEARCHES = {"search": "prime minister", "search-rare": "earthquake"}  # ~15% and ~3% match
# Home last: if it is slow, the requests wrk gave up on are still being served for a
# while and would slow the next page's measurement.
PAGES = ("section", "article", *SEARCHES, "home")
ARTICLE_LINK = re.compile(r'href="(/\d{4}/\d{2}/\d{2}/[^"/]+/)"')


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgres"])
    parser.add_argument("--sizes", nargs="+", type=int, default=[1000, 100_000])
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--repeats", type=int, default=3, help="wrk runs per page and size")
    # One connection: each server has a worker per core with one request thread each, and
    # a keep-alive connection stays with the worker that accepted it. With two, both
    # landed on the same worker in about half the runs, and waited for each other: a
    # page's runs were 2.6 or 5.8 ms, 13 or 24 ms, whichever way the kernel split them.
    parser.add_argument("--connections", type=int, default=1, help="wrk -c")
    parser.add_argument("--threads", type=int, default=1, help="wrk -t")
    parser.add_argument("--startup-timeout", type=float, default=180)
    return parser.parse_args()


def database_url(kind: str, size: int, args: argparse.Namespace) -> str:
    if kind == "sqlite":
        return f"sqlite:///{ROOT / 'var' / f'bench-{size}.sqlite3'}"
    return f"{args.postgres.rstrip('/')}/bench_{size}"


def fill(url: str, size: int) -> None:
    command = [str(PYTHON), str(ROOT / "bench" / "generate_articles.py")]
    command += ["--count", str(size), "--database", url, "--reuse"]
    print(f"$ {shlex.join(command)}", flush=True)
    subprocess.run(command, check=True, cwd=ROOT)


def serve(url: str, tmp: Path, port: int) -> subprocess.Popen:
    env = ap.dateline_env(tmp / "var")
    env.update(DATELINE_DATABASE_URL=url, DATELINE_PAGE_CACHE="false")
    (tmp / "var").mkdir(mode=0o700)
    command = [str(ap.DATELINE), "serve", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--no-demo", "--no-worker"]
    return ap.start(command, tmp, "dateline", env=env)


def wait_until_up(process: subprocess.Popen, port: int, timeout: float, tmp: Path) -> str:
    """The section page's HTML, once the server answers it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(
                f"dateline serve exited ({process.returncode}):\n{ap.tail(tmp / 'dateline.err')}"
            )
        try:
            status, body = ap.http_get(port, SECTION)
            if status == 200:
                return body.decode()
        except OSError:
            pass
        time.sleep(0.5)
    sys.exit(f"dateline serve did not answer within {timeout:.0f} s")


def pages(article_path: str) -> dict[str, str]:
    """A section, the article at `article_path`, two searches, and home."""
    return {
        "section": SECTION,
        "article": article_path,
        **{name: f"/search/?q={quote_plus(words)}" for name, words in SEARCHES.items()},
        "home": "/",
    }


def article_path(url: str, slug: str) -> str:
    """The permalink of the article with `slug` in the database at `url` (the bench's
    sites run in UTC)."""
    query = "SELECT published_at FROM newsroom_article WHERE slug = %s"
    if url.startswith("sqlite:"):
        import sqlite3

        with contextlib.closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as db:
            found = db.execute(query.replace("%s", "?"), [slug]).fetchone()
        published = datetime.fromisoformat(found[0]).replace(tzinfo=UTC) if found else None
    else:
        import psycopg

        with psycopg.connect(url) as db:
            found = db.execute(query, [slug]).fetchone()
        published = found[0].astimezone(UTC) if found else None
    if published is None:
        sys.exit(f"no article {slug!r} in {url}")
    return f"/{published:%Y/%m/%d}/{slug}/"


def first_get(port: int, path: str) -> int | str:
    """The status of one GET (a cold page may take long: two minutes are allowed)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    except OSError as exc:
        return f"no answer ({exc})"
    finally:
        connection.close()


def check(port: int, paths: dict[str, str]) -> dict[str, int | str]:
    """What the pages that did not answer 200 said (a cold page may take long)."""
    failed = {}
    for name, path in paths.items():
        status = first_get(port, path)
        if status != 200:
            print(f"  {name:8} {path} answered {status}: not measured", flush=True)
            failed[name] = status
    return failed


def measure_once(port: int, path: str, args: argparse.Namespace) -> dict:
    url = f"http://127.0.0.1:{port}{path}"
    ap.wrk(url, ap.WARMUP_SECONDS, args)
    run = ap.parse_wrk(ap.wrk(url, args.duration, args))
    if run["requests"] <= ap.errors(run):  # wrk's 2 s timeout took every request
        run["error"] = "every request timed out"
    return run


def median_run(runs: list[dict]) -> dict:
    """The medians of the runs' figures, and the runs."""
    if any("error" in run for run in runs):
        return {"error": next(run["error"] for run in runs if "error" in run), "runs": runs}
    keys = ("requests_per_s", "p50_ms", "p99_ms")
    return {**{key: statistics.median(run[key] for run in runs) for key in keys}, "runs": runs}


def run_database(kind: str, args: argparse.Namespace) -> dict[int, dict[str, dict]]:
    """Serve every size at once and measure each page on them in turn, `--repeats` times
    (small, large, small, large, ...), so that the machine's drifts hit every size."""
    urls = {size: database_url(kind, size, args) for size in args.sizes}
    for size, url in urls.items():
        fill(url, size)
    with contextlib.ExitStack() as stack:
        servers = {}
        for size, url in urls.items():
            tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="dateline-scale-")))
            port = ap.free_port()
            process = serve(url, tmp, port)
            stack.callback(ap.stop, process)
            section_html = wait_until_up(process, port, args.startup_timeout, tmp)
            servers[size] = (port, section_html)
        # The same article on every size: the generator's n-th article is the same text
        # at every size (same seed), only its date differs. The smallest size's newest in
        # the section is that size's last article, which every larger size has too.
        newest = ARTICLE_LINK.search(servers[min(args.sizes)][1])
        if not newest:
            sys.exit("no article link on the section page")
        slug = newest[1].rstrip("/").rsplit("/", 1)[1]
        servers = {
            size: (port, pages(article_path(urls[size], slug)))
            for size, (port, _) in servers.items()
        }
        failed = {size: check(port, paths) for size, (port, paths) in servers.items()}
        results: dict[int, dict[str, dict]] = {size: {} for size in args.sizes}
        for page in PAGES:
            runs: dict[int, list[dict]] = {size: [] for size in args.sizes}
            for _ in range(args.repeats):
                for size, (port, paths) in servers.items():
                    if page not in failed[size]:
                        runs[size].append(measure_once(port, paths[page], args))
            for size, (_, paths) in servers.items():
                if page in failed[size]:
                    results[size][page] = {"path": paths[page], "error": failed[size][page]}
                    continue
                figures = {"path": paths[page], **median_run(runs[size])}
                results[size][page] = figures
                if "error" not in figures:
                    print(
                        f"  {kind} {size:>7,} {page:11} {figures['requests_per_s']:8.1f} req/s"
                        f"  p50 {figures['p50_ms']:7.2f} ms  p99 {figures['p99_ms']:7.2f} ms",
                        flush=True,
                    )
        return results


def report(results: dict, args: argparse.Namespace) -> None:
    small, large = min(args.sizes), max(args.sizes)
    header = ["database", "page", f"p50 {small:,}", f"p99 {small:,}", f"p50 {large:,}"]
    header += [f"p99 {large:,}", "p50 ratio", "p99 ratio"]
    rows = []
    for kind, sizes in results.items():
        for page in sizes[small]:
            a, b = sizes[small][page], sizes[large][page]
            if "error" in a or "error" in b:
                rows.append([kind, page, *(["timed out"] * (len(header) - 2))])
                continue
            rows.append(
                [kind, page, f"{a['p50_ms']:.1f}", f"{a['p99_ms']:.1f}", f"{b['p50_ms']:.1f}"]
                + [f"{b['p99_ms']:.1f}", f"{b['p50_ms'] / a['p50_ms']:.2f}"]
                + [f"{b['p99_ms'] / a['p99_ms']:.2f}"]
            )
    print(f"\nLatency in ms, wrk -t{args.threads} -c{args.connections} -d{args.duration}s:\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join(["---"] * 2 + ["---:"] * (len(header) - 2)) + "|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


def main() -> int:
    args = parse_args()
    results: dict[str, dict] = {}
    for kind in args.databases:
        results[kind] = run_database(kind, args)
    if len(args.sizes) > 1:
        report(results, args)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "benchmark": "scale",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "parameters": {**vars(args), "cpus": os.cpu_count()},
        "results": results,
    }
    RESULTS.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    print(f"\nResults written to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

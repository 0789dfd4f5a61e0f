"""Worker memory with the page cache full: does a worker stay under 150 MB?

`make bench`'s mixed load runs over the demo site's few dozen pages, so the in-process
page cache never holds more than those. A real site is crawled: every article, tag and
author page, the sitemaps and the feeds, and the cache fills to its bound
(DATELINE_PAGE_CACHE_ENTRIES, 2,000 pages by default) and stays there, evicting.

This fills a SQLite database with --articles generated articles
(bench/generate_articles.py, reused when it exists), serves it with `dateline serve`
as in production (one worker per core, the page cache on), fetches every URL of its
sitemaps once (the crawl: sitemaps, then every page they list), then runs wrk for
--minutes over all those URLs at random, one request in ten with a query string that
bypasses the cache (a render), printing the largest worker's resident memory every
--every seconds. Results go to bench/results/memory.json.

    .venv/bin/python bench/memory.py [--articles 5000] [--minutes 10] [--every 60]
"""

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import article_page as ap  # noqa: E402
from run import MIXED_LUA, cores, wait_ok, worker_rss_mb  # noqa: E402
from scale import fill  # noqa: E402

ROOT = ap.ROOT
RESULTS = ROOT / "bench" / "results" / "memory.json"
GOAL_MB = 150
LOC = re.compile(rb"<loc>https?://[^/<]+(/[^<]*)</loc>")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--every", type=float, default=60, help="seconds between RSS reads")
    parser.add_argument("--connections", type=int, default=32)
    return parser.parse_args()


def crawl(port: int) -> list[str]:
    """Every path the sitemaps list, after the sitemaps themselves, each fetched once."""
    status, index = ap.http_get(port, "/sitemap.xml")
    if status != 200:
        sys.exit(f"/sitemap.xml answered {status}")
    paths = []
    for sitemap in LOC.findall(index):
        paths.append(sitemap.decode())
        status, body = ap.http_get(port, sitemap.decode())
        if status != 200:
            sys.exit(f"{sitemap.decode()} answered {status}")
        paths += [path.decode() for path in LOC.findall(body)]
    paths = list(dict.fromkeys(paths))
    for path in paths:
        status, _ = ap.http_get(port, path)
        if status != 200:
            sys.exit(f"{path} answered {status}")
    return paths


def main() -> int:
    args = parse_args()
    database = ROOT / "var" / f"bench-{args.articles}.sqlite3"
    fill(f"sqlite:///{database}", args.articles)
    with tempfile.TemporaryDirectory(prefix="dateline-memory-") as name:
        tmp = Path(name)
        (tmp / "var").mkdir(mode=0o700)
        copy = tmp / "var" / "db.sqlite3"  # the server writes (sessions, tasks): a copy
        copy.write_bytes(database.read_bytes())
        env = ap.dateline_env(tmp / "var")
        env.update(DATELINE_DATABASE_URL=f"sqlite:///{copy}")
        port = ap.free_port()
        serve = [str(ap.DATELINE), "serve", "--host", "127.0.0.1", "--port", str(port)]
        serve += ["--no-demo", "--workers", str(cores()), "--threads", "1"]
        server = ap.start(serve, tmp, "dateline", env=env)
        try:
            wait_ok(server, port, "/robots.txt", 180, tmp / "dateline.err")
            started = worker_rss_mb(server)
            print(f"worker RSS at start: {started:.0f} MB; crawling the sitemaps ...", flush=True)
            paths = crawl(port)
            crawled = worker_rss_mb(server)
            print(f"crawled {len(paths):,} URLs; worker RSS {crawled:.0f} MB", flush=True)
            script = tmp / "load.lua"
            script.write_text(MIXED_LUA.format(paths=", ".join(json.dumps(p) for p in paths)))
            seconds = int(args.minutes * 60)
            wrk = [ap.WRK, "-t2", f"-c{args.connections}", f"-d{seconds}s", "--latency"]
            wrk += ["-s", str(script), f"http://127.0.0.1:{port}/"]
            load = subprocess.Popen(wrk, stdout=subprocess.PIPE, text=True)  # noqa: S603
            samples, begun = [], time.monotonic()
            while True:
                try:
                    load.wait(timeout=args.every)
                    break
                except subprocess.TimeoutExpired:
                    at, rss = time.monotonic() - begun, worker_rss_mb(server)
                    samples.append({"seconds": round(at), "rss_mb": round(rss, 1)})
                    print(f"  {at:5.0f} s  worker RSS {rss:.0f} MB", flush=True)
            final = round(worker_rss_mb(server), 1)
            result = ap.parse_wrk(load.stdout.read())
        finally:
            ap.stop(server)
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "args": vars(args),
        "urls": len(paths),
        "rss_mb": {"start": round(started, 1), "crawled": round(crawled, 1), "end": final},
        "samples": samples,
        "load": result,
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    met = "met" if final < GOAL_MB else "NOT met"
    print(
        f"\n{args.articles:,} articles, {len(paths):,} URLs crawled, then {args.minutes:g} min"
        f" of load at {result['requests_per_s']:,.0f} requests/s (p99"
        f" {result['p99_ms']:.1f} ms, {ap.errors(result)} errors): largest worker"
        f" {final:.0f} MB (goal < {GOAL_MB} MB: {met}). Results in {RESULTS.relative_to(ROOT)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

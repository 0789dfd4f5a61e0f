"""`make bench`: the performance goals of issue 7, each as a ratio against a baseline
measured in the same invocation, on the seed article page.

Targets (all on 127.0.0.1, wrk -t2 -c32 on the same machine):
  bare            a bare Django view returning the page's prebuilt bytes (bench/bare_django.py)
                  through granian with the same command line as `dateline serve`
  dateline        `dateline serve` (SQLite, demo content), page cache on, warm
  uncached        `dateline serve` with DATELINE_PAGE_CACHE=false: every request renders
  nginx-static    nginx serving the same HTML as a static file
  nginx-cache     nginx with deploy/nginx.conf in front of `dateline`
Both Dateline servers and the bare app run `--workers <cores> --threads 1`
(granian --blocking-threads 1, which the issue measured fastest for CPU-bound work).

Targets are measured alternately (one run of each, then again), medians shown. After
the throughput runs, a mixed load (cached and uncached pages, home, sections, articles
and search) runs for --minutes against `dateline` and the largest worker RSS is
reported (the goal is after 10 minutes: `--minutes 10`; the default is shorter so
`make bench` finishes in about four minutes). Then, unless --no-e2e, nginx refresh is
checked end to end: a headline changed by another process reaches nginx's cached page
at once (needs Redis on 127.0.0.1:6379, db 13, under a throwaway key prefix).

Results go to bench/results/run.json (ignored by git).

    .venv/bin/python bench/run.py [--duration 5] [--repeats 3] [--minutes 0.5] [--no-e2e]
"""

import argparse
import json
import os
import re
import secrets
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import article_page as ap  # noqa: E402 - shared process and wrk helpers

ROOT = ap.ROOT
ARTICLE = ap.ARTICLE_PATH
RESULTS = ROOT / "bench" / "results" / "run.json"
GRANIAN = ROOT / ".venv" / "bin" / "granian"
DEPLOY_CONF = ROOT / "deploy" / "nginx.conf"

MAIN_CONF = """\
daemon off;
worker_processes auto;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {dir}/client_body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    default_type text/html;
    include {dir}/site.conf;
}}
"""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    parser.add_argument("--repeats", type=int, default=3, help="wrk runs per target")
    parser.add_argument("--connections", type=int, default=32, help="wrk -c")
    parser.add_argument("--threads", type=int, default=2, help="wrk -t")
    parser.add_argument("--minutes", type=float, default=0.5, help="mixed load for RSS")
    parser.add_argument("--no-e2e", action="store_true", help="skip the nginx refresh check")
    parser.add_argument("--startup-timeout", type=float, default=180)
    return parser.parse_args()


def cores() -> int:
    return len(os.sched_getaffinity(0)) or 1


def dateline_env(var_dir: Path, **extra: str) -> dict[str, str]:
    env = ap.dateline_env(var_dir)
    env.update(extra)
    return env


def start_dateline(tmp: Path, name: str, port: int, env: dict) -> subprocess.Popen:
    command = [
        str(ap.DATELINE), "serve", "--host", "127.0.0.1", "--port", str(port),
        "--workers", str(cores()), "--threads", "1",
    ]  # fmt: skip
    return ap.start(command, tmp, name, env=env)


def wait_ok(process: subprocess.Popen, port: int, path: str, timeout: float, log: Path) -> bytes:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"{log.name} exited ({process.returncode}):\n{ap.tail(log)}")
        try:
            status, body = ap.http_get(port, path)
            if status == 200:
                return body
        except OSError:
            pass
        time.sleep(0.3)
    sys.exit(f"no answer on port {port} within {timeout:.0f} s:\n{ap.tail(log)}")


def site_conf(nginx_dir: Path, port: int, upstream: int, secret: str) -> str:
    """deploy/nginx.conf with this run's paths, ports and secret."""
    text = DEPLOY_CONF.read_text(encoding="utf-8")
    replacements = [
        (r"proxy_cache_path /var/cache/nginx/dateline", f"proxy_cache_path {nginx_dir}/cache"),
        (r'"change-me-to-a-long-random-secret"', f'"{secret}"'),
        (r"server 127\.0\.0\.1:8000;", f"server 127.0.0.1:{upstream};"),
        (r"listen 80;", f"listen 127.0.0.1:{port};"),
    ]
    for pattern, value in replacements:
        text, count = re.subn(pattern, value, text)
        if count != 1:
            sys.exit(f"deploy/nginx.conf changed: {pattern!r} not found once")
    return text


def start_nginx_cache(tmp: Path, port: int, upstream: int, secret: str) -> subprocess.Popen:
    nginx_dir = tmp / f"nginx-cache-{port}"
    nginx_dir.mkdir()
    (nginx_dir / "site.conf").write_text(site_conf(nginx_dir, port, upstream, secret))
    conf = nginx_dir / "nginx.conf"
    conf.write_text(MAIN_CONF.format(dir=nginx_dir), encoding="utf-8")
    command = [ap.NGINX, "-p", f"{nginx_dir}/", "-c", str(conf), "-e", str(nginx_dir / "error.log")]
    process = ap.start(command, tmp, f"nginx-cache-{port}")
    wait_ok(process, port, ARTICLE, 10, tmp / f"nginx-cache-{port}.err")
    return process


def worker_rss_mb(process: subprocess.Popen) -> float:
    """The largest resident set of the processes in `process`'s group but the leader."""
    largest = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if os.getpgid(int(entry.name)) != process.pid or int(entry.name) == process.pid:
                continue
            status = (entry / "status").read_text()
        except (OSError, ProcessLookupError):
            continue
        match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
        if match:
            largest = max(largest, int(match[1]))
    return largest / 1024


MIXED_LUA = """\
local paths = {{{paths}}}
request = function()
  local path = paths[math.random(#paths)]
  if math.random(10) == 1 then path = path .. "?q=" .. math.random(1000) end
  return wrk.format("GET", path)
end
"""


def mixed_load(port: int, minutes: float, tmp: Path, args) -> str:
    """Home, sections and articles from the cache, one request in ten uncached (?q=)."""
    from urllib.request import urlopen

    page = urlopen(f"http://127.0.0.1:{port}/").read().decode()  # noqa: S310
    paths = sorted(set(re.findall(r'href="(/(?:\d{4}/\d\d/\d\d|section)/[^"?#]+/)"', page)))
    paths += ["/", ARTICLE, *(f"/section/world/?page={n}" for n in range(1, 4))]
    script = tmp / "mixed.lua"
    script.write_text(MIXED_LUA.format(paths=", ".join(json.dumps(p) for p in paths)))
    command = [
        ap.WRK, f"-t{args.threads}", f"-c{args.connections}", f"-d{int(minutes * 60)}s",
        "--latency", "-s", str(script), f"http://127.0.0.1:{port}/",
    ]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def e2e_refresh(tmp: Path, args) -> dict:
    """Change a headline from another process; nginx's cached page shows it at once."""
    import redis

    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/13").ping()
    except redis.ConnectionError:
        return {"ok": None, "note": "Redis not running: skipped"}
    secret = secrets.token_urlsafe(24)
    var_dir = tmp / "e2e-var"
    var_dir.mkdir()
    port, nginx_port = ap.free_port(), ap.free_port()
    env = dateline_env(
        var_dir,
        DATELINE_CACHE_URL="redis://127.0.0.1:6379/13",
        DATELINE_CACHE_PREFIX=f"bench-{secrets.token_hex(4)}",
        DATELINE_NGINX_REFRESH_URL=f"http://127.0.0.1:{nginx_port}",
        DATELINE_NGINX_REFRESH_SECRET=secret,
    )
    processes = [start_dateline(tmp, "e2e-dateline", port, env)]
    try:
        wait_ok(processes[0], port, ARTICLE, args.startup_timeout, tmp / "e2e-dateline.err")
        processes.append(start_nginx_cache(tmp, nginx_port, port, secret))
        for _ in range(2):
            ap.http_get(nginx_port, ARTICLE)
        headline = f"Refreshed headline {secrets.token_hex(3)}"
        code = (
            "from dateline.newsroom.models import Article; "
            "a = Article.objects.get(external_id='seed-putin-us-russia'); "
            f"a.headline = {headline!r}; a.save()"
        )
        subprocess.run(
            [str(ap.DATELINE), "shell", "-c", code], env=env, cwd=ROOT, check=True, timeout=60
        )
        deadline, seen = time.monotonic() + 10, False
        while time.monotonic() < deadline and not seen:
            seen = headline.encode() in ap.http_get(nginx_port, ARTICLE)[1]
            time.sleep(0.1)
        waited = 10 - (deadline - time.monotonic())
        return {"ok": seen, "seconds": round(waited, 2), "s_maxage": 60}
    finally:
        for process in reversed(processes):
            ap.stop(process)


def main() -> int:
    args = parse_args()
    report: dict = {"date": datetime.now(UTC).isoformat(timespec="seconds"), "cores": cores()}
    processes = []
    with tempfile.TemporaryDirectory(prefix="dateline-bench-") as name:
        tmp = Path(name)
        tmp.chmod(0o755)
        try:
            var_dir = tmp / "var"
            var_dir.mkdir()
            ports = {target: ap.free_port() for target in ("dateline", "uncached", "bare")}
            print("starting dateline (cache on), preparing the demo site ...", flush=True)
            cached = start_dateline(tmp, "dateline", ports["dateline"], dateline_env(var_dir))
            processes.append(cached)
            html = wait_ok(cached, ports["dateline"], ARTICLE, args.startup_timeout,
                           tmp / "dateline.err")  # fmt: skip
            uncached_env = dateline_env(var_dir, DATELINE_PAGE_CACHE="false")
            processes.append(start_dateline(tmp, "uncached", ports["uncached"], uncached_env))
            wait_ok(processes[-1], ports["uncached"], ARTICLE, args.startup_timeout,
                    tmp / "uncached.err")  # fmt: skip
            (tmp / "page.html").write_bytes(html)
            bare_cmd = [
                str(GRANIAN), "--interface", "wsgi", "--host", "127.0.0.1",
                "--port", str(ports["bare"]), "--workers", str(cores()),
                "--blocking-threads", "1", "--backpressure", "1", "--no-ws",
                "--log-level", "warning", "--working-dir", str(ROOT / "bench"),
                "bare_django:application",
            ]  # fmt: skip
            bare_env = {**os.environ, "BARE_DJANGO_PAGE": str(tmp / "page.html")}
            processes.append(ap.start(bare_cmd, tmp, "bare", env=bare_env))
            wait_ok(processes[-1], ports["bare"], ARTICLE, 30, tmp / "bare.err")
            static_port, cache_port = ap.free_port(), ap.free_port()
            processes.append(ap.start_nginx(tmp, static_port, html))
            secret = secrets.token_urlsafe(24)
            processes.append(start_nginx_cache(tmp, cache_port, ports["dateline"], secret))
            urls = {
                "bare": ports["bare"],
                "dateline": ports["dateline"],
                "uncached": ports["uncached"],
                "nginx-static": static_port,
                "nginx-cache": cache_port,
            }
            urls = {k: f"http://127.0.0.1:{port}{ARTICLE}" for k, port in urls.items()}
            runs = ap.measure(urls, args)
            print(f"mixed load on dateline for {args.minutes} min ...", flush=True)
            mixed = ap.parse_wrk(mixed_load(ports["dateline"], args.minutes, tmp, args))
            report["mixed"] = mixed
            report["rss_mb"] = {
                "dateline": round(worker_rss_mb(cached), 1),
                "uncached": round(worker_rss_mb(processes[1]), 1),
            }
        finally:
            for process in reversed(processes):
                ap.stop(process)
        report["e2e"] = {"ok": None, "note": "--no-e2e"} if args.no_e2e else e2e_refresh(tmp, args)
    summary = {
        name: {
            key: statistics.median(run[key] for run in results)
            for key in ("requests_per_s", "p50_ms", "p99_ms")
        }
        | {"errors": sum(ap.errors(run) for run in results)}
        for name, results in runs.items()
    }
    report.update(summary=summary, runs=runs, page_bytes=len(html), args=vars(args))
    report["commands"] = {
        "dateline": "dateline serve --workers N --threads 1 (DATELINE_WEATHER=static:24.4)",
        "bare": shlex.join(bare_cmd),
        "wrk": shlex.join(ap.wrk_command("<url>", args.duration, args)),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print_report(report)
    return 0


def print_report(report: dict) -> None:
    s = report["summary"]

    def ratio(a: str, b: str) -> float:
        return s[a]["requests_per_s"] / s[b]["requests_per_s"] if s[b]["requests_per_s"] else 0

    print(f"\nSeed article page, {report['page_bytes']:,} bytes; {report['cores']} cores; "
          f"medians of {report['args']['repeats']} x {report['args']['duration']} s wrk runs, "
          f"-c{report['args']['connections']}.\n")  # fmt: skip
    print("| target | requests/s | p50 ms | p99 ms | errors |")
    print("|---|---:|---:|---:|---:|")
    for name, row in s.items():
        print(f"| {name} | {row['requests_per_s']:,.0f} | {row['p50_ms']:.2f} | "
              f"{row['p99_ms']:.2f} | {row['errors']} |")  # fmt: skip
    rss = max(report["rss_mb"].values())
    e2e = report["e2e"]
    goals = [
        ("cached page / bare Django bytes", f"{ratio('dateline', 'bare'):.0%}", ">= 70%",
         ratio("dateline", "bare") >= 0.70),
        ("nginx cache / nginx static file", f"{ratio('nginx-cache', 'nginx-static'):.0%}",
         ">= 80%", ratio("nginx-cache", "nginx-static") >= 0.80),
        ("uncached render p99 at -c32", f"{s['uncached']['p99_ms']:.0f} ms", "< 100 ms",
         s["uncached"]["p99_ms"] < 100),
        ("uncached render / Wagtail", "not measured", ">= 10x", None),
        (f"worker RSS after {report['args']['minutes']} min mixed load", f"{rss:.0f} MB",
         "< 150 MB", rss < 150),
        ("nginx refreshed on change (e2e)",
         f"{e2e.get('seconds', '-')} s" if e2e["ok"] else e2e.get("note", "no"),
         "at once", e2e["ok"]),
    ]  # fmt: skip
    print("\n| goal | measured | target | met |")
    print("|---|---:|---:|:---:|")
    for goal, measured, target, met in goals:
        mark = {True: "yes", False: "NO", None: "-"}[met]
        print(f"| {goal} | {measured} | {target} | {mark} |")
    mixed = report["mixed"]
    print(f"\nMixed load: {mixed['requests_per_s']:,.0f} requests/s, p99 "
          f"{mixed['p99_ms']:.1f} ms, {ap.errors(mixed)} errors.")  # fmt: skip
    print(f"Results written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())

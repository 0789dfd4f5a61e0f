"""`make bench`: the performance goals of issue 7, each as a ratio against a baseline
measured in the same invocation, on the seed article page.

Targets (all on 127.0.0.1, wrk -t2 -c32 on the same machine):
  bare            a bare Django view returning the page's prebuilt bytes (bench/bare_django.py)
                  through granian with the same command line as `dateline serve`
  dateline        `dateline serve` (SQLite, demo content), page cache on, warm
  uncached        `dateline serve` with DATELINE_PAGE_CACHE=false: every request renders
  nginx-static    nginx serving the same HTML as a static file
  nginx-cache     nginx with deploy/nginx.conf in front of `dateline`
  wagtail         the same page and data as a straightforward Wagtail site (bench/wagtail/:
                  Wagtail from PyPI in bench/.wagtail-venv, SQLite, Wagtail's default
                  middleware, DEBUG off, no cache), through granian tuned as `dateline serve`
Both Dateline servers, the bare app and Wagtail run `--workers <cores> --threads 1`
(granian --blocking-threads 1, which the issue measured fastest for CPU-bound work).
The first run builds bench/.wagtail-venv with bench/wagtail/setup.sh (rerun it by hand
after the demo content changes); Dateline's and Wagtail's pages are compared word for
word (the text a reader sees) and both sizes printed.

Targets are measured alternately (one run of each, then again), medians shown. After
the throughput runs, a mixed load (cached and uncached pages, home, sections, articles
and search) runs for --minutes against `dateline` and the largest worker RSS is
reported (the goal is after 10 minutes: `--minutes 10`; the default is shorter so
`make bench` finishes in about four minutes). Then, unless --no-e2e, nginx refresh is
checked end to end: a headline changed by another process reaches nginx's cached page
at once (needs Redis on 127.0.0.1:6379, db 13, under a throwaway key prefix).

Results go to bench/results/run.json (ignored by git).

    .venv/bin/python bench/run.py [--duration 5] [--repeats 3] [--minutes 0.5] [--no-e2e]
        [--only uncached,wagtail]

--only measures just the targets named (the mixed load runs only with `dateline`, the
nginx refresh check only when every target runs): `make bench BENCH_ARGS="--only
uncached,wagtail"` is the quick Wagtail comparison.
"""

import argparse
import difflib
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
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import article_page as ap  # noqa: E402 - shared process and wrk helpers

ROOT = ap.ROOT
ARTICLE = ap.ARTICLE_PATH
RESULTS = ROOT / "bench" / "results" / "run.json"
GRANIAN = ROOT / ".venv" / "bin" / "granian"
DEPLOY_CONF = ROOT / "deploy" / "nginx.conf"
TARGETS = ("bare", "dateline", "uncached", "nginx-static", "nginx-cache", "wagtail")
WAGTAIL_DIR = ROOT / "bench" / "wagtail"
WAGTAIL_VENV = ROOT / "bench" / ".wagtail-venv"
# The seed article in the Wagtail tree: Home > World > its slug.
WAGTAIL_ARTICLE = "/world/" + ARTICLE.rstrip("/").rsplit("/", 1)[1] + "/"

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
    parser.add_argument(
        "--only",
        type=targets,
        default=TARGETS,
        help=f"comma-separated targets to measure, of {','.join(TARGETS)} (default: all)",
    )
    return parser.parse_args()


def targets(text: str) -> tuple[str, ...]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = sorted(set(names) - set(TARGETS))
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown target(s) {', '.join(unknown) or '(none given)'}; choose from "
            + ", ".join(TARGETS)
        )
    return tuple(name for name in TARGETS if name in names)


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


def ensure_wagtail() -> str:
    """Build bench/.wagtail-venv on first use; the installed Wagtail version."""
    ready = WAGTAIL_VENV / ".ready"
    if not ready.exists():
        print("building bench/.wagtail-venv (Wagtail from PyPI, demo data) ...", flush=True)
        if subprocess.run([str(WAGTAIL_DIR / "setup.sh")], cwd=ROOT, check=False).returncode:
            sys.exit("bench/wagtail/setup.sh failed (its output is above)")
    return ready.read_text(encoding="utf-8").strip()


def wagtail_command(port: int) -> list[str]:
    """Granian with `dateline serve --workers <cores> --threads 1`'s options."""
    return [
        str(WAGTAIL_VENV / "bin" / "granian"), "--interface", "wsgi", "--host", "127.0.0.1",
        "--port", str(port), "--workers", str(cores()), "--blocking-threads", "1",
        "--backpressure", "64", "--no-ws", "--log-level", "warning",
        "--working-dir", str(WAGTAIL_DIR), "newsite.wsgi:application",
    ]  # fmt: skip


class VisibleText(HTMLParser):
    """The words a reader sees in <body>: not scripts, styles or elements marked hidden."""

    VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}

    def __init__(self):
        super().__init__()
        self.words: list[str] = []
        self.open: list[str] = []
        self.hidden_from: int | None = None
        self.in_body = False

    def handle_starttag(self, tag, attrs):
        self.in_body = self.in_body or tag == "body"
        if tag in self.VOID:
            return
        self.open.append(tag)
        if self.hidden_from is None and (tag in ("script", "style") or "hidden" in dict(attrs)):
            self.hidden_from = len(self.open)

    def handle_endtag(self, tag):
        if tag in self.open:
            while self.open.pop() != tag:
                pass
        if self.hidden_from is not None and len(self.open) < self.hidden_from:
            self.hidden_from = None

    def handle_data(self, data):
        if self.in_body and self.hidden_from is None:
            self.words.extend(data.split())


def visible_words(html: bytes) -> list[str]:
    parser = VisibleText()
    parser.feed(html.decode("utf-8"))
    return parser.words


def compare_pages(dateline: bytes, wagtail: bytes) -> dict:
    """Both pages' sizes and where the text a reader sees differs (empty: the same)."""
    a, b = visible_words(dateline), visible_words(wagtail)
    opcodes = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    differences = [
        {"dateline": " ".join(a[i1:i2]), "wagtail": " ".join(b[j1:j2])}
        for op, i1, i2, j1, j2 in opcodes
        if op != "equal"
    ]
    return {
        "dateline_bytes": len(dateline),
        "wagtail_bytes": len(wagtail),
        "visible_words": len(a),
        "differences": differences,
    }


def server_cpu_seconds(process: subprocess.Popen, *, only_granian: bool = True) -> float:
    """User + system CPU of the granian processes in `process`'s group (not a task worker,
    unless only_granian=False)."""
    ticks = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if os.getpgid(int(entry.name)) != process.pid:
                continue
            if only_granian and b"granian" not in (entry / "cmdline").read_bytes():
                continue
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, ProcessLookupError):
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def wait_idle(
    processes: list[subprocess.Popen], timeout: float = 120, interval: float = 1.0
) -> float:
    """Wait until the servers (their task workers included) have settled: after start,
    Dateline's worker computes the demo's Related lists in the first seconds; after a
    run, a slow server still answers what wrk left queued. Neither may compete with the
    next run. Quiet is two `interval`s using under 5 % of a core. The seconds waited."""
    started = time.monotonic()
    quiet = 0
    while quiet < 2 and time.monotonic() - started < timeout:
        before = sum(server_cpu_seconds(p, only_granian=False) for p in processes)
        time.sleep(interval)
        busy = sum(server_cpu_seconds(p, only_granian=False) for p in processes) - before
        quiet = quiet + 1 if busy < 0.05 * interval else 0
    return time.monotonic() - started


def cpu_ms_per_page(process: subprocess.Popen, url: str, args) -> float:
    """CPU the server spends on one page, one request at a time: what other load on the
    machine changes least (requests/s fall with every busy core, CPU per page hardly)."""
    before = server_cpu_seconds(process)
    probe = argparse.Namespace(threads=1, connections=1)
    run = ap.parse_wrk(ap.wrk(url, args.duration, probe))
    return 1000 * (server_cpu_seconds(process) - before) / run["requests"]


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
  if math.random(10) == 1 then
    path = path .. (path:find("?", 1, true) and "&" or "?") .. "q=" .. math.random(1000)
  end
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
    only = args.only
    report: dict = {"date": datetime.now(UTC).isoformat(timespec="seconds"), "cores": cores()}
    # Anything else busy on the machine skews every target: the report says so.
    report["load_average_at_start"] = round(os.getloadavg()[0], 2)
    if "wagtail" in only:
        report["wagtail_version"] = ensure_wagtail()
    processes, servers, granians, commands = [], {}, {}, {}
    with tempfile.TemporaryDirectory(prefix="dateline-bench-") as name:
        tmp = Path(name)
        tmp.chmod(0o755)
        try:
            var_dir = tmp / "var"
            var_dir.mkdir()
            ports = {target: ap.free_port() for target in TARGETS}
            # The cached server also gives the page the other targets serve as bytes;
            # `--only uncached[,wagtail]` needs just the uncached one.
            if {"dateline", "nginx-cache"} & set(only) or "uncached" not in only:
                print("starting dateline (cache on), preparing the demo site ...", flush=True)
                servers["dateline"] = start_dateline(
                    tmp, "dateline", ports["dateline"], dateline_env(var_dir)
                )
                processes.append(servers["dateline"])
                html = wait_ok(servers["dateline"], ports["dateline"], ARTICLE,
                               args.startup_timeout, tmp / "dateline.err")  # fmt: skip
            if "uncached" in only:
                print("starting dateline (cache off) ...", flush=True)
                uncached_env = dateline_env(var_dir, DATELINE_PAGE_CACHE="false")
                servers["uncached"] = start_dateline(
                    tmp, "uncached", ports["uncached"], uncached_env
                )
                processes.append(servers["uncached"])
                html = wait_ok(servers["uncached"], ports["uncached"], ARTICLE,
                               args.startup_timeout, tmp / "uncached.err")  # fmt: skip
            commands["dateline"] = (
                "dateline serve --workers N --threads 1 (DATELINE_WEATHER=static:24.4)"
            )
            (tmp / "page.html").write_bytes(html)
            if "bare" in only:
                bare_cmd = [
                    str(GRANIAN), "--interface", "wsgi", "--host", "127.0.0.1",
                    "--port", str(ports["bare"]), "--workers", str(cores()),
                    "--blocking-threads", "1", "--backpressure", "1", "--no-ws",
                    "--log-level", "warning", "--working-dir", str(ROOT / "bench"),
                    "bare_django:application",
                ]  # fmt: skip
                bare_env = {**os.environ, "BARE_DJANGO_PAGE": str(tmp / "page.html")}
                processes.append(ap.start(bare_cmd, tmp, "bare", env=bare_env))
                granians["bare"] = processes[-1]
                wait_ok(processes[-1], ports["bare"], ARTICLE, 30, tmp / "bare.err")
                commands["bare"] = shlex.join(bare_cmd)
            if "nginx-static" in only:
                processes.append(ap.start_nginx(tmp, ports["nginx-static"], html))
            if "nginx-cache" in only:
                secret = secrets.token_urlsafe(24)
                processes.append(
                    start_nginx_cache(tmp, ports["nginx-cache"], ports["dateline"], secret)
                )
            if "wagtail" in only:
                print(f"starting Wagtail {report['wagtail_version']} ...", flush=True)
                wagtail_cmd = wagtail_command(ports["wagtail"])
                processes.append(ap.start(wagtail_cmd, tmp, "wagtail", env=wagtail_env()))
                granians["wagtail"] = processes[-1]
                wait_ok(processes[-1], ports["wagtail"], WAGTAIL_ARTICLE, 60, tmp / "wagtail.err")
                commands["wagtail"] = shlex.join(wagtail_cmd)
            urls = {
                name: f"http://127.0.0.1:{ports[name]}"
                + (WAGTAIL_ARTICLE if name == "wagtail" else ARTICLE)
                for name in only
            }
            print("waiting for the servers to settle ...", flush=True)
            report["settle_s"] = round(wait_idle(processes), 1)
            settled = []

            def settle():
                waited = wait_idle(processes, timeout=30, interval=0.5)
                if waited >= 30:
                    print("  (the servers did not go quiet within 30 s)", flush=True)
                settled.append(waited)

            runs = ap.measure(urls, args, settle)
            report["cpu_ms_per_page"] = {}
            for name, process in (servers | granians).items():
                if name not in urls:
                    continue
                settle()
                print(f"CPU per page of {name}, one connection, {args.duration} s ...", flush=True)
                report["cpu_ms_per_page"][name] = round(
                    cpu_ms_per_page(process, urls[name], args), 2
                )
            if "wagtail" in only:
                # Compared after the runs: Dateline's Related lists are computed by its
                # task worker in the first seconds after start.
                dateline_port = ports["uncached" if "uncached" in servers else "dateline"]
                report["pages"] = compare_pages(
                    ap.http_get(dateline_port, ARTICLE)[1],
                    ap.http_get(ports["wagtail"], WAGTAIL_ARTICLE)[1],
                )
            if "dateline" in only:
                settle()
                print(f"mixed load on dateline for {args.minutes} min ...", flush=True)
                mixed = ap.parse_wrk(mixed_load(ports["dateline"], args.minutes, tmp, args))
                report["mixed"] = mixed
            report["settle_between_runs_s"] = [round(s, 2) for s in settled]
            report["rss_mb"] = {
                name: round(worker_rss_mb(process), 1) for name, process in servers.items()
            }
        finally:
            for process in reversed(processes):
                ap.stop(process)
        if args.no_e2e:
            report["e2e"] = {"ok": None, "note": "--no-e2e"}
        elif only != TARGETS:
            report["e2e"] = {"ok": None, "note": "--only: skipped"}
        else:
            report["e2e"] = e2e_refresh(tmp, args)
    summary = {
        name: {
            key: statistics.median(run[key] for run in results)
            for key in ("requests_per_s", "p50_ms", "p99_ms")
        }
        | {"errors": sum(ap.errors(run) for run in results)}
        for name, results in runs.items()
    }
    report.update(summary=summary, runs=runs, page_bytes=len(html), args=vars(args))
    report["commands"] = commands | {
        "wrk": shlex.join(ap.wrk_command("<url>", args.duration, args))
    }
    # A partial run (--only) does not replace the full run's results.
    results = RESULTS if only == TARGETS else RESULTS.with_name(f"run-{'-'.join(only)}.json")
    results.parent.mkdir(parents=True, exist_ok=True)
    results.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print_report(report, results)
    return 0


def wagtail_env() -> dict[str, str]:
    """The current environment without Dateline's or another Django project's settings."""
    return {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATELINE_", "DJANGO_", "WAGTAIL_")) and key != "PYTHONPATH"
    }


def print_report(report: dict, results: Path) -> None:
    s = report["summary"]

    def ratio(a: str, b: str) -> float:
        return s[a]["requests_per_s"] / s[b]["requests_per_s"] if s[b]["requests_per_s"] else 0

    print(f"\nSeed article page, {report['page_bytes']:,} bytes; {report['cores']} cores; "
          f"medians of {report['args']['repeats']} x {report['args']['duration']} s wrk runs, "
          f"-c{report['args']['connections']}; load average {report['load_average_at_start']} "
          "at start.\n")  # fmt: skip
    cpu = report["cpu_ms_per_page"]
    print("| target | requests/s | p50 ms | p99 ms | errors | CPU ms/page at -c1 |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, row in s.items():
        label = f"wagtail {report['wagtail_version']}" if name == "wagtail" else name
        print(f"| {label} | {row['requests_per_s']:,.0f} | {row['p50_ms']:.2f} | "
              f"{row['p99_ms']:.2f} | {row['errors']} | "
              f"{cpu.get(name, '-')} |")  # fmt: skip
    e2e = report["e2e"]
    goals = []  # (goal, measured, target, met), for the targets this invocation ran
    if {"dateline", "bare"} <= s.keys():
        goals.append(("cached page / bare Django bytes", f"{ratio('dateline', 'bare'):.0%}",
                      ">= 70%", ratio("dateline", "bare") >= 0.70))  # fmt: skip
    if {"nginx-cache", "nginx-static"} <= s.keys():
        goals.append(("nginx cache / nginx static file",
                      f"{ratio('nginx-cache', 'nginx-static'):.0%}", ">= 80%",
                      ratio("nginx-cache", "nginx-static") >= 0.80))  # fmt: skip
    if "uncached" in s:
        goals.append(("uncached render p99 at -c32", f"{s['uncached']['p99_ms']:.0f} ms",
                      "< 100 ms", s["uncached"]["p99_ms"] < 100))  # fmt: skip
    if {"uncached", "wagtail"} <= s.keys():
        goals.append(("Dateline uncached / Wagtail", f"{ratio('uncached', 'wagtail'):.1f}x",
                      ">= 10x", ratio("uncached", "wagtail") >= 10))  # fmt: skip
        by_cpu = cpu["wagtail"] / cpu["uncached"] if cpu["uncached"] else 0
        goals.append(("... by CPU per page (Wagtail / Dateline)", f"{by_cpu:.1f}x", ">= 10x",
                      by_cpu >= 10))  # fmt: skip
    if "mixed" in report:
        rss = max(report["rss_mb"].values())
        goals.append((f"worker RSS after {report['args']['minutes']} min mixed load",
                      f"{rss:.0f} MB", "< 150 MB", rss < 150))  # fmt: skip
    goals.append(("nginx refreshed on change (e2e)",
                  f"{e2e.get('seconds', '-')} s" if e2e["ok"] else e2e.get("note", "no"),
                  "at once", e2e["ok"]))  # fmt: skip
    print("\n| goal | measured | target | met |")
    print("|---|---:|---:|:---:|")
    for goal, measured, target, met in goals:
        mark = {True: "yes", False: "NO", None: "-"}[met]
        print(f"| {goal} | {measured} | {target} | {mark} |")
    if "pages" in report:
        pages = report["pages"]
        print(f"\nSame article, same data: Dateline {pages['dateline_bytes']:,} bytes, Wagtail "
              f"{pages['wagtail_bytes']:,} bytes; ", end="")  # fmt: skip
        if not pages["differences"]:
            print(f"the same {pages['visible_words']:,} words a reader sees.")
        else:
            print(f"the text a reader sees differs in {len(pages['differences'])} place(s):")
            for diff in pages["differences"][:10]:
                print(
                    f"  Dateline: {diff['dateline'][:80]!r}\n  Wagtail:  {diff['wagtail'][:80]!r}"
                )
    if "mixed" in report:
        mixed = report["mixed"]
        print(f"\nMixed load: {mixed['requests_per_s']:,.0f} requests/s, p99 "
              f"{mixed['p99_ms']:.1f} ms, {ap.errors(mixed)} errors.")  # fmt: skip
    print(f"Results written to {results.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: how fast does Dateline serve an article page, compared with the physical limit?

The real server (`dateline serve`: granian with one worker per CPU, SQLite under a
temporary DATELINE_VAR_DIR, demo content) serves the seed article. The same HTML,
fetched once, is then served by nginx as a static file. nginx sending a file from
the page cache is about as fast as this machine can answer HTTP at all, so it is
the ceiling: Dateline's requests per second as a percentage of nginx's says how
much of the machine's capacity the application leaves on the table.

Both targets are warmed up for 2 s, then measured with `wrk --latency`, alternately
(nginx, Dateline, nginx, Dateline, ...) so that drifts in machine load hit both.
The table shows the median over the repeats. Results also go to
bench/results/article_page.json.

Needs /usr/bin/wrk and /usr/sbin/nginx (Debian packages `wrk` and `nginx`); nginx
runs from a generated configuration and never touches /etc/nginx, /var/log/nginx
or /var/lib/nginx. Note that wrk runs on the same machine and competes for CPU.

    .venv/bin/python bench/article_page.py [--duration 10] [--repeats 3]
"""

import argparse
import http.client
import json
import os
import platform
import re
import secrets
import shlex
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATELINE = ROOT / ".venv" / "bin" / "dateline"
NGINX = "/usr/sbin/nginx"
WRK = "/usr/bin/wrk"
ARTICLE_PATH = "/2024/09/21/putin-us-russian-relations-have-reached-the-lowest-level/"
RESULTS = ROOT / "bench" / "results" / "article_page.json"
WARMUP_SECONDS = 2

NGINX_CONF = """\
daemon off;
worker_processes auto;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;

events {{
    worker_connections 1024;
}}

http {{
    access_log off;
    client_body_temp_path {dir}/client_body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;

    sendfile on;
    tcp_nopush off;
    tcp_nodelay on;
    keepalive_requests 100000;
    default_type text/html;

    server {{
        listen 127.0.0.1:{port};
        root {dir}/docroot;
        location / {{
            try_files /index.html =404;
        }}
    }}
}}
"""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--repeats", type=int, default=3, help="wrk runs per target")
    parser.add_argument("--connections", type=int, default=32, help="wrk -c")
    parser.add_argument("--threads", type=int, default=2, help="wrk -t")
    parser.add_argument(
        "--startup-timeout", type=float, default=120, help="seconds to wait for Dateline"
    )
    return parser.parse_args()


# --- processes ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(command: list[str], log_dir: Path, name: str, env=None) -> subprocess.Popen:
    """Start a command in its own process group, stdout and stderr going to files."""
    with (
        open(log_dir / f"{name}.out", "wb") as out,
        open(log_dir / f"{name}.err", "wb") as err,
    ):
        return subprocess.Popen(
            command, stdout=out, stderr=err, env=env, cwd=ROOT, start_new_session=True
        )


def stop(process: subprocess.Popen) -> None:
    """Terminate a process group started by start(), killing it if it lingers."""
    for sig, grace in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            break
        try:
            process.wait(timeout=grace)
            # The leader is gone; make sure none of its children outlive it.
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            break
        except subprocess.TimeoutExpired:
            continue
        break


def tail(path: Path, lines: int = 30) -> str:
    text = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
    return "\n".join(text.rstrip().splitlines()[-lines:]) or "(empty)"


def http_get(port: int, path: str) -> tuple[int, bytes]:
    """One GET without following redirects: (status, body)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def wait_for_page(process: subprocess.Popen, port: int, timeout: float, log_dir: Path) -> bytes:
    """Poll the article until it answers 200; fail clearly if the server dies or stalls."""
    deadline = time.monotonic() + timeout
    last = "no answer yet"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(
                f"Dateline exited with status {process.returncode} before serving the page.\n"
                f"--- its stderr ---\n{tail(log_dir / 'dateline.err')}"
            )
        try:
            status, body = http_get(port, ARTICLE_PATH)
        except OSError as exc:
            last = str(exc)
        else:
            if status == 200:
                return body
            last = f"HTTP {status}"
        time.sleep(0.5)
    sys.exit(
        f"Dateline did not serve {ARTICLE_PATH} within {timeout:.0f} s (last: {last}).\n"
        f"--- its stderr ---\n{tail(log_dir / 'dateline.err')}"
    )


def dateline_command(port: int, workers: int) -> list[str]:
    return [
        str(DATELINE), "serve", "--host", "127.0.0.1", "--port", str(port),
        "--workers", str(workers),
    ]  # fmt: skip


def dateline_env(var_dir: Path) -> dict[str, str]:
    """The current environment without any DATELINE_* setting, plus the benchmark's own."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("DATELINE_")}
    env.update(
        DATELINE_SECRET_KEY=secrets.token_urlsafe(50),
        DATELINE_VAR_DIR=str(var_dir),
        DATELINE_WEATHER="static:24.4",
    )
    return env


def start_dateline(tmp: Path, port: int, workers: int) -> subprocess.Popen:
    var_dir = tmp / "var"
    var_dir.mkdir(mode=0o700)
    command = dateline_command(port, workers)
    return start(command, tmp, "dateline", env=dateline_env(var_dir))


def start_nginx(tmp: Path, port: int, html: bytes) -> subprocess.Popen:
    """Serve `html` for every path from a throwaway nginx prefix under `tmp`."""
    nginx_dir = tmp / "nginx"
    (nginx_dir / "docroot").mkdir(parents=True)
    (nginx_dir / "docroot" / "index.html").write_bytes(html)
    conf = nginx_dir / "nginx.conf"
    conf.write_text(NGINX_CONF.format(dir=nginx_dir, port=port), encoding="utf-8")
    command = [NGINX, "-p", f"{nginx_dir}/", "-c", str(conf), "-e", str(nginx_dir / "error.log")]
    process = start(command, tmp, "nginx")
    for _ in range(50):
        if process.poll() is not None:
            sys.exit(f"nginx exited at startup:\n{tail(tmp / 'nginx.err')}")
        try:
            if http_get(port, ARTICLE_PATH)[1] == html:
                return process
        except OSError:
            pass
        time.sleep(0.1)
    stop(process)
    sys.exit(f"nginx did not serve the page within 5 s:\n{tail(nginx_dir / 'error.log')}")


# --- wrk --------------------------------------------------------------------------------

UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3, "h": 3600e3}


def to_ms(text: str) -> float:
    """'812.00us', '1.23ms', '2.00s' -> milliseconds."""
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text)
    if not match:
        raise ValueError(f"unexpected wrk duration {text!r}")
    return float(match[1]) * UNITS[match[2]]


def parse_wrk(output: str) -> dict:
    """Requests/s, p50 and p99 in ms, and error counts from `wrk --latency` output."""

    def find(pattern: str) -> re.Match:
        match = re.search(pattern, output, re.MULTILINE)
        if not match:
            raise ValueError(f"no {pattern!r} in wrk output:\n{output}")
        return match

    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "requests_per_s": float(find(r"^Requests/sec:\s+([\d.]+)")[1]),
        "p50_ms": to_ms(find(r"^\s+50%\s+(\S+)")[1]),
        "p99_ms": to_ms(find(r"^\s+99%\s+(\S+)")[1]),
        "requests": int(find(r"^\s+(\d+) requests in")[1]),
        "socket_errors": sum(map(int, socket_errors.groups())) if socket_errors else 0,
        "non_2xx": int(non_2xx[1]) if non_2xx else 0,
    }


def wrk_command(url: str, duration: int, args: argparse.Namespace) -> list[str]:
    return [WRK, f"-t{args.threads}", f"-c{args.connections}", f"-d{duration}s", "--latency", url]


def wrk(url: str, duration: int, args: argparse.Namespace) -> str:
    command = wrk_command(url, duration, args)
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"wrk failed ({result.returncode}):\n{result.stderr}{result.stdout}")
    return result.stdout


def measure(
    urls: dict[str, str], args: argparse.Namespace, settle=lambda: None
) -> dict[str, list[dict]]:
    """Warm each target up, then run wrk on them alternately; every run's parsed result.

    `settle()` runs before each run: a slow server goes on answering the requests wrk
    left queued when it stopped, and must not eat into the next target's run."""
    for name, url in urls.items():
        print(f"warming up {name} for {WARMUP_SECONDS} s ...", flush=True)
        wrk(url, WARMUP_SECONDS, args)
    runs = {name: [] for name in urls}
    for repeat in range(1, args.repeats + 1):
        for name, url in urls.items():
            settle()
            run = parse_wrk(wrk(url, args.duration, args))
            runs[name].append(run)
            flag = "  <-- ERRORS" if errors(run) else ""
            print(
                f"run {repeat}/{args.repeats} {name:8} {run['requests_per_s']:10.0f} req/s"
                f"  p50 {run['p50_ms']:7.2f} ms  p99 {run['p99_ms']:7.2f} ms"
                f"  errors {errors(run)}{flag}",
                flush=True,
            )
    return runs


def errors(run: dict) -> int:
    return run["socket_errors"] + run["non_2xx"]


# --- report -----------------------------------------------------------------------------


def summarize(runs: dict[str, list[dict]]) -> dict[str, dict]:
    summary = {}
    for name, results in runs.items():
        summary[name] = {
            key: statistics.median(run[key] for run in results)
            for key in ("requests_per_s", "p50_ms", "p99_ms")
        }
        summary[name]["errors"] = sum(errors(run) for run in results)
        summary[name]["runs_with_errors"] = sum(1 for run in results if errors(run))
    nginx_rps = summary["nginx"]["requests_per_s"]
    for row in summary.values():
        row["percent_of_nginx"] = 100 * row["requests_per_s"] / nginx_rps if nginx_rps else 0
    return summary


def table_rows(summary: dict[str, dict]) -> list[list[str]]:
    return [
        [
            name,
            f"{row['requests_per_s']:,.0f}",
            f"{row['p50_ms']:.2f}",
            f"{row['p99_ms']:.2f}",
            f"{row['percent_of_nginx']:.1f} %",
            str(row["errors"]),
        ]
        for name, row in summary.items()
    ]


HEADER = ["target", "requests/s", "p50 ms", "p99 ms", "% of nginx", "errors"]


def print_report(report: dict) -> None:
    p = report["parameters"]
    print()
    print(f"Article page: {report['page_bytes']:,} bytes of HTML  ({report['url_path']})")
    print(
        f"{p['repeats']} wrk runs per target, alternating, after {p['warmup_s']} s warm-up; "
        f"medians shown. {p['cpus']} CPUs, wrk on the same machine."
    )
    for name, command in report["commands"].items():
        print(f"  {name:8} $ {command}")
    print()
    rows = table_rows(report["summary"])
    widths = [max(len(cell) for cell in column) for column in zip(HEADER, *rows, strict=True)]
    for cells in (HEADER, *rows):
        print("  ".join(cell.rjust(width) for cell, width in zip(cells, widths, strict=True)))
    for name, row in report["summary"].items():
        if row["runs_with_errors"]:
            print(f"WARNING: {name}: {row['runs_with_errors']} run(s) had errors")
    print("\nMarkdown:\n")
    print("| " + " | ".join(HEADER) + " |")
    print("|" + "|".join(["---"] + ["---:"] * (len(HEADER) - 1)) + "|")
    for cells in rows:
        print("| " + " | ".join(cells) + " |")
    print(f"\nResults written to {RESULTS.relative_to(ROOT)}")


def build_report(
    args: argparse.Namespace,
    workers: int,
    html: bytes,
    runs: dict,
    dateline_port: int,
    nginx_port: int,
) -> dict:
    """Everything the JSON file records: parameters, commands, medians and every run."""
    return {
        "benchmark": "article_page",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "url_path": ARTICLE_PATH,
        "page_bytes": len(html),
        "parameters": {
            "duration_s": args.duration,
            "repeats": args.repeats,
            "connections": args.connections,
            "threads": args.threads,
            "warmup_s": WARMUP_SECONDS,
            "workers": workers,
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "machine": platform.machine(),
        },
        "commands": {
            "dateline": shlex.join(dateline_command(dateline_port, workers))
            + "  (DATELINE_WEATHER=static:24.4, temporary DATELINE_VAR_DIR)",
            "nginx": f"{NGINX} -p <tmp>/nginx/ -c <tmp>/nginx/nginx.conf"
            + f"  (worker_processes auto, port {nginx_port})",
            "wrk": shlex.join(wrk_command("<url>", args.duration, args)),
        },
        "summary": summarize(runs),
        "runs": runs,
    }


def write_json(report: dict) -> None:
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


# --- main -------------------------------------------------------------------------------


def main() -> int:
    args = parse_args()
    workers = os.cpu_count() or 1
    processes = []
    with tempfile.TemporaryDirectory(prefix="dateline-bench-") as name:
        tmp = Path(name)
        tmp.chmod(0o755)  # nginx workers run as nobody when started as root
        try:
            dateline_port = free_port()
            print(f"starting dateline serve on port {dateline_port} ...", flush=True)
            processes.append(start_dateline(tmp, dateline_port, workers))
            html = wait_for_page(processes[-1], dateline_port, args.startup_timeout, tmp)
            nginx_port = free_port()
            processes.append(start_nginx(tmp, nginx_port, html))
            urls = {
                "nginx": f"http://127.0.0.1:{nginx_port}{ARTICLE_PATH}",
                "dateline": f"http://127.0.0.1:{dateline_port}{ARTICLE_PATH}",
            }
            runs = measure(urls, args)
        finally:
            for process in reversed(processes):
                stop(process)
    report = build_report(args, workers, html, runs, dateline_port, nginx_port)
    write_json(report)
    print_report(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: the article page with 500 approved comments against the same page without
any, and reply-form POSTs per second, on `dateline serve` (SQLite, one worker per core).

1. serve the seed article with no comments and load it with wrk;
2. stop, store 500 approved comments on it (threads up to four deep), serve again, load
   it with wrk (a restart, so no cache of the first run is measured);
3. load the reply form with POSTs (a wrk Lua script, every request a new comment from a
   new address, so each is stored: first-time commenters, held for moderation).

Prints requests/s, p50/p99 and the ratios; writes bench/results/comments.json.

    .venv/bin/python bench/comments.py [--duration 10] [--connections 32]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from article_page import (  # noqa: E402
    ARTICLE_PATH,
    DATELINE,
    ROOT,
    WRK,
    dateline_command,
    dateline_env,
    errors,
    free_port,
    parse_wrk,
    start,
    stop,
    wait_for_page,
)

RESULTS = ROOT / "bench" / "results" / "comments.json"
COMMENTS = 500
BENCH_ENV = {
    "DATELINE_COMMENTS_MIN_SECONDS": "0",
    "DATELINE_PAGE_CACHE": "false",  # measure rendering, not the page cache (issue 7)
    "DATELINE_COMMENTS_RATE_PER_IP": "100000000",
    "DATELINE_COMMENTS_RATE_PER_EMAIL": "100000000",
}

SEED_COMMENTS = f"""
from dateline.comments.models import Comment
from dateline.newsroom.models import Article
article = Article.objects.get(external_id="seed-putin-us-russia")
parents = []
for n in range({COMMENTS}):
    parent = parents[-1] if n % 4 and parents else None
    c = Comment.objects.create(
        article=article, parent=parent, depth=(parent.depth + 1) if parent else 0,
        body=f"Comment {{n}}: a reader's view of the summit, with a link http://example.org/{{n}}\\n\\n"
             "and a second paragraph to render.",
        author_name=f"Reader {{n}}", author_email=f"r{{n}}@example.org",
        status=Comment.Status.APPROVED)
    parents = [c] if n % 4 == 0 else parents + [c]
print(Comment.objects.filter(article=article, status="approved").count())
"""

POST_LUA = """
local counter = 0
local thread_id = 0
local threads = {}
function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end
function init(args)
  token = args[1]
  origin = args[2]
end
request = function()
  counter = counter + 1
  local who = tid .. "-" .. counter
  local body = "comment=A+benchmark+comment+number+" .. who ..
    "&name=Bench+" .. who .. "&email=bench" .. who .. "%40example.org&ts=" .. token
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Origin"] = origin,
  }, body)
end
"""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=32, help="wrk -c")
    parser.add_argument("--threads", type=int, default=2, help="wrk -t")
    parser.add_argument("--startup-timeout", type=float, default=120)
    return parser.parse_args()


def env_for(var_dir: Path, secret: str) -> dict[str, str]:
    env = dateline_env(var_dir)
    env.update(BENCH_ENV, DATELINE_SECRET_KEY=secret)
    return env


def serve(tmp: Path, port: int, workers: int, env: dict, name: str, args) -> subprocess.Popen:
    process = start(dateline_command(port, workers), tmp, "dateline", env=env)
    wait_for_page(process, port, args.startup_timeout, tmp)
    print(f"{name}: serving on port {port}", flush=True)
    return process


def wrk(url: str, args, script: Path | None = None, script_args=()) -> dict:
    command = [WRK, f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s",
               "--latency"]  # fmt: skip
    if script:
        command += ["-s", str(script)]
    command += [url, *(["--", *script_args] if script_args else [])]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"wrk failed:\n{result.stderr}{result.stdout}")
    run = parse_wrk(result.stdout)
    print(
        f"  {run['requests_per_s']:10.1f} req/s  p50 {run['p50_ms']:7.2f} ms  "
        f"p99 {run['p99_ms']:7.2f} ms  errors {errors(run)}",
        flush=True,
    )
    return run


def main() -> int:
    args = parse_args()
    workers = os.cpu_count() or 1
    results = {}
    with tempfile.TemporaryDirectory(prefix="dateline-bench-comments-") as name:
        tmp = Path(name)
        var_dir = tmp / "var"
        var_dir.mkdir()
        env = env_for(var_dir, os.urandom(24).hex())
        port = free_port()
        url = f"http://127.0.0.1:{port}{ARTICLE_PATH}"

        process = serve(tmp, port, workers, env, "page without comments", args)
        try:
            wrk(url, argparse.Namespace(**{**vars(args), "duration": 2}))  # warm-up
            print("article page, no comments:")
            results["page_without_comments"] = wrk(url, args)
        finally:
            stop(process)

        shell = subprocess.run(
            [str(DATELINE), "shell", "-c", SEED_COMMENTS],
            env=env, cwd=ROOT, capture_output=True, text=True, check=False,
        )  # fmt: skip
        if shell.returncode != 0 or shell.stdout.split()[-1:] != [str(COMMENTS)]:
            sys.exit(f"storing the comments failed:\n{shell.stderr}{shell.stdout}")

        process = serve(tmp, port, workers, env, f"page with {COMMENTS} comments", args)
        try:
            page = subprocess.run(["curl", "-s", url], capture_output=True, text=True).stdout
            assert f"{COMMENTS} Comments" in page, "the comments are not on the page"
            token = page.split('name="ts" value="', 1)[1].split('"', 1)[0]
            wrk(url, argparse.Namespace(**{**vars(args), "duration": 2}))
            print(f"article page, {COMMENTS} approved comments ({len(page):,} bytes):")
            results["page_with_comments"] = wrk(url, args)
            script = tmp / "post.lua"
            script.write_text(POST_LUA, encoding="utf-8")
            print("comment POSTs (each stored, 303 to the author's URL):")
            results["comment_posts"] = wrk(url, args, script, [token, f"http://127.0.0.1:{port}"])
        finally:
            stop(process)
        stored = subprocess.run(
            [str(DATELINE), "shell", "-c",
             "from dateline.comments.models import Comment; print(Comment.objects.count())"],
            env=env, cwd=ROOT, capture_output=True, text=True, check=False,
        ).stdout.split()[-1:]  # fmt: skip

    without = results["page_without_comments"]["requests_per_s"]
    with_comments = results["page_with_comments"]["requests_per_s"]
    posts = results["comment_posts"]["requests_per_s"]
    report = {
        "benchmark": "comments",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "parameters": {**vars(args), "workers": workers, "cpus": os.cpu_count()},
        "results": results,
        "ratio_page_with_to_without_comments": with_comments / without if without else 0,
        "ratio_posts_to_page_without_comments": posts / without if without else 0,
        "comments_stored_after_run": int(stored[0]) if stored else 0,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print()
    print("| target | requests/s | p50 ms | p99 ms | errors |")
    print("|---|---:|---:|---:|---:|")
    for name, run in results.items():
        print(
            f"| {name.replace('_', ' ')} | {run['requests_per_s']:,.1f} | {run['p50_ms']:.2f} "
            f"| {run['p99_ms']:.2f} | {errors(run)} |"
        )
    print(
        f"\npage with {COMMENTS} comments / without: "
        f"{report['ratio_page_with_to_without_comments']:.2f}x; "
        f"comment POSTs / page GETs: {report['ratio_posts_to_page_without_comments']:.2f}x; "
        f"comments stored after the run: {report['comments_stored_after_run']}"
    )
    print(f"Results written to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

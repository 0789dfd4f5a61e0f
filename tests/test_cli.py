"""The `dateline` command fails with one clear line, never a traceback."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

DATELINE = str(Path(sys.executable).with_name("dateline"))


def run(*args, tmp_path, **env):
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("DATELINE_", "DJANGO_"))
    }
    environment.update(
        {"DATELINE_SECRET_KEY": "cli-test", "DATELINE_VAR_DIR": str(tmp_path), **env}
    )
    return subprocess.run(
        [DATELINE, *args], env=environment, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    "url",
    ["not a url", "mysql://u@h/db", "postgres://u@h:notaport/db", "sqlite://"],
)
def test_malformed_database_url_is_one_clear_line(tmp_path, url):
    result = run("serve", "--port", "1", tmp_path=tmp_path, DATELINE_DATABASE_URL=url)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("dateline: configuration error: DATELINE_DATABASE_URL")
    assert "Traceback" not in result.stderr


def test_unreachable_database_is_one_clear_line(tmp_path):
    result = run(
        "serve",
        "--port",
        "1",
        tmp_path=tmp_path,
        DATELINE_DATABASE_URL="postgres://nobody@127.0.0.1:9/nowhere",
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("dateline: database error:")
    assert "127.0.0.1:9" in lines[0]


def test_missing_secret_key_is_one_clear_line(tmp_path):
    result = run("check", tmp_path=tmp_path, DATELINE_SECRET_KEY="")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "dateline: configuration error: DATELINE_SECRET_KEY is not set; set it to a long "
        "random string (`make run` does this for you on a development machine)"
    ]


def test_bad_setting_value_is_one_clear_line(tmp_path):
    result = run("check", tmp_path=tmp_path, DATELINE_WEATHER="static:warm")
    assert result.returncode == 1
    assert "DATELINE_WEATHER=static:<number> needs a number" in result.stderr
    assert "Traceback" not in result.stderr


def test_setup_migrates_and_loads_demo_content_once(tmp_path):
    first = run("setup", tmp_path=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "Loaded demo content: 87 articles." in first.stdout
    assert (tmp_path / "dateline.sqlite3").exists()
    login = (tmp_path / "demo-login.txt").read_text().split()
    assert login[0] == "demo" and len(login[1]) >= 12
    second = run("setup", tmp_path=tmp_path)
    assert second.returncode == 0, second.stderr
    assert "Loaded demo content" not in second.stdout


def test_setup_gives_sqlite_the_statistics_to_find_an_article_by_its_slug(tmp_path):
    import sqlite3

    assert run("setup", tmp_path=tmp_path).returncode == 0
    database = sqlite3.connect(tmp_path / "dateline.sqlite3")
    analysed = {row[0] for row in database.execute("SELECT idx FROM sqlite_stat1")}
    assert "newsroom_article_slug_82deeb21" in analysed
    # A permalink's lookup: without statistics SQLite walked every published article.
    plan = database.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM newsroom_article WHERE slug = ? "
        "AND status = 'published' AND published_at <= ?",
        ["putin-us-russian-relations-have-reached-the-lowest-level", "2030-01-01"],
    ).fetchall()
    assert "USING INDEX newsroom_article_slug_82deeb21 (slug=?)" in plan[0][3]

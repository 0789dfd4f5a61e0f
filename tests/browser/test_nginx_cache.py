"""deploy/nginx.conf in front of the real server: readers in real browsers, in several
languages, see an edited headline at once, not when nginx's copy expires (60 s).

nginx from Debian runs the shipped configuration with only its CHANGE ME values
filled in; Dateline shares its page cache through Redis, so the edit made by another
process (`dateline shell`, as an editor's save in another worker) refreshes nginx.
"""

import contextlib
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from tests.browser.conftest import _free_port, _stop, _tail
from tests.browser.test_comments import SEED_PATH, dateline_server

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
from run import MAIN_CONF, site_conf  # noqa: E402 - deploy/nginx.conf filled in as bench/ does


@contextlib.contextmanager
def nginx_in_front(nginx: str, upstream_port: int, secret: str, port: int):
    # Not under pytest's private temporary directory: nginx's workers run as another user.
    with tempfile.TemporaryDirectory(prefix="dateline-nginx-") as name:
        directory = Path(name)
        directory.chmod(0o755)
        (directory / "site.conf").write_text(site_conf(directory, port, upstream_port, secret))
        (directory / "nginx.conf").write_text(MAIN_CONF.format(dir=directory))
        log = directory / "stderr"
        with open(log, "wb") as stderr:
            process = subprocess.Popen(  # noqa: S603 - fixed argv
                [nginx, "-p", f"{directory}/", "-c", str(directory / "nginx.conf"), "-e", str(log)],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr,
                start_new_session=True,
            )  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                if process.poll() is not None:
                    pytest.fail(f"nginx exited: {_tail(log)}\n{_tail(directory / 'error.log')}")
                with contextlib.suppress(OSError):
                    urllib.request.urlopen(url + SEED_PATH, timeout=2).close()  # noqa: S310
                    break
                time.sleep(0.1)
            yield url
        finally:
            _stop(process)


@pytest.fixture
def site(tmp_path, nginx_path, redis_url):
    base = tmp_path
    secret = secrets.token_urlsafe(24)
    nginx_port = _free_port()
    env = {
        "DATELINE_PAGE_CACHE": "true",  # the suite's settings turn it off for other tests
        "DATELINE_DATABASE_URL": f"sqlite:///{base / 'site.sqlite3'}",
        "DATELINE_CACHE_URL": redis_url,
        "DATELINE_CACHE_PREFIX": f"nginx-test-{secrets.token_hex(4)}",
        "DATELINE_NGINX_REFRESH_URL": f"http://127.0.0.1:{nginx_port}",
        "DATELINE_NGINX_REFRESH_SECRET": secret,
    }
    with dateline_server(base, workers=2, threads=1, **env) as (url, var_dir):
        upstream_port = int(url.rsplit(":", 1)[1])
        with nginx_in_front(nginx_path, upstream_port, secret, nginx_port) as front:
            yield {"front": front, "env": {**env, "DATELINE_VAR_DIR": str(var_dir)}}


def edit_seed_headline(site: dict, headline: str) -> None:
    """Save the seed article from another process, as an editor's save would."""
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    environment.pop("DATELINE_TEST_DATABASE_URL", None)
    environment.update(site["env"], DATELINE_SECRET_KEY=secrets.token_urlsafe(50))
    code = (
        "from dateline.newsroom.models import Article; "
        "a = Article.objects.get(external_id='seed-putin-us-russia'); "
        f"a.headline = {headline!r}; a.save()"
    )
    dateline = Path(sys.executable).parent / "dateline"
    subprocess.run(  # noqa: S603 - fixed argv
        [str(dateline), "shell", "-c", code], env=environment, check=True, timeout=60
    )


def get(url: str, **headers: str):
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - a local URL
    return urllib.request.urlopen(request, timeout=10)  # noqa: S310


@pytest.mark.browser
def test_an_edit_reaches_every_language_s_copy_in_nginx_at_once(site, browser):
    readers = {
        "fr": browser.new_context(locale="fr-FR"),
        "en": browser.new_context(locale="en-US"),
        "de": browser.new_context(locale="de-DE"),
    }
    pages = {language: context.new_page() for language, context in readers.items()}
    url = site["front"] + SEED_PATH
    for language, page in pages.items():
        page.goto(url)
        again = page.goto(url)  # the second from nginx's copy for this language
        assert again.headers["x-nginx-cache"] == "HIT", language
        assert again.headers["content-encoding"] == "gzip", language
        assert page.locator("html").get_attribute("lang") == language
    # Another spelling of French shares the French copy; no Accept-Language at all has its own.
    assert get(url, **{"Accept-Language": "FR-ca,en;q=0.5"}).headers["X-Nginx-Cache"] == "HIT"
    get(url)
    assert get(url).headers["X-Nginx-Cache"] == "HIT"

    headline = f"Edited headline {secrets.token_hex(3)}"
    edit_seed_headline(site, headline)

    for language, page in pages.items():
        for _ in range(50):  # nginx's copies last 60 s: only the refresh shows it this soon
            answer = page.goto(url)
            if page.locator("h1").first.inner_text() == headline:
                break
            time.sleep(0.1)
        assert page.locator("h1").first.inner_text() == headline, language
        assert answer.headers["x-nginx-cache"] == "HIT", language
        assert page.locator("html").get_attribute("lang") == language
    assert headline in get(url).read().decode()


def test_nginx_knows_the_languages_dateline_speaks(settings):
    # Dateline refreshes one copy per language it has; nginx must keep copies by the same.
    conf = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    named = re.search(r"\(\?<code>([a-z|]+)\)", conf).group(1).split("|")
    kept = re.findall(r"~\*\^([a-z]+)\$ \1;", conf)
    languages = sorted(code for code, _ in settings.LANGUAGES)
    assert sorted(named) == sorted(kept) == languages

"""All outgoing HTTP goes through this client: short timeouts, a clear User-Agent."""

import httpx

USER_AGENT = "Dateline/0.1 (+https://github.com/dateline-news/dateline)"


def client(*, timeout: float) -> httpx.Client:
    """A client that gives up after `timeout` seconds and never follows redirects off-site."""
    return httpx.Client(
        timeout=httpx.Timeout(timeout, connect=min(timeout, 2.0)),
        headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
        follow_redirects=False,
    )

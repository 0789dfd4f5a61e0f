import pytest

from dateline.core import pagecache


@pytest.fixture
def page_cache(settings, tmp_path):
    """The page cache on, empty, with its purge log in the test's own directory."""
    settings.PAGE_CACHE = True
    settings.PAGE_CACHE_PURGE_LOG = str(tmp_path / "pagecache-purges.log")
    pagecache.store.clear()
    yield settings
    pagecache.store.wait_for_refreshes()
    pagecache.store.clear()

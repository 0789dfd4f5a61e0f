"""The WSGI application each server worker runs."""

import gc

from dateline.wsgi import freeze_after_warm_up


def test_the_warm_process_is_frozen_out_of_the_collectors_way_once():
    served = []

    def app(environ, start_response):
        served.append(environ["PATH_INFO"])
        return [b"ok"]

    wrapped = freeze_after_warm_up(app, requests=3)
    before = gc.get_freeze_count()
    try:
        for n in range(2):
            assert wrapped({"PATH_INFO": f"/{n}"}, None) == [b"ok"]
        assert gc.get_freeze_count() == before  # still warming up
        wrapped({"PATH_INFO": "/2"}, None)
        frozen = gc.get_freeze_count()
        assert frozen > before
        wrapped({"PATH_INFO": "/3"}, None)
        assert gc.get_freeze_count() == frozen  # once only
        assert served == ["/0", "/1", "/2", "/3"]
    finally:
        gc.unfreeze()

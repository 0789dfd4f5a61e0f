"""The reader pages' Jinja2 environment behaves as Django templates did where it matters."""

import datetime as dt
import zoneinfo

import pytest
from django.template import engines
from django.utils import timezone


def render(source: str, **context) -> str:
    return engines["jinja2"].from_string(source).render(context)


def test_missing_values_render_as_nothing_like_in_django_templates():
    assert render("[{{ a.b.c }}][{{ missing }}][{{ none.x.y }}]", a=object(), none=None) == "[][][]"


def test_dates_are_local_and_the_repeated_dst_hour_keeps_its_offset(settings):
    settings.TIME_ZONE = "Europe/Berlin"
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    first = dt.datetime(2024, 10, 27, 0, 30, tzinfo=dt.UTC)  # 02:30 summer time
    second = first + dt.timedelta(hours=1)  # 02:30 again, winter time
    assert first.astimezone(berlin) == second.astimezone(berlin)  # same zone: fold ignored
    with timezone.override(berlin):
        assert render("{{ d|date('c') }}", d=first) == "2024-10-27T02:30:00+02:00"
        assert render("{{ d|date('c') }}", d=second) == "2024-10-27T02:30:00+01:00"
        assert render("{{ d|date('c') }}", d=None) == ""


def test_time_tag_is_the_two_date_filters_it_replaces(settings):
    settings.TIME_ZONE = "Europe/Berlin"
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    longhand = """<time datetime="{{ d|date('c') }}">{{ d|date('F j, Y, H:i') }}</time>"""
    first = dt.datetime(2024, 10, 27, 0, 30, tzinfo=dt.UTC)
    moments = [
        first,
        first + dt.timedelta(hours=1),
        dt.datetime(2024, 12, 31, 23, 30, tzinfo=dt.UTC),
    ]
    with timezone.override(berlin):
        for moment in [*moments, None]:
            tag = render("{{ time_tag(d, 'F j, Y, H:i') }}", d=moment)
            assert tag == render(longhand, d=moment)
        # New Year's Eve in UTC is already January 1 in Berlin.
        assert render("{{ time_tag(d) }}", d=moments[2]) == (
            '<time datetime="2025-01-01T00:30:00+01:00">January 1, 2025</time>'
        )
        assert "+01:00" in render("{{ time_tag(d) }}", d=moments[1])


@pytest.mark.parametrize(
    "text",
    ["", "short", "x" * 300, "x" * 301, "e\u0301" * 200, "e\u0301" * 301, "ﬁ" * 10],
)
@pytest.mark.parametrize("length", [0, 1, 10, 300])
def test_truncatechars_is_djangos(text, length):
    from django.template import defaultfilters

    from dateline.public.jinja import truncatechars

    assert truncatechars(text, length) == defaultfilters.truncatechars(text, length)

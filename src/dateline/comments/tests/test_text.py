from dateline.comments.text import clean_text, links_in, render_plain_text


def test_paragraphs_and_line_breaks():
    html = render_plain_text("First line\nsecond line\n\n\nNew paragraph")
    assert html == "<p>First line<br>second line</p><p>New paragraph</p>"


def test_urls_become_nofollow_ugc_links_without_trailing_punctuation():
    html = render_plain_text("See https://example.org/a?b=1&c=2.")
    assert html == (
        '<p>See <a href="https://example.org/a?b=1&amp;c=2" rel="nofollow ugc">'
        "https://example.org/a?b=1&amp;c=2</a>.</p>"
    )


def test_only_http_urls_are_linked_and_markup_is_escaped():
    html = render_plain_text('javascript:alert(1) <a href="x">y</a> www.example.org')
    assert "<a " not in html
    assert "&lt;a href=&quot;x&quot;&gt;y&lt;/a&gt;" in html


def test_control_characters_and_bidi_overrides_are_dropped():
    assert clean_text("a\x00b\x1bc\u202ed\r\ne\tf") == "abcd\ne\tf"


def test_links_are_counted():
    assert links_in("http://a.example, https://b.example/x). no") == [
        "http://a.example",
        "https://b.example/x",
    ]

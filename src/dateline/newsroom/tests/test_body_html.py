"""Article bodies: what the editor and pasted office documents become on the server."""

from dateline.core.html import clean_html, embed_src
from dateline.newsroom import services

WORD = """<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta charset="utf-8">
<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View></w:WordDocument></xml><![endif]-->
<style>p.MsoNormal {margin:0cm; font-family:"Calibri"}</style></head><body lang=EN-GB>
<p class=MsoNormal style='margin-bottom:0cm'><b><span style='font-size:12.0pt'>Council
votes</span></b><span style='mso-spacerun:yes'> </span>to <i>reopen</i> the bridge.<o:p></o:p></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'>
<![if !supportLists]><span style='font-family:Symbol'>·</span><![endif]>First point<o:p></o:p></p>
</body></html>"""

GDOCS = (
    '<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-8d2f1c3a">'
    '<h2 dir="ltr" style="line-height:1.38;margin-top:18pt"><span style="font-size:16pt;'
    'font-family:Arial;color:#000000;font-weight:400">Background</span></h2>'
    '<p dir="ltr" style="line-height:1.38"><span style="font-weight:700;">Bold</span>'
    '<span style="font-style:italic;">italic</span><a href="https://example.org/"'
    ' style="text-decoration:none"><span style="color:#1155cc;">a link</span></a></p></b>'
)


def test_word_paste_comes_out_clean():
    html = clean_html(WORD)
    for residue in ("mso", "Mso", "style", "class=", "<o:p", "xml", "Calibri", "WordDocument"):
        assert residue not in html
    assert "<b>Council\nvotes</b>" in html and "<i>reopen</i>" in html


def test_google_docs_paste_comes_out_clean():
    html = clean_html(GDOCS)
    assert html == (
        '<h2 dir="ltr">Background</h2><p dir="ltr"><strong>Bold</strong><em>italic</em>'
        '<a href="https://example.org/" rel="noopener noreferrer">a link</a></p>'
    )


def test_editor_markup_survives_cleaning():
    body = (
        "<h2>Heading</h2><p><strong>b</strong> <em>i</em> <a href='https://x.org'>l</a></p>"
        "<ul><li>one</li></ul><ol><li>two</li></ol><blockquote><p>quote</p></blockquote>"
        '<figure><img src="/media/images/a.jpg" alt="Alt"><figcaption>Cap</figcaption></figure>'
    )
    html = clean_html(body)
    for kept in ("<h2>", "<strong>", "<em>", "<ul>", "<ol>", "<blockquote>", "<figcaption>",
                 'alt="Alt"'):  # fmt: skip
        assert kept in html


def test_only_allowed_embed_providers_survive_and_are_sandboxed():
    html = clean_html(
        '<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" onload="x()">'
        '</iframe><iframe src="https://evil.example/embed"></iframe>'
        '<iframe src="http://player.vimeo.com/video/1"></iframe>'
    )
    assert html.count("<iframe") == 1
    assert 'sandbox="allow-scripts allow-same-origin allow-popups"' in html
    assert "onload" not in html and "evil" not in html


def test_embed_urls_of_allowed_providers():
    assert embed_src("https://www.youtube.com/watch?v=dQw4w9WgXcQ") == (
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    )
    assert embed_src("https://youtu.be/dQw4w9WgXcQ").endswith("/embed/dQw4w9WgXcQ")
    assert embed_src("https://vimeo.com/76979871") == "https://player.vimeo.com/video/76979871"
    assert embed_src("https://evil.example/watch?v=dQw4w9WgXcQ") is None


def test_every_saved_body_is_cleaned(editor, section):
    article = services.create_draft(
        by=editor, headline="Pasted", section=section, body=GDOCS + "<script>x()</script>"
    )
    assert "<script" not in article.body and "docs-internal" not in article.body

"""The reply form without JavaScript: the server validates, re-renders and keeps it all."""

import pytest

from dateline.comments.defence import form_token
from dateline.comments.forms import REMEMBER_LABEL
from dateline.comments.models import Comment
from dateline.comments.tests.conftest import SEED_URL
from dateline.public.tests.test_article_page import visible_text

EMPTY = {"comment": "", "name": "", "email": "", "website": ""}


def test_form_has_the_fields_with_labels_and_nothing_per_reader(client, seed_article):
    page = client.get(SEED_URL).content.decode()
    for name, label in [("comment", "Comment"), ("name", "Name"), ("email", "Email")]:
        assert f'<label for="id_{name}">{label} <span aria-hidden="true">*</span></label>' in page
    assert '<label for="id_website">Website</label>' in page
    assert f'<label for="id_remember">{REMEMBER_LABEL}</label>' in page
    assert 'type="checkbox" name="remember"' in page
    assert "checked" not in page[page.index('id="respond"') :]  # consent is never assumed
    # The page is the same for every reader (it may be cached): no CSRF token, no cookie.
    response = client.get(SEED_URL)
    assert 'name="csrfmiddlewaretoken"' not in page
    assert not response.cookies


def test_empty_form_gets_the_seed_messages(post, seed_article):
    text = visible_text(post(**EMPTY))
    assert "Please enter your comment!" in text
    assert "Please enter your name here" in text
    assert "Please enter your email address here" in text
    assert text.index("Please enter your comment!") < text.index("Please enter your name here")
    assert not Comment.objects.exists()


def test_blank_spaces_count_as_empty(post, seed_article):
    text = visible_text(post(comment="   \n ", name="  "))
    assert "Please enter your comment!" in text
    assert "Please enter your name here" in text


def test_bad_email_is_named_and_everything_typed_is_kept(post, seed_article):
    response = post(comment="My <b>view</b>", name="Ann", email="not-an-email", remember="on")
    page = response.content.decode()
    assert "You have entered an incorrect email address!" in visible_text(response)
    assert "My &lt;b&gt;view&lt;/b&gt;</textarea>" in page
    assert 'value="Ann"' in page
    assert 'value="not-an-email"' in page
    assert 'aria-invalid="true"' in page
    assert 'name="remember" id="id_remember" checked' in page


@pytest.mark.parametrize("website", ["javascript:alert(1)", "ftp://example.org/x"])
def test_website_must_be_http(post, seed_article, website):
    response = post(website=website)
    assert "Please enter a web address starting with http:// or https://" in visible_text(response)
    assert not Comment.objects.exists()


def test_huge_and_control_character_input_is_refused_politely(post, seed_article):
    response = post(comment="x" * 100_000 + "\x00\x1b", name="\u202e" * 500)
    assert response.status_code == 200
    assert "Please keep your comment under 5000 characters." in visible_text(response)


def test_control_characters_are_dropped_not_refused(post, seed_article):
    response = post(comment="Line one\x00\x1b[31m\r\nLine two", name="Ann\u202eevil")
    assert response.status_code == 303
    comment = Comment.objects.get()
    assert comment.body == "Line one[31m\nLine two"
    assert comment.author_name == "Annevil"


def test_length_limit_follows_the_setting(post, seed_article, settings):
    settings.COMMENTS_MAX_LENGTH = 20
    response = post(comment="y" * 21)
    assert "Please keep your comment under 20 characters." in visible_text(response)


def test_empty_form_is_what_django_renders_and_follows_the_setting(client, seed_article, settings):
    # Every article shows the same empty form, rendered once per process
    # (comments.templating.reply_form_fields): it must still be the form's own markup.
    from dateline.comments.forms import CommentForm

    for limit in (5000, 20):
        settings.COMMENTS_MAX_LENGTH = limit
        page = client.get(SEED_URL).content.decode()
        for field in CommentForm():
            if field.name != "remember":
                assert field.as_widget() in page  # Django's own widget template
        assert f'maxlength="{limit}"' in page
        assert f'maxlength="{5020 - limit}"' not in page


def test_too_many_links_are_refused_with_the_text_kept(post, seed_article, settings):
    settings.COMMENTS_MAX_LINKS = 2
    body = "see http://a.example http://b.example http://c.example"
    response = post(comment=body)
    assert "Please include no more than 2 links in a comment." in visible_text(response)
    assert f"{body}</textarea>" in response.content.decode()
    assert not Comment.objects.exists()


def test_honeypot_filled_in_is_refused_with_the_text_kept(post, seed_article):
    response = post(subject="Buy now", comment="Cheap pills")
    assert "Your comment could not be accepted" in visible_text(response)
    assert "Cheap pills</textarea>" in response.content.decode()
    assert not Comment.objects.exists()


def test_honeypot_is_hidden_from_readers(client, seed_article):
    page = client.get(SEED_URL).content.decode()
    start = page.index('name="subject"')
    assert '<div class="hp" hidden>' in page[start - 200 : start]


def test_form_sent_faster_than_a_human_is_refused(post, seed_article, settings):
    settings.COMMENTS_MIN_SECONDS = 3
    response = post(comment="Quick one")
    assert "That was quick! Please check your comment and send it again." in visible_text(response)
    assert "Quick one</textarea>" in response.content.decode()
    assert not Comment.objects.exists()


def test_form_replayed_after_its_maximum_age_is_refused(post, seed_article, time_machine):
    time_machine.move_to("2026-01-01 10:00:00+00:00", tick=False)
    token = form_token()
    time_machine.move_to("2026-01-04 10:00:00+00:00", tick=False)
    response = post(comment="Old form", ts=token)
    assert "This form was open for too long" in visible_text(response)
    page = response.content.decode()
    assert "Old form</textarea>" in page
    assert f'value="{token}"' not in page  # a fresh token comes with the form
    assert not Comment.objects.exists()


@pytest.mark.parametrize("token", ["", "forged", form_token()[:-3] + "abc"])
def test_forged_or_missing_timestamp_is_refused(post, seed_article, token):
    response = post(ts=token)
    assert "This form was open for too long" in visible_text(response)
    assert not Comment.objects.exists()


def test_consent_sets_the_remember_cookie_and_no_consent_clears_it(post, seed_article, client):
    response = post(remember="on", website="https://ann.example")
    cookie = response.cookies["dateline_commenter"]
    assert "ann%40example.org" in cookie.value
    assert cookie["samesite"] == "Lax"
    response = post(comment="Second thought")
    assert response.cookies["dateline_commenter"].value == ""  # deleted
    assert response.cookies["dateline_commenter"]["max-age"] == 0


def test_a_fresh_form_timestamp_is_served_uncached(client, seed_article, time_machine):
    from dateline.comments.defence import form_age

    page = client.get(SEED_URL).content.decode()
    assert 'data-token-url="/comments/form-token/"' in page
    time_machine.move_to("2026-05-01 12:00:00+00:00", tick=False)
    first = client.get("/comments/form-token/")
    assert "no-store" in first["Cache-Control"]
    time_machine.shift(10)
    second = client.get("/comments/form-token/")
    assert first.json()["token"] != second.json()["token"]
    assert form_age(second.json()["token"]) < 1
    assert client.post("/comments/form-token/").status_code == 405

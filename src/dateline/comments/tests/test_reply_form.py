import pytest
from django.test import Client

from dateline.public.tests.test_article_page import SEED_URL, visible_text

EMPTY = {"comment": "", "name": "", "email": "", "website": ""}


def post(client, **fields):
    return client.post(SEED_URL, {**EMPTY, **fields})


def test_form_has_the_four_fields_with_labels(client, seed_article):
    page = client.get(SEED_URL).content.decode()
    for name, label in [("comment", "Comment"), ("name", "Name"), ("email", "Email")]:
        assert f'<label for="id_{name}">{label} <span aria-hidden="true">*</span></label>' in page
    assert '<label for="id_website">Website</label>' in page
    assert 'name="csrfmiddlewaretoken"' in page


def test_empty_form_gets_the_seed_messages(client, seed_article):
    text = visible_text(post(client))
    assert "Please enter your comment!" in text
    assert "Please enter your name here" in text
    assert text.index("Please enter your comment!") < text.index("Please enter your name here")


def test_blank_spaces_count_as_empty(client, seed_article):
    text = visible_text(post(client, comment="   \n ", name="  "))
    assert "Please enter your comment!" in text
    assert "Please enter your name here" in text


def test_bad_email_is_named_and_everything_typed_is_kept(client, seed_article):
    response = post(client, comment="My <b>view</b>", name="Ann", email="not-an-email")
    page = response.content.decode()
    assert "You have entered an incorrect email address!" in visible_text(response)
    assert "My &lt;b&gt;view&lt;/b&gt;</textarea>" in page
    assert 'value="Ann"' in page
    assert 'value="not-an-email"' in page
    assert 'aria-invalid="true"' in page


@pytest.mark.parametrize("website", ["javascript:alert(1)", "ftp://example.org/x"])
def test_website_must_be_http(client, seed_article, website):
    response = post(client, comment="Hi", name="Ann", email="ann@example.org", website=website)
    assert "Please enter a web address starting with http:// or https://" in visible_text(response)


def test_valid_comment_is_answered_honestly_while_comments_are_closed(client, seed_article):
    response = post(client, comment="Good piece", name="Ann", email="ann@example.org")
    text = visible_text(response)
    assert "Comments are not open on this site yet, so your comment was not stored" in text
    assert "Good piece</textarea>" in response.content.decode()


def test_posting_without_the_csrf_token_is_refused(seed_article):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(SEED_URL, {"comment": "x", "name": "y", "email": "a@b.org"})
    assert response.status_code == 403


def test_huge_and_control_character_input_is_refused_politely(client, seed_article):
    response = post(client, comment="x" * 100_000 + "\x00\x1b", name="\u202e" * 500)
    assert response.status_code == 200
    assert "Please keep your comment under 5000 characters." in visible_text(response)

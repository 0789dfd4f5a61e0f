"""Back-office forms: slugs, translations and corrections go through the services."""

from dateline.newsroom.models import Article
from dateline.newsroom.tests.test_roles import ADD_URL, add_form, change_url


def test_slug_is_generated_and_translation_linked(client, editor, draft_by, section):
    original = draft_by(editor, "Storm hits the coast")
    client.force_login(editor)
    form = add_form(section, "Sturm trifft die Küste") | {
        "language": "de", "translation_of": original.pk,
    }  # fmt: skip
    assert client.post(ADD_URL, form).status_code == 302
    german = Article.objects.get(language="de")
    assert german.slug == "sturm-trifft-die-küste"
    assert german.translation_group == original.translation_group
    assert "Sturm trifft die Küste" in client.get(change_url(original)).content.decode()


def test_unknown_translation_number_is_a_clear_form_error(client, editor, section):
    client.force_login(editor)
    response = client.post(ADD_URL, add_form(section) | {"translation_of": 99999})
    assert "There is no other article number 99999." in response.content.decode()
    assert not Article.objects.exists()


def test_editor_marks_a_correction_in_the_back_office(client, editor, draft_by, section):
    from dateline.newsroom import services

    article = services.publish_article(draft_by(editor, "Wrong figure"), by=editor)
    client.force_login(editor)
    form = add_form(section, "Wrong figure") | {
        "slug": article.slug, "body": "<p>Right figure</p>", "is_correction": "on",
        "correction_note": "The toll was 12, not 21.", "_save": "Save",
    }  # fmt: skip
    assert client.post(change_url(article), form).status_code == 302
    page = client.get(article.get_absolute_url()).content.decode()
    assert "The toll was 12, not 21." in page and "Updated" in page
    assert article.revisions.count() == 2

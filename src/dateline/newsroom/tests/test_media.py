"""Image uploads through the media library: accepted formats, clear refusals, renditions."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

from dateline.newsroom import media
from dateline.newsroom.exceptions import InvalidImageError
from dateline.newsroom.models import Image

ADD_URL = "/newsroom/newsroom/image/add/"
_ON_COMMIT: dict = {}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def picture(kind="JPEG", size=(1600, 900), exif=None) -> bytes:
    out = io.BytesIO()
    image = PILImage.new("RGB", size, (200, 30, 30))
    params = {"exif": exif} if exif is not None else {}
    image.save(out, format=kind, **params)
    return out.getvalue()


@pytest.fixture(autouse=True)
def _commits(django_capture_on_commit_callbacks, monkeypatch):
    """Renditions are enqueued after commit, which the test's transaction never does:
    `committed()` runs the on-commit callbacks at the end of its block instead."""
    monkeypatch.setitem(_ON_COMMIT, "capture", django_capture_on_commit_callbacks)


def committed():
    return _ON_COMMIT["capture"](execute=True)


def new_image(by, **details):
    with committed():
        return media.upload_image(io.BytesIO(picture(size=details.pop("size", (1600, 900)))),
                                  by=by, **details)  # fmt: skip


def upload(client, data: bytes, name="photo.jpg", alt="A red square"):
    file = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    with committed():
        return client.post(ADD_URL, {"file": file, "title": "", "alt_text": alt, "caption": "",
                                     "credit": "Photo: Test"})  # fmt: skip


@pytest.mark.parametrize("kind", ["JPEG", "PNG", "WEBP", "GIF"])
def test_each_accepted_format_uploads_and_gets_webp_renditions(client, contributor, kind):
    client.force_login(contributor)
    response = upload(client, picture(kind), name=f"photo.{kind.lower()}")
    assert response.status_code == 302, response.content.decode()[-3000:]
    image = Image.objects.get()
    assert (image.width, image.height) == (1600, 900)
    assert [r["width"] for r in image.renditions] == [480, 800, 1200]
    assert all(r["name"].endswith(".webp") for r in image.renditions)
    candidates = media.srcset(image).split(", ")
    assert [c.rsplit(" ", 1)[1] for c in candidates] == ["480w", "800w", "1200w", "1600w"]
    assert candidates[-1].startswith(image.file.url)  # the original, never an upscaled copy


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.4 not an image", "not an image we can read"),
        (picture("BMP"), "BMP files are not accepted"),
        (picture("PNG", size=(9000, 9000)), "megapixels"),
    ],
)
def test_other_files_are_refused_with_a_clear_message(client, contributor, data, message):
    client.force_login(contributor)
    response = upload(client, data, name="file.bin")
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Image.objects.exists()


def test_oversized_file_is_refused(client, contributor, settings):
    settings.MAX_UPLOAD_MB = 0.01
    client.force_login(contributor)
    response = upload(client, picture("PNG", size=(400, 400)) + b"\0" * 20000)
    assert "the limit is" in response.content.decode()


def test_location_metadata_is_stripped_but_other_exif_kept():
    exif = PILImage.Exif()
    exif[0x010F] = "Camera maker"  # Make
    exif[media.GPS_IFD] = {1: "N", 2: (52.0, 31.0, 0.0)}
    data = picture("JPEG", exif=exif.tobytes())
    assert media.GPS_IFD in PILImage.open(io.BytesIO(data)).getexif()
    cleaned = PILImage.open(io.BytesIO(media.strip_location(data, "JPEG"))).getexif()
    assert media.GPS_IFD not in cleaned and cleaned[0x010F] == "Camera maker"


def test_decompression_bomb_is_refused():
    out = io.BytesIO()
    PILImage.new("1", (20000, 20000)).save(out, format="PNG")  # tiny file, 400 Mpx
    with pytest.raises(InvalidImageError):
        media.check_image(out.getvalue())


def test_renditions_are_made_once(contributor):
    image = new_image(contributor, alt_text="x")
    first = Image.objects.get(pk=image.pk).renditions
    assert media.make_renditions(image.pk) == 3
    assert Image.objects.get(pk=image.pk).renditions == first


def test_media_library_search(client, editor):
    for title in ("Harbour at dawn", "Parliament"):
        new_image(editor, title=title, size=(100, 100))
    client.force_login(editor)
    page = client.get("/newsroom/newsroom/image/?q=harbour").content.decode()
    assert "Harbour at dawn" in page and "Parliament" not in page


def test_featured_image_appears_on_the_article_with_alt_caption_credit(client, editor, draft_by):
    from dateline.newsroom import services

    image = new_image(
        editor, alt_text="Rescue boats", caption="The harbour", credit="Photo: A. Person"
    )
    article = services.publish_article(draft_by(editor, featured_image=image), by=editor)
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'alt="Rescue boats"' in page and "The harbour" in page and "Photo: A. Person" in page
    assert "480w" in page
    assert client.get(image.file.url).status_code == 200


def test_the_editors_image_picker_lists_and_searches_the_library(client, contributor):
    harbour = new_image(contributor, title="Harbour at dawn", alt_text="Boats", credit="AP")
    new_image(contributor, title="Parliament", alt_text="The chamber")
    client.force_login(contributor)
    everything = client.get("/newsroom/media/picker/").json()["images"]
    assert [i["title"] for i in everything] == ["Parliament", "Harbour at dawn"]  # newest first
    found = client.get("/newsroom/media/picker/", {"q": "harbour dawn"}).json()["images"]
    assert found == [
        {
            "id": harbour.pk, "url": harbour.file.url, "alt": "Boats", "caption": "",
            "credit": "AP", "title": "Harbour at dawn",
            "thumbnail": found[0]["thumbnail"],
        }
    ]  # fmt: skip
    assert found[0]["thumbnail"].endswith("480w.webp")  # the smallest rendition
    assert client.get("/newsroom/media/picker/", {"q": "nothing like it"}).json() == {"images": []}


def test_the_image_picker_is_for_the_newsroom_only(client, django_user_model):
    assert client.get("/newsroom/media/picker/").status_code == 302  # to the login page
    stranger = django_user_model.objects.create_user("staff-no-role", is_staff=True)
    client.force_login(stranger)
    assert client.get("/newsroom/media/picker/").status_code == 403

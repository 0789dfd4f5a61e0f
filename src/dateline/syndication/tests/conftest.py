import pytest


@pytest.fixture
def recent_seed(seed_article, time_machine):
    """The demo content seen from the day the seed article was published."""
    time_machine.move_to("2024-09-21 12:00:00+00:00", tick=False)
    return seed_article


@pytest.fixture
def upload_picture(db, settings, tmp_path, django_user_model):
    """Upload a generated picture through the newsroom's own media service, as an editor."""
    import io

    from django.contrib.auth.models import Group
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image as PillowImage

    from dateline.newsroom import media, roles

    settings.MEDIA_ROOT = tmp_path
    roles.sync_roles()
    editor = django_user_model.objects.create_user("picture-desk", password="x-long-password-1")
    editor.groups.add(Group.objects.get(name=roles.EDITOR))

    def upload(name: str, size: tuple[int, int], fmt: str, alt_text: str):
        buffer = io.BytesIO()
        PillowImage.new("RGB", size, "#336699").save(buffer, fmt)
        file = SimpleUploadedFile(name, buffer.getvalue())
        return media.upload_image(file, by=editor, alt_text=alt_text)

    return upload

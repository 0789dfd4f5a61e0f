"""DATELINE_REQUIRE_OTP: staff need a confirmed TOTP code for the whole back office."""

from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def test_without_the_setting_a_password_is_enough(client, editor):
    client.force_login(editor)
    assert client.get("/newsroom/").status_code == 200


def test_with_the_setting_staff_without_a_code_are_sent_to_login(
    client, editor, draft_by, settings
):
    settings.REQUIRE_OTP = True
    client.force_login(editor)
    assert client.get("/newsroom/").status_code == 302
    article = draft_by(editor)
    response = client.post(reverse("newsroom:article-publish", args=[article.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert 'name="otp_token"' in client.get("/newsroom/login/").content.decode()


def test_with_the_setting_a_totp_code_lets_staff_in(client, editor, settings):
    settings.REQUIRE_OTP = True
    device = TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    form = {
        "username": "editor",
        "password": "a-long-test-password",
        "otp_device": device.persistent_id,
        "otp_token": str(totp.token()).zfill(device.digits),
    }
    response = client.post("/newsroom/login/?next=/newsroom/", form)
    assert response.status_code == 302
    assert client.get("/newsroom/").status_code == 200


def test_administrators_manage_totp_devices(client, administrator):
    client.force_login(administrator)
    assert client.get("/newsroom/otp_totp/totpdevice/add/").status_code == 200

"""Image uploads: checked with Pillow, stripped of location data, renditions made once.

Accepted: JPEG, PNG, WebP and GIF up to DATELINE_MAX_UPLOAD_MB and MAX_PIXELS pixels.
Anything else is refused with a message saying why, and nothing is stored.
"""

import io
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError

from dateline.newsroom.exceptions import InvalidImageError, NotAllowedError
from dateline.newsroom.models import Image

FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
MAX_PIXELS = 40_000_000  # a 8000x5000 photo; beyond this a file is treated as a bomb
RENDITION_WIDTHS = (480, 800, 1200)
GPS_IFD = 0x8825


def max_bytes() -> int:
    return int(getattr(settings, "MAX_UPLOAD_MB", 10) * 1024 * 1024)


def check_image(data: bytes) -> tuple[str, int, int]:
    """Pillow's format name, width and height of `data`, or InvalidImageError saying why."""
    if len(data) > max_bytes():
        raise InvalidImageError(
            f"The file is {len(data) / 1048576:.1f} MB; the limit is {max_bytes() // 1048576} MB."
        )
    try:
        with PILImage.open(io.BytesIO(data)) as probe:
            kind, width, height = probe.format, probe.width, probe.height
            if probe.width * probe.height > MAX_PIXELS:
                raise InvalidImageError(
                    f"The image is {probe.width}x{probe.height} pixels; "
                    f"at most {MAX_PIXELS // 1_000_000} megapixels are accepted."
                )
            if kind not in FORMATS:
                raise InvalidImageError(
                    f"{kind or 'This'} files are not accepted; upload JPEG, PNG, WebP or GIF."
                )
            probe.verify()
    except InvalidImageError:
        raise
    except PILImage.DecompressionBombError:
        raise InvalidImageError("The image decompresses to too many pixels.") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise InvalidImageError(
            "The file is not an image we can read; upload JPEG, PNG, WebP or GIF."
        ) from None
    return kind, width, height


def strip_location(data: bytes, kind: str) -> bytes:
    """`data` without GPS metadata (JPEG/WebP EXIF); other bytes are returned untouched."""
    with PILImage.open(io.BytesIO(data)) as image:
        exif = image.getexif()
        if GPS_IFD not in exif:
            return data
        del exif[GPS_IFD]
        out = io.BytesIO()
        params = {"exif": exif.tobytes()}
        if kind == "JPEG":
            params.update(quality="keep", subsampling="keep")  # no second generation loss
        image.save(out, format=kind, **params)
        return out.getvalue()


@transaction.atomic
def upload_image(upload, *, by, alt_text: str = "", caption: str = "", credit: str = "",
                 title: str = "") -> Image:  # fmt: skip
    """Check and store an uploaded file as an Image; renditions follow in the background.

    Raises NotAllowedError (no newsroom.add_image) or InvalidImageError.
    """
    if by is None or not by.has_perm("newsroom.add_image"):
        raise NotAllowedError("You may not upload images.")
    data = upload.read(max_bytes() + 1)
    kind, width, height = check_image(data)
    data = strip_location(data, kind)
    stem = PurePosixPath(getattr(upload, "name", "") or "image").stem[:80] or "image"
    image = Image(alt_text=alt_text, caption=caption, credit=credit, title=title or stem,
                  uploaded_by=by, width=width, height=height)  # fmt: skip
    image.file.save(f"{stem}.{FORMATS[kind]}", ContentFile(data), save=False)
    image.save()
    image_id = image.pk
    transaction.on_commit(lambda: _enqueue_renditions(image_id))
    return image


def _enqueue_renditions(image_id: int) -> None:
    from dateline.newsroom.tasks import make_renditions

    make_renditions.enqueue(image_id)


def make_renditions(image_id: int) -> int:
    """Write WebP renditions at RENDITION_WIDTHS (no upscaling); return how many exist."""
    image = Image.objects.filter(pk=image_id).first()
    if image is None or image.renditions:
        return len(image.renditions) if image else 0
    folder = PurePosixPath(image.file.name).parent
    made = []
    with image.file.open("rb") as f, PILImage.open(f) as original:
        original = ImageOps.exif_transpose(original)
        if original.mode not in ("RGB", "RGBA"):
            original = original.convert("RGBA")
        widths = [w for w in RENDITION_WIDTHS if w < original.width] or [original.width]
        for width in widths:
            height = round(original.height * width / original.width)
            out = io.BytesIO()
            original.resize((width, height), PILImage.Resampling.LANCZOS).save(
                out, format="WEBP", quality=80
            )
            name = default_storage.save(str(folder / f"{width}w.webp"), ContentFile(out.getvalue()))
            made.append({"width": width, "height": height, "format": "webp", "name": name})
    Image.objects.filter(pk=image_id).update(renditions=made)
    return len(made)


def srcset(image: Image) -> str:
    """The `srcset` attribute value of an image's renditions ("" before they exist).

    The original is the largest candidate, so wide screens never get an upscaled copy."""
    if not image.renditions:
        return ""
    candidates = [f"{default_storage.url(r['name'])} {r['width']}w" for r in image.renditions]
    if image.width > max(r["width"] for r in image.renditions):
        candidates.append(f"{image.file.url} {image.width}w")
    return ", ".join(candidates)

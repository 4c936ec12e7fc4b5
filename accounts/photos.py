"""A person's photo on their account: a real JPEG, PNG or WebP picture, kept small and without what the camera
wrote into it (the place it was taken, among others), and shown only to its owner (accounts.views.photo)."""

import io
import mimetypes
import secrets

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps

# Pillow's names for the kinds of picture accepted, and the file name ending each is kept with.
ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a picture larger than a phone camera's is no photo of a person
KEPT_SIDE = 1200  # the photo is kept at most this wide and tall

NOT_A_PHOTO = "That file isn't a picture we can use: please choose a JPEG, PNG or WebP photo."


def photo_to_keep(upload):
    """The picture `upload` (an uploaded image that forms.ImageField has read) as it is kept, with a name of
    its own; a ValidationError saying why when it isn't a photo to keep."""
    if upload.size > MAX_BYTES:
        raise ValidationError("That photo is larger than 5 MB: please choose a smaller one.", code="too_large")
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.format not in ACCEPTED_FORMATS:
                raise ValidationError(NOT_A_PHOTO, code="format")
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError("That picture has too many pixels: please choose a smaller one.", code="size")
            kind = image.format
            kept = ImageOps.exif_transpose(image)
            kept.thumbnail((KEPT_SIDE, KEPT_SIDE))
            if kind == "JPEG" and kept.mode not in ("RGB", "L"):
                kept = kept.convert("RGB")
            content = io.BytesIO()
            # Saved afresh with no `exif` argument, the picture keeps none of the camera's notes.
            kept.save(content, format=kind)
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        raise ValidationError(NOT_A_PHOTO, code="invalid") from error
    return ContentFile(content.getvalue(), name=f"{secrets.token_urlsafe(12)}.{ACCEPTED_FORMATS[kind]}")


def content_type(photo):
    return mimetypes.guess_type(photo.name)[0] or "application/octet-stream"

"""Exemplary examples (gương điển hình, người tốt - việc tốt): writing them, and publishing them on the honour board.

A photo is checked from its content (JPEG, PNG or WebP, at most 5 MB) and served by a view,
never from a public media address, so an unpublished example's photo stays private.
"""

import secrets

import filetype
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ExemplaryExample

PHOTO_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
PHOTO_MAX_SIZE = 5 * 1024 * 1024
HEAD_BYTES = 8192


def check_photo(upload):
    """The photo's real content type; a ValidationError when it is empty, too large or not an image of ours."""
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if upload.size > PHOTO_MAX_SIZE:
        raise ValidationError(
            _("The photo is %(size)s; a photo may be at most %(max)s.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(PHOTO_MAX_SIZE)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in PHOTO_TYPES:
        raise ValidationError(_("The photo must be a JPEG, PNG or WebP image."), code="content")
    return kind.mime


def photo_type(example):
    """The stored photo's content type, read from its first bytes (None when there is none)."""
    if not example.photo:
        return None
    try:
        with example.photo.open("rb") as handle:
            kind = filetype.guess(handle.read(HEAD_BYTES))
    except (FileNotFoundError, OSError, ValueError):
        return None
    return kind.mime if kind is not None and kind.mime in PHOTO_TYPES else None


@transaction.atomic
def save_example(example, *, by, photo=None, remove_photo=False):
    """Create or change an example (fields already set on it); a new photo replaces the old one."""
    if example.pk is None:
        example.created_by = by
    old = example.photo.name if example.pk and (photo is not None or remove_photo) else None
    if photo is not None:
        check_photo(photo)
        if not example.token:  # the photo's file name is the token
            example.token = secrets.token_hex(16)
        example.photo.save("photo", photo, save=False)
    elif remove_photo:
        example.photo = ""
    example._history_user = by
    example.save()
    if old and old != example.photo.name:
        transaction.on_commit(lambda: example.photo.storage.delete(old))
    return example


@transaction.atomic
def publish_example(example, *, by):
    """Show the example on the public honour board; publishing a published one changes nothing."""
    locked = ExemplaryExample.objects.select_for_update().get(pk=example.pk)
    if locked.is_published:
        return locked
    locked.is_published = True
    locked.published_at = timezone.now()
    locked._history_user = by
    locked.save(update_fields=["is_published", "published_at"])
    return locked


@transaction.atomic
def unpublish_example(example, *, by):
    """Take the example off the honour board; it stays, with its history, for the office."""
    locked = ExemplaryExample.objects.select_for_update().get(pk=example.pk)
    if not locked.is_published:
        return locked
    locked.is_published = False
    locked._history_user = by
    locked.save(update_fields=["is_published"])
    return locked

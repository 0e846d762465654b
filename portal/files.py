"""Generated files (a signed letter's PDF) are written only once their row commits."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.http import FileResponse, Http404
from django.utils.functional import cached_property


def file_save_on_commit(instance, field_name: str, filename: str, content: bytes) -> None:
    """Store `content` as `instance.<field_name>` after the transaction commits.

    Saving it inside the transaction would leave the file on disk when the transaction
    rolls back (a signing refused at its last step); written after the commit, a rollback
    leaves nothing behind.
    """

    def write() -> None:
        field = getattr(instance, field_name)
        name = field.storage.save(
            field.field.generate_filename(instance, filename), ContentFile(content)
        )
        type(instance)._default_manager.filter(pk=instance.pk).update(**{field_name: name})
        setattr(instance, field_name, name)

    transaction.on_commit(write)


class PrivateStorage(FileSystemStorage):
    """Files under MEDIA_ROOT/private that no URL serves (there is no /media/ route):
    a view that checks who asks streams them. The folder follows MEDIA_ROOT when a test
    changes it."""

    @cached_property
    def base_location(self):
        return os.path.join(settings.MEDIA_ROOT, "private")

    @cached_property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("Private files have no URL; a view streams them")


def private_storage() -> PrivateStorage:
    return PrivateStorage()


def private_file_response(field_file, filename: str, content_type: str) -> FileResponse:
    """A stored private file as a download, for a view that has checked who asks; 404
    when the row has no file (yet: it is written after its transaction commits)."""
    if not field_file:
        raise Http404
    return FileResponse(
        field_file.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type=content_type or "application/octet-stream",
    )

"""Generated files (a signed letter's PDF) are written only once their row commits."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction


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

"""The media storage (settings.STORAGES["default"]): a file that cannot be written whole is
not left behind, and the failure says so in words an editor can act on."""

import errno
import os
from contextlib import contextmanager, suppress
from contextvars import ContextVar

from django.core.files.storage import FileSystemStorage, default_storage

# Errors that mean the disk (or the portal's share of it) has no room left.
DISK_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}

# The files saved inside `media_files_removed_on_failure`, as (storage, name).
_saved_files = ContextVar("media_files_saved", default=None)


class FileNotStored(OSError):
    """A file could not be written to the media storage; nothing of it was kept."""

    def __init__(self, name, error):
        number = getattr(error, "errno", None)
        strerror = getattr(error, "strerror", None)
        super().__init__(number, strerror or str(error), name)
        shown = os.path.basename(name)
        if number in DISK_FULL:
            reason = "the server's disk is full"
        else:
            reason = f"the server could not write it ({strerror or error})"
        self.message = (
            f"The file “{shown}” could not be stored: {reason}. Nothing was saved. "
            "Ask the portal's administrator to free space on the server, then send the form "
            "again with the file."
        )

    def __str__(self):
        return self.message


class MediaStorage(FileSystemStorage):
    def _save(self, name, content):
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        file_existed = os.path.lexists(full_path)
        directory_existed = os.path.isdir(directory)
        try:
            saved = super()._save(name, content)
        except OSError as error:
            # A write that failed half-way leaves a partial (often empty) file: remove what this
            # call created, never a file that was there before.
            if not file_existed and os.path.lexists(full_path):
                os.remove(full_path)
            if not directory_existed:
                with suppress(OSError):
                    os.rmdir(directory)  # the material's own random folder
            raise FileNotStored(name, error) from error
        note_saved(self, saved)
        return saved


def note_saved(storage, name):
    """Remember a file saved inside `media_files_removed_on_failure`, to delete it should the
    block fail (any storage: the local folder or object storage)."""
    saved_files = _saved_files.get()
    if saved_files is not None:
        saved_files.append((storage, name))


@contextmanager
def media_files_removed_on_failure():
    """Files saved to a MediaStorage inside the block are deleted again if the block fails.

    For a save of several records that writes files (a workshop with its materials) in one
    database transaction: when a later file cannot be stored the transaction is rolled back,
    and no record names the files written before it."""
    saved_files = []
    token = _saved_files.set(saved_files)
    try:
        yield
    except BaseException:
        for storage, name in saved_files:
            storage.delete(name)
        raise
    finally:
        _saved_files.reset(token)


def media_storage_said():
    """Where the media files are, in words: the local folder, or the object store's bucket."""
    bucket = getattr(default_storage, "bucket_name", None)
    if bucket:
        prefix = getattr(default_storage, "location", "")
        return f"the object store's bucket {bucket}" + (f" (under {prefix}/)" if prefix else "")
    return str(getattr(default_storage, "location", "MEDIA_ROOT"))

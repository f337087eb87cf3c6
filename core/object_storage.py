"""The media storage in an S3-compatible object store (django-storages), used when
STORAGE_URL or django-storages' AWS_* settings name a bucket (sesn_portal/settings.py).

It keeps the local MediaStorage's promises: a file that cannot be stored whole leaves nothing
behind and says so in words an editor can act on (`FileNotStored`), files saved inside
`media_files_removed_on_failure` are deleted again when the block fails, and a name already
taken is never overwritten. Objects are private (no public ACL): a visitor gets one only
through the portal's check (portal/media.py), as a signed address valid for
MEDIA_SIGNED_URL_SECONDS, or streamed by the portal.
"""

from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from django.core.files.storage import FileSystemStorage
from storages.backends.s3 import S3Storage

from .storage import FileNotStored, note_saved


class ObjectMediaStorage(S3Storage):
    def __init__(self, **options):
        options.setdefault("file_overwrite", False)
        options.setdefault("default_acl", None)
        options.setdefault("querystring_auth", True)
        options.setdefault("querystring_expire", settings.MEDIA_SIGNED_URL_SECONDS or 60)
        super().__init__(**options)

    def _save(self, name, content):
        try:
            saved = super()._save(name, content)
        except (BotoCoreError, ClientError, OSError) as error:
            # An upload that failed is not in the bucket (S3 keeps whole objects only); a
            # multipart upload that failed is aborted by boto3.
            raise FileNotStored(name, error) from error
        note_saved(self, saved)
        return saved

    def url(self, name, parameters=None, expire=None, http_method=None):
        """The file's address on the portal (MEDIA_URL), as with the local folder: pages link
        there, and portal/media.py checks the visitor before handing out `signed_url`."""
        return FileSystemStorage().url(name)

    def signed_url(self, name):
        """A short-lived address of the object for a visitor the portal has checked."""
        return super().url(name, expire=settings.MEDIA_SIGNED_URL_SECONDS)

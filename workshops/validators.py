from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

# What a material's first bytes must be for each extension the secretariat may upload.
# Office Open XML and OpenDocument files are ZIP archives; the old Office formats are OLE2.
_ZIP = (b"PK\x03\x04",)
_OLE2 = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
MATERIAL_FILE_SIGNATURES = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "docx": _ZIP,
    "xlsx": _ZIP,
    "pptx": _ZIP,
    "odt": _ZIP,
    "odp": _ZIP,
    "ods": _ZIP,
    "doc": _OLE2,
    "xls": _OLE2,
    "ppt": _OLE2,
}


def validate_material_upload(upload):
    """Refuse a material over the size limit, or whose content is not what its name says.

    Only a new upload is checked: a stored file passed when it was uploaded, and reading it
    on every save would break saving when it is missing from disk (records imported before
    their media folder is copied over).
    """
    if getattr(upload, "_committed", False):
        return
    limit = settings.MATERIAL_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(
            "This file is %(size)s; materials may be at most %(limit)s.",
            code="file_too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    signatures = MATERIAL_FILE_SIGNATURES.get(extension)
    if signatures is None:
        return  # FileExtensionValidator reports the unknown extension.
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(16)
    upload.seek(position)
    if not any(head.startswith(signature) for signature in signatures):
        raise ValidationError(
            "This file's content is not a .%(extension)s file.",
            code="file_content_mismatch",
            params={"extension": extension},
        )

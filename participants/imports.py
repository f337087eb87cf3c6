"""A participant-list upload between its preview and its confirmation.

The editor uploads a file and sees a preview (`participant_upload_preview`); the file is kept
in a private temporary folder under a random token, and the editor's session remembers the
token, the workshop, the file's name and the preview's fingerprint. Confirming
(`participant_upload_confirm`) reads the kept file again and imports it only if the plan is
still the one previewed. The kept file is removed when the import is confirmed, when the same
session uploads another file, and when it is left unconfirmed for a day.
"""

import re
import secrets
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.core.files import File

from .services import (
    ParticipantImportOutdated,
    ParticipantImportPlan,
    participant_file_rows,
    participant_import_apply,
    participant_import_plan,
    participant_upload_content,
)

KEPT_UPLOADS_DIR = Path(tempfile.gettempdir()) / "sesn-participant-imports"
KEPT_SECONDS = 24 * 60 * 60  # a preview left unconfirmed is dropped then
SESSION_KEY = "participant_import"


class PreviewExpired(Exception):
    """The preview being confirmed is not the session's pending one (confirmed, replaced, old)."""


class PreviewOutdated(Exception):
    """The records changed since the preview: `preview` is the new one (nothing was written)."""

    def __init__(self, preview):
        super().__init__("The records changed since your preview: review the new preview.")
        self.preview = preview


@dataclass
class Preview:
    plan: ParticipantImportPlan
    file_name: str
    token: str = ""  # empty when the plan has bad rows: then there is nothing to confirm


def participant_upload_preview(*, session, workshop, upload) -> Preview:
    """Read an uploaded participant list and plan its import into `workshop`. Writes no record.

    Replaces the session's pending preview, if any. Keeps the file for confirmation when its
    plan has no bad rows. Raises ParticipantFileError when the file cannot be read.
    """
    participant_upload_discard(session=session)
    content = participant_upload_content(upload)
    rows = participant_file_rows(content=content, file_name=upload.name)
    plan = participant_import_plan(workshop=workshop, rows=rows)
    preview = Preview(plan=plan, file_name=upload.name)
    if plan.is_valid:
        preview.token = _keep(session, workshop, upload.name, content, plan)
    return preview


def participant_upload_confirm(
    *, session, workshop, token, user, update_people_elsewhere=False
) -> Preview:
    """Import the session's pending preview into `workshop` (see `participant_import_apply`).

    Raises PreviewExpired if `token` is not the session's pending preview of this workshop,
    and PreviewOutdated, with the new preview kept for confirmation in its place, if the
    records changed since; nothing is written then. ParticipantFileError if the kept file no
    longer reads (the limits changed meanwhile, say). The kept file is removed whatever
    happens. Returns the preview that was imported.
    """
    pending = session.get(SESSION_KEY) or {}
    kept = _kept_path(pending.get("token"))
    if (
        not token
        or pending.get("token") != token
        or pending.get("workshop") != workshop.pk
        or not pending.get("fingerprint")
        or kept is None
        or not kept.is_file()
    ):
        raise PreviewExpired(
            "This preview has expired or belongs to another import: upload the file again."
        )
    file_name = pending["file_name"]
    outdated = None
    try:
        with kept.open("rb") as file:
            content = participant_upload_content(File(file))
        rows = participant_file_rows(content=content, file_name=file_name)
        plan = participant_import_apply(
            workshop=workshop,
            rows=rows,
            user=user,
            source_name=file_name,
            previewed=pending["fingerprint"],
            update_people_elsewhere=update_people_elsewhere,
        )
    except ParticipantImportOutdated as error:
        outdated = error.plan
    finally:
        # Imported, refused or failed: this preview is done with (an outdated one is kept
        # again below under a new token).
        participant_upload_discard(session=session)
    if outdated is not None:
        preview = Preview(plan=outdated, file_name=file_name)
        if outdated.is_valid:
            # A new token: a page still showing the old preview cannot confirm the new one.
            preview.token = _keep(session, workshop, file_name, content, outdated)
        raise PreviewOutdated(preview)
    return Preview(plan=plan, file_name=file_name)


def participant_upload_discard(*, session):
    """Forget the session's pending preview and remove its kept file, if any."""
    pending = session.pop(SESSION_KEY, None) or {}
    kept = _kept_path(pending.get("token"))
    if kept is not None:
        kept.unlink(missing_ok=True)


def _keep(session, workshop, file_name, content, plan):
    KEPT_UPLOADS_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
    stale = time.time() - KEPT_SECONDS
    for old in KEPT_UPLOADS_DIR.iterdir():
        try:
            if old.stat().st_mtime < stale:
                old.unlink(missing_ok=True)
        except FileNotFoundError:  # another request removed it meanwhile
            continue
    token = secrets.token_hex(16)
    path = KEPT_UPLOADS_DIR / token
    try:
        path.write_bytes(content)
        session[SESSION_KEY] = {
            "token": token,
            "workshop": workshop.pk,
            "file_name": file_name,
            "fingerprint": plan.fingerprint,
        }
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return token


def _kept_path(token):
    """The kept file of `token`, or None for a token this module did not make."""
    if not isinstance(token, str) or not re.fullmatch(r"[0-9a-f]{32}", token):
        return None
    return KEPT_UPLOADS_DIR / token

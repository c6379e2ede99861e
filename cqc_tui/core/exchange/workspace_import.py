"""Putting a review file into the workspace (`import_review`): all or nothing, built whole in a
staging folder and moved in with one rename; a replace keeps the old copy in the trash."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from cqc_tui.core import attachments
from cqc_tui.core.errors import StoreError
from cqc_tui.core.exchange.parse import ParsedReview, parse_review_file
from cqc_tui.core.staging import install, new_staging_folder, swap
from cqc_tui.core.store import ReviewStore


def import_review(
    workspace: Any,
    path: str | Path,
    replace: bool = False,
    skip_existing: bool = False,
    parsed: ParsedReview | None = None,
) -> tuple[str, str]:
    """Import a review file into the workspace. Returns (status, review id): imported/replaced/skipped.

    All or nothing: the review is built whole in a hidden staging folder and put in place with one
    rename; a replace moves the old copy to trash/ and the new one in under an intent record
    (staging.swap), so a crash at any moment leaves the old review or the new one listed."""
    if parsed is None:
        parsed = parse_review_file(path, workspace.frameworks)
    workspace.ensure()
    folder = workspace.folder(parsed.review.id)
    exists = folder.exists()
    if exists and skip_existing:
        return "skipped", parsed.review.id
    if exists and not replace:
        raise StoreError(
            f"review '{parsed.review.title}' ({parsed.review.id[:8]}) is already in the workspace; "
            "use --replace to replace it (the old copy is kept in the workspace's trash folder)"
        )
    staging = new_staging_folder(workspace.reviews_dir, parsed.review.id)
    try:
        store = ReviewStore.create(staging, parsed.review)
        try:
            for (
                note
            ) in parsed.records:  # the files first: a note is never saved before what it cites
                for item in getattr(note, "attachments", ()):
                    sha256 = item["sha256"]
                    attachments.store_encoded(
                        staging, sha256, item["name"], parsed.attachment_files[sha256]
                    )
            store.save_many(parsed.records)
        except BaseException:
            store.close(compact=False)
            raise
        store.close()
        if exists:
            swap(workspace.home, staging, folder, parsed.review.title)
        else:
            install(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return ("replaced" if exists else "imported"), parsed.review.id

"""Where things live: bundled templates and samples, and the user's workspace."""

from __future__ import annotations

import os
import re
from pathlib import Path

import platformdirs

from cqc_tui.core.errors import ValidationError

PACKAGE_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = PACKAGE_DIR.parent
HOME_ENV = "CQC_TUI_HOME"

# A review id names the review's folder, so it is checked against this before any path is built
# from it: letters, digits, '-' and '_', starting with a letter or digit, at most 100 characters.
# UUIDs (what the app makes) fit; nothing that fits can be '..', hold a separator, start with '.'
# (hidden staging folders) or name a path outside the workspace.
REVIEW_ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,99}")
REVIEW_ID_RULE = (
    "letters, digits, '-' and '_' only, starting with a letter or digit, at most 100 characters"
)


def review_id_problem(review_id: object) -> str | None:
    """Why `review_id` cannot name a review folder (None when it can). The one check every path
    built from a review id goes through (Workspace.folder, creation, import)."""
    if not isinstance(review_id, str) or not REVIEW_ID_PATTERN.fullmatch(review_id):
        shown = repr(review_id) if len(repr(review_id)) <= 60 else repr(review_id)[:57] + "..."
        return f"review id {shown} is not allowed: use {REVIEW_ID_RULE}"
    return None


def check_review_id(review_id: object) -> str:
    """Return `review_id` if it may name a review folder; raise ValidationError (one line) if not."""
    problem = review_id_problem(review_id)
    if problem:
        raise ValidationError(problem)
    return review_id  # type: ignore[return-value]


def _bundled(name: str, packaged: str) -> Path:
    inside = PACKAGE_DIR / packaged
    if inside.is_dir():
        return inside
    return REPO_DIR / name


def templates_dir() -> Path:
    """The folder of the bundled templates (frameworks, review types, report templates)."""
    return _bundled("templates", "_templates")


def frameworks_dir() -> Path:
    """The folder of the bundled framework files."""
    return templates_dir() / "frameworks"


def review_types_dir() -> Path:
    """The folder of the bundled review type files."""
    return templates_dir() / "review_types"


def report_templates_dir() -> Path:
    """The folder of the bundled report templates."""
    return templates_dir() / "report"


def sample_reviews_dir() -> Path:
    """The folder of the bundled sample reviews."""
    return _bundled("sample_reviews", "_sample_reviews")


def default_home() -> Path:
    """The workspace folder: CQC_TUI_HOME when set, else the user's data folder for cqc-tui."""
    env = os.environ.get(HOME_ENV)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("cqc-tui", appauthor=False))

"""Where things live: bundled templates and samples, and the user's workspace."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

PACKAGE_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = PACKAGE_DIR.parent
HOME_ENV = "CQC_TUI_HOME"


def _bundled(name: str, packaged: str) -> Path:
    inside = PACKAGE_DIR / packaged
    if inside.is_dir():
        return inside
    return REPO_DIR / name


def templates_dir() -> Path:
    return _bundled("templates", "_templates")


def frameworks_dir() -> Path:
    return templates_dir() / "frameworks"


def review_types_dir() -> Path:
    return templates_dir() / "review_types"


def report_templates_dir() -> Path:
    return templates_dir() / "report"


def sample_reviews_dir() -> Path:
    return _bundled("sample_reviews", "_sample_reviews")


def default_home() -> Path:
    env = os.environ.get(HOME_ENV)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("cqc-tui", appauthor=False))

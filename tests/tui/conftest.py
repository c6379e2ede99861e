from __future__ import annotations

from pathlib import Path

import pytest

from cqc_tui.core.team.folder_sync import join_from_folder, sync_folder
from cqc_tui.core.team.identity import choose_member
from cqc_tui.core.workspace import Workspace
from tests.tui import app_factory  # noqa: F401 - sets TZ=UTC for stable times
from tests.tui.app_factory import REVIEW_ID, make_workspace, workspace


@pytest.fixture
def home(tmp_path):
    return tmp_path / "home"


@pytest.fixture(autouse=True)
def _no_scope_unit_question(monkeypatch):
    """Most tests drive the review screen straight after opening it: the question the app asks the
    first time a review with scope units is opened on a laptop is off, unless a test turns it on
    (tests/tui/test_unit_choice.py)."""
    from cqc_tui.tui.app import CqcApp

    monkeypatch.setattr(CqcApp, "ASK_SCOPE_UNIT", False)


@pytest.fixture
def lead_home(home: Path) -> Path:
    """The lead's workspace: app_factory's review (REVIEW_ID), nobody chosen on this device yet."""
    make_workspace(home)
    return home


@pytest.fixture
def team_of_two(tmp_path: Path) -> tuple[Path, Path, Workspace]:
    """(the lead's home, the team folder, Bob's workspace): the lead's workspace (Ann Ford chosen)
    synced once with the team folder, and Bob's laptop joined from it (Bob Lee added to the team
    there) and synced back."""
    home, folder = tmp_path / "lead", tmp_path / "team-folder"
    folder.mkdir()
    make_workspace(home)
    with workspace(home).open_id(REVIEW_ID) as session:
        choose_member(session, "Ann Ford")
        assert sync_folder(session, folder).ok
    bob = Workspace(tmp_path / "bob")
    join_from_folder(bob, folder, REVIEW_ID)
    with bob.open_id(REVIEW_ID) as session:
        choose_member(session, "Bob Lee", add=True, role="Inspector")
        assert sync_folder(session, folder).ok
    return home, folder, bob


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    """Run `async def` tests in a fresh event loop (no pytest-asyncio needed)."""
    import asyncio
    import inspect

    if inspect.iscoroutinefunction(pyfuncitem.obj):
        names = pyfuncitem._fixtureinfo.argnames
        kwargs = {name: pyfuncitem.funcargs[name] for name in names}
        asyncio.run(pyfuncitem.obj(**kwargs))
        return True
    return None

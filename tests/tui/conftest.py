from __future__ import annotations

import pytest

from tests.tui import app_factory  # noqa: F401 - sets TZ=UTC for stable times


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

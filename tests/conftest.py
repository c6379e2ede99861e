from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cqc_tui.core.model import Review, ScopeUnit, TeamMember
from cqc_tui.core.workspace import Workspace
from tests.command_line import CLAS_USER, import_clas, run_command_line

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parent.parent


def pytest_addoption(parser):
    parser.addoption("--heavy", action="store_true", help="run the heavy reliability variants")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--heavy"):
        return
    skip = pytest.mark.skip(reason="heavy variant: run with 'pytest --heavy'")
    for item in items:
        if "heavy" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    home = tmp_path / "home"
    (home / "frameworks").mkdir(parents=True)
    shutil.copy(FIXTURES / "mini-framework.yaml", home / "frameworks")
    return Workspace(home)


@pytest.fixture
def session(workspace: Workspace):
    units = [
        ScopeUnit(code="cyp", label="Children and young people", order=1),
        ScopeUnit(code="inpatient", label="Community inpatient services", order=2),
    ]
    s = workspace.create(
        Review(
            title="Test trust inspection",
            review_type="comprehensive",
            framework_id="mini-test",
            provider="Test Community NHS Trust",
            start_date="2018-01-22",
            end_date="2018-01-26",
        ),
        [TeamMember(name="Ann Ford", role="Lead inspector")],
        units,
        user="ann",
    )
    yield s
    if not s.store.closed:
        s.close()


@pytest.fixture(scope="module")
def clas_shared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace holding the CLAS sample, shared by the tests of one module: only for tests
    that change nothing in it."""
    return import_clas(tmp_path_factory.mktemp("clas") / "ws")


@pytest.fixture
def clas_workspace(tmp_path: Path) -> Path:
    """A workspace of this test's own holding the CLAS sample."""
    return import_clas(tmp_path / "ws")


@pytest.fixture
def clas_round(clas_workspace: Path) -> Path:
    """`clas_workspace` with a fourth reporting round started: "Quarter 1 2017/18", as at 30 June
    2017, returns due 21 July 2017."""
    run_command_line(
        clas_workspace,
        "--user",
        CLAS_USER,
        *("actions", "round", "leicester", "--label", "Quarter 1 2017/18"),
        *("--as-at", "2017-06-30", "--due", "2017-07-21"),
    )
    return clas_workspace

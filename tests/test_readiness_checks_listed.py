"""Every readiness check runs: each function in a module of cqc_tui/core/readiness/checks/ that
takes the review's facts and yields findings is in its module's CHECKS, and every module's CHECKS
is in ALL_CHECKS (a check written but not listed would silently never run)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from cqc_tui.core.readiness import checks
from cqc_tui.core.readiness.checks import ALL_CHECKS


def _check_modules() -> list:
    return [
        importlib.import_module(f"{checks.__name__}.{info.name}")
        for info in pkgutil.iter_modules(checks.__path__)
    ]


def _is_check_function(module, value) -> bool:
    if not inspect.isfunction(value) or value.__module__ != module.__name__:
        return False
    if value.__name__.startswith("_"):
        return False
    parameters = list(inspect.signature(value).parameters.values())
    return (
        len(parameters) == 1
        and parameters[0].annotation == "ReviewFacts"
        and "ReadinessFinding" in str(inspect.signature(value).return_annotation)
    )


def test_every_check_function_is_listed_in_its_module():
    modules = _check_modules()
    assert len(modules) >= 5
    for module in modules:
        listed = {check.find for check in module.CHECKS}
        written = {value for value in vars(module).values() if _is_check_function(module, value)}
        assert written, f"{module.__name__} has no check function"
        assert written <= listed, (
            f"{module.__name__}: not in CHECKS: {sorted(f.__name__ for f in written - listed)}"
        )


def test_every_check_module_runs():
    run = [check.find for check in ALL_CHECKS]
    for module in _check_modules():
        for check in module.CHECKS:
            assert check.find in run, f"{module.__name__}.CHECKS is not in ALL_CHECKS"
    assert len(run) == len(set(run))

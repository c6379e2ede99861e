"""Every readiness check, by area, in the order they run (findings keep this order within each
severity): the ratings, coverage, the evidence ratings rest on, the inspectors' notes, personal
data. Each area module ends with its `CHECKS`; a new check is one function in the module for its
area, added to that module's `CHECKS`."""

from __future__ import annotations

from cqc_tui.core.readiness.check_model import ReadinessCheck
from cqc_tui.core.readiness.checks import (
    evidence,
    inspectors,
    personal_data,
    rating_evidence,
    ratings,
)

ALL_CHECKS: tuple[ReadinessCheck, ...] = (
    *ratings.CHECKS,
    *evidence.CHECKS,
    *rating_evidence.CHECKS,
    *inspectors.CHECKS,
    *personal_data.CHECKS,
)

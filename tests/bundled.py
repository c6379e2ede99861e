"""The frameworks shipped in templates/frameworks, loaded once for the rules and readiness tests."""

from __future__ import annotations

from pathlib import Path

from cqc_tui.core.framework import load_frameworks

ROOT = Path(__file__).resolve().parents[1]
FRAMEWORKS = load_frameworks([ROOT / "templates" / "frameworks"])
HEALTH = FRAMEWORKS.get("kloe-healthcare")
ASC = FRAMEWORKS.get("kloe-adult-social-care")
SAF = FRAMEWORKS.get("single-assessment")
LSR = FRAMEWORKS.get("local-system-review")

O, G, RI, I = "outstanding", "good", "requires_improvement", "inadequate"
KQS = ("safe", "effective", "caring", "responsive", "well-led")

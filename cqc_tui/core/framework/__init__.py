"""Inspection frameworks, loaded and validated from YAML (see docs/frameworks.md).

Every problem is reported as file:line with what to change. A broken framework never stops the
others loading: `load_frameworks` returns the good ones and a list of unusable files with reasons.

The package, by concern:

    model.py           the frameworks once loaded (frozen dataclasses) and the key question codes
    checker.py         `Checker`, which collects problems while walking a YAML tree, and its helpers
    parsing.py         a framework file: top level, rating scale, key questions, lines, prompts
    rating_parsing.py  its `scoring:` and `aggregation:` blocks
    loading.py         `load_frameworks` and `FrameworkSet` (with the YAML cache of cache.py)
    cache.py           the cache of parsed YAML trees, keyed by path, size and modification time

Import the public names from here (``from cqc_tui.core.framework import Framework``).
"""

from cqc_tui.core.framework.checker import CODE, SLUG, Checker
from cqc_tui.core.framework.loading import FrameworkSet, Unusable, framework_files, load_frameworks
from cqc_tui.core.framework.model import (
    KEY_QUESTION_CODES,
    KINDS,
    LEVELS,
    Aggregation,
    Band,
    Framework,
    KeyQuestion,
    Limiter,
    Line,
    Prompt,
    RatingDef,
    RatingScale,
    Rule,
    RuleSet,
    Scoring,
    ScoringMethod,
)
from cqc_tui.core.framework.parsing import (
    FORMAT,
    FORMAT_VERSION,
    framework_from_tree,
    parse_framework,
)

__all__ = [
    "CODE",
    "FORMAT",
    "FORMAT_VERSION",
    "KEY_QUESTION_CODES",
    "KINDS",
    "LEVELS",
    "SLUG",
    "Aggregation",
    "Band",
    "Checker",
    "Framework",
    "FrameworkSet",
    "KeyQuestion",
    "Limiter",
    "Line",
    "Prompt",
    "RatingDef",
    "RatingScale",
    "Rule",
    "RuleSet",
    "Scoring",
    "ScoringMethod",
    "Unusable",
    "framework_files",
    "framework_from_tree",
    "load_frameworks",
    "parse_framework",
]

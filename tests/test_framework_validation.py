"""Frameworks are validated data: every bundled file loads, and each kind of mistake gets one
clear message naming the file and the line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cqc_tui.core.errors import FileProblems
from cqc_tui.core.framework import load_frameworks, parse_framework
from cqc_tui.core.paths import frameworks_dir

FIXTURES = Path(__file__).parent / "fixtures"

MINI = (FIXTURES / "mini-framework.yaml").read_text(encoding="utf-8")
BUNDLED = sorted(frameworks_dir().glob("*.yaml"))


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_bundled_frameworks_are_valid(path: Path):
    fw = parse_framework(path)
    assert [kq.code for kq in fw.key_questions] == [
        "safe",
        "effective",
        "caring",
        "responsive",
        "well-led",
    ]
    assert fw.lines(), "a framework needs lines"
    for line in fw.lines():
        assert line.question and line.title


def test_bundled_framework_counts():
    fs = load_frameworks([frameworks_dir()])
    assert not fs.unusable, [u.reason for u in fs.unusable]
    counts = {fw.id: len(fw.lines()) for fw in fs.all()}
    assert counts["kloe-healthcare"] == 27
    assert counts["kloe-adult-social-care"] == 24
    assert counts["single-assessment"] == 34
    saf = fs.latest("single-assessment")
    assert [len(kq.lines) for kq in saf.key_questions] == [8, 6, 5, 7, 8]
    assert len(saf.evidence_categories) == 6
    lsr = fs.latest("local-system-review")
    assert not lsr.rated and len(lsr.scope_units) == 3
    assert lsr.key_question("well-led").level == "review"
    hc = fs.latest("kloe-healthcare")
    assert any(p.applies_to for ln in hc.lines() for p in ln.prompts), (
        "per-prompt applicability is data"
    )
    assert hc.rating_scale.codes == ("outstanding", "good", "requires_improvement", "inadequate")


def _problem_for(tmp_path: Path, text: str) -> str:
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FileProblems) as info:
        parse_framework(path)
    message = str(info.value.problems[0])
    assert "broken.yaml" in message
    return message


def _line(message: str) -> int:
    m = re.search(r"broken\.yaml:(\d+):", message)
    assert m, f"no line number in: {message}"
    return int(m.group(1))


# Each case: (name, transformation of the valid mini framework, expected words, expected line or None)
CASES = [
    (
        "yaml-syntax",
        lambda t: t.replace(
            "    question: Are services safe?", "    question: [Are services safe?"
        ),
        "YAML syntax",
        None,
    ),
    ("not-a-mapping", lambda t: "- just\n- a list\n", "must be a mapping", 1),
    (
        "wrong-format",
        lambda t: t.replace("format: cqc-tui-framework", "format: something-else"),
        "'format' must be",
        1,
    ),
    (
        "newer-format-version",
        lambda t: t.replace("format_version: 1", "format_version: 7"),
        "newer",
        2,
    ),
    (
        "missing-title",
        lambda t: t.replace("title: Minimal framework for tests\n", ""),
        "missing 'title'",
        None,
    ),
    ("bad-id", lambda t: t.replace("id: mini-test", "id: Mini Test!"), "id 'Mini Test!'", 3),
    (
        "unknown-top-key",
        lambda t: t.replace("rated: true", "rated: true\nratd: false"),
        "did you mean 'rated'",
        10,
    ),
    (
        "bad-key-question",
        lambda t: t.replace("  - code: safe", "  - code: safety"),
        "must be one of",
        None,
    ),
    ("duplicate-code", lambda t: t.replace("- code: T2", "- code: T1"), "already used", None),
    (
        "unknown-service-type",
        lambda t: t.replace("applies_to: [acute]", "applies_to: [dental]"),
        "service type 'dental'",
        None,
    ),
    (
        "unknown-characteristic-rating",
        lambda t: t.replace(
            "          good: People are protected.", "          excellent: People are protected."
        ),
        "'excellent'",
        None,
    ),
    (
        "rule-result-not-on-scale",
        lambda t: t.replace("result: good, text: Otherwise good", "result: great, text: x"),
        "result 'great'",
        None,
    ),
    (
        "no-catch-all",
        lambda t: t.replace(
            "{id: otherwise, when: {}, result: good", "{id: otherwise, when: {n: 1}, result: good"
        ),
        "catch-all",
        None,
    ),
    (
        "bad-limiter-cap",
        lambda t: t.replace("cap: requires_improvement}", "cap: poor}"),
        "cap 'poor'",
        None,
    ),
    (
        "bad-colour",
        lambda t: t.replace('colour: "2E8B3E"', 'colour: "green"'),
        "six hex digits",
        None,
    ),
    (
        "duplicate-key",
        lambda t: t.replace(
            "title: Minimal framework for tests", "title: Minimal framework for tests\ntitle: again"
        ),
        "appears twice",
        None,
    ),
    (
        "lines-not-a-list",
        lambda t: t.replace(
            """    lines:
      - code: T2
        title: Leadership
        question: Do leaders have the capacity?""",
            "    lines: T2",
        ),
        "must be a list",
        None,
    ),
    ("empty-file", lambda t: "   \n", "is empty", None),
]


@pytest.mark.parametrize("name,transform,words,line", CASES, ids=[c[0] for c in CASES])
def test_malformed_framework_gets_one_clear_line(tmp_path, name, transform, words, line):
    text = transform(MINI)
    assert text != MINI, "the transformation must change the file"
    message = _problem_for(tmp_path, text)
    assert words in message
    assert "\n" not in message
    if name not in ("empty-file",):
        found = _line(message)
        if line is not None:
            assert found == line
        # the line named really is where the problem is (or the enclosing block)
        assert 1 <= found <= len(text.splitlines())


def test_problem_line_points_at_the_offending_text(tmp_path):
    message = _problem_for(tmp_path, MINI.replace("applies_to: [acute]", "applies_to: [dental]"))
    lines = MINI.splitlines()
    assert "applies_to: [acute]" in lines[_line(message) - 1]


def test_broken_framework_is_listed_as_unusable_and_others_still_load(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text(MINI, encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        MINI.replace("id: mini-test", "id: other").replace(
            "result: good, text", "result: nope, text"
        ),
        encoding="utf-8",
    )
    fs = load_frameworks([tmp_path])
    assert [fw.id for fw in fs.all()] == ["mini-test"]
    assert (
        len(fs.unusable) == 1
        and "bad.yaml" in fs.unusable[0].reason
        and "nope" in fs.unusable[0].reason
    )


def test_duplicate_framework_version_is_unusable(tmp_path):
    (tmp_path / "a.yaml").write_text(MINI, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(MINI, encoding="utf-8")
    fs = load_frameworks([tmp_path])
    assert len(fs.all()) == 1
    assert "also defined" in fs.unusable[0].reason


def test_versions_are_kept_side_by_side(tmp_path):
    (tmp_path / "a.yaml").write_text(MINI, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(
        MINI.replace('version: "1.0"', 'version: "1.10"'), encoding="utf-8"
    )
    fs = load_frameworks([tmp_path])
    assert fs.get("mini-test", "1.0").version == "1.0"
    assert fs.latest("mini-test").version == "1.10"
    assert fs.get("mini-test", "9.9").version == "1.10"


def test_score_bands_round_half_up():
    saf = load_frameworks([frameworks_dir()]).latest("single-assessment")
    assert saf.scoring.band_for(62.5) == "good"  # 63%: not banker's rounding to 62
    assert saf.scoring.band_for(87.5) == "outstanding"
    assert saf.scoring.band_for(38.49) == "inadequate"
    assert saf.scoring.band_for(68.75) == "good"  # 3,2,3,3 -> 11/16


def test_bundled_review_types_all_load():
    from cqc_tui.core.paths import review_types_dir
    from cqc_tui.core.review_types import load_review_types

    types = load_review_types([review_types_dir()])
    assert not types.unusable, [str(p) for p in types.unusable]
    assert set(types.types) == {"comprehensive", "focused", "follow_up", "clas", "local_system"}
    fws = load_frameworks([frameworks_dir()])
    for fw in fws.all():
        for code in fw.review_types:
            assert code in types.types, f"{fw.id} serves unknown review type {code}"


def test_parse_cache_is_reused_and_invalidated_by_edits(tmp_path):
    src = tmp_path / "fw"
    src.mkdir()
    path = src / "mini.yaml"
    path.write_text(MINI, encoding="utf-8")
    cache = tmp_path / "cache" / "frameworks.json"
    first = load_frameworks([src], cache=cache)
    assert cache.exists() and first.latest("mini-test").title == "Minimal framework for tests"
    again = load_frameworks([src], cache=cache)
    assert again.latest("mini-test") == first.latest("mini-test")
    import os

    path.write_text(MINI.replace("Minimal framework for tests", "Edited title"), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000_000))
    assert load_frameworks([src], cache=cache).latest("mini-test").title == "Edited title"
    (src / "broken.yaml").write_text("format: cqc-tui-framework\nid: [\n", encoding="utf-8")
    assert len(load_frameworks([src], cache=cache).unusable) == 1, "a new file is seen at once"
    cache.write_bytes(b"not json")
    assert load_frameworks([src], cache=cache).latest("mini-test").title == "Edited title"

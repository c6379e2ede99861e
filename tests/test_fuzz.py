"""Property tests: any text a user can type or paste round-trips unchanged through the store (save,
close, reopen — via the journal and via a compacted snapshot) and through the YAML exchange."""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
import uuid
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cqc_tui.core.exchange import dump_text, parse_review_file
from cqc_tui.core.model import EvidenceNote, Review, ScopeUnit, TeamMember
from cqc_tui.core.store import ReviewStore, normalise_text
from cqc_tui.core.workspace import Workspace
from cqc_tui.core.yaml_writer import dump_yaml

FIXTURES = Path(__file__).parent / "fixtures"
SETTINGS = dict(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Any unicode text, control characters included (st.text excludes only lone surrogates).
any_text = st.text(alphabet=st.characters(), max_size=400)
tricky = st.sampled_from(
    [
        "",
        "\x00",
        "\r\n",
        "\r",
        "\x1b[31m",
        "[bold]",
        "</w:t>",
        "&amp;",
        "\u2028\u2029",
        "\x85",
        "\ufeff",
        "\t",
        " ",
        "\\",
        '"',
        "'",
        "#",
        ": ",
        "- ",
        "---",
        "...",
        "|",
        ">",
        "!!python",
        "*a",
        "&a",
        "%YAML",
        "@",
        "`",
        "{",
        "}",
        "~",
        "null",
        "true",
        "0x1F",
        "1e3",
        "🙂",
        "👩🏽‍⚕️",
        "Siobhán",
        "Łódź",
        "\U0010ffff",
        "\ue000",
        "\u200b",
        "\x7f",
        "\x9f",
    ]
)
mixed_text = st.lists(st.one_of(any_text, tricky), max_size=8).map("".join)
# Long notes (up to ~100k characters) built from a generated piece, so generation stays fast.
long_text = st.tuples(
    st.text(alphabet=st.characters(), min_size=1, max_size=50),
    st.integers(min_value=1000, max_value=100_000),
).map(lambda p: (p[0] * (p[1] // len(p[0]) + 1))[: p[1]])


@pytest.fixture(scope="module")
def tmp_root():
    root = Path(tempfile.mkdtemp(prefix="cqc-fuzz-"))
    yield root
    shutil.rmtree(root, ignore_errors=True)


def _roundtrip_store(root: Path, texts: list[str], compact: bool) -> None:
    folder = root / f"r-{uuid.uuid4().hex}"
    stx = ReviewStore.create(folder, Review(title="Fuzz", framework_id="mini-test"))
    notes = [EvidenceNote(text=t, key_question="safe", author=t[:20], place=t[-10:]) for t in texts]
    for n in notes[:2]:
        stx.save(n)
    stx.save_many(notes[2:])
    stx.close(compact=compact)
    again = ReviewStore.open(folder, readonly=True)
    for n in notes:
        # Unchanged, except that a high surrogate written directly before a low one reads back as the
        # character the pair encodes (snapshots and journals are valid UTF-8 JSON: store._dumps_bytes).
        expected = dataclasses.replace(
            n,
            text=normalise_text(n.text),
            author=normalise_text(n.author),
            updated_by=normalise_text(n.updated_by),
            place=normalise_text(n.place),
        )
        assert again.get("notes", n.id) == expected, f"text did not round-trip: {n.text!r}"
    assert not again.report.notices
    shutil.rmtree(folder)


@settings(**SETTINGS)
@given(texts=st.lists(mixed_text, min_size=1, max_size=6), compact=st.booleans())
def test_store_roundtrip_any_text(tmp_root, texts, compact):
    _roundtrip_store(tmp_root, texts, compact)


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=long_text, compact=st.booleans())
def test_store_roundtrip_long_text(tmp_root, text, compact):
    _roundtrip_store(tmp_root, [text, text[::-1]], compact)


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=st.text(alphabet=st.characters(categories=["Cs", "Ll", "Cc"]), min_size=1, max_size=50))
def test_store_roundtrip_lone_surrogates(tmp_root, text):
    # Lone surrogates are not valid UTF-8, but a terminal can hand them over (surrogateescape):
    # the store must keep them, not fail the save.
    _roundtrip_store(tmp_root, [text], compact=False)
    _roundtrip_store(tmp_root, [text], compact=True)


@pytest.fixture(scope="module")
def exchange_ws(tmp_root):
    home = tmp_root / "ws"
    (home / "frameworks").mkdir(parents=True)
    shutil.copy(FIXTURES / "mini-framework.yaml", home / "frameworks")
    return Workspace(home)


def _exchange_roundtrip(ws: Workspace, texts: list[str]) -> None:
    unit = ScopeUnit(code="u1", label="Unit one", order=1)
    review = Review(
        title="Fuzz exchange",
        review_type="comprehensive",
        framework_id="mini-test",
        framework_version=ws.frameworks.latest("mini-test").version,
        provider="P",
        sections={"background": texts[0]},
    )
    notes = [
        EvidenceNote(
            text=t,
            key_question="safe",
            lines=("T1",),
            scope_unit=unit.id,
            author="ann",
            place=t[:30],
        )
        for t in texts
    ]
    tables = {
        t: {}
        for t in (
            "review",
            "members",
            "scope_units",
            "notes",
            "ratings",
            "scores",
            "findings",
            "recommendations",
            "actions",
            "enforcement",
            "drafts",
        )
    }
    tables["review"][review.id] = review
    tables["members"] = {m.id: m for m in [TeamMember(name="Ann", author="ann")]}
    tables["scope_units"][unit.id] = unit
    for n in notes:
        tables["notes"][n.id] = n
    text = dump_text(tables)
    parsed = parse_review_file("fuzz.yaml", ws.frameworks, text=text)
    back = {r.id: r for r in parsed.records}
    assert parsed.review == review
    for n in notes:
        assert back[n.id] == n, f"YAML exchange changed {n.text!r} into {back[n.id].text!r}"


@settings(**SETTINGS)
@given(texts=st.lists(mixed_text, min_size=1, max_size=5))
def test_yaml_exchange_roundtrip_any_text(exchange_ws, texts):
    assume(all(t.strip() for t in texts))  # an empty note is refused on import by design
    _exchange_roundtrip(exchange_ws, texts)


@pytest.mark.parametrize(
    "text", ["0\x85", "line1\nline2\x85", "a\x85\nb", "x\u2028y", "p\u2029q", "a\r\nb"]
)
def test_yaml_exchange_keeps_line_separators(exchange_ws, text):
    # Found by test_yaml_exchange_roundtrip_any_text: PyYAML folded U+0085 (NEL) in single-quoted
    # scalars until exchange wrote such strings double-quoted.
    _exchange_roundtrip(exchange_ws, [text])


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=long_text)
def test_yaml_exchange_roundtrip_long_text(exchange_ws, text):
    assume(text.strip())
    _exchange_roundtrip(exchange_ws, [text])


@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=st.text(alphabet=st.characters(categories=["Cs", "Ll", "Zs"]), min_size=1, max_size=40))
def test_yaml_exchange_roundtrip_lone_surrogates(exchange_ws, text):
    assume(text.strip())
    _exchange_roundtrip(exchange_ws, [text])


def _both_loaders(text: str) -> list:
    """What PyYAML's and libyaml's safe loaders read from `text` (libyaml may refuse some escapes;
    the importer then uses PyYAML's, which must always read it)."""
    out = [yaml.load(text, Loader=yaml.SafeLoader)]
    try:
        out.append(yaml.load(text, Loader=yaml.CSafeLoader))
    except yaml.YAMLError:
        pass
    return out


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(value=mixed_text, key=mixed_text)
def test_yaml_writer_reads_back_exactly(value, key):
    key = key or "k"
    document = {
        "text": value,
        "list": [value, {key: value, "n": 1}],
        key: {"nested": [value]},
        "empty": [],
    }
    written = dump_yaml(document)
    for loaded in _both_loaders(written):
        assert loaded == document, f"{value!r} / {key!r} came back changed from:\n{written}"
    assert dump_yaml(document) == written, "the same data gives the same bytes"


@pytest.mark.parametrize(
    "value",
    [
        "yes",
        "No",
        "null",
        "~",
        "1.5",
        "2018-01-22",
        "0x1F",
        "1_000",
        "-",
        "- a",
        "a: b",
        "a #b",
        " a",
        "a ",
        "",
        "...",
        "---",
        ".inf",
        "=",
        "<<",
        "a\n",
        "\na",
        "a\n\nb",
        "a\n b",
        "true",
        "1e3",
        "+1",
        "12:30:00",
        "x" * 1_000_000,
        "line\n" * 3 + "end",
    ],
)
def test_yaml_writer_quotes_what_yaml_would_misread(value):
    document = {"v": value, "l": [value]}
    for loaded in _both_loaders(dump_yaml(document)):
        assert loaded == document

#!/usr/bin/env python3
"""Build the bundled sample reviews in sample_reviews/ from the data in tools/samples/.

Every sample is built from model records and written with cqc_tui.core.exchange.dump_text, so
the files are canonical: importing one and dumping it again gives the same bytes. Ids come from
uuid5 over a fixed namespace and a stable key, timestamps from fixed clocks laid over the
fieldwork days, and authors from the invented review team, so running this script twice writes
identical files.

    .venv/bin/python tools/build_samples.py            # write sample_reviews/*.yaml
    .venv/bin/python tools/build_samples.py --out DIR  # write somewhere else (tests use this)
    .venv/bin/python tools/build_samples.py --check    # fail if the committed files are stale

The facts and figures come from the public documents in the project's seed set; every sentence
of note, finding and recommendation text is the project's own wording.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import sys
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from cqc_tui.core.exchange import dump_text, parse_review_file  # noqa: E402
from cqc_tui.core.finding_agreement import written  # noqa: E402
from cqc_tui.core.framework import FrameworkSet, load_frameworks  # noqa: E402
from cqc_tui.core.model import (  # noqa: E402
    TABLE_ORDER,
    EvidenceNote,
    Finding,
    Record,
    Review,
    ScopeUnit,
    SectionState,
    TeamMember,
)
from cqc_tui.core.report_sections import section_state_id, section_text  # noqa: E402

# Fixed namespace for every sample id (uuid5 of a project URL; never change it, or every id moves).
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://cqc-tui.invalid/sample-reviews")

# The sample modules, in the order they are built. Each defines SLUG and build(builder).
SAMPLES = (
    "samples.birmingham_lsr",
    "samples.bchc_trust",
    "samples.ftb_reinspection",
    "samples.leicester_clas",
    "samples.baby_p_follow_up",
)

SOURCES = {
    "obs": "observation",
    "staff": "staff",
    "people": "people",
    "fg": "focus_group",
    "rec": "record_review",
    "doc": "document",
    "tool": "feedback_tool",
}
POLARITY = {"+": "positive", "0": "neutral", "-": "negative", "!": "concern"}


def frameworks() -> FrameworkSet:
    return load_frameworks([REPO / "templates" / "frameworks"])


def _stamp(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def _parse(stamp: str) -> datetime:
    return datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S").replace(tzinfo=timezone.utc)


class Clock:
    """Hands out strictly increasing fixed timestamps from a start, a fixed step apart."""

    def __init__(self, start: str, step_minutes: float = 2.0):
        self.now = _parse(start)
        self.step = timedelta(minutes=step_minutes)

    def __call__(self, minutes: float | None = None) -> str:
        stamp = _stamp(self.now)
        self.now += self.step if minutes is None else timedelta(minutes=minutes)
        return stamp


@dataclasses.dataclass
class NoteSpec:
    key: str
    lines: tuple
    unit: str
    source: str
    polarity: str
    quote: bool
    place: str
    text: str
    author: str = ""


class Builder:
    """Collects the records of one sample review with deterministic ids, stamps and authors."""

    def __init__(self, slug: str, fw_set: FrameworkSet):
        self.slug = slug
        self.fw_set = fw_set
        self.fw = None
        self.tables: dict[str, dict[str, Record]] = {t: {} for t in TABLE_ORDER}
        self.units: dict[str, ScopeUnit] = {}
        self.logins: dict[str, str] = {}  # member key -> the name their records carry
        self.note_ids: dict[str, str] = {}  # note key -> id
        self.review_rec: Review | None = None

    # -- ids and records ---------------------------------------------------------------
    @staticmethod
    def clock(start: str, step_minutes: float = 2.0) -> Clock:
        return Clock(start, step_minutes)

    def uid(self, table: str, key: str) -> str:
        return str(uuid.uuid5(NAMESPACE, f"{self.slug}/{table}/{key}"))

    def add(self, record: Record) -> Record:
        table = self.tables[record.TABLE]
        if record.id in table:
            raise ValueError(f"{self.slug}: duplicate {record.TABLE} id for {record!r}")
        table[record.id] = record
        return record

    def review(self, created: str, author: str, **fields) -> Review:
        fw = self.fw_set.get(fields["framework_id"])
        if fw is None:
            raise SystemExit(f"framework {fields['framework_id']} is not installed")
        self.fw = fw
        fields.setdefault("framework_version", fw.version)
        updated = fields.pop("updated", "") or created
        updated_by = fields.pop("updated_by", "") or author
        rev = fields.pop("rev", 1)
        rec = Review(
            id=self.uid("review", "review"),
            author=author,
            created=created,
            updated=updated,
            updated_by=updated_by,
            rev=rev,
            **fields,
        )
        self.review_rec = rec
        return self.add(rec)

    def member(
        self, key: str, name: str, role: str, organisation: str, created: str, author: str
    ) -> TeamMember:
        initials = "".join(p[0] for p in name.replace("-", " ").split() if p[0].isupper())
        self.logins[key] = name  # what the member's laptop records as the author
        return self.add(
            TeamMember(
                id=self.uid("members", key),
                author=author,
                created=created,
                name=name,
                role=role,
                initials=initials,
                organisation=organisation,
            )
        )

    def unit(
        self, code: str, label: str, order: int, created: str, author: str, **fields
    ) -> ScopeUnit:
        rec = ScopeUnit(
            id=self.uid("scope_units", code),
            author=author,
            created=created,
            code=code,
            label=label,
            order=order,
            **fields,
        )
        self.units[code] = rec
        return self.add(rec)

    def unit_id(self, code: str) -> str:
        return self.units[code].id if code else ""

    def kq_of(self, line: str) -> str:
        ln = self.fw.line(line)
        if ln is None:
            raise ValueError(f"{self.slug}: {line!r} is not a line in {self.fw.id}")
        return ln.key_question

    # -- notes ---------------------------------------------------------------------------
    @staticmethod
    def parse_notes(block: str, prefix: str) -> list[NoteSpec]:
        """Parse authored note lines: `LINES | unit | source[*] | polarity | place | text`.

        LINES is one or more line codes separated by commas; `*` after the source marks a verbatim
        quotation; polarity is + 0 - or ! (concern). Blank lines and lines starting # are skipped.
        A line ending in a backslash continues on the next line.
        """
        specs: list[NoteSpec] = []
        joined: list[str] = []
        buf = ""
        for raw in block.splitlines():
            line = raw.strip()
            if not buf and (not line or line.startswith("#")):
                continue
            if line.endswith("\\"):
                buf += line[:-1].rstrip() + " "
                continue
            joined.append(buf + line)
            buf = ""
        for i, line in enumerate(joined, 1):
            parts = [p.strip() for p in line.split("|", 5)]
            if len(parts) != 6:
                raise ValueError(f"note {prefix}{i}: need 6 fields separated by |: {line!r}")
            codes, unit, source, pol, place, text = parts
            quote = source.endswith("*")
            source = SOURCES[source.rstrip("*")]
            specs.append(
                NoteSpec(
                    f"{prefix}{i:03d}",
                    tuple(c.strip() for c in codes.split(",")),
                    unit,
                    source,
                    POLARITY[pol],
                    quote,
                    place,
                    text,
                )
            )
        return specs

    def add_notes(
        self,
        specs: list[NoteSpec],
        days: list[str],
        authors: dict[str, list[str]],
        start: str = "08:40",
        end: str = "18:10",
    ) -> list[EvidenceNote]:
        """Lay notes over the fieldwork days in order and give each an author from the unit's team.

        `authors` maps a scope unit code ("" for the review as a whole) to the team members who
        covered it; each line of enquiry is led by one of them, as on a real inspection.
        """
        out = []
        n = len(specs)
        sh, sm = map(int, start.split(":"))
        eh, em = map(int, end.split(":"))
        span = (eh * 60 + em) - (sh * 60 + sm)
        per_day: dict[int, list[int]] = {}
        for i in range(n):
            per_day.setdefault(i * len(days) // n, []).append(i)
        order = {
            ln.code: i for i, ln in enumerate(ln for kq in self.fw.key_questions for ln in kq.lines)
        }
        for d, idxs in per_day.items():
            base = _parse(f"{days[d]}T00:00:00") + timedelta(minutes=sh * 60 + sm)
            for j, i in enumerate(idxs):
                spec = specs[i]
                at = base + timedelta(minutes=span * j / len(idxs), seconds=(i * 37) % 53)
                if spec.author:
                    author = spec.author
                else:  # one inspector leads each line of enquiry for each scope unit
                    team = authors.get(spec.unit) or authors[""]
                    author = team[order[spec.lines[0]] % len(team)]
                kq = self.kq_of(spec.lines[0])
                nid = self.uid("notes", spec.key)
                self.note_ids[spec.key] = nid
                stamp = _stamp(at.replace(microsecond=((i * 211) % 1000) * 1000))
                out.append(
                    self.add(
                        EvidenceNote(
                            id=nid,
                            author=author,
                            created=stamp,
                            key_question=kq,
                            lines=spec.lines,
                            scope_unit=self.unit_id(spec.unit),
                            source=spec.source,
                            text=spec.text,
                            polarity=spec.polarity,
                            quote=spec.quote,
                            place=spec.place,
                        )
                    )
                )
        return out

    def notes_for(self, unit: str, kq: str, limit: int = 6, polarity: tuple = ()) -> tuple:
        """Ids of the notes for a scope unit (code) and key question, in created order."""
        uid = self.unit_id(unit) if unit else ""
        found = [
            n
            for n in self.tables["notes"].values()
            if n.scope_unit == uid
            and (kq in ("", "overall") or n.key_question == kq)
            and (not polarity or n.polarity in polarity)
        ]
        found.sort(key=lambda n: (n.created, n.id))
        # one note from each line first, so a rating or finding cites the breadth of its evidence
        picked, seen = [], set()
        for n in found:
            if n.lines[0] not in seen:
                seen.add(n.lines[0])
                picked.append(n)
        picked += [n for n in found if n not in picked]
        picked = sorted(picked[:limit], key=lambda n: (n.created, n.id))
        return tuple(n.id for n in picked)

    def notes_with_lines(self, lines: tuple, limit: int = 6) -> tuple:
        found = [n for n in self.tables["notes"].values() if set(n.lines) & set(lines)]
        found.sort(key=lambda n: (n.created, n.id))
        return tuple(n.id for n in found[:limit])


def agree_sections(b: Builder) -> None:
    """Every sample is a published report: each section and finding the team wrote was agreed by
    the review's lead (the first member of its team) on the morning of the report date."""
    review = b.review_rec
    if review is None or not b.logins:
        return
    lead_key, author = next(iter(b.logins.items()))
    lead = b.tables["members"][b.uid("members", lead_key)]
    assert isinstance(lead, TeamMember)
    when = f"{review.report_date}T09:00:00.000Z" if review.report_date else review.updated
    for key in review.sections or {}:
        if section_text(review, {}, key).strip():
            b.add(
                SectionState(
                    id=section_state_id(review.id, key),
                    author=author,
                    created=when,
                    key=key,
                    agreed=True,
                    edited_by=lead.name,
                    edited=when,
                    agreed_by=lead.name,
                    agreed_at=when,
                )
            )
    for finding in list(b.tables["findings"].values()):
        if isinstance(finding, Finding) and written(finding):
            b.tables["findings"][finding.id] = dataclasses.replace(
                finding, agreed=True, agreed_by=lead.name, agreed_at=when
            )


def build_one(module_name: str, fw_set: FrameworkSet) -> tuple[str, str]:
    mod = importlib.import_module(module_name)
    b = Builder(mod.SLUG, fw_set)
    mod.build(b)
    agree_sections(b)
    return mod.SLUG, dump_text(b.tables)


def build_all(out_dir: Path, check_only: bool = False) -> list[Path]:
    fw_set = frameworks()
    written: list[Path] = []
    stale: list[str] = []
    for name in SAMPLES:
        slug, text = build_one(name, fw_set)
        # Every sample must pass the same checks as `cqc-tui import`.
        parse_review_file(f"{slug}.yaml", fw_set, text=text)
        target = out_dir / f"{slug}.yaml"
        if check_only:
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                stale.append(str(target))
            continue
        target.write_bytes(text.encode("utf-8"))
        written.append(target)
    if stale:
        raise SystemExit("stale sample files (run tools/build_samples.py): " + ", ".join(stale))
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--out", type=Path, default=REPO / "sample_reviews", help="folder to write the samples to"
    )
    ap.add_argument(
        "--check", action="store_true", help="only check that the files in --out are up to date"
    )
    args = ap.parse_args(argv)
    if not args.out.is_dir():
        ap.error(f"{args.out} is not a folder")
    for path in build_all(args.out, check_only=args.check):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

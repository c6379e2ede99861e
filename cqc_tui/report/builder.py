"""Build the review report: one handler per section id, in the order the review type lists them."""

from __future__ import annotations

import importlib
import io
import re
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_BREAK, WD_COLOR_INDEX
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from cqc_tui.core import output_file
from cqc_tui.core.action_plan import STATUS_ORDER, ActionPlan
from cqc_tui.core.errors import CqcError, display_path
from cqc_tui.core.model import (
    ACTION_STATUSES,
    FOLLOW_UP_STATUSES,
    OVERALL,
    POLARITIES,
    RECOMMENDATION_KINDS,
    SOURCE_TYPES,
)
from cqc_tui.core.paths import report_templates_dir
from cqc_tui.core.stated_figures import figure_warnings
from cqc_tui.report.ooxml import (
    FastTable,
    add_field,
    add_text,
    bookmark_name,
    clean,
    set_cell_shading,
    set_cant_split,
    set_run_shading,
    set_cell_valign,
    set_column_widths,
    set_repeat_header,
    set_update_fields,
    toc_paragraphs,
)
from cqc_tui.report.content import (
    narrative_keys,
    narrative_written,
    pretty_key,
    report_plan,
    section_text,
    unit_slots,
)
from cqc_tui.report.final_gate import NotFinal, final_problems, printed_grid, wants_final
from cqc_tui.report.ratings_view import GridView
from cqc_tui.report.redact import initials, review_redactor
from cqc_tui.report.references import ReferencesMixin
from cqc_tui.report.review_type_sections import ReviewTypeSectionsMixin
from cqc_tui.report.wording import (
    count_label,
    date_range,
    long_date,
    month_year,
    short_date,
    short_month_year,
)
from cqc_tui.report.xml_safe import xml_safe_record, xml_safe_records

Progress = Callable[[float, str], None]

REQUIRED_STYLES: tuple[str, ...] = (
    "Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "List Bullet", "Header", "Footer",
    "Table Grid", "Table Text", "Table Heading", "Citation", "Cover Marking",
)
STATUS_FILLS = {"completed": "E2F0D9", "on_track": "DDEBF7", "behind": "FBE2D5", "not_started": "F2F2F2",
                "put_right": "E2F0D9", "partly_put_right": "FFF2CC", "not_put_right": "FBE2D5",
                "not_checked": "F2F2F2"}
KIND_HEADINGS = {"must_do": "Action the provider MUST take", "should_do": "Action the provider SHOULD take",
                 "area_for_improvement": "Areas for improvement", "recommendation": "Recommendations"}
PROPERTY_LIMIT = 255  # characters python-docx allows in a core property (title, subject, keywords ...)


class ExportError(CqcError):
    """The report could not be written (path, template)."""


class TemplateError(ExportError):
    """The Word template is unusable: not a .docx, or missing styles the report needs."""


@dataclass
class ExportOptions:
    evidence_appendix: bool = True
    redact: bool = False
    draft: bool = False
    final: bool = False          # asked for a final report: refused (NotFinal) while anything is unagreed or empty
    template: Path | None = None
    marking: str | None = None


# ----------------------------------------------------------------------------- small helpers


def _text_colour(fill: str | None) -> RGBColor:
    if not fill or len(fill) != 6:
        return RGBColor(0, 0, 0)
    r, g, b = (int(fill[i:i + 2], 16) for i in (0, 2, 4))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return RGBColor(0, 0, 0) if luminance > 150 else RGBColor(0xFF, 0xFF, 0xFF)


def _natural(text: str) -> list:
    """Sort key putting '2. x' before '10. y'."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part.lower()) for part in re.split(r"(\d+)", text)]


# ----------------------------------------------------------------------------- template and path checks


def _template_path(options: ExportOptions) -> Path:
    return Path(options.template) if options.template else report_templates_dir() / "base.docx"


def open_template(path: Path) -> docx.document.Document:
    shown = display_path(path)
    if not path.exists():
        raise TemplateError(f"template {shown} does not exist")
    if path.is_dir():
        raise TemplateError(f"template {shown} is a folder; give a Word .docx file")
    if not zipfile.is_zipfile(path):
        raise TemplateError(f"template {shown} is not a Word .docx file (save it from Word as .docx; "
                            ".dotx templates are not supported)")
    try:
        doc = docx.Document(str(path))
    except Exception as exc:  # noqa: BLE001 - python-docx raises several kinds here
        raise TemplateError(f"template {shown} cannot be opened as a Word .docx file: {exc}") from None
    present = {s.name for s in doc.styles}
    missing = [name for name in REQUIRED_STYLES if name not in present]
    if missing:
        raise TemplateError(f"template {shown} lacks the style(s) {', '.join(repr(m) for m in missing)}; "
                            "add them in Word (docs/report.md lists what each is for) or start from "
                            "templates/report/base.docx")
    return doc


def check_output_path(out: Path) -> None:
    """Refuse a report path that cannot or must not be written (folder, link, device, no permission)."""
    output_file.check_output_path(out, "report.docx", ExportError)


# ----------------------------------------------------------------------------- readiness


def readiness_summary(session, limit: int = 12) -> list[str]:
    """Short lines on what is missing before export: unrated cells, KLOEs without evidence, empty
    sections. Uses cqc_tui.core.readiness when installed (grouped so the list stays short)."""
    try:
        readiness = importlib.import_module("cqc_tui.core.readiness")  # optional, written separately
    except ImportError:
        readiness = None
    lines: list[str] = []
    with session.reading():
        lines = []
        if readiness is not None and hasattr(readiness, "check"):
            try:
                lines = _condense(session, readiness.check(session), limit)
            except Exception as exc:  # noqa: BLE001 - a fault in the checks must not stop an export
                lines = [f"warning: the readiness check failed ({type(exc).__name__}: {exc}); "
                         "showing the basic checks"] + _fallback_readiness(session)
        else:
            lines = _fallback_readiness(session)
    review = session.review
    rt = session.review_type
    if rt is None:
        why = [str(p) for p in session.workspace.review_types.unusable
               if f"{review.review_type}.yaml" in str(p.path)]
        lines.insert(0, f"warning: review type '{review.review_type}' is not installed"
                        + (f" ({why[0]})" if why else "") + "; the report uses the default section list")
    wanted = {s.id for s in rt.sections} if rt else set()
    for key in ("background", "context", "summary", "maturity"):
        if key in wanted and not section_text(review, key).strip() and \
                not any(key in ln for ln in lines):
            lines.append(f"info: the report's '{key}' section has no text (review.sections.{key})")
    lines += [f"warning: {line}" for line in figure_warnings(review.counts, session.notes())]
    if review.status not in ("final", "archived"):
        lines.append(f"info: review status is '{review.status}': the report is marked DRAFT until it is final")
    return lines


def _condense(session, findings, limit: int) -> list[str]:
    """Group readiness findings: evidence gaps per scope unit as one line of codes, the rest one
    line each up to `limit` per severity, then a count of what was left out."""
    units = {u.id: u.label for u in session.scope_units()}
    gaps: dict[str, list[str]] = defaultdict(list)
    out: list[str] = []
    shown: Counter = Counter()
    hidden: Counter = Counter()
    for f in findings:
        sev = getattr(f, "severity", "") or "info"
        code = getattr(f, "code", "")
        refs = getattr(f, "refs", {}) or {}
        if code == "no_evidence" and refs.get("line"):
            gaps[refs.get("scope_unit", "")].append(str(refs["line"]))
            continue
        if shown[sev] >= limit:
            hidden[sev] += 1
            continue
        shown[sev] += 1
        out.append(f"{sev}: {getattr(f, 'message', str(f))}")
    label = session.framework.line_label
    for unit, codes in gaps.items():
        where = units.get(unit, "the review") if unit else "the review"
        shown_codes = ", ".join(codes[:25]) + (f" and {len(codes) - 25} more" if len(codes) > 25 else "")
        out.append(f"warning: no evidence for {len(codes)} {label}(s) in {where}: {shown_codes}")
    for sev, n in hidden.items():
        out.append(f"{sev}: ... and {n} more ('cqc-tui status' lists them all)")
    return out


def _fallback_readiness(session) -> list[str]:
    out: list[str] = []
    fw = session.framework
    review = session.review
    rt = session.review_type
    units = session.scope_units()
    rated = bool(fw.rated and (rt is None or rt.rated))
    if rated:
        have = session.rated_pairs(include_carried_forward=True)
        kqs = [kq for kq in fw.key_questions if kq.level == "unit"]
        for u in units:
            if not u.inspected and any((u.id, kq.code) in have for kq in kqs):
                continue
            missing = [kq.label for kq in kqs if (u.id, kq.code) not in have]
            if missing:
                out.append(f"error: unrated: {u.label}: {', '.join(missing)}")
        missing_top = [kq.label for kq in fw.key_questions if ("", kq.code) not in have]
        if ("", OVERALL) not in have:
            missing_top.append("Overall")
        if missing_top:
            out.append(f"error: unrated at provider level: {', '.join(missing_top)}")
    cov = session.coverage()
    bare = [ln.code for ln in fw.lines() if (ln.code, "*") not in cov]
    if bare:
        shown = ", ".join(bare[:30]) + (f" and {len(bare) - 30} more" if len(bare) > 30 else "")
        out.append(f"warning: no evidence for {len(bare)} {fw.line_label}(s): {shown}")
    return out


# ----------------------------------------------------------------------------- the report


class ReportBuilder(ReferencesMixin, ReviewTypeSectionsMixin):
    """Writes one review's report into a document opened from the template (see `build`)."""

    def __init__(self, session, doc, options: ExportOptions, progress: Progress | None):
        self.s = session
        self.doc = doc
        self.opts = options
        self._progress = progress
        # Read everything once, under the store's write lock when it has one: the TUI exports from
        # a worker thread while the inspector may still be saving notes.
        with session.reading():
            self.review = session.review
            self.fw = session.framework
            self.rt = session.review_type
            self.scale = self.fw.rating_scale
            self.units = session.scope_units()
            self.members = session.members()
            self.notes = session.notes()
            self.findings = sorted(session.records("findings"), key=lambda f: (f.order, f.created, f.id))
            self.recs = sorted(session.records("recommendations"), key=lambda r: (r.order, r.created, r.id))
            self.actions = sorted(session.records("actions"), key=lambda a: (a.section, a.created, a.id))
            self.plan_summary = ActionPlan.of(session).summary()  # each action's status in the current round
            self.enforcement = sorted(session.records("enforcement"), key=lambda e: (e.date, e.created, e.id))
            self.scores = list(session.records("scores"))
            self._grid: GridView | None = printed_grid(session)
        # No string of any record reaches the document with a character XML 1.0 forbids
        self.review = xml_safe_record(self.review)
        self.units, self.members, self.notes = (xml_safe_records(self.units), xml_safe_records(self.members),
                                                xml_safe_records(self.notes))
        self.findings, self.recs, self.actions = (xml_safe_records(self.findings), xml_safe_records(self.recs),
                                                  xml_safe_records(self.actions))
        self.enforcement, self.scores = xml_safe_records(self.enforcement), xml_safe_records(self.scores)
        self.unit_by_id = {u.id: u for u in self.units}
        self.note_by_id = {n.id: n for n in self.notes}
        self.kq_label = {kq.code: kq.label for kq in self.fw.key_questions}
        self.kq_label[OVERALL] = "Overall"
        self.toc: list[tuple[int, str]] = []
        self._styles: dict[str, object] = {}
        self.marking = clean(options.marking or self.review.marking or "OFFICIAL-SENSITIVE").strip()
        self.is_draft = not wants_final(self.review.status, options.draft, options.final)
        self.references: list[tuple[str, str, tuple[str, ...]]] = []  # (place, what, note ids)
        records = [*self.notes, *self.findings, *self.recs, *self.actions, *self.enforcement, *self.scores,
                   *session.records("ratings")]
        self.redact = review_redactor(self.review, self.members, records) if options.redact else (lambda t: t)
        self._author_cache: dict[str, str] = {}
        self._member_keys: dict[str, object] = {}
        for m in self.members:
            parts = [re.sub(r"[^a-z]", "", p) for p in m.name.lower().split()]
            parts = [p for p in parts if p]
            keys = {m.name.lower(), (m.initials or "").lower()}
            if parts:
                first, last = parts[0], parts[-1]
                keys |= {first, first + last, f"{first}.{last}", f"{first}_{last}", first[0] + last,
                         f"{first[0]}.{last}", "".join(parts)}
            for k in keys:
                if k:
                    self._member_keys.setdefault(k, m)

    # -- plumbing --------------------------------------------------------------------------

    def progress(self, fraction: float, message: str) -> None:
        if self._progress is not None:
            self._progress(max(0.0, min(1.0, fraction)), message)

    def style(self, name: str):
        st = self._styles.get(name)
        if st is None:
            st = self._styles[name] = self.doc.styles[name]
        return st

    def set_style(self, paragraph, name: str) -> None:
        """paragraph.style = name, without python-docx's slow lookup of the default style."""
        paragraph._p.get_or_add_pPr().style = self.style(name).style_id

    def para(self, text: str = "", style: str | None = None, bold: bool = False, italic: bool = False):
        p = self.doc.add_paragraph()
        if style:
            self.set_style(p, style)
        if text:
            add_text(p, clean(text), bold=bold, italic=italic)
        return p

    def heading(self, text: str, level: int):
        p = self.doc.add_paragraph()
        add_text(p, clean(text))
        self.set_style(p, f"Heading {level}")
        if level <= 2:
            self.toc.append((level, clean(text)))
        return p

    def text_blocks(self, text: str, redact: bool = True) -> None:
        """Free text as paragraphs: each line is a paragraph (blank lines are just spacing); lines
        starting '- ', '* ' or a bullet become bulleted items."""
        text = self.redact(text) if redact else text
        bullet = re.compile(r"^\s*[-*\u2022]\s+")
        for ln in clean(text).split("\n"):
            if not ln.strip():
                continue
            if bullet.match(ln):
                self.para(bullet.sub("", ln), "List Bullet")
            else:
                self.para(ln.strip())

    def nothing(self, text: str) -> None:
        self.para(text, italic=True)

    def draft_mark(self, text: str, paragraph=None):
        """A place a final report could not print, marked in a draft: 'DRAFT: ...' in bold on yellow."""
        p = paragraph if paragraph is not None else self.para()
        run = p.add_run(clean(("DRAFT: " if paragraph is None else " DRAFT: ") + text))
        run.bold = True
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        return p

    @property
    def default_plan(self) -> bool:
        """True when the review type is unknown and the default section list is in use: then
        sections with nothing recorded are left out rather than stated empty."""
        return self.rt is None or not self.rt.sections

    def table(self, header: list[str], rows: list[list[str]], widths_cm: list[float] | None = None,
              fills: dict[tuple[int, int], str] | None = None):
        self._keep_intro_with_next()
        t = self.doc.add_table(rows=1, cols=len(header))
        t.style = self.style("Table Grid")
        t.alignment = WD_TABLE_ALIGNMENT.LEFT
        hdr = t.rows[0]
        set_repeat_header(hdr)
        for i, h in enumerate(header):
            cell = hdr.cells[i]
            self.set_style(cell.paragraphs[0], "Table Heading")
            cell.paragraphs[0].add_run(clean(h))
            set_cell_shading(cell, "E7E3EF")
        for r_i, row in enumerate(rows):
            new_row = t.add_row()
            set_cant_split(new_row)
            cells = new_row.cells
            for c_i, value in enumerate(row):
                cell = cells[c_i]
                self.set_style(cell.paragraphs[0], "Table Text")
                value = clean(value)
                if value:
                    add_text(cell.paragraphs[0], value)
                if fills and (r_i, c_i) in fills:
                    set_cell_shading(cell, fills[(r_i, c_i)])
        if len(rows) <= 15:  # keep a short table on one page: every row but the last keeps with the next
            for row in t.rows[:-1]:
                for cell in row.cells:
                    cell.paragraphs[0].paragraph_format.keep_with_next = True
        if not widths_cm:
            widths_cm = [17.0 / len(header)] * len(header)
        t.autofit = False
        set_column_widths(t, [int(w * 567) for w in widths_cm])
        self.doc.add_paragraph()
        return t

    def _keep_intro_with_next(self) -> None:
        """The paragraph just before a table (an intro line or a heading) stays on its page."""
        body = self.doc.element.body
        last = body[-1] if len(body) else None
        if last is not None and last.tag == qn("w:sectPr"):
            last = last.getprevious()
        if last is not None and last.tag == qn("w:p"):
            last.get_or_add_pPr().keepNext_val = True

    def author(self, name: str) -> str:
        """How an author is shown: the member's name (or, redacted, initials and role)."""
        if name in self._author_cache:
            return self._author_cache[name]
        member = self._member_keys.get((name or "").strip().lower())
        if self.opts.redact:
            if member is not None:
                shown = (member.initials or initials(member.name)) + (f" ({member.role})" if member.role else "")
            else:
                shown = initials(name) if name else ""
        else:
            shown = member.name if member is not None else (name or "")
        self._author_cache[name] = shown
        return shown

    def unit_label(self, unit_id: str) -> str:
        u = self.unit_by_id.get(unit_id)
        return u.label if u else ""

    def location_name(self, location_id: str) -> str:
        """The name of one of the review's locations (sites), or its id if it has no name."""
        if not location_id:
            return ""
        for loc in self.review.locations:
            if isinstance(loc, dict) and loc.get("id") == location_id:
                return str(loc.get("name") or location_id)
        return location_id

    @property
    def rated(self) -> bool:
        return bool(self.fw.rated and self.scale and (self.rt is None or self.rt.rated))

    @property
    def grid(self) -> GridView:
        if self._grid is None:
            self._grid = printed_grid(self.s) or GridView([], [])
        return self._grid

    # -- driving ---------------------------------------------------------------------------

    def sections(self):
        return report_plan(self.rt)

    def build(self) -> None:
        self.header_footer()
        plan = self.sections()
        toc_anchor = None
        n = len(plan)
        for i, (sid, title, opts) in enumerate(plan):
            self.progress(0.02 + 0.25 * i / max(n, 1), f"writing {title or sid}")
            if sid == "contents":
                toc_anchor = self.contents(title)
                continue
            if sid == "evidence_log":
                if self.opts.evidence_appendix and self.notes:
                    self.evidence_log(title)
                    if i < n - 1:  # more sections follow the landscape appendix: back to portrait
                        back = self.doc.add_section(WD_SECTION.NEW_PAGE)
                        back.orientation = WD_ORIENT.PORTRAIT
                        if back.page_width > back.page_height:
                            back.page_width, back.page_height = back.page_height, back.page_width
                continue
            handler = getattr(self, f"s_{sid}", None)
            if handler is None:
                self._text_section(sid, title or pretty_key(sid))
                continue
            handler(title, opts)
        if toc_anchor is not None:
            self.fill_toc(toc_anchor)
        set_update_fields(self.doc)
        props = self.doc.core_properties
        # python-docx refuses a core property over 255 characters (a long title or marking)
        props.title = clean(self.review.title)[:PROPERTY_LIMIT]
        props.subject = clean(self.review.provider)[:PROPERTY_LIMIT]
        props.author = "cqc-tui"
        props.comments = f"{self.marking[:PROPERTY_LIMIT - 8]}; {'DRAFT' if self.is_draft else 'FINAL'}"
        props.keywords = self.marking[:PROPERTY_LIMIT]
        props.last_modified_by = "cqc-tui"
        props.created = props.modified = datetime.now(timezone.utc).replace(microsecond=0, tzinfo=None)
        props.revision = 1

    def header_footer(self) -> None:
        section = self.doc.sections[0]
        state = "DRAFT" if self.is_draft else "FINAL"
        header = section.header
        paras = header.paragraphs
        for extra in paras[1:]:
            extra._p.getparent().remove(extra._p)
        hp = paras[0] if paras else header.add_paragraph()
        for r in list(hp.runs):
            r._r.getparent().remove(r._r)
        hp.style = self.style("Header")
        hp.add_run(clean(f"{self.review.title} | {self.marking} | {state}"))
        footer = section.footer
        fparas = footer.paragraphs
        for extra in fparas[1:]:
            extra._p.getparent().remove(extra._p)
        fp = fparas[0] if fparas else footer.add_paragraph()
        for child in list(fp._p):
            if child is not fp._p.pPr:
                fp._p.remove(child)
        fp.style = self.style("Footer")
        fp.add_run(clean(f"{self.marking}    Page "))
        add_field(fp, "PAGE", "1")
        fp.add_run(" of ")
        add_field(fp, "NUMPAGES", "1")

    # -- sections --------------------------------------------------------------------------

    def s_cover(self, title, opts) -> None:
        r = self.review
        self.para(r.title, "Title")
        if r.provider:
            self.para(r.provider, "Subtitle")
        rows = []
        if r.provider_kind:
            rows.append(("Type of provider", r.provider_kind[:1].upper() + r.provider_kind[1:]))
        rows.append(("Type of review", self.rt.label if self.rt else pretty_key(r.review_type)))
        if r.start_date or r.end_date:
            rows.append(("Fieldwork", date_range(r.start_date, r.end_date)))
        if r.report_date:
            rows.append(("Report date", long_date(r.report_date)))
        rows.append(("Framework", f"{self.fw.title} (version {r.framework_version})"))
        locs = [loc.get("name", "") for loc in r.locations if isinstance(loc, dict) and loc.get("name")]
        if locs:
            rows.append(("Locations", "; ".join(locs)))
        for label, value in rows:
            p = self.para()
            p.add_run(clean(label) + ": ").bold = True
            p.add_run(clean(value))
        overall, whose = self._headline_rating()
        if overall is not None and overall.code:
            p = self.para()
            p.paragraph_format.space_before = Pt(12)
            lead = p.add_run(clean(f"Overall rating{' for ' + whose if whose else ''}: "))
            lead.bold = True
            lead.font.size = Pt(13)
            badge = p.add_run(clean(f"\u00a0{overall.label}\u00a0"))
            badge.bold = True
            badge.font.size = Pt(13)
            if overall.colour:
                badge.font.color.rgb = _text_colour(overall.colour)
                set_run_shading(badge, overall.colour)
            if overall.unagreed:
                self.draft_mark("proposed by the aggregation rules, not yet agreed by the team", p)
            elif overall.previous_label and overall.previous != overall.code:
                when = f", {month_year(overall.previous_on)}" if overall.previous_on else ""
                p.add_run(clean(f" (previously {overall.previous_label}{when})"))
        self.para(self.marking, "Cover Marking")
        self.para("DRAFT - not for publication" if self.is_draft else "FINAL", "Cover Marking")
        if self.opts.redact:
            self.para("Names and personal details in quoted evidence have been redacted.", italic=True)
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def _headline_rating(self):
        """The overall rating the cover shows, and whose it is ('' for the provider): the provider's
        when the review rated the provider, else the one scope unit's a focused review rated."""
        if not self.rated:
            return None, ""
        keys = [row.key for row in self.grid.rows]
        if "" in keys:
            return self.grid.cell("", OVERALL), ""
        units = [row for row in self.grid.rows if row.key in self.unit_by_id]
        if len(units) == 1:
            return units[0].cells.get(OVERALL), units[0].label
        return None, ""

    def contents(self, title: str):
        p = self.para(title or "Contents", "Subtitle")
        p.runs[0].bold = True
        anchor = self.doc.add_paragraph()
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        return anchor

    def fill_toc(self, anchor) -> None:
        ids = {}
        present = {s.name: s for s in self.doc.styles}
        for level in (1, 2):
            st = present.get(f"toc {level}") or present.get(f"TOC {level}")
            ids[level] = st.style_id if st is not None else None
        for p in toc_paragraphs(self.toc, ids):
            anchor._p.addprevious(p)
        anchor._p.getparent().remove(anchor._p)

    def s_background(self, title, opts) -> None:
        self.heading(title, 1)
        bg, scope = section_text(self.review, "background"), section_text(self.review, "scope")
        wrote = False
        if bg.strip():
            if scope.strip():
                self.heading("Background", 2)
            self.text_blocks(bg)
            wrote = True
        if scope.strip() or self.units:
            self.heading("Scope", 2)
            if scope.strip():
                self.text_blocks(scope)
            if self.units:
                plural = (self.rt.scope_unit_plural if self.rt else "Scope units").lower()
                self.para(f"The {plural} in scope were:")
                for u in self.units:
                    extra = "" if u.inspected else " (not inspected this time)"
                    self.para(u.label + extra, "List Bullet")
            wrote = True
        if not wrote or not (bg.strip() or scope.strip()):
            self.draft_or_gap("the background and scope are not written yet")

    def s_team(self, title, opts) -> None:
        self.heading(title, 1)
        if not self.members:
            self.draft_or_gap("no team members are recorded")
            return
        redact = self.opts.redact
        has_org = any(m.organisation for m in self.members)
        header = ["Name", "Role"] + (["Organisation"] if has_org else [])
        rows = []
        for m in self.members:
            name = (m.initials or initials(m.name)) if redact else m.name
            rows.append([name, m.role] + ([m.organisation] if has_org else []))
        if redact:
            self.para("Team members are shown by their initials in this redacted report.")
        self.table(header, rows, [5.5, 6.0, 5.5] if has_org else [7.0, 10.0])

    def s_method(self, title, opts) -> None:
        """The team's account of its method, then the figures the team stated (their own labels and
        numbers: the one source of every figure; tallies of notes are in the evidence appendix)."""
        self.heading(title, 1)
        text = section_text(self.review, "method")
        if text.strip():
            self.text_blocks(text)
        else:
            self.draft_or_gap("how the review was carried out is not written yet")
        counts = self.review.counts or {}
        if counts:
            self.table(["", "Number"], [[count_label(k), str(v)] for k, v in counts.items()], [11.0, 6.0])

    def _text_section(self, sid: str, title: str) -> None:
        """A narrative section: the team's text under its heading (a draft marks it when empty; a
        section of the default plan with no text is left out)."""
        keys = narrative_keys(sid) or (sid,)
        if self.default_plan and not narrative_written(self.review, sid):
            return
        self.heading(title, 1)
        for key in keys:
            text = section_text(self.review, key)
            if text.strip():
                self.text_blocks(text)
        if not narrative_written(self.review, sid):
            self.draft_or_gap(f"'{title}' is not written yet")

    def draft_or_gap(self, text: str) -> None:
        """Mark a gap in a draft. A final export never reaches one (the final gate refuses first)."""
        if self.is_draft:
            self.draft_mark(text)

    def s_context(self, title, opts) -> None:
        self._text_section("context", title)

    def s_maturity(self, title, opts) -> None:
        self._text_section("maturity", title)

    def _finding(self, f, show_where: bool = False, where: str = "") -> None:
        """One of the team's findings: its heading, its text; the notes it rests on go to the
        evidence appendix under `where` (the unit and key question, by default) and the heading."""
        context = where or ", ".join(b for b in (self.unit_label(f.scope_unit),
                                                 self.kq_label.get(f.key_question, "")) if b)
        heading = clean(self.redact(f.heading)).strip()
        where = ""
        if show_where:
            bits = [self.unit_label(f.scope_unit), self.kq_label.get(f.key_question, "")]
            where = " - ".join(b for b in bits if b)
        if heading:
            p = self.para()
            add_text(p, heading, bold=True)
            if where:
                p.add_run(f" ({where})").italic = True
            p.paragraph_format.keep_with_next = True
        elif where:
            self.para(where, italic=True).paragraph_format.keep_with_next = True
        if f.text.strip():
            self.text_blocks(f.text)
        self.refer(": ".join(b for b in (context, heading) if b) or "Summary of findings", f.note_ids)

    def s_summary(self, title, opts) -> None:
        self.heading(title, 1)
        text = section_text(self.review, "summary")
        general = [f for f in self.findings if f.kind == "finding" and not f.key_question and not f.scope_unit]
        if text.strip():
            self.text_blocks(text)
        for f in general:
            self._finding(f)
        if not text.strip() and not general:
            self.draft_or_gap("the summary of findings is not written yet")

    # ratings ---------------------------------------------------------------------------------

    def _cell_lines(self, cell, show_previous: bool, per_cell_dates: bool) -> list[str]:
        mark = " *" if cell.carried else ""
        lines = [cell.label + mark] if cell.code else ["Not rated"]
        if cell.unagreed:
            lines.append("DRAFT: not agreed")
        when = f" ({short_month_year(cell.previous_on)})" if cell.previous_on else ""
        if show_previous and cell.previous and cell.code:
            prev_rank = self.scale.rank(cell.previous) if self.scale else None
            cur_rank = self.scale.rank(cell.code) if self.scale else None
            if prev_rank is None or cur_rank is None or prev_rank == cur_rank:
                lines.append(f"= was {cell.previous_label}{when}")
            elif cur_rank > prev_rank:
                lines.append(f"\u2191 up from {cell.previous_label}{when}")
            else:
                lines.append(f"\u2193 down from {cell.previous_label}{when}")
        elif show_previous and cell.previous and not cell.code:
            lines.append(f"was {cell.previous_label}{when}")
        if cell.percent is not None and cell.code:
            lines.append(f"score {cell.percent:.0f}%")
        if cell.rated_on and cell.code and not cell.unagreed and (per_cell_dates or cell.carried):
            lines.append(short_month_year(cell.rated_on))
        return lines

    def s_ratings(self, title, opts) -> None:
        if not self.rated:
            return
        self.heading(title, 1)
        grid = self.grid
        rows = [r for r in grid.rows if r.cells]
        if not rows:
            self.draft_or_gap("no ratings are agreed yet")
            return
        show_previous = bool(opts.get("show_previous")) or any(
            c.previous for r in rows for c in r.cells.values())
        dates = {c.rated_on for r in rows for c in r.cells.values()
                 if c.code and c.rated_on and not c.carried and not c.unagreed}
        per_cell_dates = bool(opts.get("dated_cells")) or len(dates) > 1
        cols = grid.columns
        self._keep_intro_with_next()
        t = self.doc.add_table(rows=1, cols=len(cols) + 1)
        t.style = self.style("Table Grid")
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        set_repeat_header(t.rows[0])
        first_w = 3.8
        other_w = (17.0 - first_w) / len(cols)
        hdr = t.rows[0].cells
        for i, name in enumerate([self.rt.scope_unit_label if self.rt else ""] + [c[1] for c in cols]):
            self.set_style(hdr[i].paragraphs[0], "Table Heading")
            hdr[i].paragraphs[0].add_run(clean(name))
            set_cell_shading(hdr[i], "E7E3EF")
        for row in rows:
            cells = t.add_row().cells
            self.set_style(cells[0].paragraphs[0], "Table Heading" if row.key == "" else "Table Text")
            cells[0].paragraphs[0].add_run(clean(row.label))
            for j, (code, _) in enumerate(cols, start=1):
                cell = row.cells.get(code)
                para = cells[j].paragraphs[0]
                self.set_style(para, "Table Text")
                para.alignment = 1
                set_cell_valign(cells[j])
                if cell is None:
                    para.add_run("-")
                    continue
                lines = self._cell_lines(cell, show_previous, per_cell_dates)
                colour = cell.colour if cell.code else None
                ink = _text_colour(colour)
                run = para.add_run(clean(lines[0]))
                run.bold = True
                run.font.size = Pt(8)
                if colour:
                    run.font.color.rgb = ink
                    set_cell_shading(cells[j], colour)
                for extra in lines[1:]:
                    run.add_break()
                    r2 = para.add_run(clean(extra))
                    r2.font.size = Pt(7.5)
                    if colour:
                        r2.font.color.rgb = ink
                    run = r2
        for k, trow in enumerate(t.rows):
            set_cant_split(trow)
            if k < len(t.rows) - 1 and len(t.rows) <= 20:  # keep the grid on one page
                for c in trow.cells:
                    c.paragraphs[0].paragraph_format.keep_with_next = True
        t.autofit = False
        set_column_widths(t, [int(first_w * 567)] + [int(other_w * 567)] * len(cols))
        self.doc.add_paragraph()
        self._legend()
        notes = []
        if dates and not per_cell_dates:
            notes.append(f"Ratings from this review were agreed on {long_date(next(iter(dates)))}.")
        if any(c.carried for r in rows for c in r.cells.values()):
            notes.append("* Carried forward from an earlier inspection (not inspected this time), with the date "
                         "it was set.")
        if any(c.unagreed for r in rows for c in r.cells.values()):
            notes.append("DRAFT: cells so marked show a rating given by the scores or the aggregation rules "
                         "that the team has not agreed.")
        if per_cell_dates:
            notes.append("Each cell shows the month its rating was agreed.")
        if show_previous and any(c.previous for r in rows for c in r.cells.values()):
            notes.append("Arrows show the change from the previous rating, with the month it was set.")
        if grid.source.startswith("records ("):
            notes.append("Ratings are shown as the team recorded them: " + grid.source[len("records ("):-1] + ".")
        for n in notes:
            self.para(n, "Citation")
        departures = [(r, code, c) for r in rows for code, c in r.cells.items()
                      if c.departure_reason or (c.proposed and c.proposed != c.code)]
        if departures:
            self.heading("Where the team departed from the usual aggregation", 2)
            for r, code, c in departures:
                what = f"{r.label}, {self.kq_label.get(code, code)}: {c.label}"
                if c.proposed_label:
                    what += f" (the rules give {c.proposed_label})"
                self.para(what + (f". {self.redact(c.departure_reason)}" if c.departure_reason else "."), "List Bullet")
        if self.fw.scoring is not None:
            self._scores()

    def _scores(self) -> None:
        """Scored frameworks: each quality statement's score, per scope unit (and the provider)."""
        sc = self.fw.scoring
        method = self.grid.scoring_method
        by_category = method == "per_evidence_category" if method else None
        labels = dict(sc.scores)
        cats = dict(self.fw.evidence_categories)
        grouped: dict[tuple[str, str], dict] = defaultdict(dict)
        for rec in sorted(self.scores, key=lambda r: (r.updated, r.rev)):
            if by_category is not None and bool(rec.evidence_category) != by_category:
                continue
            grouped[(rec.scope_unit, rec.line)][rec.evidence_category] = rec.score
        if not grouped:
            return
        self.heading("Quality statement scores", 2)
        meth = next((m.label for m in sc.methods if m.id == method), method or "")
        if meth:
            self.para(f"Scoring method: {meth}. Scores: " +
                      "; ".join(f"{v} {label.lower()}" for v, label in sc.scores) + ".", "Citation")
        order = {ln.code: i for i, ln in enumerate(self.fw.lines())}
        for unit_id in [u.id for u in self.units] + [""]:
            keys = sorted((k for k in grouped if k[0] == unit_id), key=lambda k: order.get(k[1], 999))
            if not keys:
                continue
            self.heading(self.unit_label(unit_id) or self.review.provider or "Provider", 3)
            rows = []
            for _, code in keys:
                line = self.fw.line(code)
                scores = grouped[(unit_id, code)]
                kq = self.kq_label.get(line.key_question, "") if line else ""
                if "" in scores and len(scores) == 1:
                    shown = f"{scores['']} {labels.get(scores[''], '')}".strip()
                else:
                    parts = [f"{cats.get(c, c)} {v}" for c, v in scores.items() if c]
                    total = sum(v for c, v in scores.items() if c)
                    n = len([c for c in scores if c])
                    shown = "; ".join(parts) + (f" ({total}/{n * sc.max_score})" if n else "")
                rows.append([kq, f"{code} {line.title}" if line else code, shown])
            self.table(["Key question", "Quality statement", "Score"], rows, [3.0, 7.5, 6.5])

    def _legend(self) -> None:
        if not self.scale:
            return
        items = [r for r in self.scale.ratings if r.colour]
        if not items:
            return
        self._keep_intro_with_next()
        t = self.doc.add_table(rows=1, cols=len(items) + 1)
        t.style = self.style("Table Grid")
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        cells = t.rows[0].cells
        self.set_style(cells[0].paragraphs[0], "Table Heading")
        cells[0].paragraphs[0].add_run("Key")
        set_cell_valign(cells[0])
        for i, r in enumerate(items, start=1):
            para = cells[i].paragraphs[0]
            self.set_style(para, "Table Text")
            para.alignment = 1
            run = para.add_run(clean(r.label))
            run.bold = True
            run.font.size = Pt(8)
            run.font.color.rgb = _text_colour(r.colour)
            set_cell_shading(cells[i], r.colour)
            set_cell_valign(cells[i])
        set_column_widths(t, [int(2.0 * 567)] + [int(15.0 / len(items) * 567)] * len(items))
        self.doc.add_paragraph()

    # findings by unit and key question -------------------------------------------------------

    def _unit_kqs(self):
        return [kq for kq in self.fw.key_questions if kq.level == "unit"]

    def _rating_line(self, unit_id: str, kq_code: str, where: str = "") -> None:
        """'Rating: Good (previously ...)' with the team's rationale; its notes go to the appendix."""
        if not self.rated:
            return
        cell = self.grid.cell(unit_id, kq_code)
        if cell is None or not cell.code:
            return
        p = self.para()
        p.paragraph_format.keep_with_next = True
        p.add_run("Rating: ").bold = True
        badge = p.add_run(clean(f"\u00a0{cell.label}\u00a0"))
        badge.bold = True
        if cell.colour:
            badge.font.color.rgb = _text_colour(cell.colour)
            set_run_shading(badge, cell.colour)
        extra = []
        if cell.carried:
            extra.append("carried forward" + (f" from {month_year(cell.rated_on)}" if cell.rated_on else ""))
        if cell.previous_label and cell.previous != cell.code:
            extra.append(f"previously {cell.previous_label}"
                         + (f", {month_year(cell.previous_on)}" if cell.previous_on else ""))
        if extra:
            p.add_run(clean(" (" + "; ".join(extra) + ")"))
        if cell.unagreed:
            self.draft_mark("proposed by the aggregation rules, not agreed by the team", p)
        if cell.rationale.strip():
            self.text_blocks(cell.rationale)
        self.refer(f"{where or self.unit_label(unit_id)}: rating", cell.note_ids)
        if cell.departure_reason.strip():
            self.para("Departure from the usual aggregation: " + self.redact(cell.departure_reason), italic=True)

    def s_units(self, title, opts) -> None:
        """For each scope unit, each key question the review looked at: the rating, its rationale and
        the team's findings. Nothing the team did not write is printed; a draft marks the gaps."""
        self.heading(title, 1)
        kqs = self._unit_kqs()
        inspected = [u for u in self.units if u.inspected]
        slots = unit_slots(inspected, kqs, self.findings, self.notes, self.grid if self.rated else None)
        whole = [f for f in self.findings if f.kind == "finding" and f.scope_unit and not f.key_question]
        for u in self.units:
            if not u.inspected:
                continue
            own = [slot for slot in slots if slot.unit is u and (slot.written or slot.missing)]
            general = [f for f in whole if f.scope_unit == u.id]
            if not own and not general:
                continue
            self.heading(u.label, 2)
            for f in general:
                self._finding(f, where=u.label)
            for slot in own:
                self._slot(slot, 3)
        if not self.units:
            for slot in slots:
                if slot.written or slot.missing:
                    self._slot(slot, 2)
        carried = [u for u in self.units if not u.inspected]
        if carried and self.rated:
            self.heading(f"{self.rt.scope_unit_plural if self.rt else 'Scope units'} not inspected this time", 2)
            for u in carried:
                p = self.para(u.label, bold=True)
                p.paragraph_format.keep_with_next = True
                for kq in kqs:
                    self._rating_line_compact(u.id, kq)
                overall = self.grid.cell(u.id, OVERALL)
                if overall is not None and overall.code:
                    self.para(f"Overall: {overall.label}" + (f" ({month_year(overall.rated_on)})"
                                                              if overall.rated_on else ""), "List Bullet")
        if not any(s.id == "provider_level" for s in (self.rt.sections if self.rt else ())):
            across = [(kq, [f for f in self.findings if f.kind == "finding" and not f.scope_unit
                            and f.key_question == kq.code]) for kq in kqs]
            if any(fs for _, fs in across):
                self.heading(f"Across {self.review.provider or 'the whole review'}", 2)
                for kq, fs in across:
                    if fs:
                        self.heading(kq.label, 3)
                        for f in fs:
                            self._finding(f)
        if not any(slot.looked_at or slot.written for slot in slots) and not carried \
                and not any(f.kind == "earlier_finding" for f in self.findings):
            self.draft_or_gap("no findings are written yet")

    def _slot(self, slot, level: int) -> None:
        uid = slot.unit.id if slot.unit is not None else ""
        self.heading(slot.key_question.label, level)
        self._rating_line(uid, slot.key_question.code, where=slot.where)
        for f in slot.findings:
            self._finding(f, where=slot.where)
        if not slot.written:
            self.draft_or_gap(f"no finding is written yet for {slot.where}")

    def _rating_line_compact(self, unit_id, kq) -> None:
        cell = self.grid.cell(unit_id, kq.code) if self.rated else None
        if cell is not None and cell.code:
            when = f" ({month_year(cell.rated_on)})" if cell.rated_on else ""
            self.para(f"{kq.label}: {cell.label}{when}", "List Bullet")

    def s_review_level(self, title, opts) -> None:
        """Review-level key questions (a local system's 'Is the system well led?'): the team's findings."""
        kqs = [kq for kq in self.fw.key_questions if kq.level == "review"]
        if not kqs:
            return
        self.heading(title, 1)
        for kq in kqs:
            if len(kqs) > 1:
                self.heading(kq.label, 2)
            fs = [f for f in self.findings if f.kind == "finding" and f.key_question == kq.code]
            for f in fs:
                self._finding(f, show_where=bool(f.scope_unit), where=kq.label)
            if not any(f.text.strip() or f.heading.strip() for f in fs):
                self.draft_or_gap(f"no finding is written yet for {kq.label}")

    def s_outstanding_practice(self, title, opts) -> None:
        items = [f for f in self.findings if f.kind == "outstanding_practice"]
        if not items:
            return
        self.heading(title, 1)
        for f in items:
            self._finding(f, show_where=True)

    def s_improvement(self, title, opts) -> None:
        """Recommendations by kind (must do, should do ...), then by organisation, or by scope unit
        when the review type asks (`group_by: scope_unit`: an NHS trust's must-dos by core service)."""
        if not self.recs:
            return
        self.heading(title, 1)
        by_unit = opts.get("group_by") == "scope_unit"
        kinds = self._rec_kinds()
        for kind in kinds:
            items = [r for r in self.recs if r.kind == kind]
            if len(kinds) > 1 or kind in ("must_do", "should_do"):
                self.heading(KIND_HEADINGS.get(kind, pretty_key(kind)), 2)
            key = (lambda r: self.unit_label(r.scope_unit) or self.review.provider) if by_unit else \
                (lambda r: r.owner)
            owners = list(dict.fromkeys(key(r) for r in items))
            for owner in owners:
                group = [r for r in items if key(r) == owner]
                if owner and (len(owners) > 1 or len(kinds) == 1 or by_unit):
                    self.heading(owner, 3)
                elif owner:
                    self.para(f"For {owner}:", italic=True).paragraph_format.keep_with_next = True
                for r in group:
                    number = self.rec_number[r.id]
                    p = self.para()
                    p.paragraph_format.left_indent = Cm(0.9)
                    p.paragraph_format.first_line_indent = Cm(-0.9)
                    p.paragraph_format.tab_stops.add_tab_stop(Cm(0.9))
                    p.add_run(f"{number}.\t").bold = True
                    add_text(p, clean(self.redact(r.text)))
                    meta = [bit for bit in (r.regulation, "" if by_unit else self.unit_label(r.scope_unit),
                                            self.kq_label.get(r.key_question, ""),
                                            f"due {long_date(r.due)}" if r.due else "") if bit]
                    if meta:
                        p.paragraph_format.keep_with_next = True  # the tag line stays with its text
                        m = self.para(" \u00b7 ".join(meta), "Citation")
                        m.paragraph_format.left_indent = Cm(0.9)

    def _rec_kinds(self) -> list[str]:
        kinds = [k for k in RECOMMENDATION_KINDS if any(r.kind == k for r in self.recs)]
        return kinds + sorted({r.kind for r in self.recs} - set(kinds))

    @property
    def rec_number(self) -> dict[str, int]:
        """One numbering of recommendations for the whole report: the order they are listed in
        (by kind, then owner, then their own order), used again by the action plan."""
        if getattr(self, "_rec_number", None) is None:
            ordered = []
            for kind in self._rec_kinds():
                items = [r for r in self.recs if r.kind == kind]
                for owner in dict.fromkeys(r.owner for r in items):
                    ordered += [r for r in items if r.owner == owner]
            self._rec_number = {r.id: i for i, r in enumerate(ordered, start=1)}
        return self._rec_number

    def s_enforcement(self, title, opts) -> None:
        if not self.enforcement:
            return
        self.heading(title, 1)
        agg = self.fw.aggregation
        rows = []
        for e in self.enforcement:
            lim = agg.limiter(e.kind) if agg else None
            kind = lim.label if lim else pretty_key(e.kind)
            place = self.unit_label(e.scope_unit) or self.location_name(e.location)
            where = " - ".join(b for b in (place, self.kq_label.get(e.key_question, "")) if b)
            rows.append([kind, where or "Provider", e.regulation, self.redact(e.text), short_date(e.date)])
        self.table(["Action", "Where", "Regulation", "Detail", "Date"], rows, [2.6, 3.4, 3.0, 5.8, 2.2])

    def s_action_plan(self, title, opts) -> None:
        """The plan the provider or the organisations wrote (action items): left out until there is
        one, never made up from the recommendations alone. The team's text on it comes first."""
        if not self.actions:
            return
        self.heading(title, 1)
        intro = section_text(self.review, "action_plan")
        if intro.strip():
            self.text_blocks(intro)
        by_rec: dict[str, list] = defaultdict(list)
        for a in self.actions:
            by_rec[a.recommendation].append(a)
        number = self.rec_number
        rnd = self.plan_summary.round
        state = {s.action.id: s for s in self.plan_summary.states}

        def action_line(a) -> str:
            note = state[a.id].note if a.id in state and rnd is not None else ""
            return self.redact(a.text) + (f"\nProgress: {self.redact(a.progress)}" if a.progress else "") \
                + (f"\n{rnd.label}: {self.redact(note)}" if note else "")

        def status_of(a) -> str:
            return state[a.id].status if a.id in state else a.status
        # items: (section, recommendation id or "", recommendation text, action text, owner, due, status)
        items: list[tuple] = []
        for r in sorted(self.recs, key=lambda rec: number[rec.id]):
            acts = by_rec.get(r.id, [])
            rec_text = f"{number[r.id]}. {self.redact(r.text)}"
            # A recommendation nobody has planned actions for yet is listed under the recommendations,
            # not as a made-up "not started" row of the plan.
            for a in acts:
                items.append((a.section or r.section, r.id, rec_text, action_line(a), a.owner or r.owner,
                              a.due or r.due, status_of(a)))
        for a in by_rec.get("", []) + [a for a in self.actions if a.recommendation and a.recommendation not in number]:
            items.append((a.section, "", "", action_line(a), a.owner, a.due, status_of(a)))
        order = [st for st in STATUS_ORDER if st != "superseded" or any(it[6] == st for it in items)]
        counts = Counter(it[6] for it in items)
        summary = ", ".join(f"{counts[st]} {ACTION_STATUSES[st].lower()}" for st in order if counts.get(st))
        what = "action" + ("s" if len(items) != 1 else "")
        when = f" as at {long_date(rnd.as_at)} ({self.redact(rnd.label)})" if rnd is not None else ""
        self.para(f"Progress{when}: {summary} ({len(items)} {what} in all).")
        sections = sorted(dict.fromkeys(it[0] for it in items), key=_natural)
        if len(sections) > 1:
            rows = []
            for sec in sections:
                c = Counter(it[6] for it in items if it[0] == sec)
                rows.append([sec or "Other"] + [str(c.get(st, 0)) for st in order] + [str(sum(c.values()))])
            rows.append(["Total"] + [str(counts.get(st, 0)) for st in order] + [str(len(items))])
            self.table(["Section"] + [ACTION_STATUSES[st] for st in order] + ["Total"], rows,
                       [17.0 - 2.0 * len(order) - 1.6] + [2.0] * len(order) + [1.6])
        has_action = any(it[3] for it in items)
        has_due = any(it[5] for it in items)
        names = ["Recommendation"] + (["Action"] if has_action else []) + ["Owner"] + (["Due"] if has_due else []) \
            + ["Status"]
        weights = {"Recommendation": 5.0, "Action": 4.8, "Owner": 2.9, "Due": 2.0, "Status": 2.2}
        total = sum(weights[n] for n in names)
        widths = [weights[n] * 17.0 / total for n in names]
        self._keep_intro_with_next()
        t = self.doc.add_table(rows=1, cols=len(names))
        t.style = self.style("Table Grid")
        set_repeat_header(t.rows[0])
        for cell, name in zip(t.rows[0].cells, names):
            self.set_style(cell.paragraphs[0], "Table Heading")
            cell.paragraphs[0].add_run(name)
            set_cell_shading(cell, "E7E3EF")
        ncols = len(names)
        for sec in sections:
            if sec and len(sections) > 1 or (sec and len(sections) == 1):
                row = t.add_row()
                merged = row.cells[0].merge(row.cells[ncols - 1])
                self.set_style(merged.paragraphs[0], "Table Heading")
                merged.paragraphs[0].add_run(clean(sec))
                set_cell_shading(merged, "F3F1F7")
            seen: set[str] = set()
            for it in (i for i in items if i[0] == sec):
                section, rec_id, rec_text, action, owner, due, status = it
                row = t.add_row()
                set_cant_split(row)
                cells = row.cells
                values = [rec_text] + ([action] if has_action else []) + [owner] + \
                    ([short_date(due)] if has_due else []) + [ACTION_STATUSES.get(status, status)]
                # No vertically merged cells: a merged cell continued on a new page shows blank. A
                # recommendation's later rows name it by number instead of repeating its text.
                if rec_id and rec_id in seen:
                    values[0] = f"{number[rec_id]}. (continued)"
                for j, (cell, value) in enumerate(zip(cells, values)):
                    self.set_style(cell.paragraphs[0], "Table Text")
                    if value:
                        add_text(cell.paragraphs[0], clean(value), italic=bool(j == 0 and rec_id in seen))
                set_cell_shading(cells[-1], STATUS_FILLS.get(status, "FFFFFF"))
                if rec_id:
                    seen.add(rec_id)
        t.autofit = False
        set_column_widths(t, [int(w * 567) for w in widths])
        self.doc.add_paragraph()

    def s_follow_up(self, title, opts) -> None:
        items = [f for f in self.findings if f.kind == "earlier_finding"]
        if not items:
            return
        self.heading(title, 1)
        counts = Counter(f.status or "not_checked" for f in items)
        self.para(f"{len(items)} earlier finding{'s' if len(items) != 1 else ''} followed up: "
                  + ", ".join(f"{counts[s]} {FOLLOW_UP_STATUSES[s].lower()}" for s in FOLLOW_UP_STATUSES
                              if counts.get(s)) + ".")
        rows, fills = [], {}
        for i, f in enumerate(items):
            status = f.status or "not_checked"
            where = self.unit_label(f.scope_unit)
            earlier = self.redact(f.heading) + (f"\n({where})" if where else "")
            found = self.redact(f.text)
            self.refer(f"{title}: " + ", ".join(b for b in (f.heading, where) if b), f.note_ids)
            rows.append([earlier, FOLLOW_UP_STATUSES.get(status, status), found])
            fills[(i, 1)] = STATUS_FILLS.get(status, "FFFFFF")
        self.table(["Earlier finding", "Status", "What we found"], rows, [5.5, 2.6, 8.9], fills)

    # evidence log ----------------------------------------------------------------------------

    def evidence_header(self) -> list[str]:
        return ["No.", "Date", "Author", self.fw.line_label,
                self.rt.scope_unit_label if self.rt else "Scope unit", "Source", "Polarity", "Text"]

    def evidence_rows(self, notes):
        """One tuple of cell texts per note (the benchmark builds its baseline from the same rows)."""
        unit_label = {u.id: u.label for u in self.units}
        kq_label = self.kq_label
        redact = self.redact
        author = self.author
        number = self.note_number
        for n in notes:
            src = SOURCE_TYPES.get(n.source, n.source)
            if n.quote:
                src += " (quote)"
            unit = unit_label.get(n.scope_unit, "")
            if n.place:
                place = redact(n.place)
                unit = f"{unit}\n{place}" if unit else place
            text = redact(n.text)
            if n.attachments:
                text += "\nAttached: " + ", ".join(f"{redact(str(a.get('name', '')))} ({a.get('kind', '')})"
                                                   for a in n.attachments)
            yield (str(number.get(n.id, "")), short_date(n.observed_at[:10]), author(n.author),
                   ", ".join(n.lines) if n.lines else kq_label.get(n.key_question, n.key_question),
                   unit, src, POLARITIES.get(n.polarity, n.polarity), text)

    def evidence_log(self, title: str) -> None:
        new = self.doc.add_section(WD_SECTION.NEW_PAGE)
        new.orientation = WD_ORIENT.LANDSCAPE
        w, h = new.page_width, new.page_height
        if w < h:
            new.page_width, new.page_height = h, w
        self.heading(title, 1)
        notes = sorted(self.notes, key=lambda n: (n.created, n.id))
        if not notes:
            self.nothing("No evidence notes are recorded in this review.")
            return
        intro = (f"All {len(notes)} evidence notes, oldest first, numbered as the evidence references cite "
                 "them.")
        if self.opts.redact:
            intro += " Names and personal details have been redacted; authors are shown by initials and role."
        self.para(intro).paragraph_format.keep_with_next = True
        styles = {s.name: s for s in self.doc.styles}
        grid_id = styles["Table Grid"].style_id
        text_id = styles["Table Text"].style_id
        head_id = styles["Table Heading"].style_id
        usable = (new.page_width - new.left_margin - new.right_margin) // 635  # EMU -> twips
        fixed = [650, 1100, 1500, 900, 2600, 1500, 950]
        widths = fixed + [max(2500, int(usable) - sum(fixed))]
        table = FastTable(grid_id, widths, text_id, head_id)
        anchor = self.doc.add_paragraph()
        anchor._p.addprevious(table.element)
        table.header(self.evidence_header())
        rows = self.evidence_rows(notes)

        total = len(notes)

        def step(done, _total):
            self.progress(0.3 + 0.55 * done / total, f"evidence log: {done} of {total} notes")

        table.rows(rows, step, total, bookmarks=(bookmark_name(n.id) for n in notes))


# ----------------------------------------------------------------------------- entry point


def export_review(session, out_path: Path, options: ExportOptions | None = None,
                  progress: Progress | None = None) -> Path:
    """Write the review's report to `out_path` (.docx). Checks the path and template first; writes a
    temporary file in the same folder and renames it, so a failure never leaves a partial file.
    A final report (asked for, or the review is final and no draft was asked for) is refused with
    NotFinal, listing every reason, while anything it would print is unagreed or unwritten."""
    options = options or ExportOptions()
    out = Path(out_path).expanduser()
    check_output_path(out)
    if wants_final(session.review.status, options.draft, options.final):
        if progress:
            progress(0.0, "checking the report can be final")
        problems = final_problems(session, explicit=options.final)
        if problems:
            raise NotFinal(problems)
    if progress:
        progress(0.0, "opening the template")
    doc = open_template(_template_path(options))
    builder = ReportBuilder(session, doc, options, progress)
    builder.build()
    if progress:
        progress(0.88, "saving")
    # The whole .docx is made in memory first: python-docx writes through a ZipFile, which a disk
    # failure mid-write leaves open (its later clean-up printed a traceback after the error line).
    buffer = io.BytesIO()
    doc.save(buffer)
    output_file.write_output(out, lambda fh: fh.write(buffer.getbuffer()), "report.docx", ExportError)
    if progress:
        progress(1.0, f"wrote {display_path(out)}")
    return out

"""The evidence behind the findings, kept out of the report's body: while the builder writes a
finding or a rating it records the notes it rests on (`refer`); the appendix section
`evidence_references` lists them under each finding as short, human references (the member's
initials, the date, the source, and the note's number in the evidence log), then the notes by
source type. `--no-evidence-appendix` leaves both appendices out.
"""

from __future__ import annotations

from collections import Counter

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from cqc_tui.core.model import SOURCE_TYPES
from cqc_tui.report.ooxml import bookmark_name, clean, run_xml
from cqc_tui.report.wording import initials_of, short_date


class ReferencesMixin:
    """Part of ReportBuilder: collects and prints evidence references."""

    def refer(self, where: str, note_ids) -> None:
        """Remember that the text just written under `where` ('place: what') rests on `note_ids`
        (unknown ids are dropped). Text at the same place resting on the same notes is listed once."""
        ids = tuple(i for i in note_ids if i in self.note_by_id)
        if not ids:
            return
        place, _, what = where.partition(": ")
        if self.references:
            last_place, last_what, last_ids = self.references[-1]
            if last_place == place and last_ids == ids:
                self.references[-1] = (place, f"{last_what}; {what}" if what else last_what, ids)
                return
        self.references.append((place, what, ids))

    @property
    def note_number(self) -> dict[str, int]:
        """Each note's number in the evidence log (oldest first, from 1)."""
        if getattr(self, "_note_number", None) is None:
            ordered = sorted(self.notes, key=lambda n: (n.created, n.id))
            self._note_number = {n.id: i for i, n in enumerate(ordered, start=1)}
        return self._note_number

    def member_initials(self, name: str) -> str:
        member = self._member_keys.get((name or "").strip().lower())
        if member is not None:
            return member.initials or initials_of(member.name)
        return initials_of(name or "")

    def note_reference(self, note) -> str:
        """'GP, 11 Jul 2023, care record review': initials, the day the evidence was observed, source."""
        source = SOURCE_TYPES.get(note.source, note.source)
        source = source[:1].lower() + source[1:]
        when = getattr(note, "observed_at", "") or note.created
        return ", ".join(p for p in (self.member_initials(note.author), short_date(when[:10]), source) if p)

    @property
    def has_log(self) -> bool:
        return self.opts.evidence_appendix and any(sid == "evidence_log" for sid, _, _ in self.sections())

    def s_evidence_references(self, title, opts) -> None:
        if not self.opts.evidence_appendix or not (self.references or self.notes):
            return
        self.heading(title, 1)
        if self.references:
            self.para("The evidence notes each finding and rating rests on: the team member's initials, the "
                      "date and the source" + (", with the note's number in the evidence log." if self.has_log
                                               else "."))
        last_place = None
        for place, what, ids in self.references:
            if place != last_place:
                head = self.para(place, bold=True)
                head.paragraph_format.keep_with_next = True
                last_place = place
            if what:
                self.para(what, italic=True).paragraph_format.keep_with_next = True
            p = self.para(style="Citation")
            for k, note_id in enumerate(ids):
                if k:
                    p.add_run("; ")
                self._reference_runs(p, self.note_by_id[note_id])
        by_source = Counter(n.source for n in self.notes)
        if by_source:
            self.heading("Evidence notes by source type", 2)
            self.para("How many evidence notes were written for each way of gathering evidence. These count "
                      "notes, not people or records; the figures in the method are the team's own.")
            rows = [[label, str(by_source[code])] for code, label in SOURCE_TYPES.items() if by_source.get(code)]
            rows += [[c, str(v)] for c, v in by_source.items() if c not in SOURCE_TYPES]
            rows.append(["All notes", str(len(self.notes))])
            self.table(["Source type", "Notes"], rows, [11.0, 6.0])

    def _reference_runs(self, paragraph, note) -> None:
        paragraph._p.append(parse_xml(f'<w:p {nsdecls("w")}>{run_xml(clean(self.note_reference(note)))}</w:p>')[0])
        if not self.has_log:
            return
        number = self.note_number.get(note.id)
        link = (f'<w:hyperlink {nsdecls("w")} w:anchor="{bookmark_name(note.id)}" w:history="1">'
                + run_xml(f"no. {number}", '<w:rPr><w:color w:val="1F4E79"/><w:u w:val="single"/></w:rPr>')
                + "</w:hyperlink>")
        paragraph._p.append(parse_xml(f'<w:p {nsdecls("w")}>{run_xml(" (")}</w:p>')[0])
        paragraph._p.append(parse_xml(link))
        paragraph._p.append(parse_xml(f'<w:p {nsdecls("w")}>{run_xml(")")}</w:p>')[0])

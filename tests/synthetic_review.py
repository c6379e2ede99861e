"""A synthetic but realistic review for report tests, benchmarks and demos.

`make_review(workspace, notes=200)` creates a comprehensive inspection of a made-up community
trust on the bundled healthcare KLOE framework: team, core services, evidence notes (including
awkward text: `<`, `&`, `]]>`, quotes, emoji, right-to-left script, control characters and
personal details for redaction), ratings, findings, outstanding practice, must/should do,
enforcement, and an action plan. Other review types: kind="focused" | "local_system" | "clas" |
"follow_up" | "single_assessment" (quality statement scores instead of ratings). Deterministic for a given seed (ids aside).
"""

from __future__ import annotations

import dataclasses
import random
from datetime import datetime, timedelta, timezone

from cqc_tui.core.model import (
    ActionItem,
    Enforcement,
    EvidenceNote,
    Finding,
    Rating,
    Recommendation,
    Review,
    ScopeUnit,
    Score,
    SectionState,
    TeamMember,
)
from cqc_tui.core.report_sections import section_state_id

TRICKY_TEXTS = (
    'Staff said "we never escalate <after> 6pm" & the log showed ]]> gaps',
    "Patient quote: \u2018it\u2019s like a hotel here\u2019 \U0001f60a\U0001f44d",
    "\u0627\u0644\u0645\u0631\u064a\u0636 \u0631\u0627\u0636\u064d \u0639\u0646 \u0627\u0644\u0631\u0639\u0627\u064a\u0629 (Arabic: the patient is satisfied)",
    "Tabs\tand\nnew lines\nkept; brackets [bold] [/] and {braces} and back\\slashes",
)
PERSONAL = (
    "Mrs Patel (DOB 03/04/1941, NHS number 943 476 5919) told us about her care; "
    "her son can be reached on 07700 900123 or raj.patel@example.com, postcode SW1A 1AA."
)

PHRASES = (
    "Medicines were stored securely and fridge temperatures were checked daily.",
    "Two of the ten care plans we looked at had no up-to-date risk assessment.",
    "Staff knew how to raise a safeguarding concern and gave recent examples.",
    "The ward was visibly clean; hand hygiene audits scored above 95%.",
    "Staffing rotas showed three night shifts below the planned establishment.",
    "People told us staff were kind and took time to explain their treatment.",
    "The complaints log showed responses sent within the target of 25 working days.",
    "Leaders were visible and staff said they felt able to speak up.",
    "Incident reports were not always reviewed within the required timescale.",
    "Mental capacity assessments were recorded where decisions were made.",
)


def _ts(base: datetime, minutes: int) -> str:
    return (base + timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def make_review(
    workspace,
    notes: int = 200,
    kind: str = "comprehensive",
    seed: int = 1,
    tricky: bool = True,
    title: str | None = None,
):
    """Create the review in `workspace` and return the open (writable) ReviewSession."""
    rnd = random.Random(seed)
    fw_id, rtype = {
        "comprehensive": ("kloe-healthcare", "comprehensive"),
        "focused": ("kloe-healthcare", "focused"),
        "follow_up": ("kloe-healthcare", "follow_up"),
        "local_system": ("local-system-review", "local_system"),
        "clas": ("clas-review", "clas"),
        "single_assessment": ("single-assessment", "comprehensive"),
    }[kind]
    fw = workspace.frameworks.get(fw_id)
    members = [
        TeamMember(name="Ann Ford", role="Lead inspector", initials="AF", organisation="CQC"),
        TeamMember(name="Ben Osei", role="Inspector", initials="BO", organisation="CQC"),
        TeamMember(
            name="Chloe Wright",
            role="Specialist adviser (nursing)",
            initials="CW",
            organisation="NHS England",
        ),
        TeamMember(name="Dev Shah", role="Expert by experience", initials="DS"),
    ]
    if fw.scope_units:
        units = [
            ScopeUnit(code=c, label=label, order=i) for i, (c, label) in enumerate(fw.scope_units)
        ]
    else:
        units = [
            ScopeUnit(
                code="cyp", label="Community health services for children and young people", order=1
            ),
            ScopeUnit(code="inpatient", label="Community health inpatient services", order=2),
            ScopeUnit(
                code="adults",
                label="Community health services for adults",
                order=3,
                inspected=kind != "focused",
            ),
        ]
    review = Review(
        title=title
        or {
            "comprehensive": "Northshire Community NHS Trust: comprehensive inspection",
            "focused": "Northshire Community NHS Trust: focused inspection",
            "follow_up": "Northshire Community NHS Trust: follow-up review",
            "local_system": "Northshire: local system review",
            "clas": "Northshire: looked-after children and safeguarding review",
            "single_assessment": "Northshire Community NHS Trust: assessment",
        }[kind],
        review_type=rtype,
        framework_id=fw_id,
        provider="Northshire Community NHS Trust"
        if kind not in ("local_system", "clas")
        else "Northshire local authority area",
        provider_kind="NHS community trust"
        if kind not in ("local_system", "clas")
        else "Local authority area",
        start_date="2018-01-22" if kind != "single_assessment" else "2025-03-03",
        end_date="2018-01-26" if kind != "single_assessment" else "2025-03-07",
        report_date="2018-04-10" if kind != "single_assessment" else "2025-05-20",
        status="drafting",
        marking="OFFICIAL-SENSITIVE",
        sections={
            "background": "This review was carried out under our regulatory powers.\n\nIt looked at how well "
            "services work for people & their families.",
            "scope": "We looked at the services listed below.\n- Visits to wards and clinics\n- Record reviews",
            "context": "Northshire has a population of about 300,000 people; 18% are aged 65 or over.",
            "summary": "Overall, people received kind care, but systems to keep them safe were not reliable.",
            "maturity": "Partners share an ambition, but joint working is at an early stage.",
            "method": "We visited services, reviewed care records and spoke with people, carers and staff.",
        },
        counts={"care_records_reviewed": 42, "people_spoken_to": 37, "focus_groups": 4},
    )
    session = workspace.create(review, members, units, user="Ann Ford")
    store = session.store
    base = datetime(2018, 1, 22, 9, 0, tzinfo=timezone.utc)
    kqs = [kq for kq in fw.key_questions]
    authors = [m.name for m in members]
    sources = [
        "observation",
        "staff",
        "people",
        "focus_group",
        "record_review",
        "document",
        "feedback_tool",
    ]
    places = [
        "Ward 1, Riverside Hospital",
        "Ward 2, Riverside Hospital",
        "Hilltop Clinic",
        "Northgate Health Centre",
    ]
    recs = []
    for i in range(notes):
        kq = kqs[i % len(kqs)]
        line = kq.lines[(i // len(kqs)) % len(kq.lines)]
        unit = "" if kq.level == "review" else units[i % len(units)].id
        text = PHRASES[rnd.randrange(len(PHRASES))]
        if tricky and i < len(TRICKY_TEXTS):
            text = TRICKY_TEXTS[i]
        if tricky and i == len(TRICKY_TEXTS):
            text = PERSONAL
        src = sources[i % len(sources)]
        recs.append(
            EvidenceNote(
                author=authors[i % len(authors)],
                created=_ts(base, i * 3 % (5 * 24 * 60)),
                key_question=kq.code,
                lines=(line.code,),
                scope_unit=unit,
                source=src,
                text=text,
                polarity=("positive", "neutral", "negative", "concern")[rnd.randrange(4)],
                quote=(i % 11 == 1) or (tricky and i in (1, len(TRICKY_TEXTS))),
                place=places[i % len(places)] if src in ("observation", "record_review") else "",
            )
        )
    store.save_many(recs)
    note_ids = [n.id for n in recs]
    by_unit_kq: dict = {}
    for n in recs:
        by_unit_kq.setdefault((n.scope_unit, n.key_question), []).append(n.id)

    extra = []
    if fw.scoring is not None:
        for u in units:
            for kq in kqs:
                for line in kq.lines:
                    extra.append(
                        Score(
                            author="Ann Ford",
                            scope_unit=u.id,
                            line=line.code,
                            score=(1, 2, 3, 3, 3, 4)[rnd.randrange(6)],
                            rationale="From the notes.",
                            note_ids=tuple(by_unit_kq.get((u.id, kq.code), [])[:2]),
                        )
                    )
    elif fw.rated and fw.rating_scale:
        codes = fw.rating_scale.codes
        for u in units:
            for kq in kqs:
                if (kind == "focused" and kq.code in ("caring", "responsive")) or not u.inspected:
                    src = "carried_forward"
                else:
                    src = "this_review"
                r = codes[rnd.randrange(1, len(codes))] if kq.code != "caring" else "good"
                extra.append(
                    Rating(
                        author="Ann Ford",
                        scope_unit=u.id,
                        key_question=kq.code,
                        rating=r,
                        source=src,
                        rated_on="2018-01-26" if src == "this_review" else "2016-05-12",
                        rationale=f"Judgement for {kq.label.lower()} rests on the cited notes.",
                        note_ids=tuple(by_unit_kq.get((u.id, kq.code), [])[:3]),
                    )
                )
                if kind == "focused":
                    extra.append(
                        Rating(
                            author="Ann Ford",
                            scope_unit=u.id,
                            key_question=kq.code,
                            rating=codes[rnd.randrange(1, len(codes))],
                            source="previous",
                            rated_on="2016-05-12",
                        )
                    )
            extra.append(
                Rating(
                    author="Ann Ford",
                    scope_unit=u.id,
                    key_question="overall",
                    rating="requires_improvement",
                    rated_on="2018-01-26",
                    source="this_review" if u.inspected else "carried_forward",
                )
            )
        for kq in kqs:
            extra.append(
                Rating(
                    author="Ann Ford",
                    scope_unit="",
                    key_question=kq.code,
                    rating="requires_improvement" if kq.code in ("safe", "well-led") else "good",
                    rated_on="2018-01-26",
                )
            )
        extra.append(
            Rating(
                author="Ann Ford",
                scope_unit="",
                key_question="overall",
                rating="requires_improvement",
                rated_on="2018-01-26",
                departure_reason=""
                if kind != "focused"
                else "The team judged the improving trend in safety carried weight.",
            )
        )
    order = 0
    for u in units[:2]:
        for kq in kqs[:3]:
            if kq.level != "unit":
                continue
            order += 1
            cited = tuple(by_unit_kq.get((u.id, kq.code), [])[:3])
            extra.append(
                Finding(
                    author="Ann Ford",
                    kind="finding",
                    key_question=kq.code,
                    scope_unit=u.id,
                    heading=f"{kq.label}: what we found in {u.label.lower()}",
                    text="Staff understood their responsibilities & acted on concerns <promptly>.",
                    note_ids=cited,
                    order=order,
                )
            )
    for kq in kqs:
        if kq.level == "review":
            extra.append(
                Finding(
                    author="Ann Ford",
                    kind="finding",
                    key_question=kq.code,
                    heading="Shared vision and strategy",
                    text="System leaders had agreed a joint strategy, but it was not yet understood "
                    "by front-line staff.",
                    note_ids=tuple(by_unit_kq.get(("", kq.code), [])[:2]),
                )
            )
    extra.append(
        Finding(
            author="Ann Ford",
            kind="finding",
            heading="Overall",
            text="People were positive about the care they received.",
            note_ids=tuple(note_ids[:2]),
        )
    )
    extra.append(
        Finding(
            author="Ann Ford",
            kind="outstanding_practice",
            scope_unit=units[0].id,
            key_question="caring",
            heading="Young people's advisory panel",
            text="Young people helped design the transition service.",
            note_ids=tuple(note_ids[2:3]),
        )
    )
    for status in ("put_right", "partly_put_right", "not_put_right"):
        if kind == "follow_up":
            extra.append(
                Finding(
                    author="Ann Ford",
                    kind="earlier_finding",
                    scope_unit=units[0].id,
                    status=status,
                    heading=f"Earlier finding ({status.replace('_', ' ')}): staff training below target",
                    text="Training compliance is now 88% against a target of 95%.",
                    note_ids=tuple(note_ids[3:5]),
                )
            )
    rec_kinds = (
        ["must_do", "must_do", "should_do", "should_do", "area_for_improvement"]
        if fw.rated
        else ["recommendation"] * 5
    )
    owners = ["Northshire Community NHS Trust", "Northshire County Council", "Northshire CCG"]
    made = []
    for i, k in enumerate(rec_kinds):
        r = Recommendation(
            author="Ann Ford",
            kind=k,
            text=f"Ensure that risk assessments are reviewed "
            f"and updated (item {i + 1}) & recorded.",
            owner=owners[i % len(owners)] if not fw.rated else owners[0],
            regulation="Regulation 12: Safe care and treatment" if k == "must_do" else "",
            scope_unit=units[i % len(units)].id if fw.rated else "",
            key_question="safe" if fw.rated else "",
            status=("completed", "on_track", "behind", "not_started", "on_track")[i],
            due="2018-09-30",
            order=i,
            section="Governance" if kind == "clas" else "",
        )
        made.append(r)
    extra.extend(made)
    if kind in ("clas", "comprehensive"):
        for i, r in enumerate(made[:3]):
            extra.append(
                ActionItem(
                    author="Ann Ford",
                    recommendation=r.id,
                    text=f"Audit a sample of records each quarter ({i + 1}).",
                    owner="Head of nursing",
                    status=("completed", "on_track", "behind")[i],
                    due="2018-06-30",
                    progress="First audit done." if i == 0 else "",
                )
            )
    if fw.rated:
        extra.append(
            Enforcement(
                author="Ann Ford",
                kind="requirement_notice",
                scope_unit=units[1].id,
                key_question="safe",
                regulation="Regulation 12",
                date="2018-03-01",
                regulated_activity="Treatment of disease, disorder or injury",
                how_not_met="Risk assessments were not reviewed after falls.",
                text="Risk assessments were not kept up to date.",
            )
        )
    # the team agreed every section it wrote (the report outline's `a`)
    extra.extend(
        SectionState(
            id=section_state_id(review.id, key),
            author="Ann Ford",
            key=key,
            agreed=True,
            edited_by="Ann Ford",
            edited="2018-04-09T09:00:00.000Z",
            agreed_by="Ann Ford",
            agreed_at="2018-04-09T10:00:00.000Z",
        )
        for key in review.sections
    )
    # ... and every finding (the outline's `a`, the findings screen's `A`)
    extra = [
        dataclasses.replace(
            record, agreed=True, agreed_by="Ann Ford", agreed_at="2018-04-09T10:00:00.000Z"
        )
        if isinstance(record, Finding)
        else record
        for record in extra
    ]
    store.save_many(extra)
    return session

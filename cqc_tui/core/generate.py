"""Generate large, realistic reviews for benchmarks, demos and load tests.

`generate_review(workspace, notes=20000)` creates a whole review in the workspace: ~30 team
members, 6-10 scope units, notes spread over every line of the framework with inspector-like text
(varied sentences assembled from fragments), a realistic mix of source types and polarities, and
ratings per scope unit and key question linked to the notes they rest on. The same seed gives the
same review (ids and timestamps included), so benchmark runs are comparable.

Notes are written with `ReviewStore.save_many` in chunks (one fsync per chunk): 20,000 notes take
about a second.
"""

from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta, timezone
from typing import Any

from cqc_tui.core.errors import ValidationError
from cqc_tui.core.model import EvidenceNote, Rating, Review, ScopeUnit, TeamMember

FIRST = (
    "Ann",
    "Ben",
    "Chloe",
    "Dev",
    "Ewa",
    "Farid",
    "Grace",
    "Hamza",
    "Ines",
    "Jon",
    "Kiran",
    "Lena",
    "Mo",
    "Niamh",
    "Olu",
    "Priya",
    "Rhys",
    "Siobhán",
    "Tomasz",
    "Uma",
    "Vikram",
    "Wen",
    "Yusuf",
    "Zoë",
    "Aled",
    "Bríd",
    "Chidi",
    "Dana",
    "Eilidh",
    "Femi",
    "Gwen",
    "Hiro",
)
LAST = (
    "Ford",
    "Okafor",
    "Patel",
    "Nowak",
    "Jones",
    "O'Neill",
    "Ahmed",
    "Williams",
    "Kowalczyk",
    "Evans",
    "Murphy",
    "Singh",
    "Taylor",
    "Adeyemi",
    "Brown",
    "Łukasik",
    "MacLeod",
    "Chen",
    "Davies",
    "Hughes",
)
ROLES = (
    "Inspector",
    "Inspector",
    "Inspector",
    "Specialist advisor",
    "Expert by experience",
    "Pharmacist inspector",
    "Inspection manager",
    "Assistant inspector",
)
UNITS_HEALTH = (
    ("uec", "Urgent and emergency care"),
    ("medical", "Medical care (including older people's care)"),
    ("surgery", "Surgery"),
    ("critical", "Critical care"),
    ("maternity", "Maternity and gynaecology"),
    ("cyp", "Services for children and young people"),
    ("eol", "End of life care"),
    ("opd", "Outpatients and diagnostic imaging"),
    ("community_adults", "Community health services for adults"),
    ("community_inpatient", "Community health inpatient services"),
)
UNITS_GENERIC = (
    ("north", "North locality"),
    ("south", "South locality"),
    ("east", "East locality"),
    ("west", "West locality"),
    ("central", "Central locality"),
    ("hospital", "Acute hospital"),
    ("community", "Community services"),
    ("primary", "Primary care"),
    ("social", "Social care"),
    ("voluntary", "Voluntary sector"),
)
PROVIDERS = (
    "Northshire Community NHS Trust",
    "Riverside University Hospitals NHS Foundation Trust",
    "Eastfield Healthcare Partnership",
    "St Bride's & Holm Care Group",
    "Westmoor Health (Ltd)",
)

SOURCES = (
    "observation",
    "staff",
    "people",
    "focus_group",
    "record_review",
    "document",
    "feedback_tool",
)
SOURCE_WEIGHTS = (30, 25, 15, 5, 12, 10, 3)
POLARITY = ("positive", "neutral", "negative", "concern")
POLARITY_WEIGHTS = (45, 25, 20, 10)

PLACES = (
    "Ward 7",
    "Ward 12 (Elm)",
    "the emergency department",
    "the discharge lounge",
    "theatre 3",
    "the children's ward",
    "the birth centre",
    "the community hub",
    "outpatients clinic B",
    "the day unit",
    "the night shift",
    "the staff room",
    "the medicines room",
    "reception",
    "the hospice suite",
)
WHO = (
    "A staff nurse",
    "The ward manager",
    "A healthcare assistant",
    "A junior doctor",
    "The matron",
    "A patient",
    "A relative",
    "A student nurse",
    "The consultant",
    "A porter",
    "A pharmacist",
    "The safeguarding lead",
    "A physiotherapist",
    "A carer",
    "Two patients",
)
SAID = (
    "told us",
    "explained that",
    "said",
    "described how",
    "reported that",
    "confirmed that",
    "was not sure whether",
)
CLAUSES = (
    "handover included each patient's risks and escalation plan",
    "the sepsis screening tool was completed within the hour",
    "call bells were answered promptly throughout our visit",
    "staffing fell below the planned level on four of the last ten night shifts",
    "controlled drugs were checked twice daily and records were complete",
    "the resuscitation trolley had not been checked since the previous week",
    "people were involved in decisions about their care and their wishes were recorded",
    "mental capacity assessments were decision-specific and recorded in the notes",
    "incident reports were reviewed weekly and learning was shared at the safety huddle",
    "two fridge temperature readings were out of range with no action recorded",
    "interpreters were booked in advance for people who needed them",
    "the complaints leaflet was only available in English",
    "infection prevention audits showed 96% compliance over the last quarter",
    "mandatory training compliance was 78% against a trust target of 90%",
    "discharge summaries reached GPs within 48 hours in most cases",
    "falls risk assessments were not updated after a change in condition",
    "leaders were visible and staff felt able to raise concerns",
    "the service had a clear vision that staff could describe",
    "pain was assessed and re-assessed using a recognised tool",
    "patients waited more than four hours for a bed on several occasions",
    "safeguarding referrals were made promptly and followed up",
    "the environment was clean, but several chairs had torn covers",
    "food and drink were within reach and fluid charts were complete",
    "care plans were personalised and reflected people's preferences",
    "the risk register did not include the staffing shortfall raised in March",
)
OPENERS = (
    "During our visit to {place},",
    "On {place},",
    "In {place}",
    "At the start of our inspection of {place},",
    "When we observed {place},",
    "Across {place},",
)
TAILS = (
    "",
    "",
    "",
    " This was consistent with what we saw elsewhere.",
    " We raised this with the manager at the time.",
    " Records we reviewed supported this.",
    " This had been the case for several months.",
    " Staff were not aware of the policy on this.",
    " We saw this on both days of the inspection.",
    " See also the action log (ref {ref}).",
    ' People said: "{quote}"',
)
QUOTES = (
    "they always take the time to listen",
    "I don't know who to ask when I'm worried",
    "the night staff are wonderful",
    "it took three days to get my tablets sorted",
    "staff treat me with dignity & respect",
    "nobody explained what would happen next",
)


def _sentence(random_source: random.Random) -> str:
    roll = random_source.random()
    if roll < 0.4:
        sentence = f"{random_source.choice(WHO)} {random_source.choice(SAID)} {random_source.choice(CLAUSES)}."
    elif roll < 0.75:
        sentence = f"{random_source.choice(OPENERS).format(place=random_source.choice(PLACES))} we found that {random_source.choice(CLAUSES)}."
    else:
        clause = random_source.choice(CLAUSES)
        sentence = f"{clause[0].upper()}{clause[1:]}."
    tail = random_source.choice(TAILS)
    if tail:
        tail = tail.format(
            ref=f"{random_source.randint(1, 240):03d}", quote=random_source.choice(QUOTES)
        )
    return sentence + tail


def note_text(random_source: random.Random) -> str:
    """One inspector-like note of one to four sentences (sometimes two paragraphs)."""
    sentence_count = random_source.choices((1, 2, 3, 4), (35, 35, 20, 10))[0]
    parts = [_sentence(random_source) for _ in range(sentence_count)]
    if sentence_count >= 3 and random_source.random() < 0.3:
        return " ".join(parts[:2]) + "\n\n" + " ".join(parts[2:])
    return " ".join(parts)


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def generate_review(
    workspace: Any,
    notes: int = 20000,
    seed: int = 1,
    framework_id: str = "kloe-healthcare",
    title: str | None = None,
    chunk: int = 2000,
) -> str:
    """Create a realistic review with `notes` evidence notes in `workspace`; returns the review id."""
    random_source = random.Random(seed)
    new_id = lambda: str(uuid.UUID(int=random_source.getrandbits(128), version=4))  # noqa: E731 - deterministic ids
    framework = workspace.frameworks.latest(framework_id)
    if framework is None:
        raise ValidationError(f"framework {framework_id!r} is not installed")
    start = datetime(2018, 1, 22, 8, 30, tzinfo=timezone.utc)
    created = _stamp(start - timedelta(days=14))
    review_type = framework.review_types[0] if framework.review_types else "comprehensive"
    review = Review(
        id=new_id(),
        author="generator",
        created=created,
        title=title or f"Generated review: {notes} notes (seed {seed})",
        review_type=review_type,
        framework_id=framework.id,
        framework_version=framework.version,
        provider=random_source.choice(PROVIDERS),
        start_date="2018-01-22",
        end_date="2018-01-26",
        status="fieldwork",
    )
    members: list[TeamMember] = []
    used: set[str] = set()
    while len(members) < 30:
        name = f"{random_source.choice(FIRST)} {random_source.choice(LAST)}"
        if name in used:
            continue
        used.add(name)
        role = "Lead inspector" if not members else random_source.choice(ROLES)
        initials = "".join(word[0] for word in name.replace("'", "").split()).upper()
        members.append(
            TeamMember(
                id=new_id(),
                author="generator",
                created=created,
                name=name,
                role=role,
                initials=initials,
                organisation="CQC",
            )
        )
    pool = UNITS_HEALTH if framework.id.startswith("kloe-healthcare") else UNITS_GENERIC
    unit_count = random_source.randint(6, 10)
    units = [
        ScopeUnit(
            id=new_id(),
            author="generator",
            created=created,
            code=code,
            label=label,
            order=index + 1,
        )
        for index, (code, label) in enumerate(random_source.sample(pool, unit_count))
    ]
    authors = [member.name for member in members]
    lines = framework.lines()
    categories = [category for category, _ in framework.evidence_categories]
    session = workspace.create(review, members, units, user="generator")
    try:
        store = session.store
        span = 4 * 24 * 3600 * 1000  # fieldwork week, in ms
        note_ids_by_unit_and_key_question: dict[tuple[str, str], list[str]] = {}
        batch: list[EvidenceNote] = []
        sources = random_source.choices(SOURCES, SOURCE_WEIGHTS, k=notes)
        polarities = random_source.choices(POLARITY, POLARITY_WEIGHTS, k=notes)
        for index in range(notes):
            line = random_source.choice(lines)
            extra = random_source.random() < 0.15
            line_codes: tuple[str, ...] = (line.code,)
            if extra:
                sibling = random_source.choice(
                    [
                        candidate
                        for candidate in lines
                        if candidate.key_question == line.key_question
                    ]
                )
                if sibling.code != line.code:
                    line_codes = (line.code, sibling.code)
            unit_id = random_source.choice(units).id if random_source.random() < 0.92 else ""
            stamp = _stamp(
                start
                + timedelta(
                    milliseconds=int(span * index / max(notes, 1)) + random_source.randint(0, 999)
                )
            )
            note = EvidenceNote(
                id=new_id(),
                author=random_source.choice(authors),
                created=stamp,
                key_question=line.key_question,
                lines=line_codes,
                scope_unit=unit_id,
                source=sources[index],
                polarity=polarities[index],
                evidence_category=random_source.choice(categories)
                if categories and random_source.random() < 0.8
                else "",
                text=note_text(random_source),
                quote=random_source.random() < 0.05,
                place=random_source.choice(PLACES) if random_source.random() < 0.3 else "",
            )
            batch.append(note)
            note_ids_by_unit_and_key_question.setdefault((unit_id, line.key_question), []).append(
                note.id
            )
            if len(batch) >= chunk:
                store.save_many(batch)
                batch = []
        if batch:
            store.save_many(batch)
        if framework.rated and framework.rating_scale is not None:
            rating_codes = [rating.code for rating in framework.rating_scale.ratings]
            weights = [10, 55, 28, 7][: len(rating_codes)] + [5] * max(0, len(rating_codes) - 4)
            ratings = []
            for unit in units:
                for key_question in framework.key_questions:
                    linked = note_ids_by_unit_and_key_question.get((unit.id, key_question.code), [])
                    if not linked:
                        continue
                    ratings.append(
                        Rating(
                            id=new_id(),
                            author=authors[0],
                            created=_stamp(start + timedelta(days=5)),
                            scope_unit=unit.id,
                            key_question=key_question.code,
                            rating=random_source.choices(rating_codes, weights)[0],
                            rationale=" ".join(_sentence(random_source) for _ in range(3)),
                            note_ids=tuple(
                                random_source.sample(
                                    linked, min(len(linked), random_source.randint(3, 8))
                                )
                            ),
                            rated_on="2018-01-31",
                        )
                    )
            store.save_many(ratings)
        return review.id
    finally:
        session.close()

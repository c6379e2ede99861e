"""Forward Thinking Birmingham re-inspection (seed 001), in the project's own words.

Published facts: the service was rated inadequate after the 2022 inspection and requires
improvement after the re-inspection; inspectors spoke with 13 children and young people and got
mixed feedback (care coordinators changing, some staff rude, poor communication); risk
management had improved but managers did not always act in time; premises had been made fit for
purpose; teams lacked the full range of specialists; waits had fallen but access was still hard;
care plans were developed with families; nine areas for improvement, including enough suitably
qualified staff. Everything else (dates, team, sites, specific figures) is invented to be
consistent with those facts.
"""

from __future__ import annotations

from cqc_tui.core.model import Finding, Rating, Recommendation

SLUG = "forward-thinking-birmingham-reinspection"
DAYS = ["2023-07-11", "2023-07-12", "2023-07-13"]
PREVIOUS = "2022-11-04"
RATED = "2023-09-01"

SECTIONS = {
    "background": (
        "Birmingham Women's and Children's NHS Foundation Trust runs Forward Thinking Birmingham, one "
        "of the largest child and adolescent mental health services in England, for people aged 0 to "
        "25. After the 2022 inspection the service was rated inadequate and the trust was told that "
        "enforcement action would follow if improvements were not made."
    ),
    "scope": (
        "An unannounced focused re-inspection of the community mental health service for children and "
        "young people, looking at safe, effective, responsive and well-led. Caring was not inspected "
        "and its 2022 rating stands. We checked the improvements the trust had committed to in its "
        "improvement plan after the last inspection."
    ),
    "method": (
        "The inspection was unannounced. Over three days we visited the access centre, the locality "
        "hubs and the crisis team's base, spoke with young people who use the service and with parents "
        "and carers, interviewed managers and staff in each team, observed meetings about referrals "
        "and risk, and reviewed care records and the trust's waiting-list and staffing data."
    ),
    "context": (
        "The service is delivered from locality hubs, a city-centre access centre that takes all "
        "referrals, and a crisis team. The trust works with a group of experts by experience on its "
        "improvement plan."
    ),
    "summary": (
        "The service has improved and we have moved its rating from inadequate to requires "
        "improvement. Staff now assess and manage individual risks better and write care plans with "
        "young people, families and carers; the premises concerns from 2022 have been resolved. But "
        "managers did not always act quickly when risks changed, teams lacked, and could not call on, "
        "the full range of specialists, and although waits have fallen the service is still hard to "
        "get into. We spoke with 13 children and young people: some were positive, others told us "
        "their care coordinator kept changing, that some staff were rude, or that nobody kept them "
        "informed. We told the trust about nine areas for improvement."
    ),
}

COUNTS = {
    "young_people_spoken_with": 13,
    "parents_and_carers_spoken_with": 9,
    "staff_interviewed": 44,
    "care_records_reviewed": 30,
    "sites_visited": 5,
}

TEAM = [
    ("im", "Rebecca Thornley", "Inspection manager", "CQC"),
    ("in1", "Samuel Adeyemi", "Inspector (mental health)", "CQC"),
    ("in2", "Gemma Patel", "Inspector (mental health)", "CQC"),
    ("ph", "Iain McBride", "Pharmacist specialist", "CQC"),
    ("an", "Laura Chen", "Analyst", "CQC"),
    ("sa1", "Yvonne Carter", "Specialist advisor (CAMHS nurse consultant)", "Specialist advisor"),
    (
        "sa2",
        "Neil Hargreaves",
        "Specialist advisor (consultant child and adolescent psychiatrist)",
        "Specialist advisor",
    ),
    ("ee", "Jade Morgan", "Expert by experience (young adult)", "Expert by experience"),
]

# key question -> (previous 2022, this inspection, source now)
RATINGS = {
    "safe": ("inadequate", "requires_improvement", "this_review"),
    "effective": ("requires_improvement", "requires_improvement", "this_review"),
    "caring": ("good", "good", "carried_forward"),
    "responsive": ("inadequate", "requires_improvement", "this_review"),
    "well-led": ("inadequate", "requires_improvement", "this_review"),
    "overall": ("inadequate", "requires_improvement", "this_review"),
}

NOTES = r"""
S2 | camhs | rec | + | Access centre, city centre | Record review (10 records at the access centre): every young person had a risk assessment at triage using the trust's new risk formulation template; in 2022 a third had none.
S2 | camhs | rec | - | Access centre, city centre | Two of ten records showed a change in risk (new self-harm disclosed) that was not reviewed by a clinician for 9 and 12 working days.
S2 | camhs | doc | - | Waiting list risk report | Waiting list report: 214 young people waiting more than 8 weeks had a "welfare contact" due; 37 of these calls were overdue by more than two weeks.
S2 | camhs | staff | - | East hub, Small Heath | Team manager said the waiting list is reviewed fortnightly, but when staff are off the review slips; there is no escalation rule when welfare calls are missed.
S2 | camhs | staff* | ! | North hub, Erdington | Care coordinator: "I flagged last Tuesday that she's stopped eating. I'm still waiting for a medical review slot."
S2 | camhs | obs | + | Crisis team base | Crisis team handover covered each young person's current risk, safety plan and who would make contact that day; actions written on a shared board.
S1 | camhs | obs | + | East hub, Small Heath | The hub has been refurbished since 2022: ligature-reduced interview rooms, working alarms tested weekly, and a clean, bright waiting area.
S1 | camhs | doc | + | Environmental risk assessments | Ligature and environmental risk assessments in date for all five sites visited; actions from the 2022 inspection signed off.
S1 | camhs | doc | 0 | Training records | Safeguarding children level 3 training at 91%; level 3 adults at 84% against a 90% target.
S1 | camhs | staff | + | North hub, Erdington | Staff described clear safeguarding procedures and could name the safeguarding lead; they gave an example of a same-day referral to children's social care.
S2 | camhs | doc | ! | Staffing establishment report | Vacancy rate across community teams 19%; 27 whole-time-equivalent registered practitioner posts vacant, filled partly by agency staff.
S2 | camhs | staff* | - | South hub, Northfield | Agency nurse: "I've been here four weeks and I'm holding a caseload of 38. The induction was half a day."
S3 | camhs | rec | - | South hub, Northfield | Three of eight records had risk information recorded in progress notes but not transferred to the risk assessment, so the current risk was hard to find.
S4 | camhs | obs | + | North hub, Erdington | Medicines cupboard and fridge checked daily; stock of rapid tranquillisation not held, as appropriate for a community team.
S4 | camhs | rec | - | North hub, Erdington | Physical health monitoring for young people on antipsychotic medication missing in two of five records (no weight or bloods in the last six months).
S5 | camhs | doc | 0 | Incident data | 412 incidents reported in six months, 86% no or low harm; two serious incidents reported to the commissioner within timescale.
S6 | camhs | staff | + | East hub, Small Heath | Staff described a learning event after a serious incident, with a change to how missed appointments are followed up.
S6 | camhs | doc | - | Serious incident action plans | Two serious incident action plans had actions past their due dates with no update recorded.
E1 | camhs | rec | + | East hub, Small Heath | Care plans in eight of ten records were written with the young person and their family, in the young person's words, and copies had been offered to them.
E1 | camhs | staff | - | South hub, Northfield | The service has no dedicated eating disorder dietitian for the 18-25 age group; staff said they refer to adult services, which often decline.
E3 | camhs | staff | - | East hub, Small Heath | Teams do not include family therapists or clinical psychologists in two of the four hubs; young people needing these therapies are placed on a separate internal waiting list.
E3 | camhs | doc | - | Workforce data | The service has 3.4 WTE clinical psychologists against a planned establishment of 9; no speech and language therapist in post for young people with communication needs.
E3 | camhs | doc | 0 | Supervision records | Clinical supervision recorded for 78% of staff in the last quarter against an 85% target; managerial supervision 88%.
E2 | camhs | doc | 0 | Outcome measures | Routine outcome measures recorded at first and last appointment for 54% of closed cases; the service has a plan to use them in reviews.
E4 | camhs | staff | + | Crisis team base | Crisis team works with the acute paediatric wards and the liaison team; a daily call reviews young people in acute beds awaiting assessment.
E4 | camhs | staff | - | Access centre, city centre | GPs we contacted said they still receive little feedback after referral, and two did not know whether their patient had been accepted.
E6 | camhs | rec | + | North hub, Erdington | Consent and Gillick competence recorded in all records of young people under 16 that we reviewed.
E5 | camhs | obs | 0 | South hub, Northfield | Information on healthy sleep, exercise and substance use available in the waiting area; no structured physical health clinic.
C1 | camhs | people* | + | East hub, Small Heath | Young person, 15: "My worker actually listens. She remembers stuff I told her weeks ago."
C1 | camhs | people* | - | North hub, Erdington | Young person, 17: "I've had four care coordinators in a year. Every time I have to start again with my story."
C1 | camhs | people | - | Telephone interview | Young person, 19, said a receptionist was rude when she rang in distress and told her to "ring back later".
C1 | camhs | people* | - | Telephone interview | Young person, 16: "Nobody tells you anything. I found out my appointment was cancelled when I turned up."
C2 | camhs | people | + | South hub, Northfield | Young person, 14, said she chose the goals in her care plan with her worker and her mum and felt it was "her plan".
C1 | camhs | people | + | Crisis team base | Young person, 20, described the crisis team as calm and kind when she was at her lowest, and said they phoned her the next morning as promised.
C1 | camhs | people | - | Telephone interview | Young person, 18, said a doctor was dismissive in a medication review and did not explain the side effects he was worried about.
C2 | camhs | people | 0 | Telephone interview | Young person, 13 (with parent), said the sessions helped but they had to wait a long time for them to start.
C3 | camhs | people | + | East hub, Small Heath | Young person, 16, said staff always found a private room and never discussed her care in the corridor.
R3 | camhs | people* | - | Telephone interview | Young person, 21: "I was on the waiting list for eleven months. By the time they called I'd moved to adult services."
R2 | camhs | people | + | North hub, Erdington | Young person, 15, who is autistic, said staff adapted sessions with visual prompts and breaks, which helped.
R4 | camhs | people | - | Telephone interview | Young person, 17, made a complaint about a cancelled appointment and did not get a reply for two months.
C1 | camhs | people | - | South hub, Northfield | Young person, 19, said one member of staff spoke to him "like a child" in front of others in the waiting room.
C2 | camhs | people* | ! | Telephone interview | Parent of a 12-year-old: "We were told someone would ring within a week after he self-harmed. It took three weeks and I had to chase it four times."
C2 | camhs | people | + | East hub, Small Heath | Carer of a 14-year-old said she was fully involved in the care plan and had a number to call if things got worse.
C1 | camhs | fg | - | Focus group, experts by experience | Members of the trust's experts by experience group said improvements were real but the experience of young people still depended heavily on which worker they got.
R3 | camhs | doc | + | Waiting times report | Median wait from referral to first assessment fell from 22 weeks (September 2022) to 11 weeks (June 2023).
R3 | camhs | doc | - | Waiting times report | Median wait from assessment to start of treatment 19 weeks; 346 young people waiting more than 18 weeks for treatment.
R3 | camhs | staff | - | Access centre, city centre | Access centre staff said the phone line is often engaged in the mornings; the call abandonment rate in June was 23%.
R1 | camhs | staff | 0 | Trust headquarters | Commissioners and the trust agreed a new access model in April, with a single referral form for schools, GPs and self-referral; too early to see its effect.
R1 | camhs | doc | - | Equality data | Young people from some ethnic minority groups are under-represented in referrals compared with the city's population; no action plan to address this.
R3 | camhs | staff | - | South hub, Northfield | Staff said young people turning 18 on a treatment waiting list sometimes move between age pathways and lose their place.
R4 | camhs | doc | 0 | Complaints log | 96 complaints in 12 months; 61% responded to within the trust's target of 30 working days.
W1 | camhs | staff | + | Trust headquarters | New senior leadership team for the service in post since early 2023; staff described leaders as more visible and approachable.
W2 | camhs | doc | + | Improvement plan | The trust's improvement plan addresses each 2022 finding with owners and dates; 71% of actions marked complete with evidence.
W3 | camhs | fg | + | Focus group, community staff | Staff said morale had improved and they felt able to raise concerns; they knew who the freedom to speak up guardian was.
W3 | camhs | fg* | - | Focus group, community staff | Band 5 nurse: "Things are better, but when we're this short you feel like you're failing kids every day."
W5 | camhs | doc | - | Risk register | The risk register records the shortfall in psychology and specialist staff, but the mitigations have not changed since January.
W5 | camhs | staff | - | Trust headquarters | Managers confirmed the action to review young people with overdue risk reviews within 48 hours was not yet monitored through a report.
W6 | camhs | doc | 0 | Performance dashboard | The new dashboard shows waiting times by hub; data on caseload size per practitioner is not yet reliable.
W7 | camhs | staff | + | Trust headquarters | The trust works with a group of experts by experience who have reviewed letters, the website and the new waiting-list welfare call script.
W8 | camhs | staff | + | Crisis team base | The crisis team is piloting evening outreach to A&E with the acute trust; early data show fewer overnight paediatric admissions.
S2 | camhs | rec | + | Crisis team base | Crisis team records (6 reviewed): each young person seen in crisis had a written safety plan shared with them and their family before the end of the contact.
S3 | camhs | obs | 0 | Access centre, city centre | Staff moved to a single electronic record in 2023; letters from before the move are scanned in but not indexed, so staff search page by page for history.
S1 | camhs | staff | + | Access centre, city centre | Triage clinicians use a child sexual exploitation screening prompt for every young person over 11 and know the route into the local exploitation hub.
E1 | camhs | rec | - | East hub, Small Heath | Two of four records of young people who self-harm did not show the psychosocial assessment recommended in national guidance after an emergency department attendance.
E2 | camhs | doc | + | Clinical audit programme | The service completed audits of care planning and risk formulation in 2023 and re-audited after changes; care plan quality rose from 48% to 81%.
E3 | camhs | obs | + | North hub, Erdington | New starters have a two-week induction with shadowing; we saw a competency checklist signed off for a recently appointed practitioner.
E4 | camhs | rec | 0 | South hub, Northfield | Discharge letters to GPs were sent within 10 days in six of eight closed cases; two had no letter on file.
R1 | camhs | staff | + | Trust headquarters | Each secondary school has a named link practitioner; schools can consult them before making a referral.
R2 | camhs | obs | + | East hub, Small Heath | Interpreters were booked for two of the day's appointments; a leaflet explaining the service is available in six languages.
R3 | camhs | doc | - | Appointment data | One in seven first appointments was not attended in the last quarter; letters are sent, but phone or text reminders are not used for first appointments.
R4 | camhs | obs | 0 | South hub, Northfield | Complaints and compliments leaflets displayed in reception; no young person-friendly version available.
C2 | camhs | rec | + | South hub, Northfield | Records show young people are offered copies of their care plans and asked who else they want involved.
C3 | camhs | obs | + | Access centre, city centre | Reception screen shows a ticket number rather than names; calls are taken in a separate room out of earshot of the waiting area.
W1 | camhs | staff | 0 | Trust headquarters | Several hub manager posts are held by interim staff while substantive recruitment completes.
W2 | camhs | staff | + | East hub, Small Heath | Staff could describe the service's improvement priorities and how their team's actions fed into the plan.
W4 | camhs | staff | + | North hub, Erdington | Team managers hold a weekly caseload and risk meeting with minutes, and escalate unresolved risks to the service's quality meeting.
W6 | camhs | staff | - | South hub, Northfield | Managers said they still count waiting list welfare calls by hand each week because the new record system cannot report them.
W7 | camhs | doc | + | Improvement plan | Young people from the experts by experience group sit on the recruitment panels for senior clinical posts.
W8 | camhs | doc | + | Quality improvement log | The service has 14 active quality improvement projects, including a text reminder pilot for follow-up appointments.
S5 | camhs | doc | + | Incident data | Incidents of self-harm by young people on the waiting list reported to the trust have fallen from 31 to 19 a quarter since welfare calls began.
W4 | camhs | doc | + | Governance structure | Monthly quality and safety meeting for the service reports to the trust quality committee; minutes show challenge and follow-up.
"""

FINDINGS = [
    (
        "safe",
        "Risk management improved but actions were not always timely",
        "Staff now assess and record individual risks for nearly everyone at first contact, and the premises are safe. When risk changed, or welfare calls to young people on the waiting list fell due, managers did not always make sure action followed promptly. Vacancies remain high.",
    ),
    (
        "effective",
        "Collaborative care plans, but gaps in specialist staff",
        "Care plans were written with young people and families. Teams lacked, and could not readily call on, the range of specialists such as psychologists, family therapists and dietitians.",
    ),
    (
        "responsive",
        "Shorter waits, but still hard to access",
        "Waits for assessment have halved, but waits for treatment remain long and the phone line is hard to get through; young people moving between age pathways can lose their place.",
    ),
    (
        "well-led",
        "A credible improvement plan, not yet complete",
        "Leaders are visible and the improvement plan is being delivered with experts by experience, but the staffing risk has not been mitigated and some safety actions are not yet monitored.",
    ),
    (
        "caring",
        "Mixed feedback from young people",
        "Of the 13 children and young people we spoke with, some described kind, attentive staff; others told us their care coordinator kept changing, some staff were rude, or they were not kept informed.",
    ),
]

AREAS = [
    (
        "safe",
        "Ensure there are enough suitably qualified and experienced staff in every team to meet the needs of children and young people, and that agency staff receive a full induction.",
    ),
    (
        "effective",
        "Ensure teams include, or have timely access to, the full range of specialists, including clinical psychologists, family therapists and eating disorder dietitians.",
    ),
    (
        "safe",
        "Make sure managers act promptly when a young person's risk changes, with clinical review within the timescale set in the trust's own policy.",
    ),
    (
        "safe",
        "Complete welfare contacts for young people on the waiting list when they are due, and escalate those that are missed.",
    ),
    (
        "responsive",
        "Continue to reduce waits from assessment to treatment and make the service easier to contact by phone.",
    ),
    (
        "caring",
        "Keep young people and families informed about appointments, changes and what will happen next.",
    ),
    (
        "caring",
        "Provide continuity of care coordinators wherever possible, and hand over properly when a change is unavoidable.",
    ),
    (
        "safe",
        "Complete physical health monitoring for young people prescribed antipsychotic medication.",
    ),
    (
        "well-led",
        "Monitor the timeliness of risk reviews and serious incident actions through the service's governance reports.",
    ),
]


def build(b) -> None:
    lead = "Rebecca Thornley"
    b.review(
        "2023-06-26T08:30:00.000Z",
        lead,
        updated="2023-10-13T07:00:00.000Z",
        updated_by=lead,
        rev=7,
        title="Forward Thinking Birmingham re-inspection 2023",
        review_type="focused",
        framework_id="kloe-healthcare",
        provider="Birmingham Women's and Children's NHS Foundation Trust",
        provider_kind="NHS foundation trust (children's mental health service)",
        locations=({"id": "FTB-ACCESS", "name": "Forward Thinking Birmingham access centre"},),
        start_date=DAYS[0],
        end_date=DAYS[-1],
        report_date="2023-10-13",
        status="final",
        marking="OFFICIAL",
        service_types=("mental_health",),
        sections=SECTIONS,
        counts=COUNTS,
    )
    clk = b.clock("2023-06-26T08:35:00", 4)
    for key, name, role, org in TEAM:
        b.member(key, name, role, org, clk(), lead)
    b.unit(
        "camhs",
        "Specialist community mental health services for children and young people "
        "(Forward Thinking Birmingham)",
        1,
        clk(),
        lead,
        service_types=("mental_health",),
    )
    L = b.logins
    authors = {"": [lead], "camhs": [L["in1"], L["in2"], L["sa1"], L["sa2"], L["an"]]}
    specs = b.parse_notes(NOTES, "n")
    for s in specs:  # the expert by experience led the conversations with young people
        if s.source == "people":
            s.author = L["ee"]
    b.add_notes(specs, DAYS, authors)

    clk = b.clock("2023-07-24T10:00:00", 4)
    unit = b.unit_id("camhs")
    for kq, (before, _now, _source) in RATINGS.items():
        b.add(
            Rating(
                id=b.uid("ratings", f"prev-{kq}"),
                author=L["an"],
                created=clk(),
                scope_unit=unit,
                key_question=kq,
                rating=before,
                source="previous",
                rated_on=PREVIOUS,
                rationale="Rating published after the 2022 inspection.",
            )
        )
    for kq, (_before, now, source) in RATINGS.items():
        if source == "carried_forward":
            b.add(
                Rating(
                    id=b.uid("ratings", f"now-{kq}"),
                    author=L["an"],
                    created=clk(),
                    scope_unit=unit,
                    key_question=kq,
                    rating=now,
                    source=source,
                    rated_on=PREVIOUS,
                    rationale="Caring was not inspected on this occasion; the 2022 rating stands.",
                )
            )
            continue
        rationale = {
            "safe": "Risk assessment and premises have improved, so the service no longer meets the inadequate characteristics, but staffing shortfalls and delays acting on changed risk mean it is not yet good.",
            "effective": "Care planning is collaborative, but teams lack specialists and outcome measures are not yet used consistently.",
            "responsive": "Waits for assessment have halved, but treatment waits and phone access are still poor.",
            "well-led": "Visible leadership and a credible improvement plan; the staffing risk is not yet mitigated.",
            "overall": "Four key questions require improvement and caring remains good: requires improvement overall, up from inadequate.",
        }[kq]
        b.add(
            Rating(
                id=b.uid("ratings", f"now-{kq}"),
                author=lead,
                created=clk(),
                scope_unit=unit,
                key_question=kq,
                rating=now,
                rationale=rationale,
                source=source,
                rated_on=RATED,
                note_ids=b.notes_for("camhs", "" if kq == "overall" else kq, limit=5),
            )
        )
    b.add(
        Rating(
            id=b.uid("ratings", "trust-well-led"),
            author=lead,
            created=clk(),
            key_question="well-led",
            rating="not_rated",
            source="this_review",
            rated_on=RATED,
            rationale="This focused inspection looked at one service; the trust's leadership as a whole was not "
            "assessed, so trust-level well-led is not rated here.",
        )
    )
    for i, (kq, heading, text) in enumerate(FINDINGS, 1):
        b.add(
            Finding(
                id=b.uid("findings", f"f{i}"),
                author=lead,
                created=clk(),
                key_question=kq,
                scope_unit=unit,
                heading=heading,
                text=text,
                note_ids=b.notes_for("camhs", kq, limit=5),
                order=i,
            )
        )
    for i, (kq, text) in enumerate(AREAS, 1):
        b.add(
            Recommendation(
                id=b.uid("recommendations", f"r{i}"),
                author=lead,
                created=clk(),
                kind="area_for_improvement",
                text=text,
                owner="Birmingham Women's and Children's NHS Foundation Trust",
                key_question=kq,
                scope_unit=unit,
                order=i,
                note_ids=b.notes_for("camhs", kq, limit=3, polarity=("negative", "concern")),
            )
        )

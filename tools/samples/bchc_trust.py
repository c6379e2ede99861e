"""Birmingham Community Healthcare NHS Foundation Trust, comprehensive inspection 2018 (seed 000).

The published result: children's community services inadequate, community inpatient services good,
four core services not inspected and carried forward as good from 2014; trust key questions safe
and well-led requires improvement, effective, caring and responsive good, overall requires
improvement; a warning notice on children's services. Team names, places inside sites and the
detail of each note are invented but consistent with the published figures.
"""

from __future__ import annotations

from cqc_tui.core.model import Enforcement, Finding, Rating, Recommendation

SLUG = "birmingham-community-trust-inspection"
DAYS = ["2018-04-24", "2018-04-25", "2018-04-26", "2018-05-03", "2018-05-15", "2018-05-16"]
PREVIOUS = "2014-11-20"

LOCATIONS = [
    {"id": "RYW-MHH", "name": "Moseley Hall Hospital"},
    {"id": "RYW-WHH", "name": "West Heath Hospital"},
    {"id": "RYW-WMRC", "name": "West Midlands Rehabilitation Centre"},
    {"id": "RYW-PTC", "name": "Perry Tree Centre"},
    {"id": "RYW-GHC", "name": "Community inpatient unit, Good Hope Hospital site"},
    {"id": "RYW-HQ", "name": "Trust headquarters"},
]

SECTIONS = {
    "background": (
        "Birmingham Community Healthcare NHS Foundation Trust provides community, specialist and "
        "rehabilitation services across Birmingham and the wider West Midlands, serving a population "
        "of more than six million. It was rated good overall after its 2014 comprehensive "
        "inspection."
    ),
    "scope": (
        "An announced inspection of two core services chosen from our monitoring - community health "
        "services for children, young people and families, and community health inpatient services - "
        "with an unannounced return visit and an inspection of the trust's leadership (well-led). The "
        "other four core services were not inspected; their 2014 ratings are carried forward."
    ),
    "method": (
        "Before the inspection we reviewed what we held about the trust and asked other organisations "
        "to share what they knew. The announced visit ran over three days in late April, with an "
        "unannounced return to children's services and the inspection of the trust's leadership in "
        "May. We visited clinics, health centres, schools and the inpatient units, talked with staff of "
        "every grade in interviews and focus groups, spoke with patients, parents and carers, observed "
        "care, and reviewed care records, policies and performance data."
    ),
    "context": (
        "Children's community services cover every child from birth to five through health visiting, "
        "and include school nursing, the looked-after children's health team, the children's "
        "development centre and children's therapies, delivered in homes, schools and clinics. "
        "Community inpatient services run rehabilitation and intermediate care beds at Moseley Hall "
        "Hospital, West Heath Hospital, the West Midlands Rehabilitation Centre, the Perry Tree Centre "
        "and a unit on the Good Hope Hospital site. The trust's 'Fit for 2022' work on its future "
        "vision and values began about six months before the inspection."
    ),
    "summary": (
        "We rated the trust requires improvement overall: safe and well-led require improvement; "
        "effective, caring and responsive are good. Children's community services were rated "
        "inadequate and we issued a warning notice: health visitor caseloads reached 500 children "
        "against a recommended 250, looked-after children's nurses held about 600 children each "
        "against guidance of 100, antenatal referrals declined for lack of capacity were not "
        "recorded, and only 36% of children were seen by the children's development centre within 18 "
        "weeks in the six months to March (target 92%). Staff in every team were kind and "
        "compassionate. Community inpatient services were good in every key question. At trust level "
        "we found weaknesses in risk management, in how incidents were investigated and learned from, "
        "and in how staff who raised concerns were treated."
    ),
}

COUNTS = {
    "core_services": 6,
    "core_services_inspected": 2,
    "locations_visited": 9,
    "staff_interviewed": 138,
    "patients_and_carers_spoken_with": 54,
    "care_records_reviewed": 72,
    "focus_groups": 11,
}

TEAM = [
    ("hoi", "Karen Wilding", "Head of hospital inspection", "CQC"),
    ("im", "Simon Akers", "Inspection manager", "CQC"),
    ("in1", "Lucy Brennan", "Inspector", "CQC"),
    ("in2", "Joseph Mensah", "Inspector", "CQC"),
    ("in3", "Harriet Cole", "Inspector", "CQC"),
    ("ph", "Deepa Rao", "Pharmacist specialist", "CQC"),
    ("an", "Owen Pritchard", "Analyst", "CQC"),
    ("sa1", "Bernadette Lowe", "Specialist advisor (health visiting)", "Specialist advisor"),
    ("sa2", "Craig Fenwick", "Specialist advisor (children's physiotherapy)", "Specialist advisor"),
    (
        "sa3",
        "Anita Sharma",
        "Specialist advisor (community rehabilitation nursing)",
        "Specialist advisor",
    ),
    ("sa4", "Peter Lund", "Specialist advisor (NHS executive director)", "Specialist advisor"),
    ("ee", "Margaret Doyle", "Expert by experience", "Expert by experience"),
]

# code, label, inspected, location, ratings (safe, effective, caring, responsive, well-led, overall)
UNITS = [
    (
        "cyp",
        "Community health services for children, young people and families",
        True,
        "",
        (
            "inadequate",
            "requires_improvement",
            "good",
            "requires_improvement",
            "inadequate",
            "inadequate",
        ),
    ),
    (
        "inpatients",
        "Community health inpatient services",
        True,
        "",
        ("good", "good", "good", "good", "good", "good"),
    ),
    ("adults", "Community health services for adults", False, "", ("good",) * 6),
    ("eolc", "End of life care", False, "", ("good",) * 6),
    ("dental", "Community dental services", False, "", ("good",) * 6),
    (
        "ld",
        "Community health services for people with a learning disability",
        False,
        "",
        ("good",) * 6,
    ),
]
KQS = ("safe", "effective", "caring", "responsive", "well-led", "overall")
TRUST = (
    "requires_improvement",
    "good",
    "good",
    "good",
    "requires_improvement",
    "requires_improvement",
)

NOTES = r"""
S2 | cyp | doc | ! | Trust headquarters, data request | Health visiting caseload report (March): the largest caseloads reach 500 children per health visitor, twice the maximum of 250 that the health visitors' professional body (CPHVA) recommends. Eleven of 37 teams are above 400.
S2 | cyp | staff* | ! | Health visiting team base, Small Heath | Health visitor: "I have just under 500 on my list. I can do the mandated visits if nothing else happens, and something always happens."
S2 | cyp | staff | ! | Health visiting team base, Small Heath | Team leader keeps a spreadsheet of families not visited at 6-8 weeks; 142 were outstanding on the day, with no recorded risk assessment of who should be seen first.
S1 | cyp | rec | ! | Health visiting team base, Small Heath | Record review (12 records): in three, a safeguarding concern raised by the GP was not followed up with a visit for more than four weeks.
S2 | cyp | staff | ! | Looked-after children's health team, Holt Street | LAC health team has the equivalent of about 600 children per practitioner; national guidance suggests 100. Nurses said they prioritise initial assessments and review health assessments slip.
S2 | cyp | doc | - | Looked-after children's health team, Holt Street | LAC team dashboard: 58% of review health assessments completed on time in the last quarter; no trend report reaches the board.
S3 | cyp | staff | ! | Health visiting team base, Small Heath | Antenatal contacts: referrals declined because of lack of capacity are not recorded anywhere, so there is no list of mothers who should have had an antenatal visit and did not.
S3 | cyp | rec | ! | Health visiting team base, Erdington | Could not find any record for two of five expectant mothers named on midwife referral letters; staff said the referrals had been turned down verbally.
S2 | cyp | obs | - | Children's development centre | Waiting list report on the wall dated January; manager said there is no clinical review of children waiting beyond 18 weeks.
R3 | cyp | doc | ! | Children's development centre | In the six months to March, only 36% of referrals to the children's development centre met the 18-week standard, against a national target of 92%.
R3 | cyp | doc | - | Children's therapies data | Occupational therapy, physiotherapy and speech and language therapy all missed the 18-week benchmark over the same six months; speech and language therapy was furthest from it.
R3 | cyp | people* | - | Children's development centre | Parent of a three-year-old: "We were referred last summer. We've had one letter saying we're on the list and nothing since."
R3 | cyp | staff | - | Speech and language therapy clinic, Northfield | Therapists described offering group sessions instead of individual therapy to reduce the waiting list; families who cannot attend groups wait longer.
S5 | cyp | doc | - | Incident reporting system | 23 incidents in six months relate to health visiting capacity (missed contacts, late safeguarding follow-up). Seven were still open after more than 60 days.
S6 | cyp | staff | - | Health visiting team base, Erdington | Staff said they stopped reporting caseload incidents because "nothing comes back"; none could describe learning from a recent incident.
S1 | cyp | doc | 0 | Training records | Safeguarding children level 3 training: 89% of health visitors and 94% of school nurses in date, against a trust target of 90%.
S1 | cyp | staff | + | School nursing team, Kingstanding | School nurses described clear safeguarding supervision every three months and a named nurse they could call the same day.
S4 | cyp | obs | 0 | Child health clinic, Sparkhill | Vaccine fridge temperatures recorded twice daily; one out-of-range reading in March was reported and the stock quarantined correctly.
E1 | cyp | staff | - | Health visiting team base, Small Heath | Health visitors are not able to deliver all five mandated contacts; teams target the new birth visit and the 6-8 week review and offer the 1-year and 2-2.5-year reviews in clinics if capacity allows.
E2 | cyp | doc | - | Public Health England data | New birth visits within 14 days are close to the England average, but 2-2.5-year reviews are well below it.
E3 | cyp | doc | - | Appraisal records | Appraisal completion in children's services 79% against a 90% target; clinical supervision records incomplete in four of six teams sampled.
E4 | cyp | staff | + | School nursing team, Kingstanding | School nurses attend child protection conferences and core groups; social workers we phoned described them as reliable partners.
E4 | cyp | staff | - | Looked-after children's health team, Holt Street | LAC nurses said they often receive notification that a child is in care weeks late, and consent forms are missing.
E6 | cyp | rec | 0 | Children's therapies, Northfield | Consent and Gillick competence recorded in six of eight therapy records reviewed; two had no record of who gave consent.
C1 | cyp | obs | + | Child health clinic, Sparkhill | Observed a health visitor calming a distressed first-time mother, explaining weight charts patiently and arranging a home visit the next day.
C1 | cyp | people* | + | Health visiting home visit, Shard End | Mother of a six-week-old: "She's lovely. She rang me on her day off to check the baby was feeding."
C2 | cyp | people | + | Children's development centre | Parents said staff explained assessments well once they were seen and involved them in setting goals.
C3 | cyp | obs | + | School nursing drop-in, Kingstanding | Drop-in held in a private room; young people could talk without being seen by classmates.
C1 | cyp | people | - | Children's development centre | Two parents said reception staff did not know the child's history when they phoned to chase the waiting list.
R1 | cyp | staff | - | Trust headquarters, commissioning meeting | Commissioners confirmed the health visiting contract was set before demand rose; the trust had raised capacity concerns but no revised service model had been agreed.
R2 | cyp | obs | + | Child health clinic, Sparkhill | Interpreters were booked for three of the morning's clinic appointments; leaflets available in Urdu, Bengali, Somali and Polish.
R4 | cyp | doc | 0 | Complaints log | 41 complaints about children's services in 12 months, most about waits; responses were within the trust's 25-day target in 71% of cases.
W1 | cyp | staff | - | Children's services leadership meeting | Divisional leaders knew about caseload pressures, but could not show a plan with dates to bring caseloads to safe levels.
W4 | cyp | doc | ! | Divisional risk register | Health visiting capacity has been on the divisional risk register for 18 months with the same score and no new actions since last autumn; the risk is not on the board assurance framework.
W3 | cyp | staff* | ! | Health visiting team base, Erdington | Health visitor: "When we raised it at the team meeting we were told everyone is busy and to manage our time better."
W3 | cyp | fg | - | Focus group, children's services staff | Staff in the focus group described low morale and said they were reluctant to raise concerns; three said they had been told their concerns were "negative".
W5 | cyp | doc | - | Performance report to divisional board | Performance report shows waiting times for therapies but no action plan and no harm review of children waiting.
W7 | cyp | staff | + | School nursing team, Kingstanding | School nursing team uses a text messaging service for young people and has changed drop-in times in response to pupils' feedback.
S2 | inpatients | obs | + | Moseley Hall Hospital, ward 3 | Ward staffing board matched planned numbers on both shifts observed; the ward uses a recognised acuity tool reviewed at a twice-daily safety huddle.
S1 | inpatients | obs | + | West Heath Hospital | Wards visibly clean; hand hygiene audit results for the last three months (96-100%) displayed at the entrance.
S2 | inpatients | rec | + | West Midlands Rehabilitation Centre | Record review (6 records): falls, pressure ulcer and nutrition risk assessments completed within 24 hours of admission and reviewed weekly.
S2 | inpatients | obs | + | Perry Tree Centre | Early warning scores completed and escalated correctly in all observations charts checked; staff could describe the sepsis pathway.
S4 | inpatients | obs | 0 | Moseley Hall Hospital, ward 3 | Controlled drugs register accurate; one resuscitation trolley check missed on two days in April.
S4 | inpatients | obs | - | Community inpatient unit, Good Hope Hospital site | Medicines fridge temperature not recorded on four days in the last month; staff did not know who to report this to.
S5 | inpatients | doc | + | Safety thermometer data | Harm-free care rates across community inpatient wards above 95% for the last 12 months; falls with harm declining.
S6 | inpatients | staff | + | West Heath Hospital | Ward manager described changing the bed-rails assessment after a falls incident; learning shared in a monthly "lessons" bulletin.
S3 | inpatients | obs | 0 | Community inpatient unit, Good Hope Hospital site | Discharge summaries from the acute trust sometimes arrive by fax after the patient; the unit has escalated this to the acute trust.
S2 | inpatients | staff | 0 | Moseley Hall Hospital, ward 3 | Night staffing relies on bank nurses two or three nights a week; bank staff receive a local induction checklist.
E1 | inpatients | obs | + | West Midlands Rehabilitation Centre | Goal-setting meetings with patients, physiotherapists and occupational therapists held weekly; goals written in the patient's words.
E2 | inpatients | doc | + | Outcome measures | Therapy outcome measures show improvement in mobility scores for 82% of patients discharged in the last six months.
E3 | inpatients | doc | 0 | Training records | Mandatory training compliance 87% against a target of 90%; most gaps in moving and handling refreshers.
E4 | inpatients | obs | + | Perry Tree Centre | Daily board round included a social worker from the local authority and a pharmacist; discharge plans agreed on the board.
E6 | inpatients | rec | + | Moseley Hall Hospital, ward 3 | Mental capacity assessments recorded for specific decisions in all four records where capacity was in doubt; best interests decisions involved families.
E5 | inpatients | obs | + | West Heath Hospital | Ward promotes exercise groups and healthy eating; smoking cessation advice recorded on admission.
C1 | inpatients | obs | + | Moseley Hall Hospital, ward 3 | Staff knelt to speak to patients at eye level, used first names as patients preferred, and responded quickly to call bells.
C1 | inpatients | people* | + | West Midlands Rehabilitation Centre | Patient recovering from a stroke: "They push me, but kindly. Three weeks ago I couldn't stand, and now I can walk to the bathroom."
C2 | inpatients | people | + | Perry Tree Centre | Relatives said they were invited to goal-setting meetings and kept informed about discharge plans.
C3 | inpatients | obs | + | West Heath Hospital | Curtains drawn for personal care and privacy signs used; patients' dignity maintained during transfers.
C1 | inpatients | doc | + | Friends and Family Test | Friends and Family Test: 97% of inpatients would recommend the service (last six months).
R1 | inpatients | staff | + | Perry Tree Centre | Step-up and step-down beds are planned with commissioners and the acute trusts; the unit accepts admissions seven days a week.
R2 | inpatients | obs | + | Moseley Hall Hospital, ward 3 | Dementia-friendly signage, memory boxes and "This is me" documents in use; a dementia champion on each shift.
R3 | inpatients | doc | 0 | Bed occupancy and length of stay | Average length of stay close to the 21-day plan; delays mostly while waiting for care packages or care home places.
R4 | inpatients | staff | + | West Heath Hospital | Ward manager showed how complaints about noise at night led to quiet-time hours after 10pm.
W1 | inpatients | staff | + | Moseley Hall Hospital, ward 3 | Staff said the matron and ward manager were visible and approachable; leaders knew the service's risks.
W5 | inpatients | doc | + | Divisional governance meeting minutes | Monthly governance meeting reviews incidents, harm-free care, staffing and complaints for each ward, with actions carried forward and closed.
W3 | inpatients | fg | + | Focus group, inpatient nurses | Nurses felt valued and described a supportive culture; they knew how to contact the freedom to speak up guardian.
E5 | cyp | obs | + | Child health clinic, Sparkhill | Health visitor gave breastfeeding and safe sleep advice and referred the family to a local stop-smoking service.
W2 | cyp | staff | - | Children's services leadership meeting | Divisional director said a new children's service model is being drafted; staff had not been involved and could not describe the direction of travel.
W6 | cyp | doc | - | Children's services dashboard | The children's dashboard reports contacts delivered but not caseload size, so the division could not monitor caseloads without manual counts.
W8 | cyp | staff | + | School nursing team, Kingstanding | School nurses developed an online emotional health pathway with two secondary schools, piloting it with year 9 pupils.
W2 | inpatients | staff | + | West Midlands Rehabilitation Centre | Service lead described the community rehabilitation strategy and staff could explain how their ward fitted into it.
W4 | inpatients | doc | + | Ward quality dashboard | Each ward reviews a quality dashboard monthly; matrons report exceptions to the divisional board.
W6 | inpatients | obs | + | Perry Tree Centre | Electronic patient records accessible to all staff; handover sheets printed from the record and shredded after each shift.
W7 | inpatients | staff | + | Moseley Hall Hospital, ward 3 | Ward holds a monthly patient and carer forum; recent changes include open visiting and a quiet lounge.
W8 | inpatients | staff | + | West Heath Hospital | Therapists introduced a weekend exercise programme run by rehabilitation assistants after an audit showed deconditioning at weekends.
W4 | | staff | - | Trust headquarters | Executive team described the board assurance framework; children's capacity risks were held at divisional level and had not been escalated to the board.
W5 | | doc | - | Serious incident reports | Four of nine serious incident investigations in the last year were completed after the 60-working-day deadline; the trust did not prioritise investigations by risk.
W8 | | doc | - | Serious incident reports | Action plans from investigations lacked owners and dates in five of nine reports sampled; there was no follow-up of whether learning had changed practice.
W3 | | fg* | ! | Focus group, trust staff (mixed services) | Band 6 nurse: "You raise something and you get a negative response from your manager, so people stop raising things."
W3 | | staff | - | Trust headquarters | Freedom to speak up guardian has limited protected time (one day a week) and had received 31 concerns in the year; several related to how managers responded to earlier concerns.
W3 | | doc | - | Workforce race equality standard report | WRES data: BME staff more likely than white staff to enter formal disciplinary processes and less likely to be appointed from shortlisting. An action plan exists but has no measures.
W2 | | staff | 0 | Trust headquarters | Chief executive described the "Fit for 2022" programme to reset vision and values, started six months earlier; staff in children's services had not yet heard of it.
W1 | | staff | + | Trust headquarters | Board members had a good range of skills and had recently strengthened clinical leadership with a new chief nurse; non-executives described robust challenge in committees.
W6 | | doc | 0 | Board papers | Board integrated performance report contains waiting times but not caseload data or harm reviews for children waiting.
W7 | | staff | + | Trust headquarters | Trust has a patient experience panel and publishes a "you said, we did" report quarterly.
W4 | | doc | + | Board committee terms of reference | Clear committee structure with quality, finance and workforce committees reporting to the board; minutes show issues followed up.
W8 | | staff | + | Trust headquarters | Research and innovation team supports therapy-led projects; two rehabilitation studies published in the last year.
W3 | | staff* | - | Trust headquarters | Chief executive: "We recognise we have room to improve on how colleagues feel able to speak up, and on inclusion."
"""

FINDINGS = [
    (
        "cyp",
        "safe",
        "Staffing and caseloads were unsafe",
        "Health visitor caseloads reached double the recommended level and the looked-after children's health team held about six times the guidance figure per practitioner. Referrals declined for lack of capacity were not recorded, so the service could not know which mothers and children had missed contacts.",
    ),
    (
        "cyp",
        "effective",
        "Mandated contacts not delivered",
        "The service could not deliver all mandated health visiting contacts and appraisal and supervision were below target. Partnership working with schools and social care was good.",
    ),
    (
        "cyp",
        "caring",
        "Compassionate staff",
        "Parents and young people described kind, caring staff who went out of their way to help. We saw staff treat families with respect and patience.",
    ),
    (
        "cyp",
        "responsive",
        "Long waits for assessment and therapy",
        "Only 36% of children were seen by the children's development centre within 18 weeks against a 92% target, and occupational therapy, physiotherapy and speech and language therapy all missed benchmarks.",
    ),
    (
        "cyp",
        "well-led",
        "Risks known but not acted on",
        "Leaders knew about caseload pressures but the risk had sat on the register without new actions; staff who raised concerns sometimes met a negative response.",
    ),
    (
        "inpatients",
        "safe",
        "Safe staffing and risk management",
        "Wards were clean, staffed to plan and risks were assessed promptly. There were minor lapses in medicines fridge and resuscitation equipment checks.",
    ),
    (
        "inpatients",
        "effective",
        "Good rehabilitation outcomes",
        "Multidisciplinary goal setting and outcome measures showed good results; mental capacity was assessed properly.",
    ),
    (
        "inpatients",
        "caring",
        "Kind and dignified care",
        "Patients and relatives praised staff; privacy and dignity were respected.",
    ),
    (
        "inpatients",
        "responsive",
        "Planned around patients",
        "Beds were planned with partners and admissions accepted seven days a week; dementia care was well supported.",
    ),
    (
        "inpatients",
        "well-led",
        "Visible local leadership",
        "Local leaders were visible and governance at ward level was effective.",
    ),
    (
        "",
        "well-led",
        "Trust leadership",
        "The board had the right skills but risk management did not bring the children's services risks to the board; investigations were slow and learning was not followed through; the freedom to speak up culture and equality for BME staff needed improvement.",
    ),
    (
        "inpatients",
        "caring",
        "Outstanding practice: patient-written rehabilitation goals",
        "At the West Midlands Rehabilitation Centre patients wrote their own rehabilitation goals with therapists and reviewed them weekly, which patients said kept them motivated.",
    ),
]

RECOMMENDATIONS = [
    # kind, unit, kq, regulation, text
    (
        "must_do",
        "cyp",
        "safe",
        "Regulation 18 Staffing",
        "Ensure there are enough suitably qualified health visitors to bring caseloads down to a safe level, with an interim plan to prioritise the families at greatest risk.",
    ),
    (
        "must_do",
        "cyp",
        "safe",
        "Regulation 18 Staffing",
        "Ensure the looked-after children's health team has enough staff to complete initial and review health assessments on time.",
    ),
    (
        "must_do",
        "cyp",
        "safe",
        "Regulation 12 Safe care and treatment",
        "Record every antenatal and health visiting referral that is declined or not seen, and assess the risk to each mother and child.",
    ),
    (
        "must_do",
        "cyp",
        "responsive",
        "Regulation 12 Safe care and treatment",
        "Reduce waits for the children's development centre and children's therapies, and clinically review children waiting beyond 18 weeks.",
    ),
    (
        "must_do",
        "cyp",
        "well-led",
        "Regulation 17 Good governance",
        "Ensure risks in children's services are escalated, acted on and overseen by the board, with measurable actions.",
    ),
    (
        "must_do",
        "",
        "well-led",
        "Regulation 17 Good governance",
        "Complete serious incident investigations within the required timescales and check that learning has changed practice.",
    ),
    (
        "should_do",
        "cyp",
        "well-led",
        "",
        "Make sure staff who raise concerns receive a supportive response and feedback on what was done.",
    ),
    (
        "should_do",
        "cyp",
        "effective",
        "",
        "Improve appraisal and clinical supervision rates in children's services.",
    ),
    (
        "should_do",
        "inpatients",
        "safe",
        "",
        "Check and record medicines fridge temperatures and resuscitation equipment daily on every ward.",
    ),
    (
        "should_do",
        "inpatients",
        "effective",
        "",
        "Bring mandatory training, particularly moving and handling, up to the trust target.",
    ),
    (
        "should_do",
        "",
        "well-led",
        "",
        "Give the freedom to speak up guardian enough protected time for the size of the trust.",
    ),
    (
        "should_do",
        "",
        "well-led",
        "",
        "Set measurable actions to address the workforce race equality standard findings.",
    ),
]


def build(b) -> None:
    lead = "Karen Wilding"
    b.review(
        "2018-03-12T09:05:00.000Z",
        lead,
        updated="2018-08-10T08:45:00.000Z",
        updated_by=lead,
        rev=9,
        title="Birmingham Community Healthcare NHS Foundation Trust inspection 2018",
        review_type="comprehensive",
        framework_id="kloe-healthcare",
        provider="Birmingham Community Healthcare NHS Foundation Trust",
        provider_kind="NHS community trust",
        locations=tuple(LOCATIONS),
        start_date=DAYS[0],
        end_date=DAYS[-1],
        report_date="2018-08-10",
        status="final",
        marking="OFFICIAL",
        service_types=("community",),
        sections=SECTIONS,
        counts=COUNTS,
    )
    clk = b.clock("2018-03-12T09:10:00", 4)
    for key, name, role, org in TEAM:
        b.member(key, name, role, org, clk(), lead)
    for i, (code, label, inspected, loc, _) in enumerate(UNITS, 1):
        b.unit(
            code,
            label,
            i,
            clk(),
            lead,
            inspected=inspected,
            location=loc,
            service_types=("community",),
        )
    L = b.logins
    authors = {
        "": [L["hoi"], L["sa4"], L["im"], L["an"]],
        "cyp": [L["in1"], L["sa1"], L["sa2"], L["in3"]],
        "inpatients": [L["in2"], L["sa3"], L["ph"], L["ee"]],
    }
    b.add_notes(b.parse_notes(NOTES, "n"), DAYS, authors)

    # Previous trust-level ratings (2014) for comparison, then carried-forward and new ratings.
    clk = b.clock("2018-05-21T09:00:00", 3)
    for kq in KQS:
        b.add(
            Rating(
                id=b.uid("ratings", f"trust-prev-{kq}"),
                author=L["an"],
                created=clk(),
                key_question=kq,
                rating="good",
                source="previous",
                rated_on=PREVIOUS,
                rationale="Rating published after the 2014 comprehensive inspection.",
            )
        )
    for code, label, inspected, _, ratings in UNITS:
        for kq, rating in zip(KQS, ratings, strict=True):
            if inspected:
                notes = b.notes_for(code, "" if kq == "overall" else kq, limit=5)
                rationale = _rationale(code, kq, rating)
                b.add(
                    Rating(
                        id=b.uid("ratings", f"{code}-{kq}"),
                        author=lead,
                        created=clk(),
                        scope_unit=b.unit_id(code),
                        key_question=kq,
                        rating=rating,
                        rationale=rationale,
                        note_ids=notes,
                        source="this_review",
                        rated_on="2018-06-14",
                    )
                )
            else:
                b.add(
                    Rating(
                        id=b.uid("ratings", f"{code}-{kq}"),
                        author=L["an"],
                        created=clk(),
                        scope_unit=b.unit_id(code),
                        key_question=kq,
                        rating=rating,
                        source="carried_forward",
                        rated_on=PREVIOUS,
                        rationale=f"{label} was not inspected in 2018; the 2014 rating stands.",
                    )
                )
    trust_why = {
        "safe": "Children's services safe is inadequate (warning notice) while the other five core services are good; the team judged the trust requires improvement for safe.",
        "effective": "Five core services good and one requires improvement: good.",
        "caring": "All six core services good for caring.",
        "responsive": "Five core services good and one requires improvement: good.",
        "well-led": "Assessed at trust level: risk escalation, incident investigation and speaking-up culture need improvement, though the board is capable.",
        "overall": "Two key questions require improvement (safe, well-led) and three are good: requires improvement overall.",
    }
    for kq, rating in zip(KQS, TRUST, strict=True):
        notes = b.notes_for("", "" if kq == "overall" else kq, limit=5)
        if kq not in ("well-led", "overall"):
            notes = b.notes_for("cyp", kq, limit=2) + b.notes_for("inpatients", kq, limit=2)
        b.add(
            Rating(
                id=b.uid("ratings", f"trust-{kq}"),
                author=lead,
                created=clk(),
                key_question=kq,
                rating=rating,
                rationale=trust_why[kq],
                note_ids=notes,
                source="this_review",
                rated_on="2018-06-14",
            )
        )

    clk = b.clock("2018-05-22T10:00:00", 5)
    for i, (unit, kq, heading, text) in enumerate(FINDINGS, 1):
        kind = "outstanding_practice" if heading.startswith("Outstanding practice") else "finding"
        b.add(
            Finding(
                id=b.uid("findings", f"f{i:02d}"),
                author=lead,
                created=clk(),
                kind=kind,
                key_question=kq,
                scope_unit=b.unit_id(unit),
                heading=_heading(heading),
                text=text,
                note_ids=b.notes_for(unit, kq, limit=4),
                order=i,
            )
        )
    for i, (kind, unit, kq, reg, text) in enumerate(RECOMMENDATIONS, 1):
        b.add(
            Recommendation(
                id=b.uid("recommendations", f"r{i:02d}"),
                author=lead,
                created=clk(),
                kind=kind,
                text=text,
                owner="Birmingham Community Healthcare NHS Foundation Trust",
                key_question=kq,
                scope_unit=b.unit_id(unit),
                regulation=reg,
                order=i,
                note_ids=b.notes_for(unit, kq, limit=3, polarity=("negative", "concern")),
            )
        )
    b.add(
        Enforcement(
            id=b.uid("enforcement", "warning-cyp"),
            author=lead,
            created=clk(),
            kind="warning_notice",
            scope_unit=b.unit_id("cyp"),
            key_question="safe",
            regulation="Section 29A Health and Social Care Act 2008",
            regulated_activity="Treatment of disease, disorder or injury",
            how_not_met="Health visitor and school nurse caseloads were far above recommended levels in most "
            "teams. Referrals that families declined were not recorded or risk assessed, and "
            "safeguarding concerns were not always followed up promptly.",
            text="The trust must make significant improvements to staffing and caseload management in "
            "these services, including the recording and risk assessment of declined referrals.",
            date="2018-05-10",
        )
    )
    for key, unit, kq, reg, text, how in (
        (
            "rn-cyp-resp",
            "cyp",
            "responsive",
            "Regulation 12 Safe care and treatment",
            "The trust must reduce waits for the children's development centre and children's therapies "
            "and assess the risk to each child who waits beyond the national benchmark.",
            "Children waited longer than national benchmarks for an assessment at the children's development "
            "centre and for every children's therapy, and the waits were not risk assessed.",
        ),
        (
            "rn-trust-wl",
            "",
            "well-led",
            "Regulation 17 Good governance",
            "The trust must make sure risks in its services reach the board and are acted on, and "
            "complete serious incident investigations within the required timescales.",
            "Risks known in services were not escalated to the board, and serious incident investigations "
            "were not completed within the required timescales.",
        ),
    ):
        b.add(
            Enforcement(
                id=b.uid("enforcement", key),
                author=lead,
                created=clk(),
                kind="requirement_notice",
                scope_unit=b.unit_id(unit),
                key_question=kq,
                regulation=reg,
                text=text,
                date="2018-08-10",
                regulated_activity="Treatment of disease, disorder or injury",
                how_not_met=how,
            )
        )


def _rationale(code: str, kq: str, rating: str) -> str:
    texts = {
        (
            "cyp",
            "safe",
        ): "Caseloads far above recommended levels, unrecorded declined referrals and slow safeguarding follow-up put children at risk; a warning notice was issued.",
        (
            "cyp",
            "effective",
        ): "Mandated contacts not all delivered; appraisal and supervision below target; good multi-agency working.",
        (
            "cyp",
            "caring",
        ): "Families consistently described compassionate, kind staff; we observed respectful care.",
        (
            "cyp",
            "responsive",
        ): "Long waits for the children's development centre and all children's therapies against national benchmarks.",
        (
            "cyp",
            "well-led",
        ): "Known risks not escalated or acted on; staff concerns met with negative responses; morale low.",
        (
            "cyp",
            "overall",
        ): "Two key questions inadequate (safe, well-led) and two requiring improvement: inadequate overall.",
        ("inpatients", "overall"): "All five key questions good.",
    }
    return texts.get(
        (code, kq),
        "Evidence across the KLOEs met the characteristics of good; minor issues did not affect people's safety or outcomes.",
    )


def _heading(heading: str) -> str:
    prefix = "Outstanding practice: "
    if heading.startswith(prefix):
        rest = heading[len(prefix) :]
        return rest[:1].upper() + rest[1:]
    return heading

"""Follow-up review of NHS trusts after the Baby P case, January-March 2009 (seed 002).

Published facts: carried out by the Healthcare Commission (CQC's predecessor) from January to
March 2009 at North Middlesex University Hospital NHS Trust, Haringey Teaching Primary Care Trust
and Great Ormond Street Hospital for Children NHS Trust (which ran paediatric services for the
other two); staff had 34 contacts with the child, excluding his birth; earlier failings were poor
communication (including an A&E visit in July 2007 where previous contacts were not known), poor
attendance at child protection conferences, and staff shortages that led to an eight-week wait for
a paediatric assessment at St Ann's Hospital. The review found problems remained in all three
areas, a serious concern about how North Middlesex paediatric staff made referrals, difficulty for
health visitors and school nurses in making late-day referrals, heavy workloads, higher turnover
linked to media attention, increased child protection awareness, and robust actions since the
first serious case review (November 2008). Team names, dates within the period, notes and counts
other than 34 are invented, consistent with those facts. The child is referred to only as he was
publicly known.
"""

from __future__ import annotations

from cqc_tui.core.model import Finding, Recommendation

SLUG = "baby-p-follow-up-review-2009"
DAYS = ["2009-01-20", "2009-01-21", "2009-02-10", "2009-02-11", "2009-03-03", "2009-03-04"]

SECTIONS = {
    "background": (
        "Commissioned by government after the death of Baby P in August 2007, this review asked whether "
        "the failings in NHS services identified in his case had been put right. It was carried out "
        "by the Healthcare Commission, CQC's predecessor, between January and March 2009, and followed "
        "the first serious case review published in November 2008."
    ),
    "scope": (
        "Three NHS bodies: North Middlesex University Hospital NHS Trust, Haringey Teaching Primary Care "
        "Trust, and Great Ormond Street Hospital for Children NHS Trust, which provided paediatric "
        "services on behalf of the other two. We looked at each earlier failing - communication within "
        "health and with social services, attendance at child protection conferences, and staffing - "
        "and at how child protection referrals are now made."
    ),
    "method": (
        "We built a chronology of the 34 contacts NHS staff had with the child (excluding his birth), "
        "interviewed staff and managers at each trust, held focus groups with health visitors, school "
        "nurses and paediatric staff, reviewed the records of other children referred for child "
        "protection, and examined policies, training and staffing data."
    ),
    "summary": (
        "The trusts had taken robust action since the failings came to light, and paediatric staff at "
        "Haringey told us child protection awareness had risen markedly. But none of the three earlier "
        "failings had been fully overcome: communication between professionals was still unreliable, "
        "paediatric attendance at child protection conferences remained poor at North Middlesex and "
        "below the level wanted at Haringey, and health visitors and school nurses still carried "
        "excessive workloads. We also found a serious concern: some North Middlesex paediatric staff "
        "believed faxing a referral to children's services was enough, without the follow-up "
        "conversation that pan-London procedures require."
    ),
}

COUNTS = {
    "contacts_with_child": 34,
    "organisations_reviewed": 3,
    "staff_interviewed": 96,
    "focus_groups": 9,
    "referral_records_reviewed": 40,
}

TEAM = [
    ("rm", "Eleanor Vickers", "Review manager", "Healthcare Commission"),
    ("an1", "Colin Barraclough", "Lead analyst", "Healthcare Commission"),
    ("rv1", "Maureen Tate", "Reviewer (safeguarding nurse)", "Healthcare Commission"),
    ("rv2", "Daniel Okafor", "Reviewer", "Healthcare Commission"),
    (
        "pa",
        "Ruth Ellison",
        "Specialist advisor (consultant community paediatrician)",
        "Specialist advisor",
    ),
    ("hv", "Sandra Keogh", "Specialist advisor (health visiting)", "Specialist advisor"),
]

UNITS = [
    ("nmuh", "North Middlesex University Hospital NHS Trust"),
    ("haringey", "Haringey Teaching Primary Care Trust"),
    ("gosh", "Great Ormond Street Hospital for Children NHS Trust"),
]

NOTES = r"""
S3 | | doc | 0 | Healthcare Commission office | Chronology assembled from the three trusts' records: 34 contacts with the child between his birth and his death, not counting the birth itself, across GP, health visiting, A&E, hospital and community paediatric services.
S3 | nmuh | rec | ! | North Middlesex A&E | The July 2007 A&E record documents injuries including bloodied scabs on the scalp; the clinician had no access to, and did not ask about, earlier NHS contacts, so the pattern was not recognised.
S3 | nmuh | obs | + | North Middlesex A&E | A&E now checks the child protection register and an attendance history for every child at triage; we saw the prompt on the electronic tracking system.
S3 | nmuh | staff | - | North Middlesex A&E | A&E nurses said the attendance history only covers North Middlesex; attendances at other London A&E departments are still invisible to them.
S3 | nmuh | doc | 0 | North Middlesex paediatric liaison data | The paediatric liaison health visitor sends notifications of children's A&E attendances to health visitors; the backlog in January was eight working days.
S1 | nmuh | rec | ! | North Middlesex paediatric department | Referral records (12 reviewed): in five, the referral to children's services was faxed with no record of a follow-up phone call or of the outcome.
S1 | nmuh | staff* | ! | North Middlesex paediatric department | Paediatric registrar: "Once it's faxed, it's with social care. That's how we've always done it."
S1 | nmuh | doc | - | Pan-London child protection procedures | Pan-London procedures state that a conversation between the referrer and the social worker is essential, followed by written confirmation; trust guidance had not been updated to say so.
E4 | nmuh | staff | - | North Middlesex paediatric department | Consultants said clinical commitments make it hard to attend child protection conferences; sessions are not protected for conference attendance.
E4 | nmuh | doc | ! | Conference attendance records | Paediatric attendance at child protection conferences for North Middlesex patients was poor: a paediatrician attended 6 of 31 initial conferences in the last six months, and sent a report to 11.
E4 | nmuh | staff | - | North Middlesex paediatric department | Staff said feedback from conferences is inconsistent; minutes sometimes never arrive, so they do not know the plan for the child.
W5 | nmuh | staff | + | North Middlesex executive offices | Trust board now receives a monthly safeguarding report; a named doctor and named nurse have protected time.
W1 | nmuh | staff | + | North Middlesex executive offices | Chief executive described changes since the first serious case review: a new safeguarding committee, an executive lead and a training programme for A&E.
E3 | nmuh | doc | 0 | Training records | Level 2 child protection training for A&E staff now at 84%; level 3 for paediatric medical staff at 71%.
E3 | nmuh | fg | + | Focus group, North Middlesex nurses | Nurses said recent training made them more confident to question injuries in babies and to ask about previous attendances.
S2 | haringey | doc | ! | Haringey PCT workforce data | Community paediatric service at St Ann's Hospital had two consultant posts vacant for most of 2007; the waiting time for a routine paediatric assessment was up to eight weeks.
S2 | haringey | rec | ! | St Ann's Hospital, child development centre | Chronology: referral for the child's paediatric assessment waited eight weeks; the assessment took place on 1 August 2007, two days before his death.
S2 | haringey | staff | 0 | St Ann's Hospital, child development centre | Clinic manager said urgent child protection medicals are now seen within 24 hours, but routine waits have crept back to six weeks because of locum gaps.
S2 | haringey | doc | ! | Haringey PCT workforce data | Health visitor vacancy rate 22%; the average caseload is well above the locally agreed maximum, and school nurses cover an average of nine schools each.
S2 | haringey | fg* | ! | Focus group, Haringey health visitors | Health visitor: "We prioritise the child protection cases, which means the families who are slipping towards it don't get seen."
S2 | haringey | fg | - | Focus group, Haringey school nurses | School nurses said they cannot attend all core groups for the children on plans in their schools and send written updates instead.
S1 | haringey | fg | - | Focus group, Haringey health visitors | Health visitors and school nurses said referrals often have to be made late in the day, when children's services staff are hard to reach; some calls went unanswered.
S1 | haringey | staff | 0 | Haringey Council children's services | Children's services managers said a new single referral telephone line with extended hours starts next month.
W3 | haringey | staff* | - | Haringey PCT headquarters | Director of nursing: "Turnover has gone up since the coverage. People don't want to work for a trust that's on the front pages."
W3 | haringey | doc | - | Haringey PCT workforce data | Health visiting turnover 19% in the last 12 months, compared with 11% the year before; exit interviews cite the pressure of public scrutiny.
E3 | haringey | fg* | + | Focus group, Haringey paediatric staff | Paediatric nurse: "Child protection awareness has gone up massively. Everybody talks about it now; nobody assumes someone else has made the call."
E4 | haringey | doc | - | Conference attendance records | Community paediatric attendance at child protection conferences below the level the PCT set itself: 48% of conferences attended or a report sent, against a target of 90%.
E4 | haringey | staff | + | Haringey PCT headquarters | Health visitors now attend or send a report to almost every initial conference; managers track attendance weekly.
S3 | haringey | rec | - | Haringey health visiting base | Records of children on plans (8 reviewed): GP and health visitor records held different information about who lived in the household in three cases.
S3 | haringey | staff | - | GP practice, Tottenham | GP said she is rarely told about A&E attendances at hospitals outside the borough and learns of them from parents.
W1 | haringey | staff | + | Haringey PCT headquarters | PCT appointed a designated doctor and strengthened the designated nurse team after the serious case review; both attend the safeguarding children board.
W5 | haringey | doc | + | PCT board papers | PCT board receives a safeguarding dashboard covering training, conference attendance, vacancies and referral timeliness.
W5 | haringey | doc | - | PCT risk register | Health visitor staffing has been on the risk register since 2007; the mitigation (agency staff) has not reduced the risk score.
S1 | gosh | staff | + | Great Ormond Street safeguarding team | Trust appointed a named doctor for the community services it runs in Haringey and at North Middlesex, and set up a joint safeguarding group with both bodies.
E4 | gosh | staff | - | Great Ormond Street safeguarding team | Managers accepted that paediatric staff it employs at North Middlesex still rarely attend conferences; a rota has been proposed but not agreed.
W4 | gosh | doc | - | Service level agreements | The agreements under which the trust provides paediatric services to the other two bodies do not say who is accountable for safeguarding supervision or conference attendance.
W4 | gosh | staff | 0 | Great Ormond Street executive offices | Executives said responsibilities are now being clarified in revised agreements to be signed by April.
E3 | gosh | doc | + | Training records | All paediatric consultants employed by the trust in the Haringey and North Middlesex services have completed level 3 training.
S3 | gosh | staff | - | Great Ormond Street safeguarding team | Paediatric staff record in three different systems depending on the site; a child seen at two sites can have two unconnected records.
W8 | gosh | staff | + | Great Ormond Street executive offices | Learning from the case has been shared in trust-wide sessions and built into the induction of all staff in the community paediatric service.
C2 | haringey | fg | - | Focus group, Haringey health visitors | Health visitors said home visits to families of concern are shorter than they would like, so they rarely see the child awake and engaged.
R3 | haringey | doc | - | St Ann's waiting list | 41 children waiting more than six weeks for a routine community paediatric appointment at the time of our visit.
R3 | nmuh | doc | 0 | North Middlesex A&E data | Children in A&E seen by a doctor within one hour: 88% in the last quarter.
W6 | nmuh | doc | - | North Middlesex safeguarding audit | The trust's own audit of referrals found the follow-up call was recorded in 40% of cases; no re-audit date set.
W6 | haringey | staff | 0 | Haringey PCT headquarters | Information sharing agreement with children's services has been revised but had not yet been signed by all partners.
S1 | gosh | fg | + | Focus group, GOSH community paediatric staff | Staff described a new requirement to discuss every child protection concern with a senior colleague the same day.
S5 | nmuh | doc | 0 | Serious incident reports | The trust reported the A&E attendance as a serious untoward incident after the first serious case review; the investigation was completed within the required timescale.
S6 | nmuh | staff | + | North Middlesex A&E | A&E consultants said learning from the case is discussed at monthly safeguarding case reviews, with anonymised examples of missed injuries.
S6 | haringey | doc | - | PCT action plan | Two actions from the first serious case review (joint supervision of health visitors with social workers and GP record alerts) are overdue with no revised dates.
S5 | haringey | doc | 0 | PCT incident data | Safeguarding incidents reported by community staff doubled after November 2008; managers see this as better reporting rather than more harm.
S2 | nmuh | staff | - | North Middlesex paediatric department | Paediatric rota has two registrar gaps most weeks; the named doctor said child protection medicals are sometimes delayed until the next day.
S2 | gosh | doc | - | GOSH community paediatric workforce | Locums fill three of eleven community paediatric sessions in Haringey; locums are not routinely given the local child protection induction.
E1 | haringey | doc | + | PCT child protection policy | The PCT's child protection policy was rewritten in January 2009 to match the London procedures and Working Together guidance.
E1 | nmuh | doc | - | Trust child protection guidance | Trust guidance for A&E on injuries in non-mobile babies had not been updated to reflect current national guidance.
E2 | haringey | doc | 0 | PCT audit programme | A first audit of health visiting child protection records is planned for April; there is no baseline yet to measure improvement.
E6 | nmuh | rec | 0 | North Middlesex paediatric department | Referral records show parents were told about referrals in most cases; the reasons for not telling them were recorded in the two where they were not.
C1 | nmuh | obs | + | North Middlesex A&E | Observed a nurse in the children's area explain to a young child what would happen next and keep the parent involved throughout.
C2 | gosh | staff | 0 | Great Ormond Street safeguarding team | Paediatricians said they now explain to parents that concerns will be shared with children's services, except where this would put the child at risk.
R1 | haringey | staff | - | Haringey PCT headquarters | Commissioners have not yet agreed how many community paediatric sessions the borough needs; the current level reflects historic funding.
R2 | haringey | fg | 0 | Focus group, Haringey health visitors | Health visitors said interpreters are available for home visits but must be booked days ahead, which is a barrier for urgent visits.
R4 | nmuh | doc | 0 | Complaints log | No complaints about child protection practice in A&E in the last year; two complaints from parents about the way referrals were explained.
W2 | haringey | doc | 0 | PCT safeguarding strategy | PCT board approved a safeguarding children strategy in December 2008; it has objectives but few measurable targets.
W3 | nmuh | fg | - | Focus group, North Middlesex nurses | Nurses said they felt blamed by the media coverage and some were anxious about making decisions in case they got them wrong.
W7 | gosh | staff | + | Great Ormond Street executive offices | The trust set up a forum with the other two bodies' staff to hear their concerns about the shared paediatric services.
W4 | haringey | staff | - | Haringey Council children's services | Children's services managers said they did not know who in the PCT to escalate to when health practitioners disagreed with a decision.
W2 | gosh | doc | - | Service level agreements | Agreements for the shared paediatric services set activity targets but no safeguarding standards or outcome measures.
W1 | | staff | + | Government Office for London | The children's services improvement board confirmed health partners had attended all meetings since November 2008.
"""

EARLIER = [
    # unit, kq, heading, text, status
    (
        "nmuh",
        "safe",
        "A&E staff did not know about earlier NHS contacts",
        "In July 2007 the child attended North Middlesex A&E with injuries; concerns were not raised because staff did not know about his previous NHS contacts. Triage now checks local attendance history and the register, but attendances elsewhere remain invisible.",
        "partly_put_right",
    ),
    (
        "nmuh",
        "effective",
        "Paediatric attendance at child protection conferences",
        "Paediatric staff did not attend the conferences that planned and reviewed the child's care. Attendance by North Middlesex paediatric staff is still poor.",
        "not_put_right",
    ),
    (
        "haringey",
        "effective",
        "Community paediatric attendance at child protection conferences",
        "Attendance by Haringey PCT paediatric staff has improved but is below the level the PCT wants; health visitor attendance is now good.",
        "partly_put_right",
    ),
    (
        "haringey",
        "safe",
        "Staff shortages delayed a paediatric assessment",
        "Vacancies at St Ann's Hospital meant the child waited eight weeks for a paediatric assessment. Urgent child protection medicals are now prompt, but routine waits and community staffing remain a problem.",
        "partly_put_right",
    ),
    (
        "haringey",
        "safe",
        "Health visitor and school nurse workloads",
        "Excessive workloads in health visiting and school nursing limited contact with vulnerable families. Vacancies and turnover are higher than before.",
        "not_put_right",
    ),
    (
        "nmuh",
        "safe",
        "Communication between health staff and with social services",
        "Poor communication within the NHS and between NHS and social care practitioners contributed to the failure to protect the child. Some improvements, but referral practice remains unsafe.",
        "partly_put_right",
    ),
    (
        "haringey",
        "safe",
        "Communication between health staff and with social services",
        "GP and health visitor records still diverge and out-of-borough attendances are not reliably shared; late-day referrals are hard to make.",
        "partly_put_right",
    ),
    (
        "gosh",
        "well-led",
        "Clarity of safeguarding accountability for services run on behalf of others",
        "The trust has strengthened safeguarding leadership and training, but agreements do not yet say who is accountable for supervision and conference attendance.",
        "partly_put_right",
    ),
    (
        "haringey",
        "effective",
        "Child protection awareness among paediatric staff",
        "Paediatric staff in the Haringey service told us awareness had increased significantly; training and same-day senior discussion are now routine.",
        "put_right",
    ),
    (
        "gosh",
        "well-led",
        "Response to the first serious case review",
        "The trust took robust action after the first serious case review, including a named doctor for the services it runs for the other two bodies and shared learning across the trust.",
        "put_right",
    ),
]

NEW_FINDINGS = [
    (
        "nmuh",
        "safe",
        "Serious concern: referrals by fax without follow-up",
        "Some paediatric staff at North Middlesex believed faxing a referral to children's services was sufficient, contrary to pan-London procedures that require a conversation between referrer and social worker.",
    ),
    (
        "haringey",
        "safe",
        "Referrals late in the day",
        "Health visitors and school nurses struggled to get through to children's services when a referral had to be made late in the afternoon.",
    ),
    (
        "haringey",
        "well-led",
        "Staff retention under public scrutiny",
        "Turnover rose because of the pressure of working for a trust so much in the public eye.",
    ),
    (
        "nmuh",
        "caring",
        "Keeping the child and parent involved",
        "In the children's area of the emergency department we saw staff explain to a young child what would happen next while keeping the parent involved.",
    ),
    (
        "nmuh",
        "responsive",
        "Access to emergency care for children",
        "Most children were seen by a doctor within an hour of arriving; there had been no complaints about child protection practice in the year, though two parents complained about how a referral had been explained to them.",
    ),
    (
        "nmuh",
        "well-led",
        "Board oversight and the trust's own audit",
        "The board now receives a monthly safeguarding report and the named doctor and nurse have protected time, but the trust's own audit found the follow-up call recorded for only 40% of referrals and set no date to audit again; nurses told us the media coverage left them anxious about their decisions.",
    ),
    (
        "haringey",
        "caring",
        "Time to see the child",
        "Health visitors said visits to families of concern were shorter than they wanted, so they rarely saw the child awake and engaged.",
    ),
    (
        "haringey",
        "responsive",
        "Waiting for community paediatrics",
        "Forty-one children had waited more than six weeks for a routine community paediatric appointment; commissioners had not agreed how many sessions the borough needs, and interpreters for home visits had to be booked days ahead.",
    ),
    (
        "gosh",
        "safe",
        "Senior review, records and locum cover",
        "Every child protection concern is now discussed with a senior colleague the same day, but staff record in three systems depending on the site, and locums covering community sessions are not given the local child protection induction.",
    ),
    (
        "gosh",
        "effective",
        "Training and conference attendance",
        "All the paediatric consultants the trust employs in these services are trained to level 3, but its paediatric staff at North Middlesex still rarely attend child protection conferences; a rota had been proposed and not agreed.",
    ),
    (
        "gosh",
        "caring",
        "Telling parents about concerns",
        "Paediatricians now tell parents that their concerns will be shared with children's services, unless telling them would put the child at risk.",
    ),
]

RECS = [
    (
        "nmuh",
        "safe",
        "Ensure every child protection referral is followed by a conversation with children's services and written confirmation, in line with pan-London procedures, and audit compliance.",
    ),
    (
        "nmuh",
        "effective",
        "Protect paediatricians' time to attend child protection conferences or provide written reports for every conference.",
    ),
    (
        "nmuh",
        "safe",
        "Work with other London hospitals to make children's A&E attendances elsewhere visible at triage.",
    ),
    (
        "haringey",
        "safe",
        "Reduce health visitor and school nurse caseloads to safe levels with a funded recruitment and retention plan.",
    ),
    (
        "haringey",
        "responsive",
        "Reduce routine waits for community paediatric assessment at St Ann's Hospital.",
    ),
    (
        "haringey",
        "safe",
        "Agree with children's services how urgent referrals are received late in the day and out of hours.",
    ),
    (
        "haringey",
        "effective",
        "Raise community paediatric attendance at child protection conferences to the PCT's target and ensure minutes are received.",
    ),
    (
        "gosh",
        "well-led",
        "Agree with both commissioning bodies who is accountable for safeguarding supervision and conference attendance in the services the trust provides.",
    ),
    (
        "gosh",
        "safe",
        "Bring paediatric records for children seen across sites together so that professionals see the whole picture.",
    ),
]


def build(b) -> None:
    lead = "Eleanor Vickers"
    b.review(
        "2008-12-15T09:30:00.000Z",
        lead,
        updated="2009-05-14T08:00:00.000Z",
        updated_by=lead,
        rev=5,
        title="Baby P follow-up review of NHS trusts 2009",
        review_type="follow_up",
        framework_id="hc-child-protection-review",
        framework_version="2009.1",
        provider="NHS bodies in Haringey (North Middlesex, Haringey PCT, Great Ormond Street)",
        provider_kind="NHS trusts and primary care trust",
        start_date=DAYS[0],
        end_date=DAYS[-1],
        report_date="2009-05-14",
        status="final",
        marking="OFFICIAL",
        service_types=("acute", "community"),
        sections=SECTIONS,
        counts=COUNTS,
    )
    clk = b.clock("2008-12-15T09:35:00", 4)
    for key, name, role, org in TEAM:
        b.member(key, name, role, org, clk(), lead)
    for i, (code, label) in enumerate(UNITS, 1):
        b.unit(code, label, i, clk(), lead)
    L = b.logins
    authors = {
        "": [lead, L["an1"]],
        "nmuh": [L["rv2"], L["pa"], L["an1"]],
        "haringey": [L["rv1"], L["hv"], L["an1"]],
        "gosh": [lead, L["pa"], L["rv1"]],
    }
    b.add_notes(b.parse_notes(NOTES, "n"), DAYS, authors, start="09:15", end="17:30")

    clk = b.clock("2009-03-16T10:00:00", 5)
    for i, (unit, kq, heading, text, status) in enumerate(EARLIER, 1):
        b.add(
            Finding(
                id=b.uid("findings", f"e{i:02d}"),
                author=lead,
                created=clk(),
                kind="earlier_finding",
                key_question=kq,
                scope_unit=b.unit_id(unit),
                heading=heading,
                text=text,
                status=status,
                note_ids=b.notes_for(unit, kq, 4),
                order=i,
            )
        )
    for i, (unit, kq, heading, text) in enumerate(NEW_FINDINGS, len(EARLIER) + 1):
        b.add(
            Finding(
                id=b.uid("findings", f"f{i:02d}"),
                author=lead,
                created=clk(),
                kind="finding",
                key_question=kq,
                scope_unit=b.unit_id(unit),
                heading=heading,
                text=text,
                note_ids=b.notes_for(unit, kq, 4, polarity=("negative", "concern")),
                order=i,
            )
        )
    for i, (unit, kq, text) in enumerate(RECS, 1):
        b.add(
            Recommendation(
                id=b.uid("recommendations", f"r{i}"),
                author=lead,
                created=clk(),
                kind="recommendation",
                text=text,
                owner=dict(UNITS)[unit],
                key_question=kq,
                scope_unit=b.unit_id(unit),
                note_ids=b.notes_for(unit, kq, 3, polarity=("negative", "concern")),
                order=i,
            )
        )

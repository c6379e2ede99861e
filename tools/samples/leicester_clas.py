"""Leicester City looked-after children and safeguarding (CLAS) review, February 2016 (seed 003).

Published facts: fieldwork 8-12 February 2016; report published 5 August 2016; no rating; 59
recommendations to health organisations; a separate letter to the council's public health team;
a joint action plan (submitted to CQC on 3 September 2016) of 172 actions in 11 sections across
eight organisations, monitored quarterly by the CCG hosted safeguarding team; by March 2017, 143
actions completed, 28 on track and 1 behind (dependent on the national Child Protection
Information Sharing project). The review team, notes, the wording of recommendations and actions,
and the split of recommendations between organisations are invented, consistent with those facts.
"""

from __future__ import annotations

import dataclasses

from cqc_tui.core.action_plan import update_id
from cqc_tui.core.model import ActionItem, ActionUpdate, Finding, Recommendation, ReportingRound

SLUG = "leicester-clas-review-2016"
DAYS = ["2016-02-08", "2016-02-09", "2016-02-10", "2016-02-11", "2016-02-12"]

CCG = "Leicester City Clinical Commissioning Group"
NHSE = "NHS England"
LA = "Leicester City Council"
LPT = "Leicestershire Partnership NHS Trust"
UHL = "University Hospitals of Leicester NHS Trust"
SSAFA = "SSAFA"
LRP = "Leicester Recovery Partnership"
SSOTP = "Staffordshire and Stoke on Trent NHS Partnership Trust"

SECTIONS_PLAN = {
    1: "1. Governance, leadership and oversight",
    2: "2. Safeguarding training and supervision",
    3: "3. Maternity and early years",
    4: "4. Urgent and emergency care",
    5: "5. Child and adolescent mental health",
    6: "6. Adult services: think family",
    7: "7. Health assessments for looked-after children",
    8: "8. Care leavers and transition",
    9: "9. Sexual health and child sexual exploitation",
    10: "10. Primary care",
    11: "11. Information sharing and records",
}

SECTIONS = {
    "background": (
        "A review of health services for looked-after children and of safeguarding arrangements for "
        "children in Leicester City, under section 48 of the Health and Social Care Act 2008. It "
        "covered services commissioned by Leicester City Clinical Commissioning Group, NHS England "
        "and Leicester City Council. The review is not rated."
    ),
    "scope": (
        "We followed the experiences of children and young people and their families through early "
        "help, children in need, child protection and looked-after children's services, and looked at "
        "the leadership, governance, training and supervision that support health practitioners. "
        "Where a concern related to a service provided by the NHS but commissioned by the council, we "
        "wrote separately to the council's public health team."
    ),
    "context": (
        "Health services for children in the city are provided mainly by Leicestershire Partnership "
        "NHS Trust (health visiting, school nursing, child and adolescent mental health, the "
        "looked-after children's health team and adult mental health) and University Hospitals of "
        "Leicester NHS Trust (emergency departments, maternity and paediatrics). Substance misuse "
        "services for adults are run by Leicester Recovery Partnership, sexual health services by "
        "Staffordshire and Stoke on Trent NHS Partnership Trust, and SSAFA provides community health "
        "services for armed forces families. Some services are shared with the two other CCGs in "
        "Leicester, Leicestershire and Rutland. The council's budget for health visiting and school "
        "nursing had been reduced by 10%."
    ),
    "summary": (
        "We made 59 recommendations to eight health organisations. Practitioners were committed and "
        "knew their safeguarding responsibilities, and there was strong practice in places, notably in "
        "midwifery and the looked-after children's health team. But the quality of referrals to "
        "children's social care varied, information about children attending the emergency "
        "departments did not always reach health visitors, school nurses and GPs, adult mental health "
        "and substance misuse services did not consistently consider the children of their patients, "
        "and health contributions to child protection conferences were uneven. Initial and review "
        "health assessments were not always timely, health plans were often not specific, waits for "
        "child and adolescent mental health treatment were long, and care leavers were not given a "
        "summary of their health history."
    ),
    "people": (
        "Care leavers told us they had not been given a summary of their health history when they "
        "left care, and several did not know how to ask for one. Young people waiting for child and "
        "adolescent mental health treatment, and their carers, said the wait was long and nobody kept "
        "them informed. Parents who had used midwifery and health visiting services were mostly "
        "positive about the support they had."
    ),
    "method": (
        "A team of CQC children's services inspectors spent a week in Leicester. We tracked the "
        "journeys of 12 children and young people through the health services they used and sampled "
        "a further 68 cases to check whether what we saw was typical. We visited 14 health settings, "
        "spoke with children, young people, parents and carers where we could, and talked with "
        "health practitioners, their managers, and the designated and named professionals for "
        "safeguarding and for looked-after children."
    ),
    "next_steps": (
        "The health organisations will send CQC one action plan answering every recommendation, "
        "coordinated by Leicester City CCG. We will follow its progress through the quarterly reports "
        "made to the CCG's governing body and the Leicester Safeguarding Children Board; NHS England "
        "oversees delivery."
    ),
    "action_plan": (
        "The health organisations agreed a joint action plan coordinated by Leicester City CCG and "
        "submitted it to CQC on 3 September 2016. It holds 172 actions in 11 sections. Progress is "
        "reported quarterly; evidence is checked by the CCG hosted safeguarding team and the "
        "designated nurses, and reported to the CCG governing body, the Leicester Safeguarding "
        "Children Board and the Children's Improvement Board, with oversight by NHS England. At March "
        "2017, 143 actions were complete, 28 on track and one behind, awaiting the national Child "
        "Protection Information Sharing project. Quarter 4 returns were due in April 2017."
    ),
}

COUNTS = {
    "cases_tracked": 12,
    "cases_sampled": 68,
    "health_settings_visited": 14,
}

TEAM = [
    ("li", "Alison Greaves", "Lead inspector (children's services)", "CQC"),
    ("in1", "Mark Odell", "Children's services inspector", "CQC"),
    ("in2", "Sunita Kaur", "Children's services inspector", "CQC"),
    ("in3", "Philippa Rowe", "Children's services inspector", "CQC"),
    ("im", "Gareth Lewin", "Inspection manager", "CQC"),
]
# Who maintained the action plan (authors of the action items' progress updates; not review team members).
DESIGNATED_NURSE = "Kate Drummond"
CCG_QUALITY_LEAD = "Tom Brady"

NOTES = r"""
CW1 | | staff | + | Leicester City CCG, hosted safeguarding team | Designated nurse for safeguarding children and designated nurse for looked-after children both in post; the CCG hosts the safeguarding team for all three CCGs in Leicester, Leicestershire and Rutland.
CW1 | | staff | - | Leicester City CCG, hosted safeguarding team | The designated doctor for looked-after children has two sessions a week for the whole county footprint; she said this leaves no time for quality assurance of health assessments.
CW1 | | doc | - | CCG governing body papers | Governing body receives an annual safeguarding report, but quarterly reports do not include the timeliness of initial or review health assessments.
CW3 | | staff | + | Leicester Safeguarding Children Board offices | Health partners attend the safeguarding children board and chair two of its subgroups; the board's business manager described health as active partners.
CW3 | | doc | - | Serious case review action plans | Two health actions from a recent serious case review were recorded as complete without evidence that practice had changed.
CE3 | early_help | obs | + | Maternity unit, Leicester General Hospital | Booking appointment observed: midwife asked routine questions about domestic abuse with the partner out of the room and recorded the answer in the safeguarding section.
CE3 | early_help | rec | + | Maternity unit, Leicester General Hospital | Record review (6 maternity records): vulnerability identified at booking was shared with the health visitor by a standard liaison form in all cases.
CE3 | early_help | staff | - | Health visiting team, Beaumont Leys | Health visitors said they are rarely the lead professional for early help assessments because caseloads do not allow it, though they contribute when asked.
CS1 | early_help | rec | - | Health visiting team, Beaumont Leys | Two of five early help records did not record the father or other adults in the household, so risks from them could not be assessed.
CS2 | early_help | staff | - | Health visiting team, Beaumont Leys | Health visitors receive notifications of emergency department attendances for under-5s, but they arrive in batches up to two weeks late.
CS3 | early_help | staff | 0 | Health visiting team, Beaumont Leys | Health visitors said step-down from child protection to early help is not always communicated; they have found families closed to social care without being told.
CC1 | early_help | rec | + | Health visiting team, Beaumont Leys | New birth visit records describe the baby's presentation and the home environment well, and record the mother's own words about support.
CC2 | early_help | staff | + | SSAFA community health team (armed forces families) | SSAFA health visitors keep continuity for families across postings and hand over to civilian health visitors when families leave the service.
CR2 | early_help | staff | - | School nursing team, Braunstone | School nurses said young carers are identified mainly by schools; the service has no way of recording young carers on its record system.
CE4 | early_help | staff | - | School nursing team, Braunstone | School nurses run emotional health drop-ins but said the threshold for CAMHS is high and there is little for children with moderate needs.
CR1 | early_help | staff | 0 | School nursing team, Braunstone | School nurses prepare year 11 pupils with long-term conditions for adult services informally; there is no agreed transition pathway from the school nursing service.
CS1 | children_in_need | rec | - | Children's emergency department, Leicester Royal Infirmary | Record review (8 ED records): in three, a concern was noted but the referral to children's social care did not say what the risk was or what the practitioner wanted to happen.
CS1 | children_in_need | staff* | - | Children's emergency department, Leicester Royal Infirmary | Staff nurse: "We ring it through and fill in the form, but we never hear back, so I don't know if they took it on."
CS2 | children_in_need | obs | + | Children's emergency department, Leicester Royal Infirmary | The paediatric liaison nurse reviews every child attendance the next working day and sends notifications to health visitors, school nurses and GPs.
CS2 | children_in_need | obs | - | Adult emergency department, Leicester Royal Infirmary | The adult ED record has no prompt to ask whether a patient has children or is pregnant; 16 and 17-year-olds seen in the adult department are not reviewed by the paediatric liaison nurse.
CS1 | children_in_need | rec | ! | Adult emergency department, Leicester Royal Infirmary | Record review: a 16-year-old attended twice in a month after alcohol intoxication; no safeguarding consideration recorded and no notification to the school nurse.
CE3 | children_in_need | staff | + | Health visiting team, Highfields | Health visitors use a universal-plus and partnership-plus model; families with children in need are seen at least monthly by a named health visitor.
CE4 | children_in_need | doc | - | CAMHS waiting list data | Children referred to CAMHS wait on average 17 weeks for a first assessment against a 13-week standard; there is a further wait for treatment.
CE4 | children_in_need | people* | - | Telephone interview | Parent: "After he was assessed we were told there's a waiting list for the therapy. That was five months ago."
CC1 | children_in_need | rec | - | School nursing team, Braunstone | In four of seven school nursing records for children in need, the child's views were not recorded.
CC2 | children_in_need | staff | - | School nursing team, Braunstone | Young people who miss school nurse appointments are written to once and then discharged; non-attendance is not treated as a possible indicator of neglect.
CR2 | children_in_need | obs | + | Sexual health clinic, city centre | Clinic runs a young people's session after school with walk-in access; reception staff were welcoming and discreet.
CS3 | children_in_need | staff | 0 | Children's emergency department, Leicester Royal Infirmary | Paediatricians attend strategy discussions when invited, but invitations often come at short notice and medical staff are rarely released.
CR1 | children_in_need | staff | - | Child and adolescent mental health services, Westcotes | Young people turning 18 while on the CAMHS caseload are referred to adult mental health services late; two cases were identified where the young person was discharged with no adult service in place.
CR3 | children_in_need | staff | 0 | Leicester City CCG, hosted safeguarding team | Designated nurse said the city receives notification of children in need placed from other areas inconsistently; there is no shared list with the council.
CS1 | child_protection | obs | + | Maternity unit, Leicester Royal Infirmary | Safeguarding midwife team holds a weekly vulnerable women's meeting with social care; pre-birth plans are on the electronic record and visible to labour ward staff.
CS1 | child_protection | rec | + | Maternity unit, Leicester Royal Infirmary | Record review: pre-birth assessment referral was clear, timely and included the midwife's analysis of risk from the father's history.
CS1 | child_protection | staff | - | Bradgate Mental Health Unit | Adult mental health practitioners said they would refer if they knew a child was at risk, but the assessment form does not prompt them to ask about children in the household.
CS1 | child_protection | rec | ! | Bradgate Mental Health Unit | Record review (6 adult mental health records): in four, the patient had children at home but no consideration of the impact on the children was recorded; one child was on a child protection plan.
CS1 | child_protection | rec | - | Recovery hub, city centre | Record review (5 substance misuse records): the "think family" section was completed in two; in three there was no record of whether children lived with or visited the service user.
CS1 | child_protection | staff* | - | Recovery hub, city centre | Recovery worker: "If they tell us about kids we ask, but it's not something we go looking for."
CS2 | child_protection | staff | - | GP practice, Highfields | GPs do not routinely know when a child is on a child protection plan; flags on GP records depend on the practice manually adding them from conference minutes.
CS2 | child_protection | staff | + | Multi-agency safeguarding hub | Health staff are co-located in the multi-agency safeguarding hub and check health records for every contact; social workers valued the speed of health information.
CS2 | child_protection | staff | - | Children's emergency department, Leicester Royal Infirmary | ED staff cannot see whether a child from another area is on a child protection plan; they phone the local authority out of hours and often cannot get an answer.
CS3 | child_protection | doc | - | Conference attendance data | Health visitors attended or sent a report to 88% of initial child protection conferences; GPs sent a report to 26% and attended 4%.
CS3 | child_protection | rec | - | GP practice, Highfields | GP report to a child protection conference was a printout of the medical summary with no analysis of risk or of the parents' health.
CS3 | child_protection | staff | 0 | Health visiting team, Highfields | Health visitors share conference reports with parents before the meeting in most cases; one team had no agreed process.
CS3 | child_protection | rec | - | Health visiting team, Highfields | Conference minutes were not filed in two of six health visiting records of children on plans; core group actions were not recorded.
CE3 | child_protection | rec | + | Health visiting team, Highfields | Records of children on child protection plans show monthly contacts, growth monitoring and clear notes of what the health visitor saw in the home.
CE4 | child_protection | staff | 0 | Child and adolescent mental health services, Westcotes | CAMHS offers consultation to social workers on children on plans, but social workers did not always know it existed.
CC1 | child_protection | rec | + | School nursing team, Braunstone | A school nurse's record of a child on a plan included the child's drawings and what she said about home, seen alone at school.
CC1 | child_protection | rec | - | Children's emergency department, Leicester Royal Infirmary | Record of a 13-year-old who disclosed an assault did not say whether she was seen without her parent present.
CC2 | child_protection | staff | + | Health visiting team, Highfields | Named health visitors stay with families on plans through team changes; parents told us this helped them trust the service.
CR2 | child_protection | staff | - | Recovery hub, city centre | Young people under 18 using substance misuse services are seen in the adult hub; there is no dedicated young people's space or session.
CR1 | child_protection | staff | 0 | Child and adolescent mental health services, Westcotes | Transition planning for young people on child protection plans who are also known to CAMHS starts at 17 and a half; practitioners said this is too late for complex cases.
CR3 | child_protection | staff | - | Multi-agency safeguarding hub | When a child on a plan moves into or out of the city, health records are transferred by post; two transfers in the last quarter took more than a month.
CE2 | child_protection | doc | 0 | Health visiting audit | Health visiting audit of child protection records shows 76% met the record-keeping standard, up from 61% the year before.
CE1 | child_protection | staff | 0 | Looked-after children's health team | When a child on a plan becomes looked after at short notice, the looked-after children's team is told by the social worker, sometimes several weeks later.
CE1 | looked_after | doc | - | Looked-after children's health data | In the last quarter 58% of initial health assessments were completed within 20 working days of a child coming into care.
CE1 | looked_after | staff | - | Looked-after children's health team | Paediatricians said the main cause of late assessments is late notification from the council and missing consent forms.
CE1 | looked_after | rec | + | Looked-after children's health team | Record review (8 initial health assessments): assessments were thorough, covered emotional health and development, and included a strengths and difficulties questionnaire score.
CE2 | looked_after | rec | - | Looked-after children's health team | Health plans in five of eight records were generic ("continue to monitor") without named actions, owners or dates.
CE2 | looked_after | doc | - | Looked-after children's health data | Review health assessments on time: 71%; dental checks up to date 68%; immunisations up to date 82%.
CE2 | looked_after | staff | + | Looked-after children's health team | Specialist nurses for looked-after children carry out review health assessments in places children choose, including schools and cafes.
CE4 | looked_after | staff | - | Child and adolescent mental health services, Westcotes | There is no dedicated pathway for looked-after children into CAMHS; they join the same waiting list as other children.
CE4 | looked_after | people* | - | Telephone interview | Foster carer: "She'd been through so much, and we still waited months. She'd moved placement by the time the letter came."
CE3 | looked_after | staff | 0 | Looked-after children's health team | Unaccompanied asylum-seeking children receive a health assessment with an interpreter, but there is no specific screening for trauma or infectious disease.
CC1 | looked_after | people* | + | Children in care council | Young person, 15: "My nurse asked me where I wanted to meet and what I wanted to talk about. It didn't feel like a test."
CC1 | looked_after | rec | - | Looked-after children's health team | The child's voice was not recorded in three of eight review health assessments for teenagers; two said only "declined".
CC2 | looked_after | staff | - | Looked-after children's health team | Young people who decline their review health assessment are not offered a different practitioner or setting; declining is recorded and the case is closed until next year.
CC2 | looked_after | people | + | Children in care council | Two young people said they had the same nurse for several years, which made it easier to talk about sexual health and emotions.
CR1 | looked_after | staff | - | Looked-after children's health team | Care leavers are not given a summary of their health history; the team said this is planned but not started.
CR1 | looked_after | people | - | Children in care council | Care leavers said once they turn 18 nobody helps them book GP or dentist appointments, and they did not know where to go.
CR2 | looked_after | staff | + | Sexual health clinic, city centre | Looked-after young people are offered fast-tracked appointments and a named nurse contact at the sexual health service.
CR3 | looked_after | doc | - | Out-of-area placement data | Of 41 Leicester children placed outside the city, 12 had a review health assessment completed late because the host area's team had no capacity; quality checks of out-of-area assessments are not done.
CR3 | looked_after | staff | - | Leicester City CCG, hosted safeguarding team | The CCG does not receive a reliable list of looked-after children placed in the city by other local authorities.
CS1 | looked_after | rec | ! | Sexual health clinic, city centre | Record review: a 15-year-old looked-after girl attended three times with an older partner; the CSE screening tool was not completed and no referral was made.
CS1 | looked_after | staff | + | Looked-after children's health team | The team uses the CSE risk assessment tool at every review health assessment for young people over 11 and shares concerns at the CSE multi-agency meeting.
CS2 | looked_after | staff | - | GP practice, Highfields | GP records do not consistently show that a child is looked after; one practice had no flag for five of its seven looked-after children.
CS3 | looked_after | staff | 0 | Looked-after children's health team | Specialist nurses attend looked-after reviews when invited, and send written reports when they cannot attend.
CS1 | early_help | obs | + | Maternity unit, Leicester General Hospital | Safeguarding information leaflets in several languages available in antenatal clinic; interpreters booked for booking appointments.
CS2 | children_in_need | doc | 0 | Paediatric liaison data | Paediatric liaison nurse reviewed 4,312 children's attendances in the last quarter and sent notifications for 100% of under-5s and school-age children.
CE1 | early_help | staff | 0 | Looked-after children's health team | Looked-after children's nurses said they sometimes learn that a child on an early help plan has come into care only when the consent form arrives.
CE1 | children_in_need | staff | - | Looked-after children's health team | Children in need who are accommodated under voluntary arrangements are notified to health later than other children coming into care.
CE2 | early_help | rec | - | Health visiting team, Beaumont Leys | Early help plans in health visiting records rarely have measurable health outcomes; progress is described as "engaging well".
CE2 | children_in_need | rec | 0 | School nursing team, Braunstone | School nurse health plans for children in need include height and weight and immunisation checks but not emotional health.
CR3 | early_help | staff | - | Health visiting team, Beaumont Leys | Families moving into the city from other areas can wait weeks before health visiting records arrive; health visitors rely on parents' accounts meanwhile.
CW2 | | doc | - | Training compliance data | Level 3 safeguarding children training: 93% of health visitors, 71% of ED nurses, 64% of adult mental health staff eligible for level 3.
CW2 | | staff | - | Bradgate Mental Health Unit | Adult mental health staff have no access to safeguarding children supervision; the named nurse offers advice by phone only.
CW2 | | staff | + | Health visiting team, Highfields | Health visitors receive three-monthly safeguarding supervision that reviews every child on a plan; we saw supervision records that challenged drift.
CW2 | | staff | - | Children's emergency department, Leicester Royal Infirmary | ED nurses said safeguarding supervision is ad hoc and depends on the named nurse's availability.
CW2 | | staff* | - | GP practice, Highfields | GP safeguarding lead: "I did level 3 years ago. Nobody has ever asked about it since."
CW1 | | staff | - | NHS England area team | NHS England has no assurance about GP safeguarding training or conference reports across city practices; a GP safeguarding assurance tool is being designed.
CW3 | | staff | 0 | Leicester Safeguarding Children Board offices | Escalation policy for professional disagreements exists; health practitioners we met had not used it and some did not know about it.
CW1 | | doc | + | Named professionals' reports | Both provider trusts have named nurses and named doctors in post, with annual reports to their boards.
CW3 | | staff | + | Leicester City CCG, hosted safeguarding team | A domestic violence strategic board chaired by the police is being set up; the CCG will represent health.
CW1 | | staff | - | Council public health team | Public health commissioners said the 10% reduction to the 0-19 budget has been passed on through the health visiting and school nursing contract without any change to expected outcomes.
"""

FINDINGS = [
    (
        "early_help",
        "effective",
        "Early identification in maternity and health visiting",
        "Midwives identified vulnerability early and shared it reliably with health visitors, but health visitors rarely led early help and plans seldom had measurable health outcomes.",
    ),
    (
        "children_in_need",
        "safe",
        "Quality of referrals and emergency department practice",
        "Referrals to children's social care did not always set out the risk; young people aged 16 and 17 seen in the adult emergency department were not consistently considered for safeguarding.",
    ),
    (
        "children_in_need",
        "effective",
        "Emotional and mental health",
        "Children waited longer than the 13-week standard for a CAMHS assessment and then waited again for treatment.",
    ),
    (
        "child_protection",
        "safe",
        "Think family in adult services",
        "Adult mental health and substance misuse practitioners did not routinely identify or consider the children of the adults they supported.",
    ),
    (
        "child_protection",
        "safe",
        "Contribution to child protection conferences",
        "Health visitors contributed well, but GP reports to conferences were rare and of poor quality, and conference minutes were not always filed.",
    ),
    (
        "looked_after",
        "effective",
        "Health assessments and health plans",
        "Initial health assessments were thorough but often late, mainly because of late notification and missing consent; health plans were often not specific.",
    ),
    (
        "looked_after",
        "responsive",
        "Care leavers and out-of-area placements",
        "Care leavers did not receive a health summary, and the health of children placed outside the city was not well overseen.",
    ),
    (
        "looked_after",
        "caring",
        "Relationships with young people",
        "Young people valued continuity with their nurse, but the voice of teenagers was not always recorded and declining an assessment was not followed up.",
    ),
    (
        "early_help",
        "safe",
        "Seeing the whole household",
        "Early help records did not always name the father or other adults at home, notifications of young children's emergency attendances reached health visitors up to two weeks late, and step-down from child protection was not always passed on.",
    ),
    (
        "early_help",
        "caring",
        "Knowing the family",
        "New birth visits captured the baby, the home and the mother's own account well, and armed forces families kept the same health visitor across postings.",
    ),
    (
        "early_help",
        "responsive",
        "Young carers and moves into the city",
        "School nurses had no way to record young carers, there was no agreed pathway to adult services for pupils with long-term conditions, and records of families moving into the city arrived weeks late.",
    ),
    (
        "children_in_need",
        "caring",
        "The child's voice",
        "School nursing records for children in need often did not record the child's views, and young people who missed appointments were discharged after one letter.",
    ),
    (
        "children_in_need",
        "responsive",
        "Access and transition",
        "The sexual health clinic's walk-in session suited young people, but young people leaving CAMHS at 18 were referred to adult services late, and notification of children in need placed from other areas was unreliable.",
    ),
    (
        "child_protection",
        "effective",
        "Health visiting for children on plans",
        "Health visiting records of children on plans showed regular contact and clear observation, and record keeping had improved, but CAMHS consultation for social workers was little known.",
    ),
    (
        "child_protection",
        "caring",
        "Seeing the child alone",
        "Good practice in school nursing and continuity from named health visitors sat beside an emergency department record that did not show whether a child disclosing an assault was seen alone.",
    ),
    (
        "child_protection",
        "responsive",
        "Young people and moves between areas",
        "Young people under 18 using substance misuse services were seen in the adult hub, transition planning from CAMHS began late, and health records of children on plans moving areas went by post and were slow.",
    ),
    (
        "looked_after",
        "safe",
        "Child sexual exploitation and GP records",
        "The looked-after children's team screened for exploitation at every review, but the sexual health clinic missed one girl's risk, and GP records did not reliably show that a child was looked after.",
    ),
    # Management (the area as a whole): a finding per line of enquiry, citing that line's notes.
    (
        "",
        "well-led",
        "Leadership and governance",
        "Designated and named nurses and doctors were in post in the CCG and in both provider trusts, and one hosted team served all three CCGs. But the designated doctor for looked-after children had too few sessions to quality-assure health assessments, the governing body's quarterly reports did not show how quickly assessments were done, NHS England had no assurance about safeguarding practice in general practice, and a 10% cut to the health visiting and school nursing budget had been passed on without any change to the outcomes expected.",
        ("CW1",),
    ),
    (
        "",
        "well-led",
        "Training and supervision",
        "Health visitors had regular safeguarding supervision that challenged drift in children's cases. Elsewhere training and supervision were weak: level 3 training reached 71% of emergency department nurses and 64% of adult mental health staff, adult mental health staff had no safeguarding supervision, supervision in the emergency department depended on the named nurse being free, and nobody checked GPs' training.",
        ("CW2",),
    ),
    (
        "",
        "well-led",
        "Partnership and learning",
        "Health partners were active members of the safeguarding children board, and a domestic violence board was being set up with health represented. But health actions from a recent serious case review had been closed without evidence that practice had changed, and the practitioners we met had not used, and some did not know, the board's escalation policy.",
        ("CW3",),
    ),
]

# Recommendations: org, action plan section, key question, scope unit, text, [two specific actions].
# Each recommendation gets a third, assurance action (an audit reported to a named forum) unless
# marked short (2 actions only).
RECS = [
    (
        CCG,
        1,
        "well-led",
        "",
        "Ensure the designated doctor for looked-after children has enough time to carry out the role, including quality assurance of health assessments.",
        [
            "Agree an increase in designated doctor sessions across the three CCGs",
            "Add quality assurance of assessments to the designated doctor's job plan",
        ],
    ),
    (
        CCG,
        1,
        "well-led",
        "",
        "Report the timeliness of initial and review health assessments to the governing body every quarter.",
        [
            "Add assessment timeliness to the quarterly safeguarding report",
            "Set exception reporting when performance falls below 80%",
        ],
    ),
    (
        CCG,
        1,
        "well-led",
        "",
        "Gain assurance that health actions from serious case reviews have changed practice, not only been completed.",
        [
            "Agree an evidence standard for closing serious case review actions",
            "Review the evidence for all open and recently closed health actions",
        ],
    ),
    (
        CCG,
        7,
        "responsive",
        "looked_after",
        "Commission review health assessments for children placed outside the city so that they are completed on time and checked for quality.",
        [
            "Agree a payment-by-results arrangement with host areas",
            "Quality check every out-of-area assessment on receipt",
        ],
    ),
    (
        CCG,
        7,
        "responsive",
        "looked_after",
        "Agree with the council how the CCG will be notified of looked-after children placed in the city by other authorities.",
        [
            "Agree a notification protocol with the council",
            "Set up a shared register of children placed into the city",
        ],
    ),
    (
        CCG,
        5,
        "effective",
        "looked_after",
        "Commission a pathway that gives looked-after children timely access to emotional and mental health support.",
        [
            "Agree a looked-after children's pathway with CAMHS",
            "Fund a dedicated CAMHS practitioner for looked-after children",
        ],
    ),
    (
        CCG,
        8,
        "responsive",
        "looked_after",
        "Commission health summaries for care leavers.",
        [
            "Specify health summaries in the looked-after children's health contract",
            "Agree the summary template with care leavers",
        ],
    ),
    (
        CCG,
        2,
        "well-led",
        "",
        "Gain assurance that safeguarding training and supervision in commissioned services meet the intercollegiate standards.",
        [
            "Add training and supervision measures to the safeguarding quality schedule",
            "Review provider compliance at contract quality meetings",
        ],
    ),
    (
        CCG,
        1,
        "well-led",
        "",
        "Make sure health practitioners know about and use the safeguarding board's escalation policy.",
        [
            "Include the escalation policy in all provider training",
            "Publish a quick guide to escalation for health staff",
        ],
    ),
    (
        CCG,
        6,
        "safe",
        "child_protection",
        "Gain assurance that adult services commissioned by the CCG consider the children of the adults they treat.",
        [
            "Add a think-family standard to adult mental health contracts",
            "Review compliance through the quality schedule",
        ],
    ),
    (
        NHSE,
        10,
        "well-led",
        "",
        "Gain assurance about the level and currency of safeguarding training of GPs in the city.",
        [
            "Launch a GP safeguarding assurance tool for practices",
            "Follow up practices that do not return the tool",
        ],
    ),
    (
        NHSE,
        10,
        "safe",
        "child_protection",
        "Improve the rate and quality of GP reports to child protection conferences.",
        [
            "Issue a GP conference report template with guidance",
            "Monitor report returns with the council's conference service",
        ],
    ),
    (
        NHSE,
        11,
        "safe",
        "child_protection",
        "Implement the Child Protection Information Sharing system in unscheduled care settings.",
        [
            "Connect the emergency departments to the Child Protection Information Sharing system",
            "Connect the urgent care centres and walk-in centres",
        ],
    ),
    (
        NHSE,
        11,
        "safe",
        "looked_after",
        "Ensure GP records flag children who are looked after or on child protection plans.",
        ["Agree a flagging standard with practices", "Check flags in a sample of practices"],
    ),
    (
        LA,
        7,
        "effective",
        "looked_after",
        "Notify the looked-after children's health team promptly, with consent, when a child comes into care.",
        [
            "Add health notification and consent to the placement checklist",
            "Report late notifications to the corporate parenting board",
        ],
    ),
    (
        LA,
        3,
        "well-led",
        "",
        "Set measurable outcomes for the health visiting and school nursing contract that reflect safeguarding responsibilities.",
        [
            "Revise the 0-19 service specification",
            "Agree safeguarding key performance indicators with the provider",
        ],
    ),
    (
        LA,
        1,
        "safe",
        "child_protection",
        "Give health professionals enough notice to attend strategy discussions.",
        [
            "Agree minimum notice times for strategy discussions",
            "Offer telephone participation for health professionals",
        ],
    ),
    (
        LPT,
        3,
        "effective",
        "early_help",
        "Enable health visitors to act as lead professional for early help where they are best placed to do so.",
        [
            "Agree criteria for health visitor lead professional role",
            "Train health visitors in the early help assessment",
        ],
    ),
    (
        LPT,
        3,
        "safe",
        "early_help",
        "Record all adults in the household in health visiting records and consider the risks they present.",
        [
            "Add a household composition section to the record template",
            "Brief all health visiting teams",
        ],
    ),
    (
        LPT,
        3,
        "effective",
        "early_help",
        "Write early help plans with measurable health outcomes.",
        [
            "Develop an outcome-focused plan template",
            "Include plan quality in record-keeping audits",
        ],
    ),
    (
        LPT,
        4,
        "safe",
        "early_help",
        "Reduce delays in health visitors receiving emergency department attendance notifications.",
        [
            "Agree daily electronic notifications with the acute trust",
            "Monitor notification times monthly",
        ],
    ),
    (
        LPT,
        11,
        "safe",
        "early_help",
        "Make sure health visitors are told when families step down from child protection or children in need plans.",
        [
            "Agree a step-down notification process with children's social care",
            "Record step-down decisions on the child's record",
        ],
    ),
    (
        LPT,
        3,
        "responsive",
        "early_help",
        "Identify and record young carers in the school nursing service.",
        [
            "Add a young carer flag to the record system",
            "Agree referral routes to young carers' support",
        ],
    ),
    (
        LPT,
        8,
        "responsive",
        "early_help",
        "Agree a transition pathway from school nursing for young people with long-term conditions.",
        [
            "Map current transitions with adult community services",
            "Publish the pathway for school nurses",
        ],
    ),
    (
        LPT,
        3,
        "caring",
        "children_in_need",
        "Record the voice of the child in school nursing records.",
        ["Add a voice-of-the-child prompt to the template", "Audit recording of children's views"],
    ),
    (
        LPT,
        3,
        "caring",
        "children_in_need",
        "Treat repeated non-attendance at school nursing appointments as a possible safeguarding concern.",
        ["Revise the was-not-brought policy", "Train school nurses in the revised policy"],
    ),
    (
        LPT,
        5,
        "effective",
        "children_in_need",
        "Reduce waits for CAMHS assessment to within 13 weeks and reduce the wait from assessment to treatment.",
        [
            "Deliver the CAMHS waiting list recovery plan",
            "Report waits from assessment to treatment monthly",
        ],
    ),
    (
        LPT,
        5,
        "responsive",
        "children_in_need",
        "Start transition planning early for young people moving from CAMHS to adult mental health services.",
        [
            "Start transition planning at 17 for all young people on the caseload",
            "Hold joint transition meetings with adult services",
        ],
    ),
    (
        LPT,
        6,
        "safe",
        "child_protection",
        "Ask every adult mental health patient about children in the household and consider the impact on them.",
        ["Add mandatory think-family questions to the assessment", "Audit think-family recording"],
    ),
    (
        LPT,
        2,
        "well-led",
        "",
        "Provide safeguarding children supervision for adult mental health staff.",
        [
            "Introduce group safeguarding supervision in adult mental health teams",
            "Record supervision attendance",
        ],
    ),
    (
        LPT,
        11,
        "safe",
        "child_protection",
        "File child protection conference minutes and core group actions in health visiting records.",
        [
            "Set a standard for filing minutes within 10 days",
            "Include filing in record-keeping audits",
        ],
    ),
    (
        LPT,
        3,
        "safe",
        "child_protection",
        "Share health visiting conference reports with parents before conferences in every team.",
        [
            "Agree a single process for sharing reports with parents",
            "Check compliance through supervision",
        ],
    ),
    (
        LPT,
        7,
        "effective",
        "looked_after",
        "Write specific, measurable health plans for looked-after children, with named actions, owners and dates.",
        ["Revise the health plan template", "Quality assure health plans monthly"],
    ),
    (
        LPT,
        7,
        "caring",
        "looked_after",
        "Record the views of young people in review health assessments and follow up those who decline.",
        [
            "Offer young people who decline a different practitioner or setting",
            "Record the young person's views in every assessment",
        ],
    ),
    (
        LPT,
        8,
        "responsive",
        "looked_after",
        "Give every care leaver a summary of their health history.",
        [
            "Produce health summaries for all care leavers",
            "Check with care leavers that the summaries are useful",
        ],
    ),
    (
        UHL,
        4,
        "safe",
        "children_in_need",
        "Make referrals to children's social care clear about risk and follow them up.",
        [
            "Introduce a referral template with a risk statement",
            "Record the outcome of every referral",
        ],
    ),
    (
        UHL,
        4,
        "safe",
        "children_in_need",
        "Consider safeguarding for 16 and 17-year-olds seen in the adult emergency department.",
        [
            "Extend paediatric liaison review to 16 and 17-year-olds",
            "Add a safeguarding prompt for under-18s to the adult ED record",
        ],
    ),
    (
        UHL,
        4,
        "safe",
        "children_in_need",
        "Ask adults attending the emergency department whether they have children or are pregnant.",
        ["Add a think-family question to the adult ED record", "Audit recording of the question"],
    ),
    (
        UHL,
        2,
        "well-led",
        "",
        "Bring level 3 safeguarding children training for emergency department staff up to the trust target.",
        [
            "Run additional level 3 training sessions for ED staff",
            "Report compliance monthly to the safeguarding committee",
        ],
    ),
    (
        UHL,
        2,
        "well-led",
        "",
        "Provide regular safeguarding supervision for emergency department staff.",
        ["Introduce monthly safeguarding supervision in ED", "Record supervision attendance"],
    ),
    (
        UHL,
        4,
        "caring",
        "child_protection",
        "Record whether children and young people who disclose abuse are seen alone.",
        ["Add a seen-alone prompt to the ED record", "Include it in safeguarding audits"],
    ),
    (
        UHL,
        4,
        "safe",
        "child_protection",
        "Enable ED staff to check child protection status out of hours.",
        [
            "Agree an out-of-hours route with the emergency duty team",
            "Publish contact details in ED",
        ],
    ),
    (
        UHL,
        3,
        "safe",
        "child_protection",
        "Sustain weekly vulnerable women's meetings with social care in both maternity units.",
        ["Extend the meetings to the second maternity unit", "Record attendance by social care"],
    ),
    (
        UHL,
        3,
        "safe",
        "early_help",
        "Include fathers and partners in maternity safeguarding assessments.",
        [
            "Add partner history questions to the booking assessment",
            "Train midwives in the new questions",
        ],
    ),
    (
        UHL,
        1,
        "safe",
        "children_in_need",
        "Release paediatricians to attend strategy discussions.",
        ["Agree a paediatric rota for strategy discussions", "Monitor attendance"],
    ),
    (
        UHL,
        4,
        "safe",
        "child_protection",
        "Share child safeguarding information from the emergency department with GPs.",
        ["Send electronic notifications to GPs", "Check receipt with a sample of practices"],
    ),
    (
        UHL,
        9,
        "safe",
        "looked_after",
        "Use the CSE screening tool for young people attending the emergency department with risk indicators.",
        [
            "Embed the CSE screening tool in the ED record",
            "Audit completion for young people aged 11 to 17",
        ],
    ),
    (
        UHL,
        11,
        "safe",
        "children_in_need",
        "Make the paediatric liaison service resilient to staff absence.",
        ["Train a deputy paediatric liaison nurse", "Write a cover procedure"],
    ),
    (
        UHL,
        4,
        "caring",
        "children_in_need",
        "Feed back to ED staff on the outcome of their referrals.",
        [
            "Agree feedback with the multi-agency safeguarding hub",
            "Share outcomes at ED safety huddles",
        ],
    ),
    (
        UHL,
        2,
        "well-led",
        "",
        "Audit the quality of safeguarding practice in the emergency departments.",
        [
            "Agree an audit programme with the named nurse",
            "Report results to the safeguarding committee",
        ],
    ),
    (
        SSAFA,
        3,
        "effective",
        "early_help",
        "Share early help information when armed forces families move between areas.",
        [
            "Agree transfer standards with receiving health visiting services",
            "Audit transfer timeliness",
        ],
    ),
    (
        SSAFA,
        2,
        "well-led",
        "",
        "Keep safeguarding training for SSAFA health visitors in line with the intercollegiate standards.",
        ["Map training to the intercollegiate document", "Record compliance quarterly"],
    ),
    (
        SSAFA,
        11,
        "safe",
        "early_help",
        "Record when a child is on a child protection plan in SSAFA health records.",
        ["Add a child protection flag to records", "Check flags against local authority lists"],
    ),
    (
        LRP,
        6,
        "safe",
        "child_protection",
        "Identify children living with or visiting service users and consider risks to them.",
        [
            "Make the think-family section mandatory at assessment",
            "Review think-family recording in supervision",
        ],
    ),
    (
        LRP,
        6,
        "responsive",
        "child_protection",
        "Provide a separate space and session for young people using substance misuse services.",
        ["Set up a young people's session", "Seek young people's feedback on the service"],
    ),
    (
        LRP,
        2,
        "well-led",
        "",
        "Train recovery workers in safeguarding children to the level their role needs.",
        ["Deliver level 3 training to recovery workers", "Monitor compliance"],
    ),
    (
        LRP,
        11,
        "safe",
        "child_protection",
        "Share information with children's social care when service users' children may be at risk.",
        ["Agree an information sharing protocol", "Brief staff on the protocol"],
    ),
    (
        SSOTP,
        9,
        "safe",
        "looked_after",
        "Complete CSE screening for all young people under 18 attending sexual health services.",
        ["Embed CSE screening in the sexual health record", "Audit completion quarterly"],
    ),
    (
        SSOTP,
        9,
        "safe",
        "looked_after",
        "Record Fraser competence and the reasons for safeguarding decisions for young people under 16.",
        ["Revise the under-16 assessment template", "Train clinic staff"],
    ),
]
SHORT = {3, 17, 24, 46, 53}  # recommendations with two actions only (1-based)

# Actions still on track at March 2017 (recommendation number, action number); the rest are
# completed except the Child Protection Information Sharing action, which is behind.
ON_TRACK = {
    (1, 1),
    (4, 1),
    (4, 3),
    (6, 2),
    (6, 3),
    (7, 1),
    (7, 3),
    (10, 3),
    (12, 2),
    (12, 3),
    (14, 2),
    (15, 3),
    (23, 3),
    (27, 1),
    (27, 3),
    (28, 3),
    (33, 3),
    (35, 2),
    (36, 1),
    (36, 3),
    (40, 3),
    (43, 3),
    (48, 3),
    (51, 3),
    (55, 3),
    (57, 3),
    (58, 3),
    (59, 3),
}
BEHIND = {(13, 2)}

FORUMS = {
    CCG: "CCG quality and performance committee",
    NHSE: "NHS England area quality surveillance group",
    LA: "Leicester Safeguarding Children Board",
    LPT: "LPT safeguarding committee",
    UHL: "UHL safeguarding assurance committee",
    SSAFA: "SSAFA clinical governance group",
    LRP: "Leicester Recovery Partnership governance meeting",
    SSOTP: "SSOTP safeguarding group",
}
# How each recommendation's last action checks that its changes worked, and the forum that hears the
# result ({forum}: FORUMS[owner]); the recommendations in SHORT have no such action.
AUDIT = {
    1: "Compare the designated doctor's sessions and assessments quality assured over six months with the job plan; report to the {forum}",
    2: "Confirm the quarterly governing body reports show assessment timeliness and explain any quarter below 80%, for the {forum}",
    4: "Score the timeliness and quality of out-of-area review assessments received over two quarters and present them to the {forum}",
    5: "Reconcile the shared register with the council's placement records each quarter and report missed notifications to the {forum}",
    6: "Track how long looked-after children referred through the new CAMHS pathway wait to be seen, reporting to the {forum}",
    7: "Check the provider's contract returns for how many care leavers received a summary, and report the figure to the {forum}",
    8: "Compare each provider's training and supervision returns with the intercollegiate levels; take gaps and recovery plans to the {forum}",
    9: "Survey a sample of health staff on their knowledge and use of the escalation policy; share the results with the {forum}",
    10: "Commission a case-note audit of think-family recording in adult mental health services and take the results to the {forum}",
    11: "Analyse the returned GP assurance tools for training level and date, and list practices below level 3 for the {forum}",
    12: "Review a sample of GP conference reports against the template for content and timeliness; report to the {forum}",
    13: "Audit Child Protection Information Sharing checks at the connected urgent care and walk-in centres; report results to the {forum}",
    14: "Repeat the flag check across all city practices after six months and report the match rate to the {forum}",
    15: "Measure the days from a child entering care to the health team being told, each quarter, for the {forum}",
    16: "Review the provider's first two quarters of safeguarding indicator returns with the {forum}",
    18: "Count early help assessments led by health visitors each quarter and review a sample for quality; report to the {forum}",
    19: "Audit new birth visit records for completed household sections and a risk view on each adult, reporting to the {forum}",
    20: "Re-audit early help plans after six months to see whether their outcomes are measurable and reviewed, for the {forum}",
    21: "Trace a month of emergency department attendances to the date each health visitor received the notice; report to the {forum}",
    22: "Sample records of families stepped down in the quarter for a health visitor notification and a recorded decision; report to the {forum}",
    23: "Compare the young carers flagged by school nurses with the council's young carers register and report the gap to the {forum}",
    25: "Ask a sample of pupils seen by school nurses whether they felt listened to, and report their answers to the {forum}",
    26: "Review cases closed after missed school nursing appointments to check the revised policy was followed, reporting to the {forum}",
    27: "Check the longest CAMHS waits each month against 13 weeks and report the backlog awaiting treatment to the {forum}",
    28: "Audit the records of young people turning 18 for a transition plan begun by 17; send the results to the {forum}",
    29: "Follow up a sample of patients with children to see whether support or a referral for them was considered, for the {forum}",
    30: "Ask adult mental health staff whether group supervision has changed their safeguarding practice and report the survey to the {forum}",
    31: "Check a month of conference minutes from the council against health visiting records for filing within 10 days; report to the {forum}",
    32: "Ask parents after a sample of conferences whether they saw the health visitor's report beforehand; report to the {forum}",
    33: "Present the monthly health plan quality scores, with the commonest weaknesses, to the {forum}",
    34: "Count the young people who declined a review assessment and how many took up the alternative offered, for the {forum}",
    35: "Match the list of young people leaving care this year with summaries sent, reporting any missing to the {forum}",
    36: "Audit a sample of emergency department referrals for a clear risk statement and a recorded outcome, for the {forum}",
    37: "Review a month of adult emergency department attendances by 16 and 17-year-olds for liaison screening; report to the {forum}",
    38: "Sample attendances where an adult disclosed children or a pregnancy and check any risk reached paediatric liaison, for the {forum}",
    39: "Check the training records of ED staff rostered in one month against the level 3 requirement; report to the {forum}",
    40: "Review a quarter's supervision records for how many ED staff attended and which cases they brought, for the {forum}",
    41: "Report to the {forum} how often the seen-alone prompt was completed for young people disclosing abuse",
    42: "Test the out-of-hours route with night staff on three occasions and report the response times to the {forum}",
    43: "Review six months of meeting records from both units for frequency and social care attendance, for the {forum}",
    44: "Audit booking records for completed partner histories and report the completion rate to the {forum}",
    45: "Compare paediatric attendance at strategy discussions with the council's record of those held, and report to the {forum}",
    47: "Review the referrals that followed positive CSE screens in ED with the exploitation team, and report to the {forum}",
    48: "Check that liaison notifications were processed on time while the liaison nurse was on leave; report to the {forum}",
    49: "Survey ED staff on whether they now hear the outcome of their referrals and give the results to the {forum}",
    50: "Confirm the first year's audit programme was completed and its actions followed up, reporting to the {forum}",
    51: "Ask receiving health visiting teams whether transferred records arrived complete, and report their replies to the {forum}",
    52: "Check each health visitor's training level and refresher date against the intercollegiate document, for the {forum}",
    54: "Audit new assessments for named children in the service user's life and a recorded view of risk, for the {forum}",
    55: "Report attendance at the young people's session, and any mixing with adult clients, to the {forum}",
    56: "Match each recovery worker's role to the training level completed and report any shortfall to the {forum}",
    57: "Review cases with children at risk to check information reached social care promptly; report to the {forum}",
    58: "Compare positive CSE screens in clinic with referrals received by the exploitation team, reporting any gap to the {forum}",
    59: "Audit consultations with under-16s for a recorded Fraser assessment and safeguarding rationale, reporting to the {forum}",
}
EVIDENCE = (
    "audit report",
    "revised policy and staff briefing record",
    "minutes of the approving meeting",
    "training register",
    "template and sample of completed records",
    "data report for the quarter",
)


def _due(i: int, j: int) -> str:
    months = [
        "2016-10-31",
        "2016-11-30",
        "2016-12-31",
        "2017-01-31",
        "2017-02-28",
        "2017-03-31",
        "2017-06-30",
        "2017-09-30",
    ]
    return months[(i * 3 + j) % 6] if j < 3 else months[6 + i % 2]


def build(b) -> None:
    lead = "Alison Greaves"
    b.review(
        "2016-01-11T09:00:00.000Z",
        lead,
        updated="2017-03-31T16:00:00.000Z",
        updated_by=DESIGNATED_NURSE,
        rev=8,
        title="Leicester City looked-after children and safeguarding review 2016",
        review_type="clas",
        framework_id="clas-review",
        provider="Leicester City (CCG and local authority area)",
        provider_kind="Local area (health services for children)",
        start_date=DAYS[0],
        end_date=DAYS[-1],
        report_date="2016-08-05",
        status="final",
        marking="OFFICIAL",
        sections=SECTIONS,
        counts=COUNTS,
    )
    clk = b.clock("2016-01-11T09:05:00", 4)
    for key, name, role, org in TEAM:
        b.member(key, name, role, org, clk(), lead)
    for i, (code, label) in enumerate(b.fw.scope_units, 1):
        if code != "leadership":  # leadership is asked once for the area, under well-led
            b.unit(code, label, i, clk(), lead)
    L = b.logins
    authors = {
        "": [lead, L["im"]],
        "early_help": [L["in1"], L["in2"]],
        "children_in_need": [L["in2"], L["in3"]],
        "child_protection": [L["in3"], L["in1"], lead],
        "looked_after": [L["in1"], L["in3"], L["in2"]],
    }
    b.add_notes(b.parse_notes(NOTES, "n"), DAYS, authors)

    clk = b.clock("2016-03-14T10:00:00", 6)
    for i, (unit, kq, heading, text, *lines) in enumerate(FINDINGS, 1):
        b.add(
            Finding(
                id=b.uid("findings", f"f{i}"),
                author=lead,
                created=clk(),
                key_question=kq,
                scope_unit=b.unit_id(unit),
                heading=heading,
                text=text,
                note_ids=b.notes_with_lines(lines[0]) if lines else b.notes_for(unit, kq, 5),
                order=i,
            )
        )

    # Recommendations (report drafting), then the action plan (September 2016) and its rounds.
    build_action_plan(b, lead)


# Quarterly reporting rounds: (key, label, as at, returns due, opened).
ROUNDS = [
    ("q2", "Quarter 2 2016/17", "2016-09-30", "2016-10-21", "2016-10-03T09:00:00"),
    ("q3", "Quarter 3 2016/17", "2016-12-31", "2017-01-20", "2017-01-03T09:00:00"),
    ("q4", "Quarter 4 2016/17", "2017-03-31", "2017-04-28", "2017-04-03T09:00:00"),
]
# On-track actions whose original due date has passed by March 2017 (the plan's slow areas).
LATE = {(4, 1), (12, 2)}
BEHIND_NOTE = (
    "Behind plan: waiting for the national Child Protection Information Sharing project, whose "
    "start in Leicester's unscheduled care settings has moved back."
)


def _round_status(final: str, due: str, key: str, i: int, j: int) -> str:
    """An action's status in one round, from its March 2017 status and its due date."""
    if key == "q4":
        return final
    if key == "q3":
        if final == "completed" and due <= "2016-12-31":
            return "completed"
        return "not_started" if final == "completed" and due >= "2017-06-30" else "on_track"
    if final == "completed" and due <= "2016-10-31" and (i + j) % 3 == 0:
        return "completed"
    return (
        "on_track"
        if due <= "2016-12-31" or (final != "completed" and (i + j) % 2)
        else "not_started"
    )


def _round_note(status: str) -> str:
    """The owner's note in a round: only where it says more than the status (the evidence of a
    completed action is the action's own; a note restating the status would be printed on every row
    of the plan)."""
    return BEHIND_NOTE if status == "behind" else ""


def build_action_plan(b, lead: str) -> None:
    """Recommendations, their 172 actions as agreed in September 2016, and three quarterly rounds
    of returns; the March 2017 position (143 completed, 28 on track, 1 behind) is what the last
    round's updates say, computed by cqc_tui.core.action_plan."""
    assert set(AUDIT) == set(range(1, len(RECS) + 1)) - SHORT, (
        "one audit step per full recommendation"
    )
    rec_clk = b.clock("2016-04-04T09:30:00", 3)
    plan_clk = b.clock("2016-08-22T09:00:00", 11)
    recs, plan = [], []  # plan: (action, final status, i, j)
    for i, (org, section, kq, unit, text, specific) in enumerate(RECS, 1):
        rid = b.uid("recommendations", f"r{i:02d}")
        steps = list(specific)
        if i not in SHORT:
            steps.append(AUDIT[i].format(forum=FORUMS[org]))
        for j, step in enumerate(steps, 1):
            final = (
                "behind" if (i, j) in BEHIND else "on_track" if (i, j) in ON_TRACK else "completed"
            )
            due = _due(i, j)
            if final == "behind":
                due = "2017-01-31"
            elif final == "on_track" and due <= "2017-03-31" and (i, j) not in LATE:
                due = ["2017-06-30", "2017-09-30"][(i + j) % 2]
            progress = ""
            if final == "completed":
                progress = EVIDENCE[(i + j) % len(EVIDENCE)].capitalize()
            plan.append(
                (
                    ActionItem(
                        id=b.uid("actions", f"r{i:02d}a{j}"),
                        author=CCG_QUALITY_LEAD,
                        created=plan_clk(),
                        recommendation=rid,
                        section=SECTIONS_PLAN[section],
                        text=step,
                        owner=org,
                        status="not_started",
                        due=due,
                        progress=progress,
                        order=j,
                    ),
                    final,
                    i,
                    j,
                )
            )
        recs.append(
            Recommendation(
                id=rid,
                author=lead,
                created=rec_clk(),
                kind="recommendation",
                text=text,
                owner=org,
                key_question=kq,
                scope_unit=b.unit_id(unit),
                section=SECTIONS_PLAN[section],
                status="not_started",
                due=max(a.due for a, *_ in plan if a.recommendation == rid),
                note_ids=b.notes_for(unit, kq, 3, polarity=("negative", "concern")),
                order=i,
            )
        )
    for rec in recs:
        b.add(rec)
    for action, *_ in plan:
        # Evidence of progress was written up when the March 2017 position was agreed.
        b.add(
            dataclasses.replace(
                action, rev=2, updated="2017-04-12T16:00:00.000Z", updated_by=DESIGNATED_NURSE
            )
            if action.progress
            else action
        )
    for key, label, as_at, returns_due, opened in ROUNDS:
        rnd = ReportingRound(
            id=b.uid("reporting_rounds", key),
            author=DESIGNATED_NURSE,
            created=opened + ".000Z",
            label=label,
            as_at=as_at,
            returns_due=returns_due,
        )
        b.add(rnd)
        clk = b.clock(opened, 0.5)
        returned_clk = b.clock(returns_due + "T08:00:00", 3)
        for action, final, i, j in plan:
            status = _round_status(final, action.due, key, i, j)
            note = _round_note(status)
            created = clk()
            b.add(
                ActionUpdate(
                    id=update_id(rnd.id, action.id),
                    author=DESIGNATED_NURSE,
                    created=created,
                    updated=returned_clk(),
                    updated_by=CCG_QUALITY_LEAD,
                    rev=2,
                    round=rnd.id,
                    action=action.id,
                    status=status,
                    note=note,
                    returned=True,
                )
            )

"""Birmingham local system review, 22-26 January 2018 (seed 004), in the project's own words.

Team names are invented. Figures are the published ones; the wording of every note is ours.
"""

from __future__ import annotations

from cqc_tui.core.model import Finding, Recommendation

SLUG = "birmingham-local-system-review-2018"
DAYS = ["2018-01-22", "2018-01-23", "2018-01-24", "2018-01-25", "2018-01-26"]

SECTIONS = {
    "background": (
        "One of a programme of 20 targeted local system reviews requested by the Secretaries of State "
        "for Health and Social Care and for Housing, Communities and Local Government, carried out under "
        "Section 48 of the Health and Social Care Act 2008. The review looked at how older people move "
        "between health and social care services in Birmingham, and at the interfaces where those "
        "services meet, rather than at any one provider's compliance with the regulations."
    ),
    "scope": (
        "People aged 65 and over, followed along a typical pathway through three pressure points: "
        "staying well at home, crisis, and step down or return home (or a move to a new home). For each "
        "we asked whether care is safe, effective, caring and responsive; we then asked whether the "
        "system as a whole is well led. We paid particular attention to the interface between social "
        "care, general practice, acute and community health services, and to delayed transfers of care "
        "out of acute hospitals."
    ),
    "method": (
        "Before the visit we built a local data profile from national collections and CQC data, asked "
        "the system for a System Overview Information Request (SOIR) return, and ran two online tools: "
        "a relational audit of partnership working and an information flow tool for registered "
        "managers receiving people discharged from hospital.\n"
        "During the week of the visit the review team (CQC reviewers, an inspector and four "
        "specialist advisors) spoke with system leaders from the city council, the three clinical "
        "commissioning groups, the Health and Wellbeing Board and the main NHS trusts, with frontline "
        "staff in health and social care, and with older people, their families and carers. We "
        "followed older people's care through 34 care records and visited 17 services across the "
        "city, among them care homes, a hospital discharge lounge, intermediate care and voluntary "
        "sector services."
    ),
    "context": (
        "About 13% of Birmingham's residents are 65 or over and 58% identify as white; around 40% "
        "identify as Black, Asian or minority ethnic. The city is among the 20% most deprived local "
        "authority areas in England.\n"
        "Social care market (ratings at 8 December 2017): 88 active residential homes (1 outstanding, "
        "42 good, 29 requires improvement, 4 inadequate, 12 not yet rated); 41 nursing homes (18 good, "
        "14 requires improvement, 1 inadequate, 8 not yet rated); 70 domiciliary care agencies (38 good, "
        "18 requires improvement, 14 not yet rated). General practice: 194 active locations (2 "
        "outstanding, 130 good, 14 requires improvement, 2 inadequate, 46 not yet rated).\n"
        "Hospital admissions of Birmingham residents in 2016/17: Heart of England NHS Foundation Trust "
        "took 50% (55% of that trust's admissions; rated requires improvement); University Hospitals "
        "Birmingham NHS Foundation Trust took 29% (67% of its admissions; rated good); Sandwell and West "
        "Birmingham Hospitals NHS Trust took 18% (41% of its admissions; rated requires improvement). "
        "Community health services come from Birmingham Community Healthcare NHS Foundation Trust, "
        "rated good.\n"
        "The city sits in two sustainability and transformation partnership footprints (about 80% in "
        "Birmingham and Solihull, 20% in the Black Country and West Birmingham) and is served by three "
        "CCGs, with patient flows into a fourth. The local authority had seen a 30% reduction in its "
        "social care funding."
    ),
    "summary": (
        "Integration in Birmingham was at an early stage. Given that there was no history of joint "
        "working across the city, the recent improvement in relationships between leaders, the new "
        "senior appointments and a renewed focus on adult social care were a real step forward, but "
        "several key posts were interim and the gains were fragile.\n"
        "There was no single strategy for Birmingham that middle managers and frontline staff could "
        "describe, no up-to-date shared view of the population's needs, and no annual public health "
        "report for at least two years. Apart from the Better Care Fund there were no pooled budgets, "
        "no joint commissioning strategy and no shared risk register, even though the system faced a "
        "30% cut in social care funding and a large acute cost improvement programme.\n"
        "People's experience varied by where they lived. Good practice existed (the primary care "
        "vanguard, integrated discharge teams, the Home from Hospital volunteers, carers' services) "
        "but it had grown up locally and had not spread. Staff were committed but tired, found "
        "pathways confusing and could not share records: 1.1 million people had opted in to Your Care "
        "Connected, yet frontline hospital staff did not mention it. Uptake of direct payments was low "
        "(11.3% of older social care users against 17.6% nationally), delayed transfers of care were "
        "persistently high, and the online micro-tendering system for long-term care undermined choice "
        "and dignity."
    ),
    "maturity": (
        "Leaders clearly intended to improve how older people move through the system, but for people "
        "using services the reality remained uneven and disjointed. Shared governance was embryonic; "
        "system leadership had in practice passed to the Birmingham and Solihull STP Board, while the Health and "
        "Wellbeing Board had not used its statutory role, and the relationship between the two needed "
        "urgent clarification. Relationships had improved, but interim appointments and the system's "
        "history of poor partnership meant progress could easily stall. Market shaping, workforce "
        "planning, personalisation and information sharing were all underdeveloped. The at-scale "
        "general practice organisations in the city were an asset that could anchor place-based "
        "enhanced primary care if leaders chose to build on them."
    ),
}

COUNTS = {
    "care_records_reviewed": 34,
    "services_visited": 17,
    "relational_audit_responses": 59,
    "information_flow_tool_responses": 34,
    "comparator_areas": 16,
}

TEAM = [
    # key, name, role, organisation
    ("dl", "Helen Marsh", "Delivery lead", "CQC"),
    ("lr", "Rajesh Sandhu", "Lead reviewer", "CQC"),
    ("sr", "Claire Owusu", "System reviewer", "CQC"),
    ("im", "David Kettle", "Inspection manager", "CQC"),
    ("in1", "Amira Haddad", "Inspector", "CQC"),
    ("in2", "Tom Bristow", "Inspector", "CQC"),
    ("sm", "Fiona Lyle", "Strategy manager", "CQC"),
    ("an", "Priya Natarajan", "Analyst", "CQC"),
    (
        "sa1",
        "Graham Whitlock",
        "Specialist advisor (former director of adult social services)",
        "Specialist advisor",
    ),
    (
        "sa2",
        "Judith Penrose",
        "Specialist advisor (local authority chief executive)",
        "Specialist advisor",
    ),
    (
        "sa3",
        "Martin Ebbs",
        "Specialist advisor (local authority chief executive)",
        "Specialist advisor",
    ),
    ("sa4", "Nadia Qureshi", "Specialist advisor (CCG board member)", "Specialist advisor"),
]

# Notes in fieldwork order: LINES | unit | source[*] | polarity | place | text
NOTES = r"""
LW1 | | staff | - | Council House, Victoria Square | Leaders from the council, the three CCGs and the acute trusts each described the future as "place-based care", but they used different words for the places (constituencies, localities, quadrants) and none could point to a written plan for Birmingham.
LW1 | | doc | - | SOIR return | The SOIR return lists the two STP visions as the strategy for the city. Neither document contains a Birmingham delivery plan, timescales or named leads for the city's older people.
LW1 | | staff | 0 | CCG offices, Bartholomew Street | Shadow accountable officer for the merging CCG said the locality boundaries were signed off only last week; GP engagement on how wards will sit within localities is still being planned.
LW3 | | staff* | + | Council House, Victoria Square | Director of adult social services (interim): "Two years ago the chief executives would not have been in a room together. Now we meet every fortnight and we pick up the phone."
LW3 | | staff | - | Council House, Victoria Square | Several of the senior posts driving the change (including the director of adult social services) are held on an interim basis. Leaders accepted this was a risk to continuity.
LW4 | | doc | - | Health and Wellbeing Board minutes, Apr-Dec 2017 | Board minutes for the last nine months show items presented "for information" with no challenge recorded and no performance report on delayed transfers or the winter plan.
LW4 | | staff* | - | Council House, Victoria Square | Elected member on the Health and Wellbeing Board: "The real conversations happen at the STP board. We get told afterwards."
LW4 | | staff | + | Council House, Victoria Square | Chair of the overview and scrutiny committee described two recent call-ins on hospital discharge and continuing healthcare; the committee provides sharper challenge than the Health and Wellbeing Board.
LW7 | | doc | - | Finance papers, iBCF plan | The improved Better Care Fund plan describes a system-wide financial gap of 730 million pounds to 2021. The Better Care Fund section 75 agreement is the only pooled budget for older people's services.
LW7 | | staff | - | Council House, Victoria Square | Finance leads confirmed the council's social care funding has fallen by 30%. No partner described the reduction as a risk shared between health and social care.
LW4 | | doc | - | SOIR return | Each organisation holds its own risk register. There is no shared register for Birmingham or for either STP, and no risk-sharing agreement between partners.
LW1 | | doc | ! | Public health team documents | The most recent annual public health report we were given is more than two years old. Publishing one each year is a statutory duty of the director of public health.
LW5 | | doc | - | Joint Strategic Needs Assessment | The JSNA is out of date, has no evident multi-agency input, and does not bring together economic or skills assessments. Commissioning strategies we read do not reference its priorities.
LW2 | | staff | + | Healthwatch Birmingham | Healthwatch Birmingham has built a quality standard with NHS England for using public insight to reduce inequality and is reviewing two CCGs against it. Staff said they are a small team with limited capacity to lead engagement for the whole city.
LW2 | | fg* | - | Focus group, Birmingham Voluntary Service Council | VCSE representative: "We are asked to fill in online surveys. Nobody comes to ask the people we work with in Sparkbrook what they need."
LW2 | | fg | + | Focus group, Birmingham Voluntary Service Council | Ageing Better programme (Big Lottery funded, run by BVSC) showed how hubs were designed with older residents; representatives gave examples of hubs changing opening times and activities after residents' feedback.
LW2 | | staff | + | Council House, Victoria Square | Members of the council's Citizens' Panel gave two examples of changing commissioning decisions. The panel does not cover older people's services.
LW3 | | staff | + | GP federation offices | Primary care leaders described at-scale general practice (one organisation serving a whole population in the west of the city with central triage and multidisciplinary teams). Innovation is strong but grew up outside any system plan.
LW3 | | tool | - | Relational audit (59 responses) | Relational audit: responses from NHS leaders report improving trust at senior level; responses from social care providers describe the council as distant and not transparent about commissioning decisions.
LW5 | | staff | - | Council commissioning team | Head of commissioning described a new fixed-price framework for care as the start of market shaping. There is no joint commissioning strategy with the CCGs and no pooled commissioning budget beyond the BCF.
LW5 | | doc | 0 | Older Adults Market Position Statement 2018 | Market position statement published shortly before the review; it sets intentions for complex dementia beds but does not draw on a current needs assessment.
LW6 | | staff | - | STP workforce workstream | Workforce workstream lead confirmed the group has met twice. The BSol STP workforce strategy 2017-2021 exists but there is no Birmingham workforce plan and no joint plan with social care providers.
LW6 | | doc | - | Skills for Care estimates 2016/17 | Adult social care staff turnover in Birmingham 32.9% against 25.9% in comparator areas (29.9% the year before). Vacancy rate lower at 5.1% against 6.6%.
LW6 | | staff | - | Council House, Victoria Square | Council leaders said newly qualified social workers trained locally often move to neighbouring authorities that pay more.
LW6 | | staff | 0 | GP federation offices | The international recruitment scheme for 100 GPs over five years had been approved but had not started; practices were unsure whether it was on hold.
LW8 | | doc | + | Local digital roadmap | The BSol local digital roadmap was judged a national exemplar, but none of its shared-record proposals had been implemented by the time of the review.
LW8 | | doc | 0 | System data on Your Care Connected | About 1.1 million people have opted in to Your Care Connected. Monthly secondary care look-ups rose from an average of 1,836 (Oct 2016-Mar 2017) to 4,529 (Oct 2017-Jan 2018).
LE1 | wellbeing | staff | + | GP practice, Ladywood | GPs praised the community trust's 24/7 single point of access: one call gets a multidisciplinary response for a patient heading towards a crisis.
LE1 | wellbeing | doc | - | Single point of access referral data | Single point of access referrals for January 2018: 1,999 from GPs, one from care homes and one from the voluntary sector. Very few professionals outside general practice are using it.
LE1 | wellbeing | staff | - | Residential care home, Erdington | Registered manager did not know care homes could refer to the community single point of access; the home phones the GP or 999.
LS1 | wellbeing | staff | - | GP practice, Ladywood | Practices keep their own frailty registers using the electronic frailty index. There is no shared risk stratification tool and registers are not shared with social care or the community trust.
LS1 | wellbeing | doc | - | Local data profile | Quarterly A&E attendance rate for people aged 65+ was above the comparator average and the England average in every quarter from April 2014 to March 2017.
LS1 | wellbeing | staff* | - | Heartlands Hospital emergency department | Emergency department consultant: "We see people in the last days of life arriving by ambulance because nobody at home felt able to hold the risk overnight."
LS1 | wellbeing | doc | - | Local data profile | Care home residents had higher admission rates than similar areas for conditions usually managed in the community (pressure ulcers, pneumonia and other lower respiratory infections), October 2015 to September 2016.
LR1 | wellbeing | staff | - | Nursing home, Sutton Coldfield | Manager described struggling to get a local practice to register new residents; two residents had been without a registered GP for three weeks.
LR1 | wellbeing | staff | + | Residential care home, Hall Green | Manager described a weekly GP ward round arranged privately with the practice; staff can raise concerns on the day.
LS4 | wellbeing | staff | - | Pharmacy leads meeting | Pharmacy leads said polypharmacy reviews happen in practices and care homes but nobody reviews medicines for people receiving domiciliary care, and there is no falls-risk screen linked to medicines.
LS1 | wellbeing | staff | - | Falls service, community trust | Falls nurse assessors visit people at home across the city. In the east and north, therapists are part of the team; in the centre and west a separate referral is needed for physiotherapy and occupational therapy.
LS3 | wellbeing | staff | + | Council housing office | Housing officers visit council tenants, check for safeguarding concerns and care needs, and all housing staff and contractors complete safeguarding training. A handyman service and a sheltered housing review support people to stay at home.
LS3 | wellbeing | staff | - | Safeguarding Adults Board office | Board manager said attendance by some NHS trusts at partnership meetings is irregular, which limits shared learning from safeguarding enquiries.
LE1 | wellbeing | staff | + | Vanguard hub, west Birmingham | Vanguard lead described a single point of entry open 24/7, community alternatives to admission and self-management support for the whole registered population. Funding ends soon and the new localities may not match its footprint.
LE1 | wellbeing | fg | + | Focus group, Age UK Birmingham | Social prescribing run by Age UK with one of the CCGs showed good first-year results; participants described link workers helping them into lunch clubs and benefits advice.
LE1 | wellbeing | staff | + | GP practice, Kings Norton | Practice runs a neighbourhood befriending scheme with local volunteers; staff described it as a small pocket of good practice not known about across the city.
LE1 | wellbeing | staff | - | Council commissioning team | Several prevention services were decommissioned in recent years despite evidence of impact. The council's cabinet agreed in November 2017 to invest in neighbourhood networks (2.7 million pounds a year).
LE2 | wellbeing | staff* | ! | Out-of-hours GP base | Out-of-hours GP: "I can't see the GP record, the hospital record, bloods or X-rays. I rely on special patient notes, and most patients haven't got one."
LE2 | wellbeing | staff | - | Residential care home, Erdington | Manager described a resident returned from hospital with no discharge letter and a changed medicine regime, found only when the pharmacy queried the new blister pack.
LE4 | wellbeing | doc | - | ASCOF 2016/17 | Direct payments: 11.3% of people aged 65+ using social care received them in 2016/17, against 17.1% in comparator areas and 17.6% in England.
LE4 | wellbeing | doc | - | NHS continuing healthcare data, Mar-May 2017 | All three CCGs had lower uptake of personal health budgets and direct payments for adults than the England average.
LC1 | wellbeing | doc | - | ASCOF 2016/17 | Only 53% of older people using social care said they were satisfied with their care (60% comparators, 62% England); lower than comparators every year since 2013/14 and falling.
LC1 | wellbeing | fg* | - | Carers focus group, Crossroads Care | Daughter of a man receiving home care: "Different carer every day, some don't speak Punjabi, and twice this month nobody turned up at all."
LC1 | wellbeing | fg | - | Focus group, Age UK Birmingham | Three of eight participants described home care visits cut short or arriving at times that did not suit them; one said she went to bed at 7pm because that was when the evening call came.
LC4 | wellbeing | doc | - | ASCOF 2016/17 | 66% of older service users found it easy to find information about support, against 75% nationally; below comparators every year since 2014/15.
LC4 | wellbeing | staff | - | Adults and Communities Access Point | Two online service directories exist; one has not been updated in 12 years. Access point staff keep their own spreadsheet directory because the official ones are wrong.
LC1 | wellbeing | fg | + | Focus group, Ageing Better hub | Ageing Better priorities target older carers, older LGBT people, Tyburn (many residents over 80) and Sparkbrook (language and cultural barriers); participants said the hubs reduced isolation.
LC3 | wellbeing | doc | - | ASCOF carers survey 2016/17 | Carers report lower quality of life, lower satisfaction with social care, less social contact than they want and more difficulty finding information than the England average.
LC3 | wellbeing | people* | + | DISC carers group, Crossroads Care | Older carer whose husband had a stroke: "The GP didn't know where to send me. The DISC worker sorted the benefits, the personal budget and showed me how the direct payment works."
LC3 | wellbeing | staff | + | Forward Carers | Forward Carers provides one point of information and advice for carers, statutory carers' assessments and direct support; the DISC dementia carers service has been expanded to all four quadrants with CCG and BCF money.
LR1 | wellbeing | people | - | Walk-in centre, south Birmingham | Two people in the waiting room said they came because the practice booking line was full by 8.15am.
LR1 | wellbeing | doc | + | Walk-in centre evaluation 2017 | The walk-in centre saw over 60,000 people in 2017; only about 3,000 were referred on to A&E.
LR1 | wellbeing | doc | - | Local data profile | At March 2017 fewer GP appointments were available outside core hours in Birmingham than in comparator areas or nationally.
LR1 | wellbeing | staff | - | Nursing home, Sutton Coldfield | Manager said the central booking system at a large GP provider can mean no same-day appointment, so staff sometimes call an ambulance instead.
LR1 | wellbeing | staff | - | Residential care home, Hall Green | Care home has no named social worker; reviews go through the duty team and the last review request waited eleven weeks.
LR4 | wellbeing | fg | - | Focus group, Birmingham Voluntary Service Council | Representatives of Bangladeshi and Somali community groups said older people do not know what the council offers and leaflets are only in English.
LW7 | | doc | 0 | Local data profile | Rate of permanent admissions of older people to care homes fell to 552 per 100,000 in 2016/17 from 663 the year before; second lowest of 16 comparator areas. Residential and nursing beds per head of population aged 65+ are slightly above comparators.
LW7 | | staff | - | Community trust headquarters | Community trust leaders said district nurses see about 1,000 more people a week than commissioned and this is not recognised in contracts; discussions with commissioners are under way.
LS2 | crisis | staff | 0 | Heartlands Hospital emergency department | Seven-day rapid response service (health and social care together) is available; ED staff said they use it, but the external system review found awareness and use could be better.
LS2 | crisis | doc | - | Local data profile | Emergency admission rate for people aged 65+ was significantly above the England average in every quarter from July 2015, suggesting a high conversion of attendances to admissions.
LS2 | crisis | doc | ! | Local data profile | Overnight consultant-led bed occupancy March-May 2017: 96% at Heart of England and 97% at University Hospitals Birmingham, well above the 85% level associated with bed crises and infection.
LS3 | crisis | staff | - | Residential care home, Erdington | Managers said ambulance crews raise safeguarding referrals after almost every emergency call-out; homes rarely hear the outcome and feel they are not trusted.
LS3 | crisis | staff | + | Ambulance hub, West Midlands Ambulance Service | WMAS safeguarding lead described crews as proactive in raising concerns; the service accepts feedback loops are weak and is working with the council on outcomes letters.
LS2 | crisis | staff* | ! | Nursing home, Sutton Coldfield | Nurse in charge: "She went in with our DNAR and came back with a different one, and the GP still has the old one. Which one do we follow at 3am?"
LE1 | crisis | rec | - | Heartlands Hospital, acute medical unit | External system flow review found nearly a quarter of people admitted could have been cared for elsewhere; two of the five records we reviewed here fitted that description (no acute medical need on admission).
LE1 | crisis | doc | 0 | Ambulance data Aug 2016-Jul 2017 | Share of 999 calls closed with telephone advice was below the England average; share of incidents managed without conveyance to A&E was just above average from October 2016.
LE1 | crisis | obs | + | City Hospital, ADAPT team base | ADAPT (Advanced Discharge Assessment Planning Team) works seven days with social workers, therapists, nurses and doctors; observed a social worker arranging a package of care from the assessment unit within the afternoon.
LE1 | crisis | obs | + | Good Hope Hospital, short stay ward | REACT team assesses people early on short stay wards and assessment units and puts support in place within 72 hours of arrival; the team board showed nine people with plans to go home.
LE1 | crisis | staff | - | Heartlands Hospital emergency department | Staff described several assessment units within the same trust with overlapping roles; junior staff were unsure which unit to refer to.
LE1 | crisis | staff | - | Heartlands Hospital emergency department | Some professionals said the seniority of medical decision-makers in A&E out of hours contributes to admissions that a senior doctor would have avoided.
LC2 | crisis | rec | + | Good Hope Hospital, short stay ward | Record review: REACT social worker assessment records that the person did not want care at home, the family was involved, and the decision was respected with a follow-up call arranged.
LC1 | crisis | fg* | - | Dementia carers focus group | Wife of a man with dementia: "He was on a trolley for nine hours. Nobody told him where he was, so he kept trying to get up and they kept telling him off."
LC1 | crisis | obs | + | Queen Elizabeth Hospital, clinical decision unit | Clinical decision unit environment is dementia friendly (signage, contrasting colours, clocks, quiet area). We did not see the same features on the other sites we visited.
LC1 | crisis | rec | ! | Heartlands Hospital, elderly care ward | Record review: person with severe dementia admitted more than two months ago with no acute medical need; assessed and declined by five nursing homes because of the level of need; still waiting for a placement.
LC3 | crisis | doc | - | Carers Emergency Response Service data | Carers Emergency Response Service offers up to 48 hours of free cover, but only just under 4,000 of about 20,000 carers registered with Forward Carers have signed up (about 20%).
LC2 | crisis | fg | - | Focus group, Age UK Birmingham | VCSE workers said they lose touch with their clients once they are admitted and are not told about discharge, so support at home is not in place when people return.
LR2 | crisis | doc | - | NHS England A&E data 2016/17 | All three hospital trusts serving Birmingham missed the four-hour A&E standard in 2016/17 and performed below the England average.
LR2 | crisis | doc | - | Healthwatch Birmingham report on emergency GP access | Healthwatch found that people who clinically needed an urgent GP appointment were not always able to get one; this pushes demand towards NHS 111 and ambulances.
LR2 | crisis | staff | ! | Heartlands Hospital emergency department | Staff described a carer admitted with his wife, who has dementia, when he became unwell, because no out-of-hours community support could be arranged for her.
LR2 | crisis | rec | - | Good Hope Hospital, acute medical unit | Record review: 93-year-old woman admitted with general frailty and no acute diagnosis; discharged after six days with the same package of care she had before.
LR2 | crisis | staff | - | Heartlands Hospital emergency department | Staff described a man admitted because he did not feel safe at home after a burglary; there was no community alternative to offer that night.
LR2 | crisis | obs | ! | Heartlands Hospital emergency department | Observed a woman in her 80s who lives alone waiting for transport home after more than four hours in the department; she was still waiting three and a half hours later, and left close to midnight.
LR2 | crisis | obs | - | Queen Elizabeth Hospital emergency department | Two people waiting about two hours for transfer to another hospital in the same trust. A hospital ambulance liaison officer was on duty and handovers were being tracked.
LR2 | crisis | staff | + | Ambulance hub, West Midlands Ambulance Service | WMAS has added hospital ambulance liaison officer cover to cut handover delays and keep people cared for while they wait.
LS2 | step_down | doc | ! | Local data profile | Delayed transfers of care, November 2017: average 18.3 delayed days a day per 100,000 adults in Birmingham against 12.2 in comparator areas and 12 in England; consistently worse since April 2015.
LS2 | step_down | doc | - | Local data profile | Emergency readmissions within 30 days for people aged 65+ were slightly above comparators and England every quarter from April 2015 to March 2017.
LS2 | step_down | staff | - | Residential care home, Hall Green | Care home staff believe some residents come back from hospital before they are ready because of bed pressure; two of their residents were readmitted within a week last month.
LS2 | step_down | obs | ! | Good Hope Hospital, discharge lounge | People waiting in the discharge lounge for medicines before transfer to the enhanced assessment unit on the same site (Community Unit 27); one man had waited more than four hours. Pharmacy could have sent medicines to the unit directly.
LE3 | step_down | obs | + | Queen Elizabeth Hospital, discharge hub | Discharge hub is co-located: daily multidisciplinary meeting, a social worker based on site and a shared board of expected discharge dates. Staff spoke positively about joint working.
LE3 | step_down | doc | + | Trusted assessor pilot evaluation | Occupational therapy trusted assessor pilot cut the average time from referral to discharge for simple packages by 47%; the model has been rolled out across the trust.
LE3 | step_down | obs | + | Queen Elizabeth Hospital, ward 726 | Observed an occupational therapist completing a social care assessment and sending it straight to the brokerage team without a separate social work visit.
LE3 | step_down | obs | + | Heartlands Hospital, integrated discharge team | Discharge staff from the trust, council and a voluntary sector home-from-hospital service share an office; referrals are passed across the desk.
LE3 | step_down | doc | ! | Good Hope Hospital EAB referral log | Of 115 referrals to external enhanced assessment beds, 53 (46%) were assessed within the agreed 24 hours.
LE3 | step_down | staff | - | Good Hope Hospital, discharge lounge | Staff said people with complex needs can be assessed for an enhanced assessment bed and turned down more than once, and can be assessed when no beds are free.
LE3 | step_down | rec | - | Enhanced assessment beds, nursing home, Kingstanding | Record review: three of four people in enhanced assessment beds had stayed beyond the planned date; none had received therapy in the last week.
LE3 | step_down | staff* | - | Community trust headquarters | Senior manager: "We have made beds the answer to every flow problem. Half the people in those beds should be at home with the right support."
LE3 | step_down | doc | - | ASCOF 2016/17 | Older people still at home 91 days after discharge into reablement: 77.5% in Birmingham against 80.2% in comparator areas and 82.5% in England. Offer of reablement broadly in line.
LE2 | step_down | tool | - | Information flow tool (34 registered managers) | Information flow tool: of 34 registered managers (18 domiciliary care, 11 care homes, 3 nursing homes, 2 housing with care), only six said they get a discharge summary 75-100% of the time.
LE2 | step_down | tool* | - | Information flow tool (34 registered managers) | Free-text response from a domiciliary care manager: "It depends which ward. Some send a full summary, some send nothing and the client tells us what happened."
LE2 | step_down | staff | - | Nursing home, Kingstanding | Provider said the online bidding system gives them a few lines about the person; they accepted a placement, found on arrival they could not meet the person's needs, and the process restarted.
LC2 | step_down | staff* | ! | Multidisciplinary discharge team, City Hospital | Social worker on the micro-tendering system: "A drama group called it eBay for grannies and the room laughed, because it's true."
LC2 | step_down | staff | ! | Council brokerage team | If someone with a home care package stays in hospital more than 10 days the package goes back on the bidding system, even when the person has asked to keep their carers.
LC2 | step_down | fg | - | Dementia carers focus group | Families said they were offered enhanced assessment or care home places across the city from where they lived, with no time to visit; one mother was moved two bus rides from her husband.
LC2 | step_down | fg | + | Dementia carers focus group | Two families said the enhanced assessment bed gave them breathing space to choose a long-term home instead of deciding on a hospital ward.
LC1 | step_down | people | + | Home from Hospital service | Volunteer described supporting a 90-year-old woman who lost confidence after breaking her wrist: bills paid, hospital visits accompanied, a taxi account, large-print letters and daylight bulbs for her sight.
LC1 | step_down | staff | + | Home from Hospital service | Home from Hospital is council funded, city-wide, run by more than 70 volunteers; it supported 460 people between July and September 2017 with up to 12 weeks of help after discharge.
LC2 | step_down | fg* | ! | Carers focus group, Crossroads Care | Son of a woman with dementia after several strokes: "The CHC funding stopped after a review. Nobody explained why, there was no contact name, and nobody helped us work out what came next."
LC2 | step_down | staff | ! | Heartlands Hospital, palliative care team | Palliative care nurse said fast-track continuing healthcare delays mean some people die in hospital who wanted to die at home.
LR3 | step_down | doc | - | Delayed transfers data Feb-Apr 2017 | Largest share of delayed transfers attributed to "awaiting nursing home placement or availability", followed by awaiting assessment, residential placements, packages of care and further non-acute NHS care.
LR3 | step_down | doc | ! | CHC decision support tool data Q1 2017/18 | Share of CHC decision support tools completed in hospital: 53%, 42% and 37% across the three CCGs, against 27% in England. Assessing in hospital adds to delays.
LR3 | step_down | doc | - | Independent CHC audit, October 2017 | Independent audit found poor oversight and unsatisfactory outcomes from the commissioning support unit running CHC, worst for fast-track cases; the contract has moved to another CSU with NHS England's agreement.
LR3 | step_down | obs | 0 | Heartlands Hospital, elderly care ward | Red to Green board on the ward showed 7 green and 16 red patients on the day of our visit; red included people medically fit and waiting for a placement.
LR3 | step_down | obs | + | City Hospital, ward dashboard | Ward dashboard sets an expected date of discharge on admission; a weekly league table shows each consultant's performance. A "consultant of the week" leads on flow issues.
LR3 | step_down | staff | - | City Hospital, ward dashboard | Ward managers said the target of one morning discharge per ward per day is not being met on most days.
LR3 | step_down | staff | + | Queen Elizabeth Hospital, discharge hub | QEHB@Home lets people go home earlier under their consultant with day-to-day treatment by a community team; Heart of England runs 116 virtual beds across two sites for the same purpose.
LR3 | step_down | staff | 0 | Council brokerage team | Quick Discharge Service can start a package of care within four hours. Staff worry it is compensating for a reablement service that is not responsive enough.
LR3 | step_down | doc | 0 | Delayed transfers data, November 2017 | November 2017 shows a very slight fall in delays; it is too early to tell whether the new initiatives will survive winter pressures.
LW3 | | staff | - | Community Unit 27, Good Hope Hospital site | Unit staff and acute ward staff do not share handover documentation; the unit receives discharge summaries by fax, sometimes after the person has arrived.
LW3 | | fg* | - | Frontline staff focus group, community trust | District nurse: "Everyone is trying their best but we're working to three different sets of targets and three different IT systems."
LW3 | | fg | - | Frontline staff focus group, council social work | Social workers described being tired and stretched, but optimistic about the new leadership. None could describe a shared vision for the city.
LW1 | | fg | 0 | Frontline staff focus group, community trust | Staff had heard of place-based care and "constituencies" but did not know who was accountable for delivering them or what would change for their team.
LW3 | | staff | + | Council House, Victoria Square | Leaders commissioned a theatre company to perform "Phyllis", a play built from staff, carer and service user stories, to start conversations with frontline staff about change.
LW4 | | doc | - | A&E Delivery Board papers | A&E Delivery Board reviews flow weekly over winter, but its indicators are activity measures (attendances, breaches, delayed days) rather than outcomes for people.
LW4 | | staff | 0 | CCG offices, Bartholomew Street | Winter plan was signed off by the A&E Delivery Board; primary care and social care providers said they gave information for it but never saw the final plan. In January 2018, 13 consultant-led virtual beds were set up in the community.
LW7 | | staff | - | Council House, Victoria Square | Several leaders acknowledged that budgets had historically been set around finances rather than outcomes and that scrutiny of budget setting had been light.
LW7 | | staff | + | Council finance team | BCF monies are governed with clear controls and monthly reporting; improved BCF schemes were agreed jointly.
LW5 | | staff | 0 | Council commissioning team | Revised domiciliary care framework will cut contracted agencies from 147 to 111 with fixed fees and only good-quality providers admitted; decision taken, not yet in place.
LW5 | | doc | ! | CQC ratings data, December 2017 | Residential homes: 33% requires improvement and 5% inadequate (England 15% and 1%). Nursing homes: 34% and 2% (England 25% and 3%). Domiciliary care: 26% requires improvement (comparators 13%, England 11%).
LW5 | | staff | ! | Council commissioning team | The council still places people in services rated inadequate. Cabinet approved in December 2017 a policy to stop this, starting May 2018.
LW5 | | fg* | - | Domiciliary care providers forum | Agency owner: "The market is saturated. We're bidding against each other on price for every package, and quality is what gives."
LW5 | | staff | + | CCG quality team | A joint quality assessment framework for nursing homes has been rolled out, with one CCG carrying out quality visits for the council.
LW3 | | staff | - | GP federation offices | GP federations said they were invited into the external system flow review at the last minute, which they took as a sign the work was about hospitals rather than the whole urgent care pathway.
LW4 | | staff | + | Council House, Victoria Square | Leaders accepted the findings of the jointly commissioned Recovery, Rehabilitation and Reablement review; some doubted they could deliver the changes without a shared plan and budget.
LW1 | | staff | 0 | STP programme office | BSol STP governance proposes three programme boards (urgent and emergency care, primary care development, integrated place) with the BCF commissioning executive as lead commissioner for the interface. The structure is complex and still in draft.
LW2 | | doc | - | Adult social care framework consultation | Consultation on the new adult social care framework said people's feedback would shape how services are rated, but the only mechanism described is a web link to Healthwatch.
LW8 | | staff* | - | Heartlands Hospital emergency department | Nurse in charge, asked how she sees a patient's GP record: "We can't. We ring the practice if it's open."
LS2 | wellbeing | staff | - | GP practice, Ladywood | GP said discharge letters for frail patients often arrive a week after the person is home; medicines changes are not visible to the practice in the meantime.
LS1 | crisis | staff | 0 | Ambulance hub, West Midlands Ambulance Service | Crews can see whether a person is on a practice frailty register only if the practice has created a special patient note; most have not.
LS4 | crisis | rec | - | Heartlands Hospital, acute medical unit | Record review: man aged 84 admitted after a fall; admission medicines list differed from the GP list on three items, reconciled only on day two.
LS1 | step_down | staff | - | Queen Elizabeth Hospital, discharge hub | Discharge coordinators said there is no shared way of flagging people at high risk of readmission to community teams at the point of discharge.
LS3 | step_down | staff | - | Council brokerage team | Brokerage staff described two safeguarding enquiries opened about home care packages that started without the hospital risk information; neither outcome was shared with the ward.
LS4 | step_down | staff | ! | Community Unit 27, Good Hope Hospital site | Unit nurses said people sometimes arrive without discharge medicines or with the wrong supply, and a pharmacist visits the unit only twice a week.
LE3 | wellbeing | doc | - | Local data profile | Emergency admissions for conditions usually managed in primary care (ambulatory care sensitive conditions) for people aged 65+ are above the comparator average.
LE2 | crisis | staff | - | Heartlands Hospital emergency department | ED staff said they cannot see community nursing notes or social care packages, so they phone the person's family to find out what support is in place.
LE3 | crisis | doc | 0 | External system flow review | Nearly a quarter of sampled admissions were judged avoidable had an alternative been available; the review recommends a single crisis response across the city.
LE4 | crisis | rec | 0 | Good Hope Hospital, short stay ward | Record review: person's advance care plan was available in the GP record but not in the hospital notes; the family brought a paper copy.
LE1 | step_down | staff | - | Heartlands Hospital, integrated discharge team | Staff described eight different discharge pathways across the city's hospitals, each with its own referral form and criteria.
LE4 | step_down | staff | - | Council brokerage team | Brokerage staff said they rarely offer a direct payment at discharge because setting one up takes several weeks.
LC2 | wellbeing | fg | 0 | Carers focus group, Crossroads Care | Carers said they are rarely asked to contribute to the person's support plan review, though some social workers did invite them.
LC4 | crisis | fg | - | Dementia carers focus group | Carers said nobody told them about the Carers Emergency Response Service until after the first crisis.
LC3 | step_down | fg | - | Carers focus group, Crossroads Care | Carers said they were not asked whether they could manage before their relative was discharged home, and one was told on the morning of discharge.
LC4 | step_down | people | - | Heartlands Hospital, elderly care ward | Patient's daughter had been given three leaflets about different discharge options and did not know which applied to her mother.
LR2 | wellbeing | staff | + | GP practice, Kings Norton | Practice can call the rapid response service for a same-day home visit; the GP described two admissions avoided this month.
LR3 | wellbeing | staff | - | Residential care home, Erdington | Manager said residents returning from hospital often arrive after 6pm on Fridays without notice, which the home cannot safely staff for.
LR1 | crisis | people | - | Walk-in centre, south Birmingham | A woman brought her father to the walk-in centre because the practice could not offer a same-day appointment; he was then sent to A&E by ambulance.
LR3 | crisis | obs | - | Heartlands Hospital, acute medical unit | Whiteboard showed five people medically fit for discharge from the acute medical unit, all waiting for a social care assessment or a care package.
LR4 | crisis | staff | - | Queen Elizabeth Hospital emergency department | ED staff said telephone interpreting is available but slow at night, so families are often asked to interpret for older relatives.
LR1 | step_down | staff | - | Community Unit 27, Good Hope Hospital site | Unit staff said people moving home from the unit wait up to four weeks for a GP or district nurse review to be arranged.
LR2 | step_down | staff | + | Home from Hospital service | Home from Hospital volunteers follow up people at home in the first week; coordinators said this has stopped several readmissions.
LR4 | step_down | fg | - | Focus group, Birmingham Voluntary Service Council | Community group representatives said older people from their communities are offered care homes with no staff who speak their language and no culturally appropriate food.
LW8 | | staff | 0 | Community trust headquarters | Health and social care both use the NHS number, yet there is no shared care record; staff use phone calls and faxes between organisations.
"""

FINDINGS = [
    # unit, kq, heading, text[, the lines of enquiry whose notes it cites (well-led findings)]
    (
        "",
        "well-led",
        "Vision and strategy",
        "Leaders shared an intent to move to place-based community care, but there was no single strategy or delivery plan for Birmingham, no shared language, and no current assessment of the population's needs to build it on.",
        ("LW1",),
    ),
    (
        "",
        "well-led",
        "Interagency collaboration",
        "Relationships at the top had improved markedly after years of competitive behaviour. The improvement had not yet reached middle management or the front line, and several key posts were interim.",
        ("LW3",),
    ),
    (
        "",
        "well-led",
        "Governance and risk",
        "Governance stayed inside organisations. There was no shared risk register and no risk-sharing agreement; the Health and Wellbeing Board did not hold the system to account, and the STP Board had taken on that role by default.",
        ("LW4",),
    ),
    (
        "",
        "well-led",
        "Commissioning and the care market",
        "Commissioning had been reactive and finance-led, with no joint commissioning beyond the Better Care Fund. The care market had a high share of poorly rated homes and agencies, and people were still placed in inadequate services.",
        ("LW5", "LW7"),
    ),
    (
        "",
        "well-led",
        "Workforce",
        "Workforce planning remained organisational. Social care turnover was high and GP recruitment was the system's biggest workforce risk, but there was no Birmingham workforce strategy.",
        ("LW6",),
    ),
    (
        "",
        "well-led",
        "Information sharing",
        "Staff could not see each other's records. The shared GP record service had many opt-ins but little use by frontline hospital staff, and out-of-hours clinicians worked without key information.",
        ("LW8",),
    ),
    (
        "wellbeing",
        "safe",
        "Managing risk at home",
        "There was no shared way of identifying the people most at risk of admission, support for care homes varied by practice, and medicines reviews did not reach people receiving home care. Housing services were a strength.",
    ),
    (
        "wellbeing",
        "effective",
        "Keeping people well",
        "Evidence-based prevention services existed but were fragmented and unevenly available. The single point of access worked well for GPs but was almost unknown elsewhere, and choice and control through direct payments was low.",
    ),
    (
        "wellbeing",
        "caring",
        "People's experience at home",
        "Satisfaction with social care and ease of finding information were well below comparators. Carers' services and the voluntary sector were valued, but home care was often not person centred.",
    ),
    (
        "wellbeing",
        "responsive",
        "Access to primary care and social work",
        "Access to GP appointments and social work assessments varied; pathways were complex for people and professionals alike. Walk-in centres absorbed demand.",
    ),
    (
        "crisis",
        "safe",
        "Safety in a crisis",
        "High A&E attendance, high emergency admissions and bed occupancy above 95% at the main trusts compromised safety. DNAR decisions did not travel reliably with the person.",
    ),
    (
        "crisis",
        "effective",
        "Avoiding unnecessary admission",
        "Front-door teams such as ADAPT and REACT showed promising results, but different models at each hospital gave people an inconsistent response, and many people admitted could have been cared for elsewhere.",
    ),
    (
        "crisis",
        "caring",
        "Compassion in a crisis",
        "People's choices were recorded in the cases we reviewed, but the dignity of people living with dementia was not consistently protected in hospital, and few carers were signed up for emergency cover.",
    ),
    (
        "crisis",
        "responsive",
        "Right place, right time",
        "People were admitted for social rather than medical reasons because community support was not available out of hours, and waited long periods in A&E and for transport.",
    ),
    (
        "step_down",
        "safe",
        "Delays and readmissions",
        "Delayed transfers of care were persistently well above England and comparators, and readmissions were slightly higher, exposing older people to deconditioning and infection.",
    ),
    (
        "step_down",
        "effective",
        "Discharge pathways and enhanced assessment beds",
        "Hospital discharge teams showed strong joint working and the trusted assessor model worked, but enhanced assessment beds were poorly targeted and slow to access, and reablement outcomes were below comparators.",
    ),
    (
        "step_down",
        "caring",
        "Choice and dignity on leaving hospital",
        "Continuing healthcare processes and the online bidding system for long-term care undermined people's choice and dignity; Home from Hospital volunteers offered genuinely person-centred support.",
    ),
    (
        "step_down",
        "responsive",
        "Timely discharge",
        "Waits for nursing home places and for assessments, including CHC assessments in hospital, drove delays. New initiatives improved oversight but their effect on flow was not yet shown.",
    ),
]

AREAS = [
    # owner, kq, unit, text
    (
        "Birmingham system leaders",
        "well-led",
        "",
        "Agree and drive a single strategic vision for health and social care in Birmingham, using the same language across partners and covering every part of the pathway.",
    ),
    (
        "Birmingham system leaders",
        "well-led",
        "",
        "Involve every stakeholder, independent care providers and voluntary organisations among them, in co-producing strategic plans, so that plans reflect the city's diversity.",
    ),
    (
        "Birmingham system leaders",
        "well-led",
        "",
        "Build a systematic, joined-up way of involving the public, including Birmingham's diverse communities, in planning and delivering services.",
    ),
    (
        "Birmingham Health and Wellbeing Board; Birmingham and Solihull STP Board",
        "well-led",
        "",
        "Review and strengthen the relationship between the STP Board and the Health and Wellbeing Board so that each body's role and responsibilities are agreed and clear.",
    ),
    (
        "Birmingham system leaders",
        "well-led",
        "",
        "Secure stable system leadership, reducing reliance on interim appointments, so recent improvements in collaboration can be built on.",
    ),
    (
        "Birmingham system leaders",
        "well-led",
        "",
        "Keep tackling current performance problems and work together to implement the recommendations of the jointly commissioned Recovery, Rehabilitation and Reablement review.",
    ),
    (
        "Birmingham City Council (public health)",
        "well-led",
        "",
        "Base a shared prevention agenda on an up-to-date JSNA and public health analysis that reflects the population's diversity, and publish the statutory annual public health report.",
    ),
    (
        "Birmingham system leaders",
        "well-led",
        "",
        "Carry out organisational development to break down barriers between organisations, improve communication and help staff understand their part in the strategy.",
    ),
    (
        "Birmingham system leaders",
        "effective",
        "wellbeing",
        "Simplify the health and care landscape with clear points of access, after evaluating existing services so that good local practice is not lost.",
    ),
    (
        "Birmingham system leaders",
        "well-led",
        "",
        "Develop a coherent health and social care workforce strategy for Birmingham.",
    ),
    (
        "Birmingham City Council",
        "well-led",
        "",
        "Continue to meet Care Act 2014 market duties and give assurance that there is enough good-quality capacity in the social care market.",
    ),
    (
        "Birmingham and Solihull CCG; Sandwell and West Birmingham CCG",
        "well-led",
        "",
        "Scrutinise and monitor contracts more actively to prevent further performance failures such as those found in continuing healthcare.",
    ),
    (
        "Birmingham City Council",
        "caring",
        "step_down",
        "Review how the online micro-tendering system for social care affects people's choice, dignity and person-centred care.",
    ),
    (
        "Birmingham system leaders",
        "effective",
        "wellbeing",
        "Develop personalisation so that more people use personal budgets, personal health budgets and direct payments.",
    ),
    (
        "Birmingham system leaders",
        "effective",
        "step_down",
        "Review the eligibility criteria and assessment process for enhanced assessment beds so that they are used for the people they are meant for.",
    ),
    (
        "Birmingham system leaders",
        "well-led",
        "",
        "Prioritise information sharing across the health and social care interface, which is a key barrier to integrated working.",
    ),
    (
        "Birmingham system leaders",
        "safe",
        "wellbeing",
        "Develop a consistent, city-wide approach to identifying people at high risk and managing risk in the community.",
    ),
]


def build(b) -> None:
    lead = "Rajesh Sandhu"
    b.review(
        "2017-12-04T10:15:00.000Z",
        "Helen Marsh",
        updated="2018-05-09T14:30:00.000Z",
        updated_by="Helen Marsh",
        rev=6,
        title="Birmingham local system review 2018",
        review_type="local_system",
        framework_id="local-system-review",
        provider="Birmingham Health and Wellbeing Board area",
        provider_kind="Local authority area (health and wellbeing board)",
        start_date=DAYS[0],
        end_date=DAYS[-1],
        report_date="2018-05-09",
        status="final",
        marking="OFFICIAL",
        sections=SECTIONS,
        counts=COUNTS,
    )
    clk = b.clock("2017-12-04T10:20:00", 3)
    for key, name, role, org in TEAM:
        b.member(key, name, role, org, clk(), "Helen Marsh")
    for i, (code, label) in enumerate(b.fw.scope_units, 1):
        b.unit(code, label, i, clk(), lead)
    L = b.logins
    authors = {
        "": [L["lr"], L["dl"], L["sm"], L["sa1"], L["sa2"], L["sa3"], L["sa4"], L["an"]],
        "wellbeing": [L["in1"], L["sr"], L["sa4"]],
        "crisis": [L["in2"], L["im"], L["sr"]],
        "step_down": [L["sr"], L["in1"], L["in2"]],
    }
    b.add_notes(b.parse_notes(NOTES, "n"), DAYS, authors)

    clk = b.clock("2018-02-05T09:30:00", 7)
    for i, (unit, kq, heading, text, *lines) in enumerate(FINDINGS, 1):
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
                note_ids=b.notes_with_lines(lines[0]) if lines else b.notes_for(unit, kq, limit=5),
                order=i,
            )
        )
    clk = b.clock("2018-02-12T10:00:00", 6)
    for i, (owner, kq, unit, text) in enumerate(AREAS, 1):
        b.add(
            Recommendation(
                id=b.uid("recommendations", f"r{i:02d}"),
                author=lead,
                created=clk(),
                kind="area_for_improvement",
                text=text,
                owner=owner,
                key_question=kq,
                scope_unit=b.unit_id(unit),
                order=i,
                note_ids=b.notes_for(unit, kq, limit=3, polarity=("negative", "concern")),
            )
        )

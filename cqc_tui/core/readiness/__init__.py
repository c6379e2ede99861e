"""Readiness checks run before a review is exported: gaps, weak evidence, and personal data.

`check(session)` (or `check_tables(framework, tables)` on raw store tables) returns a list of
`ReadinessFinding(code, severity, message, refs)`; severity is 'error', 'warning' or 'info'.
Messages are written for inspectors: they name the KLOE / quality statement code, the scope unit's
label and the first eight characters of a note's id. Nothing here names a KLOE or a threshold of a
framework; the checks only read the framework's structure and the ratings engine's results.

The package: `finding` (ReadinessFinding, to_json), `facts` (ReviewFacts: what the checks read,
and their shared wording), `check_model` (ReadinessCheck), `checks/` (the checks, a module per area,
each ending with its CHECKS, run in the order checks/__init__.py lists them) and `run` (check,
check_tables, personal_data_check). To add a check: write one function
`(facts: ReviewFacts) -> Iterator[ReadinessFinding]` in the module of its area under checks/ and
add it to that module's CHECKS (rated_only=True if it is about ratings); document its code below.

Codes
-----
no_evidence            a line has no evidence notes (per scope unit for unit-level key questions,
                       per review for review-level ones); skipped for scope units or key questions
                       not inspected this time (ratings carried forward)
unrated                a scope unit x key question (or a provider-level key question) has no rating
                       (rated frameworks)
no_scores              single assessment framework: a key question for a scope unit has no scores
scores_other_method    scores were recorded under the scoring method this review does not use
departure_no_reason    the team agreed a rating different from the proposed one without a reason
rating_no_notes        a rating links to no evidence notes (ratings the team judged from evidence: key
                       question x scope unit, and provider-level key questions that are not aggregated;
                       aggregated levels rest on the ratings below them)
single_source          a rating rests on notes of one source type only
single_inspector       a rating rests on notes written by one inspector only
rating_at_odds         Good or better resting mostly (> 50%) on negative or concern notes, or the
                       lowest rating resting mostly on positive notes
inspectors_disagree    on one line and scope unit, one inspector's notes are mostly positive and
                       another's mostly negative or concern
personal_data          text that looks like personal data (cqc_tui.core.personal_data): an NHS number
                       (valid check digit) or a date of birth (errors); a UK phone number, an email
                       address, a UK postcode, an address with a house number or a name with a title
                       (warnings)
scoring_method_assumed the review does not record its scoring method; the one in force on its start
                       date was used
enforcement_incomplete a regulatory action (requirement notice, warning notice ...) without the
                       regulated activity or how the regulation was not met (error: the report
                       prints both with it)
open_conflict          team review: a record was changed on two laptops from the same version and the
                       conflict is not resolved (error)
not_shared             team review: a member's changes on this laptop have not been synced or shared
                       since they were made (error)
"""

from cqc_tui.core.readiness.checks.personal_data import mask
from cqc_tui.core.readiness.finding import ReadinessFinding, check_label, to_json
from cqc_tui.core.readiness.run import (
    check,
    check_tables,
    personal_data_check,
    review_type_options,
)

__all__ = [
    "ReadinessFinding",
    "check",
    "check_label",
    "check_tables",
    "mask",
    "personal_data_check",
    "review_type_options",
    "to_json",
]

"""Personal data in free text: one set of patterns, used both to flag it and to remove it.

The readiness check (`cqc_tui.core.readiness`) reports what `find_personal_data` finds, and the
report's redaction (`cqc_tui.report.redact`) removes what `personal_data_spans(text, redacting=True)`
finds, which is everything the check reports and a little more (see `scan`). What is looked for:

nhs_number     ten digits as an NHS number is written (943 476 5919, 943-476-5919, 9434765919) with
               a valid modulus-11 check digit (when redacting: any such ten digits)
date_of_birth  a date next to "DOB", "date of birth", "born", "birthday" ... (other dates are not)
phone          a UK phone number (01..., 02..., 03..., 07..., 08..., 09..., +44 ...)
email          an email address
postcode       a UK postcode in capitals (B15 2TT); when redacting, in any case
address        a house number and a street (12 High Street, Flat 3, 45 Park Road, 7a St Mary's Close)
titled_name    a title and a name (Mrs Patel, Dr A. Khan, Mr John Smith, Prof. Ng)

A name without a title is not personal data to these patterns. The redaction also removes, by name,
the people the review records (team members, the authors of its records) and every name it finds
after a title anywhere in the review (`names_after_titles`); other names are left as written.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

NHS_NUMBER = re.compile(r"(?<![\d\w])(\d{3})([ -]?)(\d{3})\2(\d{4})(?![\d\w])")
# A number starting '+44' may follow anything but another '+' ("0121 496 0000+44 20 7946 0958" is
# two numbers); one starting '0' may not follow a letter or digit (it would be inside another).
UK_PHONE = re.compile(
    r"(?:(?<!\+)\+44\s?(?:\(0\)\s?)?|(?<![\w+])\(?0)[1-37-9](?:\)?[ -]?\d){8,9}(?!\d)"
)
EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b"
)
_POSTCODE_SOURCE = r"\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-HJKMNPR-Y\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b"
POSTCODE = re.compile(_POSTCODE_SOURCE)
POSTCODE_ANY_CASE = re.compile(_POSTCODE_SOURCE, re.IGNORECASE)
MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
DATE = re.compile(
    r"\b(?:\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})"
    r"|\d{4}-\d{1,2}-\d{1,2}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTHS}\.?,?\s+\d{{4}}"
    rf"|{MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})\b",
    re.IGNORECASE,
)
DOB_WORDS = re.compile(
    r"\b(?:d\.?\s?o\.?\s?b\b\.?|date\s+of\s+birth|birth\s?date|birthday|born)", re.IGNORECASE
)
DOB_AFTER = 40  # characters between the word and a date after it
DOB_BEFORE = 15  # characters between a date and the word after it ("12/03/1950 (DOB)")

# A street: one to three capitalised words, then a street word in any case ("12 High Street",
# "45 Park road"); the house number may carry a letter or be a range, and a flat may come first.
STREET_WORDS = (
    r"(?:street|st|road|rd|avenue|ave|lane|ln|close|drive|dr|way|place|pl|court|ct|crescent|cres"
    r"|gardens|gdns|grove|terrace|tce|hill|row|square|sq|walk|mews|park|green|rise|view|parade"
    r"|boulevard|vale|croft|fields|meadows?|wharf|gate|end|yard)"
)
ADDRESS = re.compile(
    r"(?<![\w/.-])(?:(?:Flat|Apartment|Apt|Unit)\.?\s+\d{1,4}[A-Za-z]?,?\s+)?"
    r"\d{1,4}[A-Za-z]?(?:\s?[-\u2013]\s?\d{1,4}[A-Za-z]?)?,?\s+"
    r"(?:[A-Z][\w'\u2019\-]*\.?\s+){1,3}"
    rf"(?i:{STREET_WORDS})\b\.?"
)
TITLE_WORDS = (
    "Mr",
    "Mrs",
    "Ms",
    "Miss",
    "Mx",
    "Dr",
    "Prof",
    "Professor",
    "Sister",
    "Sir",
    "Dame",
    "Rev",
    "Revd",
)
TITLES = "(?:" + "|".join(TITLE_WORDS) + ")"
# Cheap scans for what a titled name and an address cannot do without: each title is two letters
# then small letters, a dot or not, and a space; a house number is followed by a space and a capital.
_TITLE_HINT = re.compile(
    "(?:" + "|".join(sorted({word[:2] for word in TITLE_WORDS})) + r")[a-z]*\.?\s"
)
_ADDRESS_HINT = re.compile(r"\d[A-Za-z]?,?\s+[A-Z]")
# The name's words must start with a capital (checked in code, so that any script's capitals count).
TITLED_NAME = re.compile(
    rf"\b{TITLES}\b\.?\s+(?P<name>(?:[^\W\d_](?:\.\s*|\s+))*[^\W\d_][\w'\u2019\-]+)"
    r"(?:\s+(?P<surname>[^\W\d_][\w'\u2019\-]+))?"
)

PERSONAL_DATA_KINDS: dict[str, str] = {
    "nhs_number": "an NHS number",
    "date_of_birth": "a date of birth",
    "phone": "a UK phone number",
    "email": "an email address",
    "postcode": "a UK postcode",
    "address": "an address with a house number",
    "titled_name": "a name with a title",
}
PERSONAL_DATA_PLURALS: dict[str, str] = {
    "nhs_number": "NHS numbers",
    "date_of_birth": "dates of birth",
    "phone": "UK phone numbers",
    "email": "email addresses",
    "postcode": "UK postcodes",
    "address": "addresses with a house number",
    "titled_name": "names with a title",
}
# Kinds that identify a patient by themselves: the readiness check calls them errors and export
# asks before printing them. The others may as well be a service's (its phone number, its address)
# or a staff member's name: warnings.
ERROR_KINDS: frozenset[str] = frozenset({"nhs_number", "date_of_birth"})

_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class PersonalDataMatch:
    """One piece of personal data: its kind (a key of PERSONAL_DATA_KINDS) and where it is."""

    kind: str
    start: int
    end: int
    text: str


def nhs_number_valid(number: str) -> bool:
    """Modulus 11 check of a 10-digit NHS number (spaces and hyphens ignored)."""
    digits = re.sub(r"[ -]", "", number)
    if len(digits) != 10 or not digits.isdigit() or len(set(digits)) == 1:
        return False
    total = sum(
        int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1), strict=True)
    )
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def find_personal_data(text: str) -> list[tuple[str, str]]:
    """(kind, matched text) for everything in `text` that looks like personal data, in the order
    nhs_number, email, date_of_birth, phone, postcode, address, titled_name.

    Each pattern runs only on text that could hold a match: every pattern but the email's and the
    titled name's needs a digit (an NHS or phone number ten of them), the email's an '@', a titled
    name the first two letters of a title, a date of birth a date. `find_personal_data_unfiltered` is the same without the shortcuts; a property
    test holds the two equal."""
    return [(match.kind, match.text) for match in scan(text)]


def find_personal_data_unfiltered(text: str) -> list[tuple[str, str]]:
    """find_personal_data with every pattern run on every text (for tests)."""
    return [(match.kind, match.text) for match in scan(text, shortcuts=False)]


def personal_data_spans(text: str, redacting: bool = False) -> list[tuple[int, int]]:
    """Where the personal data in `text` is, as sorted (start, end) ranges with overlaps merged.

    With `redacting`, also ten digits written as an NHS number whose check digit is wrong, and
    postcodes in small letters: a report that leaves the team loses those too."""
    return merge_spans((match.start, match.end) for match in scan(text, redacting=redacting))


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """(start, end) ranges sorted, with overlapping or touching ones merged into one."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def scan(text: str, redacting: bool = False, shortcuts: bool = True) -> list[PersonalDataMatch]:
    """Every piece of personal data in `text` (see the module's docstring for the kinds).

    A phone number, postcode, address or titled name is reported only where no NHS number, email
    or date of birth was found (an NHS number is not also a phone number). Linear in the length of
    the text: dates are paired with the date-of-birth words by binary search."""
    if shortcuts:
        digits = len(_DIGIT.findall(text))
        has_at_sign = "@" in text
    else:
        digits, has_at_sign = 10, True
    found: list[PersonalDataMatch] = []
    taken = _Taken(len(text))
    many = digits >= 10  # NHS numbers and UK phone numbers have at least ten

    def add_match(
        kind: str, match: re.Match[str], check_free: bool, end: int | None = None
    ) -> None:
        start, end = match.start(), (match.end() if end is None else end)
        if check_free and not taken.free(start, end):
            return
        found.append(PersonalDataMatch(kind, start, end, text[start:end]))
        taken.take(start, end)

    for hit in NHS_NUMBER.finditer(text) if many else ():
        if redacting or nhs_number_valid(hit.group(0)):
            add_match("nhs_number", hit, False)
    for hit in EMAIL.finditer(text) if has_at_sign else ():
        add_match("email", hit, False)
    dates = list(DATE.finditer(text)) if digits else []
    if dates:
        words = list(DOB_WORDS.finditer(text))
        word_starts = [word_match.start() for word_match in words]
        word_ends = [word_match.end() for word_match in words]
        for date_match in dates:
            # a word ending at most DOB_AFTER characters before the date, or starting at most
            # DOB_BEFORE characters after it
            before = bisect_right(word_ends, date_match.start()) > bisect_left(
                word_ends, date_match.start() - DOB_AFTER
            )
            after = bisect_right(word_starts, date_match.end() + DOB_BEFORE) > bisect_left(
                word_starts, date_match.end()
            )
            if before or after:
                add_match("date_of_birth", date_match, False)
    for hit in UK_PHONE.finditer(text) if many else ():
        add_match("phone", hit, True)
    for hit in (POSTCODE_ANY_CASE if redacting else POSTCODE).finditer(text) if digits else ():
        add_match("postcode", hit, True)
    for hit in (
        ADDRESS.finditer(text) if digits and (not shortcuts or _ADDRESS_HINT.search(text)) else ()
    ):
        add_match("address", hit, True)
    for hit, end in _titled_names(text, shortcuts):
        add_match("titled_name", hit, True, end)
    return found


def names_after_titles(text: str) -> list[str]:
    """The names written after a title in `text`, without the title: 'Mr John Smith' -> 'John Smith',
    'Dr A. Khan' -> 'A. Khan'."""
    return [text[match.start("name") : end] for match, end in _titled_names(text, True)]


def _titled_names(text: str, shortcuts: bool) -> list[tuple[re.Match[str], int]]:
    """Each titled name's match and where it ends (before a second name word without a capital)."""
    if shortcuts and _TITLE_HINT.search(text) is None:
        return []
    out = []
    for match in TITLED_NAME.finditer(text):
        if match.group("name")[:1].isupper():
            surname = match.group("surname")
            out.append(
                (
                    match,
                    match.end() if surname is None or surname[:1].isupper() else match.end("name"),
                )
            )
    return out


class _Taken:
    """Which characters of a text are already part of a match (a bit per character, made on first use)."""

    def __init__(self, length: int) -> None:
        self.length = length
        self.marks: bytearray | None = None

    def take(self, start: int, end: int) -> None:
        if self.marks is None:
            self.marks = bytearray(self.length)
        self.marks[start:end] = b"\x01" * (end - start)

    def free(self, start: int, end: int) -> bool:
        return self.marks is None or 1 not in self.marks[start:end]

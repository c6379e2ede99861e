"""Dates as people write them in a report: '22 January 2018' in prose, '30 Sep 2018' in a narrow
table column, 'September 2023' for when a rating was set. A value that is not a date is printed as
it is."""

from __future__ import annotations

from datetime import date


def _date(value: str) -> date | None:
    """The date at the start of `value` (YYYY-MM-DD...), or None."""
    try:
        return date.fromisoformat((value or "")[:10])
    except ValueError:
        return None


def long_date(value: str) -> str:
    """'2018-01-22' -> '22 January 2018'; anything else unchanged."""
    d = _date(value)
    return f"{d.day} {d.strftime('%B %Y')}" if d else (value or "")


def short_date(value: str) -> str:
    """'2018-09-30' -> '30 Sep 2018' (for narrow table columns); anything else unchanged."""
    d = _date(value)
    return f"{d.day} {d.strftime('%b %Y')}" if d else (value or "")


def date_range(start: str, end: str) -> str:
    """'2018-01-22', '2018-01-26' -> '22 to 26 January 2018'; '2018-04-24', '2018-05-16' ->
    '24 April to 16 May 2018' (the year written once); one date when both are the same."""
    if start and end and start != end:
        a, b = long_date(start), long_date(end)
        sa, sb = a.split(" ", 1), b.split(" ", 1)
        if len(sa) == 2 and len(sb) == 2 and sa[1] == sb[1]:
            return f"{sa[0]} to {b}"
        first, last = _date(start), _date(end)
        if first is not None and last is not None and first.year == last.year:
            return f"{first.day} {first.strftime('%B')} to {b}"
        return f"{a} to {b}"
    return long_date(start or end)


def month_year(value: str) -> str:
    """'2023-09-01' -> 'September 2023'; anything else unchanged."""
    d = _date(value)
    return d.strftime("%B %Y") if d else (value or "")


def short_month_year(value: str) -> str:
    """'2023-09-01' -> 'Sep 2023' (a narrow rating cell); anything else unchanged."""
    d = _date(value)
    return d.strftime("%b %Y") if d else (value or "")


def short_range(start: str, end: str) -> str:
    """'2009-01-20', '2009-03-04' -> '20 Jan–4 Mar 2009'; '2018-01-22', '2018-01-26' ->
    '22–26 Jan 2018' (a narrow table column: the year, and the month, written once); across
    years both in full; one date when both are the same or one is missing."""
    first, last = _date(start), _date(end)
    if first is None or last is None or first == last:
        return short_date(start or end)
    if first.year != last.year:
        return f"{short_date(start)}–{short_date(end)}"
    if first.month != last.month:
        return f"{first.day} {first.strftime('%b')}–{short_date(end)}"
    return f"{first.day}–{short_date(end)}"

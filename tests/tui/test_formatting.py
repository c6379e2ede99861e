"""Display helpers."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from cqc_tui.tui.formatting import local_time


def strptime_local_time(stamp: str, with_date: bool = True) -> str:
    """local_time as it was written first (strptime for every stamp): the fast path must agree."""
    if not stamp:
        return ""
    try:
        dt = (
            datetime.strptime(stamp[:19], "%Y-%m-%dT%H:%M:%S")
            .replace(tzinfo=timezone.utc)
            .astimezone()
        )
    except ValueError:
        return stamp[:16].replace("T", " ")
    return dt.strftime("%Y-%m-%d %H:%M" if with_date else "%H:%M")


STAMPS = [
    "",
    "2018-01-22T09:05:00.000Z",
    "2018-01-22T09:05:00",
    "2018-01-22T23:59:59.999999+00:00",
    "2018-12-31T23:30:00Z",
    "2016-02-29T12:00:00Z",
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z",
    # not the plain form: strptime reads some of these (single digits), and neither reads the rest
    "2018-1-2T3:4:5",
    "2018-01-22 09:05:00",
    "20180122T090500",
    "2018-01-22",
    "2018-01-22T09:05",
    "２０１８-01-22T09:05:00",
    "2018-01-22T09:05:00 ",
    " 2018-01-22T09:05:00",
    "garbage",
    "T",
    # the plain form with values out of range
    "2018-02-30T09:05:00",
    "2018-13-01T00:00:00",
    "2018-00-10T00:00:00",
    "2018-01-00T00:00:00",
    "2018-01-01T24:00:00",
    "2018-01-01T23:60:00",
    "2018-01-01T23:59:60",
    "0000-01-01T00:00:00",
]


@pytest.mark.parametrize(
    "tz", ["UTC", "Europe/London", "America/St_Johns", "Asia/Kolkata", "Pacific/Kiritimati"]
)
def test_local_time_reads_stamps_as_strptime_did(tz, monkeypatch):
    import time

    monkeypatch.setenv("TZ", tz)
    time.tzset()
    try:
        for stamp in STAMPS:
            for with_date in (True, False):
                try:
                    want = strptime_local_time(stamp, with_date)
                except OverflowError:
                    with pytest.raises(OverflowError):
                        local_time(stamp, with_date)
                    continue
                assert local_time(stamp, with_date) == want, (tz, stamp, with_date)
    finally:
        monkeypatch.undo()
        time.tzset()

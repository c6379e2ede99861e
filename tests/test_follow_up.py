"""Follow-up progress (cqc_tui.core.follow_up): counts per status, an empty status counted as not
checked, deleted items and other findings left out."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cqc_tui.core.follow_up import earlier_items, progress
from cqc_tui.core.model import FOLLOW_UP_STATUSES, Finding

statuses = st.sampled_from(["", *FOLLOW_UP_STATUSES])


@given(
    st.lists(
        st.tuples(statuses, st.booleans(), st.sampled_from(["earlier_finding", "finding"])),
        max_size=30,
    )
)
def test_progress_counts_every_live_earlier_item_once(specs):
    findings = [
        Finding(kind=kind, heading=f"item {i}", status=status, deleted=deleted, order=i)
        for i, (status, deleted, kind) in enumerate(specs)
    ]
    items = earlier_items(findings)
    assert [f.order for f in items] == [
        i for i, (_, deleted, kind) in enumerate(specs) if kind == "earlier_finding" and not deleted
    ]
    done = progress(items)
    assert done.total == len(items) == sum(done.counts.values())
    assert done.checked == sum(1 for f in items if f.status not in ("", "not_checked"))
    assert done.describe().startswith(f"{done.checked} of {done.total} checked")


def test_describe_names_each_status():
    items = [
        Finding(kind="earlier_finding", heading="a", status=s)
        for s in ("put_right", "put_right", "partly_put_right", "not_put_right", "", "not_checked")
    ]
    assert (
        progress(items).describe()
        == "4 of 6 checked: 2 put right, 1 partly put right, 1 not put right"
    )

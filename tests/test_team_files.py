"""Attachments travel with the team's changes: through the team folder (each device's files/
sub-folder, half-copied files waiting) and in bundles (checked against their hash), into a review
that has the notes citing them."""

from __future__ import annotations

import gzip
import json

import pytest

from cqc_tui.core.attachments import attach, read_attachment
from cqc_tui.core.team.bundle import BundleError, read_bundle
from cqc_tui.core.team.folder_sync import sync_folder
from cqc_tui.core.team.share import receive, share
from tests.test_team_bundle import new_workspace
from tests.test_team_sync import folder_team  # noqa: F401 - the fixture


def _photo(tmp_path, name="ward.png", content=b"\x89PNG fake photo of the sluice room"):
    path = tmp_path / name
    path.write_bytes(content)
    return path


def test_an_attached_photo_reaches_the_other_laptops_through_the_folder(
    folder_team,  # noqa: F811 - the fixture imported above
    tmp_path,
):
    folder, lead, (ann, ben), review_id = folder_team
    with ann.open_id(review_id) as session:
        described = attach(session.store.folder, _photo(tmp_path))
        session.add_note(text="Sluice room photo", lines=("T1",), attachments=(described,))
        result = sync_folder(session)
    assert result.ok and result.files_sent == 1
    sent = list((folder / review_id).glob("*/files/*"))
    assert [p.name for p in sent] == [described["sha256"] + ".png"]
    # a copy still arriving in Ben's view of the folder: waits, then comes in whole
    whole = sent[0].read_bytes()
    sent[0].write_bytes(whole[:5])
    with ben.open_id(review_id) as session:
        first = sync_folder(session)
        assert first.ok and first.files_received == 0 and first.waiting
        sent[0].write_bytes(whole)
        second = sync_folder(session)
        assert second.files_received == 1
        assert read_attachment(session.store.folder, described) == whole
    with lead.open_id(review_id) as session:
        assert sync_folder(session).files_received == 1


def test_a_bundle_carries_the_attachments_of_its_notes(tmp_path):
    from cqc_tui.core.model import Review, TeamMember

    lead = new_workspace(tmp_path, "lead")
    with lead.create(
        Review(title="Bundle files", review_type="comprehensive", framework_id="mini-test"),
        [TeamMember(name="Lena Lead")],
        [],
    ) as session:
        described = attach(session.store.folder, _photo(tmp_path, "policy.docx", b"policy v3"))
        session.add_note(text="Policy seen", lines=("T1",), attachments=(described,))
        review_id = session.review.id
        share(session, tmp_path / "all.cqcb")
    newcomer = new_workspace(tmp_path, "new")
    results, refused = receive(newcomer, [tmp_path / "all.cqcb"])
    assert not refused and results[0].created and results[0].attachments == 1
    with newcomer.open_id(review_id) as session:
        assert read_attachment(session.store.folder, described) == b"policy v3"

    # a bundle whose file was altered is refused whole, naming the file
    lines = gzip.decompress((tmp_path / "all.cqcb").read_bytes()).split(b"\n")
    header = json.loads(lines[0])
    at = 1 + len(header["sets"])
    entry = json.loads(lines[at])
    entry["data"] = "aGFja2Vk"  # base64 of other bytes
    lines[at] = json.dumps(entry).encode()
    (tmp_path / "bad.cqcb").write_bytes(gzip.compress(b"\n".join(lines)))
    with pytest.raises(BundleError, match="attachment file 1 is damaged"):
        read_bundle(tmp_path / "bad.cqcb")
    # a name that is not a stored name (a path) is refused too
    header["files"] = ["../../../evil"]
    entry["file"] = "../../../evil"
    lines[0], lines[at] = json.dumps(header).encode(), json.dumps(entry).encode()
    (tmp_path / "evil.cqcb").write_bytes(gzip.compress(b"\n".join(lines)))
    with pytest.raises(BundleError):
        read_bundle(tmp_path / "evil.cqcb")
    assert not (tmp_path / "evil").exists()

"""The team commands as a user runs them: a team day with three workspaces on one machine.

The lead imports a review and shares it; two inspectors join by receiving it, capture notes and
sync through a folder; two of them edit the same finding; the lead sees the conflict, the gate
refuses a final export, the lead resolves it and agrees the combined finding; all three end with the same `status --json` and
the same report."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from cqc_tui.core.workspace import Workspace
from tests.command_line import run_command_line as run

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "sample_reviews" / "birmingham-community-trust-inspection.yaml"
REVIEW = "392bf613"


def capture(home: Path, text: str) -> None:
    with Workspace(home).open(REVIEW) as session:
        session.add_note(text=text, lines=("S1",), scope_unit=session.scope_units()[0].id)


def edit_finding(home: Path, text: str) -> str:
    with Workspace(home).open(REVIEW) as session:
        finding = sorted(session.records("findings"), key=lambda r: (r.created, r.id))[0]
        return session.update("findings", finding.id, text=text).id


def test_a_team_day_by_command_line(tmp_path):
    lead, ann, ben, folder = (tmp_path / n for n in ("lead", "ann", "ben", "folder"))
    folder.mkdir()
    run(lead, "import", str(SAMPLE))
    assert "you are Karen Wilding" in run(lead, "member", REVIEW, "Karen Wilding")
    assert "1 change set(s)" in run(lead, "share", REVIEW, "-o", str(tmp_path / "lead.cqcb"))
    for home, name in ((ann, "Lucy Brennan"), (ben, "Joseph Mensah")):
        assert "created" in run(home, "receive", str(tmp_path / "lead.cqcb"))
        assert "no change" not in run(home, "receive", str(tmp_path / "lead.cqcb"))
        run(home, "member", REVIEW, name)
    assert "not one member" in run(
        ann, "--as", "Nobody Here", "sync", REVIEW, "--folder", str(folder), ok=False
    )
    capture(ann, "Call bells on ward 3 answered within two minutes")
    capture(ben, "Medicines fridge log had gaps")
    finding = edit_finding(ann, "Night shifts ran two nurses short (Lucy)")
    edit_finding(ben, "Agency staff covered the gaps by day only (Joseph)")
    unsynced = json.loads(run(ann, "status", REVIEW, "--json"))["readiness"]["findings"]
    assert [f["refs"] for f in unsynced if f["code"] == "not_shared"] == [
        {"member": "Lucy Brennan", "changes": 2}
    ]
    for home in (ann, ben, lead):
        assert "error" not in run(home, "sync", REVIEW, "--folder", str(folder))
    synced = json.loads(run(ann, "status", REVIEW, "--json"))["readiness"]["findings"]
    assert not [f for f in synced if f["code"] == "not_shared"]
    listed = json.loads(run(lead, "conflicts", REVIEW, "--json"))
    assert [c["record_id"] for c in listed] == [finding]
    assert {v["member"] for v in listed[0]["versions"]} == {"Lucy Brennan", "Joseph Mensah"}
    status = json.loads(run(lead, "status", REVIEW, "--json"))
    assert any(f["code"] == "open_conflict" for f in status["readiness"]["findings"])
    refused = run(lead, "export", REVIEW, "--final", "-o", str(tmp_path / "final.docx"), ok=False)
    assert "changed on two laptops" in refused
    run(
        lead,
        "resolve",
        REVIEW,
        finding[:8],
        "--keep",
        "1",
        "--set",
        "text=Night shifts ran two nurses short; agency staff covered the gaps by day only",
    )
    assert "no conflicts" in run(lead, "conflicts", REVIEW)
    # the combined finding is a draft until the team agrees it
    refused = run(lead, "export", REVIEW, "--final", "-o", str(tmp_path / "final.docx"), ok=False)
    assert "1 written but not agreed by the team" in refused
    agreed = run(lead, "agree", REVIEW, finding[:8])
    assert f"agreed: finding {finding[:8]}" in agreed and "as Karen Wilding" in agreed
    for home in (lead, ann, ben, lead):
        run(home, "sync", REVIEW)
    team = json.loads(run(lead, "team", REVIEW, "--json"))
    assert team["conflicts"] == 0 and team["unshared"] == 0 and len(team["devices"]) == 3
    statuses = [run(home, "status", REVIEW, "--json") for home in (lead, ann, ben)]
    assert statuses[0] == statuses[1] == statuses[2]
    documents = []
    for home in (lead, ann):
        out = tmp_path / f"{home.name}.docx"
        run(home, "export", REVIEW, "-o", str(out))
        with zipfile.ZipFile(out) as docx:
            documents.append(docx.read("word/document.xml"))
    assert documents[0] == documents[1]
    assert b"agency staff covered the gaps by day only" in documents[0]


def test_bad_bundles_are_one_line_each(tmp_path):
    home = tmp_path / "ws"
    cut = tmp_path / "cut.cqcb"
    cut.write_bytes(b"\x1f\x8b\x08\x00")
    text = run(home, "receive", str(cut), str(tmp_path / "missing.cqcb"), ok=False)
    lines = [line for line in text.splitlines() if line.startswith("error:")]
    assert len(lines) == 2 and "cut.cqcb" in lines[0] and "missing.cqcb" in lines[1]


def test_sharing_a_review_open_in_the_app_says_how_to_share_from_the_app(tmp_path):
    lead = tmp_path / "lead"
    run(lead, "import", str(SAMPLE))
    with Workspace(lead).open(REVIEW):  # the app has it open for writing
        shared = run(lead, "share", REVIEW, "-o", str(tmp_path / "x.cqcb"), ok=False)
        synced = run(lead, "sync", REVIEW, "--folder", str(tmp_path), ok=False)
    assert "is open for writing" in shared and "then b shares to a file" in shared
    assert "read-only" not in shared
    assert "y syncs with the team folder" in synced
    assert not (tmp_path / "x.cqcb").exists()


def test_a_review_no_other_laptop_holds_is_not_asked_to_sync(tmp_path):
    """Choosing who you are starts the change log, but until the review is shared, synced or
    received nobody else can hold it: its final report is not held up for a sync with nobody.
    Once shared, changes made since are asked to be shared again."""
    home = tmp_path / "solo"
    run(home, "import", str(SAMPLE))
    run(home, "member", REVIEW, "Karen Wilding")
    capture(home, "Call bells on ward 3 answered within two minutes")

    def not_shared() -> list:
        found = json.loads(run(home, "status", REVIEW, "--json"))["readiness"]["findings"]
        return [f["refs"] for f in found if f["code"] == "not_shared"]

    assert not_shared() == []
    run(home, "share", REVIEW, "-o", str(tmp_path / "solo.cqcb"))
    assert not_shared() == []
    capture(home, "Medicines fridge log had gaps")
    assert not_shared() == [{"member": "Karen Wilding", "changes": 1}]

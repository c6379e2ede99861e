"""Files the user names (reports, dumps) are written whole, and only over a regular file."""

import os

import pytest

from cqc_tui.core.output_file import OutputError, check_output_path, write_output


def test_writes_whole_file_and_keeps_the_old_mode(tmp_path):
    out = tmp_path / "r.docx"
    out.write_bytes(b"old")
    os.chmod(out, 0o600)
    write_output(out, lambda fh: fh.write(b"new"))
    assert out.read_bytes() == b"new"
    assert out.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["r.docx"]


def test_a_symlink_is_refused_and_its_target_untouched(tmp_path):
    target = tmp_path / "precious.txt"
    target.write_text("keep me")
    link = tmp_path / "r.docx"
    link.symlink_to(target)
    with pytest.raises(OutputError, match="symbolic link"):
        write_output(link, lambda fh: fh.write(b"x"))
    assert target.read_text() == "keep me" and link.is_symlink()


def test_a_device_or_folder_is_refused(tmp_path):
    with pytest.raises(OutputError, match="device, pipe or socket"):
        check_output_path(type(tmp_path)("/dev/null"))
    with pytest.raises(OutputError, match="is a folder"):
        check_output_path(tmp_path)


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    out = tmp_path / "r.yaml"
    out.write_bytes(b"old")

    def fail(fh):
        fh.write(b"half")
        raise OSError(28, "No space left on device")

    with pytest.raises(OutputError, match="disk is full"):
        write_output(out, fail, "review.yaml")
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.yaml"]


def test_a_link_put_there_while_writing_is_not_replaced(tmp_path):
    out = tmp_path / "r.docx"
    target = tmp_path / "other"
    target.write_text("other")

    def plant(fh):
        fh.write(b"data")
        out.symlink_to(target)

    with pytest.raises(OutputError, match="symbolic link"):
        write_output(out, plant)
    assert target.read_text() == "other"

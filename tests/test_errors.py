"""One line for every operating-system failure: the action, the file, what to do."""

import errno

import pytest

from cqc_tui.core.errors import FileError, os_error_line, os_reason


@pytest.mark.parametrize(
    "code, words",
    [
        (errno.ENOSPC, "disk is full"),
        (errno.EACCES, "permission denied"),
        (errno.EROFS, "read-only"),
        (errno.EIO, "input/output error"),
        (errno.EISDIR, "is a folder"),
        (errno.ENAMETOOLONG, "too long"),
    ],
)
def test_each_error_says_what_to_do(code, words, tmp_path):
    exc = OSError(code, "raw text", str(tmp_path / "review.json"))
    line = os_error_line(exc, action="write")
    assert line.startswith("cannot write ")
    assert "review.json" in line
    assert words in line
    assert "\n" not in line


def test_an_unknown_error_keeps_the_system_text():
    assert os_reason(OSError(errno.EPIPE, "Broken pipe")) == "Broken pipe"


def test_file_error_names_the_path_given(tmp_path):
    exc = OSError(errno.ENOSPC, "No space left on device")
    err = FileError.from_os(exc, tmp_path / "out.docx", "write")
    assert "out.docx" in str(err) and "disk is full" in str(err)


def test_cli_turns_a_stray_os_error_into_one_line(monkeypatch, capsys, tmp_path):
    from cqc_tui import cli

    def boom(*a, **k):
        raise OSError(errno.EIO, "Input/output error", str(tmp_path / "x.json"))

    monkeypatch.setattr(cli.cli, "main", boom)
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["list"])
    assert exit_info.value.code == 1
    text = capsys.readouterr().err
    assert "x.json" in text and "input/output error" in text
    assert "Traceback" not in text

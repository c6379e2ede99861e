"""Every text argument and option of the command line refuses control characters with one line."""

from __future__ import annotations

import click
import pytest

from cqc_tui import cli


def _text_params(command: click.Command, path: str = "cqc-tui"):
    for param in command.params:
        if (param.type is click.STRING or isinstance(param.type, click.Path)) and not getattr(
            param, "is_flag", False
        ):
            yield path, param
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            yield from _text_params(sub, f"{path} {name}")


def test_every_text_parameter_checks_for_control_characters():
    params = list(_text_params(cli.cli))
    assert len(params) > 15
    for path, param in params:
        assert param.callback is not None, f"{path} {param.name} takes text without checking it"


@pytest.mark.parametrize(
    "argv",
    [
        ["--home", "{home}", "--user", "Ann\x1b[31m", "list"],
        [
            "--home",
            "{home}",
            "new",
            "--type",
            "comprehensive",
            "--title",
            "Trust\x07",
            "--from",
            "x",
        ],
        ["--home", "{home}", "import", "review\n.yaml"],
        ["--home", "{home}", "dump", "abc", "-o", "out\x1b.yaml"],
    ],
)
def test_a_control_character_is_refused_in_one_line(argv, tmp_path, capsys):
    argv = [a.replace("{home}", str(tmp_path)) for a in argv]
    with pytest.raises(SystemExit) as exit_info:
        cli.main(argv)
    text = capsys.readouterr()
    assert exit_info.value.code == 1
    assert "control character" in text.err and "Traceback" not in text.err
    assert len(text.err.strip().splitlines()) <= 2

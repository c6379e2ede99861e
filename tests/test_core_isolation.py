"""The core never imports Textual: scripts and tests can do everything without a terminal."""

import subprocess
import sys


def test_core_imports_without_textual():
    code = (
        "import sys, builtins\n"
        "real = builtins.__import__\n"
        "def guard(name, *a, **k):\n"
        "    if name == 'textual' or name.startswith('textual.'):\n"
        "        raise ImportError('textual is blocked in this test')\n"
        "    return real(name, *a, **k)\n"
        "builtins.__import__ = guard\n"
        "import cqc_tui.core.framework, cqc_tui.core.model, cqc_tui.core.store, cqc_tui.core.workspace\n"
        "import cqc_tui.core.exchange, cqc_tui.core.validate, cqc_tui.cli\n"
        "import pkgutil, importlib, cqc_tui.core as core\n"
        "for m in pkgutil.iter_modules(core.__path__):\n"
        "    importlib.import_module('cqc_tui.core.' + m.name)\n"
        "assert not any(k == 'textual' or k.startswith('textual.') for k in sys.modules)\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"

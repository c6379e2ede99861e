"""The framework cache is plain JSON, checked on reading and rebuilt when bad; no file in the
workspace's cache folder can make the program run code (the old pickle cache is deleted unread)."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from cqc_tui.core.framework import load_frameworks
from cqc_tui.core.framework.cache import CACHE_NAME, decode_tree, encode_tree, read_cache
from cqc_tui.core.paths import frameworks_dir
from cqc_tui.core.yamlio import load_yaml_with_lines


class _Planted:
    """Unpickling this runs a command: what a planted frameworks.pickle did."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_a_planted_pickle_is_never_loaded_and_is_removed(tmp_path):
    home = tmp_path / "home"
    (home / "cache").mkdir(parents=True)
    marker = tmp_path / "code-ran"
    planted = home / "cache" / "frameworks.pickle"
    planted.write_bytes(pickle.dumps(_Planted(marker)))
    for args in (["frameworks", "list"], ["list"], ["status", "nothing"]):
        subprocess.run(
            [sys.executable, "-m", "cqc_tui", "--home", str(home), *args],
            capture_output=True,
            timeout=60,
            stdin=subprocess.DEVNULL,
        )
    assert not marker.exists(), "the planted pickle ran"
    assert not planted.exists(), "the old pickle cache is removed"
    assert (home / "cache" / CACHE_NAME).exists()


def test_the_cache_is_json_and_gives_the_same_frameworks(tmp_path):
    cache = tmp_path / "cache" / CACHE_NAME
    fresh = load_frameworks([frameworks_dir()])
    first = load_frameworks([frameworks_dir()], cache=cache)
    data = json.loads(cache.read_text(encoding="ascii"))
    assert data["format"] == "cqc-tui-framework-cache" and len(data["files"]) == len(
        fresh.frameworks
    )
    again = load_frameworks([frameworks_dir()], cache=cache)
    for fs in (first, again):
        assert fs.frameworks.keys() == fresh.frameworks.keys()
        for key, fw in fresh.frameworks.items():
            assert fs.frameworks[key] == fw
            assert fs.frameworks[key].lines() == fw.lines()


def test_a_tree_survives_the_round_trip_with_its_lines():
    path = sorted(frameworks_dir().glob("*.yaml"))[0]
    tree = load_yaml_with_lines(path)
    back = decode_tree(json.loads(json.dumps(encode_tree(tree))))
    assert back == tree and back.line == tree.line and back.key_lines == tree.key_lines
    first_list = next(v for v in tree.values() if isinstance(v, list))
    key = next(k for k, v in tree.items() if v is first_list)
    assert back[key].item_lines == first_list.item_lines


BAD_CACHES = [
    b"not json",
    b"\xff\xfe",
    b"[]",
    b'{"format": "cqc-tui-framework-cache", "version": 1, "cqc_tui": "0.0.0", "files": []}',
    None,  # a valid header with a tree of the wrong shape: filled in below
    None,  # a tree that is a Python object spelled as JSON: filled in below
    b'{"format": "cqc-tui-framework-cache", "version": 1, "cqc_tui": "VERSION", "files": [{"path": 1}]}',
]


@pytest.mark.parametrize("case", range(len(BAD_CACHES)))
def test_a_bad_cache_is_ignored_and_rebuilt(tmp_path, case):
    from cqc_tui import __version__

    cache = tmp_path / "cache" / CACHE_NAME
    good = load_frameworks([frameworks_dir()], cache=cache)
    data = json.loads(cache.read_text(encoding="ascii"))
    raw = BAD_CACHES[case]
    if case == 4:
        data["files"][0]["tree"] = {"l": 1, "m": [["id", 1]]}
        raw = json.dumps(data).encode()
    elif case == 5:
        data["files"][0]["tree"] = {"__reduce__": ["os.system", "touch x"]}
        raw = json.dumps(data).encode()
    cache.write_bytes(raw.replace(b"VERSION", __version__.encode()))
    assert read_cache(cache, __version__) == {}
    again = load_frameworks([frameworks_dir()], cache=cache)
    assert again.frameworks.keys() == good.frameworks.keys() and not again.unusable
    assert len(read_cache(cache, __version__)) == len(good.frameworks), "rebuilt"


def test_a_cached_tree_is_still_validated(tmp_path):
    """A cache edited to hold an invalid framework gives an unusable entry, as the file would."""
    from cqc_tui import __version__

    cache = tmp_path / "cache" / CACHE_NAME
    load_frameworks([frameworks_dir()], cache=cache)
    data = json.loads(cache.read_text(encoding="ascii"))
    tree = data["files"][0]["tree"]
    for entry in tree["m"]:
        if entry[0] == "rated":
            entry[2] = "sometimes"
    cache.write_text(json.dumps(data), encoding="ascii")
    assert len(read_cache(cache, __version__)) == len(data["files"])
    fs = load_frameworks([frameworks_dir()], cache=cache)
    assert len(fs.unusable) == 1 and "'rated' must be true or false" in fs.unusable[0].reason


def test_an_unwritable_cache_still_loads(tmp_path):
    cache = tmp_path / "cache" / CACHE_NAME
    cache.mkdir(parents=True)  # a folder where the file should be: every write fails
    fs = load_frameworks([frameworks_dir()], cache=cache)
    assert fs.frameworks and not fs.unusable and cache.is_dir()
    assert not [p for p in cache.parent.iterdir() if p.name != CACHE_NAME], "no temporary file left"

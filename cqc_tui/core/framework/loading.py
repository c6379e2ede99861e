"""Finding and loading every framework file of the folders given: a broken file never stops the
others loading (`FrameworkSet.unusable` lists it with the reason), and with a cache the YAML of a
file unchanged since it was cached is not read again."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cqc_tui.core.errors import FileProblems, Problem, display_path
from cqc_tui.core.framework.cache import BadCache, encode_tree, file_key, read_cache, write_cache
from cqc_tui.core.framework.model import Framework
from cqc_tui.core.framework.parsing import framework_from_tree
from cqc_tui.core.yamlio import load_yaml_with_lines


@dataclass
class Unusable:
    """A framework file that could not be used: its path, the first reason, every problem."""

    path: str
    reason: str
    problems: list[Problem]


@dataclass
class FrameworkSet:
    """Every framework found, keyed by (id, version), plus the files that could not be used."""

    frameworks: dict = field(default_factory=dict)
    unusable: list[Unusable] = field(default_factory=list)

    def latest(self, framework_id: str) -> Framework | None:
        """The newest version of framework `framework_id` (versions compared part by part)."""
        versions = [
            framework
            for (found_id, _), framework in self.frameworks.items()
            if found_id == framework_id
        ]
        if not versions:
            return None
        return max(versions, key=lambda framework: version_key(framework.version))

    def get(self, framework_id: str, version: str | None = None) -> Framework | None:
        """That version of the framework when it is loaded, else its newest version (None: unknown id)."""
        if version is not None and (framework_id, version) in self.frameworks:
            found: Framework = self.frameworks[(framework_id, version)]
            return found
        return self.latest(framework_id)

    def all(self) -> list[Framework]:
        """Every framework, by title then version."""
        return sorted(
            self.frameworks.values(),
            key=lambda framework: (framework.title, version_key(framework.version)),
        )

    def for_review_type(self, review_type: str) -> list[Framework]:
        """The frameworks a review of `review_type` can use, by title then version."""
        return [framework for framework in self.all() if review_type in framework.review_types]


def version_key(version: str) -> tuple:
    """A sort key for version strings: numeric parts compare as numbers ("1.10" after "1.9")."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"[.\-]", version))


def framework_files(dirs: Iterable[Path]) -> list[Path]:
    """The framework files named in `dirs`: files as given, and the .yaml/.yml files of folders
    (sorted by name); paths that do not exist are skipped."""
    files: list[Path] = []
    for directory in dirs:
        directory = Path(directory)
        if directory.is_file():
            files.append(directory)
        elif directory.is_dir():
            files.extend(
                sorted(
                    path
                    for path in directory.iterdir()
                    if path.suffix in (".yaml", ".yml") and path.is_file()
                )
            )
    return files


def load_frameworks(dirs: Iterable[Path], cache: Path | None = None) -> FrameworkSet:
    """Load every framework file in `dirs`. With `cache` (a JSON file, see cache.py), the
    YAML of a file unchanged since it was cached (same path, size and modification time) is not
    read again; every framework is validated either way."""
    files = framework_files(dirs)
    if cache is None:
        return _parse_all(files)
    from cqc_tui import __version__

    cached = read_cache(cache, __version__)
    trees: dict[tuple[str, int, int], Any] = {}
    result = FrameworkSet()
    for path in files:
        key = file_key(path)
        tree = cached.get(key) if key is not None else None
        if tree is None:
            try:
                tree = load_yaml_with_lines(path)
            except FileProblems as exc:
                result.unusable.append(Unusable(str(path), str(exc.problems[0]), exc.problems))
                continue
        if key is not None:
            trees[key] = tree
        _add_framework(result, path, tree)
    if trees.keys() != cached.keys():
        encodable = {}
        for key, tree in trees.items():
            try:
                encodable[key] = encode_tree(tree)
            except BadCache:
                continue
        write_cache(cache, __version__, encodable)
    return result


def _parse_all(files: list[Path]) -> FrameworkSet:
    result = FrameworkSet()
    for path in files:
        try:
            tree = load_yaml_with_lines(path)
        except FileProblems as exc:
            result.unusable.append(Unusable(str(path), str(exc.problems[0]), exc.problems))
            continue
        _add_framework(result, path, tree)
    return result


def _add_framework(result: FrameworkSet, path: Path, tree: Any) -> None:
    """Validate one file's tree into `result`: a framework, or an unusable entry with the reason."""
    try:
        framework = framework_from_tree(path, tree)
    except FileProblems as exc:
        result.unusable.append(Unusable(str(path), str(exc.problems[0]), exc.problems))
        return
    if framework.key in result.frameworks:
        other = result.frameworks[framework.key].path
        message = (
            f"{display_path(path)}: framework '{framework.id}' version {framework.version} is also defined "
            f"in {display_path(other)}; give one a new version"
        )
        result.unusable.append(
            Unusable(str(path), message, [Problem(display_path(path), None, message)])
        )
        return
    result.frameworks[framework.key] = framework

"""Keys the inspector remapped: the `keymap` section of the workspace's `config.yaml`.

    keymap:
      review.new_note: a          # binding id: key, or several keys separated by commas
      review.grid: ctrl+g,G

Every key of the app has a binding id (docs/keys.md lists them). The app applies the keymap as it
starts (Textual's App.set_keymap). A file that cannot be read, an id no binding has, or a key that
two bindings would share on one screen is one line naming the file and the id; the app starts all
the same, with the rest of the keymap applied.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from textual.app import App
from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode
from textual.screen import Screen

from cqc_tui.core.errors import display_path, os_reason

CONFIG_FILE = "config.yaml"
SECTION = "keymap"


@dataclass
class KeymapFile:
    """The keymap read from a workspace: binding id -> keys, and one line per problem found."""

    path: Path
    keys: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def config_path(home: Path) -> Path:
    """The workspace's config file (it may not exist)."""
    return Path(home) / CONFIG_FILE


def read_keymap(home: Path) -> KeymapFile:
    """The `keymap` section of `<home>/config.yaml`: no file or no section is an empty keymap; a
    file that cannot be read or parsed, or entries that are not `id: keys` strings, are problems
    (each one line naming the file) and are left out."""
    path = config_path(home)
    found = KeymapFile(path)
    shown = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return found
    except (OSError, UnicodeDecodeError) as exc:
        reason = os_reason(exc) if isinstance(exc, OSError) else "it is not UTF-8 text"
        found.problems.append(f"{shown}: cannot be read ({reason}); the keys are the usual ones.")
        return found
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        found.problems.append(f"{shown}{where}: not valid YAML; the keys are the usual ones.")
        return found
    if data is None:
        return found
    if not isinstance(data, dict):
        found.problems.append(
            f"{shown}: expected settings such as 'keymap:' at the top; the keys are the usual ones."
        )
        return found
    section = data.get(SECTION)
    if section is None:
        return found
    if not isinstance(section, dict):
        found.problems.append(
            f"{shown}: '{SECTION}' should map binding ids to keys (review.new_note: a)."
        )
        return found
    for binding_id, keys in section.items():
        if not isinstance(binding_id, str) or not isinstance(keys, str) or not keys.strip():
            found.problems.append(
                f"{shown}: {SECTION}: {binding_id!r} needs a key, written as text "
                f"(review.new_note: a); left out."
            )
            continue
        found.keys[binding_id] = ",".join(key.strip() for key in keys.split(",") if key.strip())
    return found


def normalized(keymap: Mapping[str, str]) -> dict[str, str]:
    """Keys as Textual names them ('?' -> 'question_mark'), as the app applies them. Uses
    App._normalize_keymap (Textual 8, no public equivalent); tests/tui/test_keymap.py fails if it
    goes."""
    return dict(App._normalize_keymap(keymap))


def tui_binding_classes() -> list[type[DOMNode]]:
    """Every screen, dialog and widget class of the app that declares key bindings (importing
    each module of cqc_tui.tui to find them)."""
    import cqc_tui.tui as package

    classes: dict[str, type[DOMNode]] = {}
    for module_info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        module = importlib.import_module(module_info.name)
        for _name, value in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(value, DOMNode)
                and value.__module__ == module.__name__
                and "BINDINGS" in value.__dict__
            ):
                classes[f"{value.__module__}.{value.__qualname__}"] = value
    return [classes[name] for name in sorted(classes)]


def declared_bindings(cls: type[DOMNode]) -> dict[str, list[Binding]]:
    """The bindings `cls` has by key, its own and inherited (Textual's base classes' too), a
    subclass's binding of a key replacing its bases' as Textual merges them."""
    keys: dict[str, list[Binding]] = {}
    for klass in reversed(cls.__mro__):
        if issubclass(klass, DOMNode):
            if not klass._inherit_bindings:
                keys.clear()
            keys.update(BindingsMap(klass.__dict__.get("BINDINGS", [])).key_to_bindings)
    return keys


def _scope_name(cls: type[DOMNode]) -> str:
    """'the review screen' for ReviewScreen, 'the rating dialog' for RatingDialog ..."""
    if issubclass(cls, App):
        return "the whole app"
    words = re.findall(r"[A-Z][a-z]*", cls.__name__.lstrip("_")) or [cls.__name__]
    return "the " + " ".join(word.lower() for word in words)


def keymap_problems(
    keymap: Mapping[str, str], classes: Iterable[type[DOMNode]], app_class: type[App], path: Path
) -> list[str]:
    """One line per keymap entry whose id no binding has, and per key the keymap gives a binding
    that another binding of the same screen (or the app, on a screen) already has."""
    shown = display_path(path)
    keys = normalized(keymap)
    scopes: list[tuple[type[DOMNode], dict[str, list[Binding]]]] = []
    app_bindings = declared_bindings(app_class)
    for cls in classes:
        bindings = declared_bindings(cls)
        if issubclass(cls, Screen):  # on a screen, the app's keys work too
            for key, key_bindings in app_bindings.items():
                bindings[key] = bindings.get(key, []) + key_bindings
        scopes.append((cls, bindings))
    scopes.append((app_class, app_bindings))
    known = {
        b.id for _cls, by_key in scopes for bindings in by_key.values() for b in bindings if b.id
    }
    problems = [
        f"{shown}: {SECTION}: no key has the binding id '{binding_id}' (docs/keys.md lists them); "
        "left out."
        for binding_id in keymap
        if binding_id not in known
    ]
    seen: set[tuple[str, ...]] = set()
    for cls, by_key in scopes:
        # key -> who has it once the keymap applies (binding id, or action) -> the binding
        holders: dict[str, dict[str, Binding]] = {}
        remapped: set[str] = set()
        for key, key_bindings in by_key.items():
            for binding in key_bindings:
                name = binding.id or binding.action
                if binding.id in keys:
                    remapped.add(name)
                    for new_key in keys[binding.id].split(","):
                        holders.setdefault(new_key, {})[name] = binding
                else:
                    holders.setdefault(key, {})[name] = binding
        for key, names in holders.items():
            if len(names) < 2 or not remapped & set(names):
                continue  # one binding, or a sharing the app had before the keymap
            pair = tuple(sorted(names))
            if (key, *pair) in seen:
                continue
            seen.add((key, *pair))
            given = sorted(remapped & set(names))[0]
            others = ", ".join(
                f"'{name}' ({names[name].description or names[name].action})"
                for name in pair
                if name != given
            )
            problems.append(
                f"{shown}: {SECTION}: '{given}' is given {key}, which {others} also has on "
                f"{_scope_name(cls)}; choose another key for one of them."
            )
    return problems


def check_keymap(keymap: Mapping[str, str], app_class: type[App], path: Path) -> list[str]:
    """keymap_problems over every binding of the app (see tui_binding_classes)."""
    return keymap_problems(keymap, tui_binding_classes(), app_class, path)

"""The directory YAML's mistakes in plain words, each with its line number.

pydantic's messages (``input_value=[{'name': ...``) are for programmers; an operator needs
"line 12: divisions → 1 → bargaining_unit: there is no bargaining unit 'CUPE 80' (known:
CUPE Local 79)"."""

from __future__ import annotations

import difflib
from functools import cache
from typing import Any

import yaml

PLAIN = {
    "missing": "is missing",
    "extra_forbidden": "is not a setting rtwbot knows here (a typo?)",
    "string_type": "should be text",
    "int_parsing": "should be a whole number",
    "int_type": "should be a whole number",
    "tuple_type": "should be a list (lines starting with '- ')",
    "list_type": "should be a list (lines starting with '- ')",
    "model_type": "should be a group of settings (name: value lines)",
    "dict_type": "should be a group of settings (name: value lines)",
    "model_attributes_type": "should be a group of settings (name: value lines)",
    "bool_type": "should be true or false",
    "bool_parsing": "should be true or false",
}


@cache
def known_keys(root_model: type) -> frozenset[str]:
    """Every setting name the directory models accept (for "did you mean"), from the root
    model the caller passes (so this module needs nothing of rtwbot.directory)."""
    from pydantic import BaseModel

    names: set[str] = set()
    pending: list[type[BaseModel]] = [root_model]
    while pending:
        model = pending.pop()
        for name, info in model.model_fields.items():
            names.add(name)
            for arg in (*getattr(info.annotation, "__args__", ()), info.annotation):
                for inner in (*getattr(arg, "__args__", ()), arg):
                    if isinstance(inner, type) and issubclass(inner, BaseModel) and \
                            inner.__name__ not in {m.__name__ for m in pending}:
                        pending.append(inner)
    return frozenset(names)


def yaml_error_line(exc: yaml.YAMLError, path: str) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "somewhere"
    return (f"RTWBOT_DIRECTORY: {path}, {where}: this is not valid YAML ({problem}): check the "
            "indentation and the colons there (see directory.example.yaml).")


def _node_at(root: yaml.Node | None, loc: tuple[Any, ...]) -> yaml.Node | None:
    """The deepest YAML node on the error's path (for its line number)."""
    node = root
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            found = next((v for k, v in node.value if k.value == str(part)), None)
            if found is None:
                return node
            node = found
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                return node
            node = node.value[part]
        else:
            return node
    return node


def _key_node(root: yaml.Node | None, loc: tuple[Any, ...]) -> yaml.Node | None:
    """For an unknown key: the key itself, so the line is the typo's line."""
    parent = _node_at(root, loc[:-1])
    if isinstance(parent, yaml.MappingNode):
        return next((k for k, _ in parent.value if k.value == str(loc[-1])), parent)
    return parent


def describe(loc: tuple[Any, ...], kind: str, message: str, root: yaml.Node | None,
             path: str, root_model: type | None = None) -> str:
    node = _key_node(root, loc) if kind == "extra_forbidden" else _node_at(root, loc)
    line = f"line {node.start_mark.line + 1}" if node is not None else "the top"
    where = " → ".join(str(p + 1) if isinstance(p, int) else str(p) for p in loc) or "the file"
    words = PLAIN.get(kind) or message.removeprefix("Value error, ")
    if kind == "extra_forbidden" and loc and root_model is not None:
        close = difflib.get_close_matches(str(loc[-1]), sorted(known_keys(root_model)), n=1,
                                          cutoff=0.75)
        if close:
            words = f"is not a setting rtwbot knows here — did you mean {close[0]!r}?"
    end = "" if words.endswith(("?", ".")) else "."
    return f"RTWBOT_DIRECTORY: {path}, {line}: {where} {words}{end}"

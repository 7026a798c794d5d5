"""Reading a JSON file given to an importer: bounded, strict, and every key of an object read once.

A JSON file is data from outside, like an uploaded CSV: it is refused by name when it is not JSON at
all (with the line and column the parser stopped at), when it nests beyond any launch list's need,
or when it holds NaN or Infinity, which JSON does not have. An object that names a key twice is kept
with the names it repeats (`Obj.twice`), so the importer can refuse that one record rather than take
one of the two values without saying so.
"""

from __future__ import annotations

import json

from .common import UnrecognisedFile

MAX_DEPTH = 32  # a launch list nests four deep; anything far deeper is not one


class Obj(dict):
    """A JSON object, with the keys it names more than once (the last value is the one held)."""

    twice: tuple[str, ...] = ()


def _pairs(pairs: list[tuple[str, object]]) -> Obj:
    obj, twice = Obj(), []
    for key, value in pairs:
        if key in obj and key not in twice:
            twice.append(key)
        obj[key] = value
    obj.twice = tuple(twice)
    return obj


def _no_constant(word: str):
    raise ValueError(f"holds {word}, which is not a JSON number")


def _depth(text: str) -> int:
    """How deep the brackets nest, outside strings: checked before parsing, which recurses."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def load(data: bytes, name: str, expected: str):
    """The parsed document; UnrecognisedFile naming the file, where it fails and what was expected."""
    if not data.strip():
        raise UnrecognisedFile(f"{name}: is empty; expected {expected}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise UnrecognisedFile(
            f"{name}: is not UTF-8 (byte {exc.start}, line {line}, is not valid UTF-8); expected {expected} "
            "in UTF-8, as JSON is written"
        ) from None
    if _depth(text) > MAX_DEPTH:
        raise UnrecognisedFile(f"{name}: nests more than {MAX_DEPTH} levels deep; expected {expected}")
    try:
        return json.loads(text, object_pairs_hook=_pairs, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise UnrecognisedFile(
            f"{name}: is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno}); expected {expected}"
        ) from None
    except ValueError as exc:
        raise UnrecognisedFile(f"{name}: {exc}; expected {expected}") from None

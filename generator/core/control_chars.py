"""Control characters in content: a located error wherever they are written.

YAML's reader refuses most control characters written as they are, but a
double-quoted scalar can still spell any of them with an escape (``"\\a"``,
``"\\e"``, ``"\\x7f"``, ``"\\uFFFE"``), and a story's Markdown body is not
YAML at all. Such a character has no place in a news page: browsers show it
as a box or nothing, HTML forbids it (the Nu checker reports each one), and
XML and iCalendar cannot carry it. Text may hold tabs and line breaks, nothing
else below U+0020; nor DEL, the C1 controls, or Unicode's noncharacters.
Keys follow the same rule (a glossary's keys are its terms, which are text).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import yaml

from .diagnostics import Location, Problem, error

FieldPath = tuple[str | int, ...]

#: U+FFFE and U+FFFF of every plane.
_NONCHARACTERS = "".join(chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF)
                         for plane in range(17))
#: What text may not hold: C0 controls but tab and line feed, DEL, C1, noncharacters.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufdd0-\ufdef" + _NONCHARACTERS + "]")

_NAMES = {0x00: "NUL", 0x07: "BEL", 0x08: "BS", 0x09: "TAB", 0x0A: "LF", 0x0B: "VT",
          0x0C: "FF", 0x0D: "CR", 0x1B: "ESC", 0x7F: "DEL", 0x85: "NEL"}

#: Only a file with a backslash (an escape in a double-quoted scalar) or a C1 character
#: that the YAML reader lets through (NEL) can hold one in its values.
_MAY_HOLD = re.compile(r"[\\\x85]")


def describe(char: str) -> str:
    """``U+0007 (BEL)``: the code point, and its short name when it has one."""
    code = ord(char)
    name = _NAMES.get(code)
    if name is None and 0x80 <= code <= 0x9F:
        name = "C1 control"
    if name is None and (0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE):
        name = "noncharacter"
    return f"U+{code:04X}" + (f" ({name})" if name else "")


def _label(path: FieldPath) -> str:
    label = ""
    for part in path:
        label += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if label else part)
    return f"'{label}'" if label else "the document"


def _problem(rel: str, mark: yaml.Mark, where: str, char: str) -> Problem:
    return error(Location(rel, mark.line + 1, mark.column + 1), "control-character",
                 f"{where} contains the control character {describe(char)}", describe(char),
                 "remove it: text may hold tabs and line breaks, no other control character")


def in_document(text: str, root: yaml.Node, rel: str) -> list[Problem]:
    """Every key and value of a composed document that holds a control character."""
    if not _MAY_HOLD.search(text):
        return []
    problems: list[Problem] = []
    for node, path, is_key in _walk(root, ()):
        value = node.value
        found = CONTROL.search(value)
        if found:
            where = f"the key {_label(path)}" if is_key else _label(path)
            problems.append(_problem(rel, node.start_mark, where, found.group()))
    return problems


def _walk(node: yaml.Node, path: FieldPath) -> Iterator[tuple[yaml.ScalarNode, FieldPath, bool]]:
    if isinstance(node, yaml.ScalarNode):
        yield node, path, False
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            yield from _walk(item, (*path, i))
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                yield key, (*path, key.value), True
                yield from _walk(value, (*path, key.value))


def in_markdown(body: str, rel: str, first_line: int) -> list[Problem]:
    """Control characters in a story's Markdown body, each at its line and column."""
    problems: list[Problem] = []
    for found in CONTROL.finditer(body):
        line = first_line + body.count("\n", 0, found.start())
        col = found.start() - (body.rfind("\n", 0, found.start()) + 1) + 1
        problems.append(error(Location(rel, line, col), "control-character",
                              f"the story's text contains the control character "
                              f"{describe(found.group())}", describe(found.group()),
                              "remove it: text may hold tabs and line breaks, "
                              "no other control character"))
    return problems

"""Which panels a home story places, and the rule that each name is known.

A home story places a panel on a line of its own (``::: panel key-facts``);
what each panel shows is drawn by ``pages.panels``. Reading the lines, and the
``unknown-panel`` error, are the check's part, so they live here with the
other rules of one record.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .diagnostics import Location, Problem, did_you_mean, error
from .markup import code_regions

#: Every panel name, in the order the overview shows them.
PANELS: tuple[str, ...] = ("key-facts", "timeline", "map", "latest", "disputed", "next")
#: A panel placed in a story: a line of its own, indented less than a code block.
PANEL_LINE = re.compile(r"^ {0,3}:::[ \t]*panel(?:[ \t]+(\S+))?[ \t]*$", re.MULTILINE)


def placed_panels(body: str) -> list[tuple[int, int, str]]:
    """The panel lines of a story body outside code: (start, end, name) each."""
    regions = code_regions(body)
    found = []
    for match in PANEL_LINE.finditer(body):
        if not any(start <= match.start() < end for start, end in regions):
            found.append((match.start(), match.end(), match.group(1) or ""))
    return found


def panel_problems(path: str, body: str, first_line: int) -> Iterator[Problem]:
    """An unknown panel name in a story's body (from ``first_line`` of the file at
    ``path``) is an error at its line and column."""
    for start, _end, name in placed_panels(body):
        if name in PANELS:
            continue
        line = first_line + body.count("\n", 0, start)
        column = start - (body.rfind("\n", 0, start) + 1) + body[start:].index(":::") + 1
        hint = did_you_mean(name, PANELS) or f"panels are: {', '.join(PANELS)}"
        yield error(Location(path, line, column), "unknown-panel",
                    f"unknown panel '{name}'" if name else "'::: panel' needs a panel name",
                    name, hint)

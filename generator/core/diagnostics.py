"""Problems found in content: what, where, and how to fix it.

Library code collects :class:`Problem` values and returns them; only the
adapters (CLI, MkDocs plugin) print them or decide to stop.
"""

from __future__ import annotations

import difflib
import enum
from collections.abc import Iterable
from dataclasses import dataclass


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True, order=True)
class Location:
    """A place in a content file; ``path`` is relative to the project root."""

    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True, slots=True)
class Problem:
    """One diagnostic. ``code`` names the content rule that was broken."""

    location: Location
    severity: Severity
    code: str
    message: str
    value: str | None = None
    hint: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def text(self) -> str:
        """The message with its hint, as one line."""
        return f"{self.message}; {self.hint}" if self.hint else self.message

    def format(self, path: str | None = None) -> str:
        """``path:line:col: severity: message``; ``path`` overrides the stored one."""
        where = path if path is not None else self.location.path
        loc = self.location
        return f"{where}:{loc.line}:{loc.col}: {self.severity}: {self.text()}"

    def sort_key(self) -> tuple[str, int, int, str]:
        loc = self.location
        return (loc.path, loc.line, loc.col, self.message)


def error(location: Location, code: str, message: str, value: object = None,
          hint: str | None = None) -> Problem:
    return Problem(location, Severity.ERROR, code, one_line(message), _as_text(value),
                   one_line(hint) if hint is not None else None)


def warning(location: Location, code: str, message: str, value: object = None,
            hint: str | None = None) -> Problem:
    return Problem(location, Severity.WARNING, code, one_line(message), _as_text(value),
                   one_line(hint) if hint is not None else None)


def one_line(text: str) -> str:
    """A message safe to print: content's line breaks and control characters as escapes.

    Messages quote content, and content can hold any character (YAML escapes such
    as ``"\\e"``): a line break would split a diagnostic in two, and a terminal
    escape sequence would reach the terminal or CI log of whoever runs the check.
    """
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


def _as_text(value: object) -> str | None:
    return None if value is None else str(value)


def did_you_mean(value: str, candidates: Iterable[str]) -> str | None:
    """A "did you mean …?" hint for a misspelt name, or None."""
    options = sorted(set(candidates))
    close = difflib.get_close_matches(value, options, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else None


def sorted_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Stable, deterministic order: by file, line, column, then message."""
    return sorted(problems, key=Problem.sort_key)


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.is_error for p in problems)


class ContentError(Exception):
    """Raised by library entry points that cannot return a result."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in content")

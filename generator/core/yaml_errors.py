"""YAML syntax errors as editors need them: where the construct began, and where the
parser gave up.

PyYAML reports two marks: the *context* ("while parsing a block mapping", at
the line the mapping began) and the *problem* ("did not find expected key",
where the parser could not go on). Both are named in the message. A quoted
scalar left open is the commonest cause of a far-away problem: the quote
swallows lines until the next quote character, and the parser gives up there.
When the text just before the problem is such a quoted scalar running over
several lines, the problem is placed at its opening quote, with a hint.
"""

from __future__ import annotations

import yaml

from .diagnostics import Location, Problem, error

_QUOTED_STYLES = frozenset(("'", '"'))


def syntax_problem(exc: yaml.MarkedYAMLError, text: str, rel: str,
                   loader: type) -> Problem:
    """The problem of a document that does not parse, located and worded for an editor."""
    problem_mark, context_mark = exc.problem_mark, exc.context_mark
    mark = problem_mark or context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    hint = None
    opened = _open_quote(exc, text, loader)
    if opened is not None:
        line, col, end_line = opened
        hint = (f"the quoted text opened here runs on to line {end_line}: "
                "is a closing quote missing?")
    message = f"invalid YAML: {exc.problem or exc.context or 'not valid YAML'}"
    if problem_mark is not None and (problem_mark.line + 1, problem_mark.column + 1) != (line, col):
        message += f" on line {problem_mark.line + 1}, column {problem_mark.column + 1}"
    if exc.context and context_mark is not None and exc.problem and (
            context_mark.line + 1, context_mark.column + 1) != (line, col) and (
            problem_mark is None or context_mark.index != problem_mark.index):
        message += (f", {exc.context} that began on line {context_mark.line + 1}, "
                    f"column {context_mark.column + 1}")
    return error(Location(rel, line, col), "yaml-syntax", message, None, hint)


def _open_quote(exc: yaml.MarkedYAMLError, text: str,
                loader: type) -> tuple[int, int, int] | None:
    """(line, column, last line) of a quoted scalar that is likely left open, or None."""
    if exc.context == "while scanning a quoted scalar" and exc.context_mark is not None:
        mark = exc.context_mark
        end = exc.problem_mark.line + 1 if exc.problem_mark else mark.line + 1
        return mark.line + 1, mark.column + 1, end
    if exc.problem_mark is None:
        return None
    last: yaml.Token | None = None
    try:
        for token in yaml.scan(text, Loader=loader):
            if token.start_mark.index >= exc.problem_mark.index:
                break
            if not isinstance(token, (yaml.KeyToken, yaml.ValueToken, yaml.BlockEndToken)):
                last = token
    except yaml.YAMLError:
        pass
    if (isinstance(last, yaml.ScalarToken) and last.style in _QUOTED_STYLES
            and last.end_mark.line > last.start_mark.line
            and last.end_mark.line == exc.problem_mark.line):
        start = last.start_mark
        return start.line + 1, start.column + 1, last.end_mark.line + 1
    return None

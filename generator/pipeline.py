"""The generator, stage by stage: load → validate → link → render."""

from __future__ import annotations

from dataclasses import dataclass, field

from .config import Settings
from .diagnostics import Problem, has_errors, sorted_problems
from .link import Site, link
from .load import load_content
from .render import Rendered, render
from .validate import validate


@dataclass
class Result:
    """The generated files (empty when content has errors) and every problem found."""

    problems: list[Problem] = field(default_factory=list)
    site: Site | None = None
    rendered: Rendered | None = None

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)


def check(settings: Settings) -> Result:
    """Load, validate and link: every problem in the content, without rendering."""
    loaded = load_content(settings)
    validated = validate(loaded, settings)
    site, link_problems = link(validated, settings)
    return Result(sorted_problems([*validated.problems, *link_problems]), site)


def build(settings: Settings) -> Result:
    """The whole pipeline. Pages are rendered only from content without errors."""
    result = check(settings)
    if result.ok and result.site is not None:
        result.rendered = render(result.site)
    return result

"""explainer: structured records of a news story become a cross-linked explainer site."""

from .core import __version__
from .core.config import Settings, make_settings
from .core.diagnostics import Problem, Severity
from .pipeline import Result, build, check

__all__ = ["Problem", "Result", "Settings", "Severity", "__version__", "build", "check",
           "make_settings"]

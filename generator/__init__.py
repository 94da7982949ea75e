"""explainer: structured records of a news story become a cross-linked explainer site."""

from .core.config import Settings, make_settings
from .core.diagnostics import Problem, Severity
from .pipeline import Result, build, check

__all__ = ["Problem", "Result", "Settings", "Severity", "build", "check", "make_settings"]
__version__ = "0.1.0"

"""What the SVG drawings share: escaping, numbers, safe links and text widths.

A drawing is made at build time, so its labels are placed before any browser
measures them: :func:`text_width` estimates a label's width from the widths of
the letters of common sans-serif fonts (Arial, Liberation Sans, DejaVu Sans),
on the generous side so that labels placed apart stay apart in the browser.
"""

from __future__ import annotations

import functools
import hashlib
import re
from typing import Final

from markupsafe import escape

__all__ = ["SVG_NS", "drawing_id", "href", "num", "shorten", "text", "text_width", "token"]

SVG_NS: Final = "http://www.w3.org/2000/svg"

# Widths in em of ASCII letters in a typical sans-serif; the rest are guessed by class.
_NARROW = frozenset("iljI.,:;'!|`")
_SEMI = frozenset("ftr()[]{}-/\\ \"*")
_WIDE = frozenset("mwMW@%")
_CAPS = frozenset("ABCDEFGHKNOPQRSTUVXYZ&")
_SAFETY: Final = 1.12
_UNSAFE_SCHEME = re.compile(r"^\s*(?:javascript|data|vbscript)\s*:", re.IGNORECASE)
_TOKEN = re.compile(r"[^a-z0-9-]+")


def _char_width(char: str) -> float:
    if char in _NARROW:
        return 0.3
    if char in _SEMI:
        return 0.38
    if char in _WIDE:
        return 0.92
    if char in _CAPS or char.isdigit():
        return 0.7 if not char.isdigit() else 0.58
    if char.isascii():
        return 0.58
    if ord(char) >= 0x2E80:  # CJK, Hangul, kana: full width
        return 1.0
    return 0.66


@functools.lru_cache(maxsize=16384)  # labels repeat: names, tick labels, legends
def text_width(label: str, size: float) -> float:
    """An upper estimate of the width of ``label`` in pixels at font size ``size``."""
    return sum(map(_char_width, label)) * size * _SAFETY


def shorten(label: str, limit: int) -> str:
    """``label`` on one line, cut at a word to at most ``limit`` characters with "…"."""
    label = " ".join(label.split())
    if len(label) <= limit:
        return label
    cut = label[: limit - 1].rsplit(" ", 1)[0] if " " in label[: limit - 1] else label[: limit - 1]
    return cut.rstrip(" ,;:–-") + "…"


def num(value: float) -> str:
    """A coordinate with at most one decimal and no "-0": stable bytes."""
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def text(value: str) -> str:
    """Text content or an attribute value, escaped."""
    return str(escape(value))


def token(value: str) -> str:
    """A class-name-safe form of a word from content (a status, a kind)."""
    return _TOKEN.sub("-", value.lower()).strip("-") or "x"


def href(value: str) -> str:
    """A link made by the renderer; a script scheme is refused loudly."""
    if _UNSAFE_SCHEME.match(value):
        raise ValueError(f"refusing a script link in a drawing: {value!r}")
    return text(value)


def drawing_id(kind: str, *parts: str) -> str:
    """An id prefix for one drawing, from what it shows: two drawings on a page differ."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8"), usedforsecurity=False)
    return f"ex-{kind}-{digest.hexdigest()[:8]}"

"""Claim titles that read whole.

A claim's title is its ``headline`` when the editor wrote one. Otherwise it is
the claim's text, cut only where a sentence or a clause ends, never in the
middle of a phrase:

1. the first sentence, when it is at most :data:`TITLE_LIMIT` characters;
2. else that sentence up to the last clause boundary (``;``, ``:``, ``,`` or a
   dash) within the limit, when that leaves at least :data:`MIN_CLAUSE` characters;
3. else the whole first sentence, when it is shorter than :data:`LONG_CLAIM`;
4. only a sentence of :data:`LONG_CLAIM` characters or more with no boundary
   is cut between words, with "…".

A title never ends with the sentence's full stop, so a link to a claim in
running text does not end in ".)." or "..". This module knows nothing of
records: it works on plain text.
"""

from __future__ import annotations

import re

TITLE_LIMIT = 120
MIN_CLAUSE = 30
LONG_CLAIM = 200

#: Words that end with a full stop without ending a sentence.
_ABBREVIATIONS = frozenset({
    "c", "ca", "mr", "mrs", "ms", "dr", "st", "no", "vs", "etc", "gen", "lt", "col",
    "sgt", "gov", "sen", "rep", "pres", "prof", "jr", "sr", "inc", "ltd", "co", "corp",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
})
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_CLAUSE_END = re.compile(r"[;:,](?=\s)|\s[—–](?=\s)")


def claim_title(text: str, headline: str | None = None) -> str:
    """The title of a claim, from its headline or its plain text (see the module)."""
    if headline and headline.strip():
        return without_full_stop(" ".join(headline.split()))
    text = " ".join(text.split())
    sentence = first_sentence(text)
    if len(sentence) <= TITLE_LIMIT:
        return without_full_stop(sentence)
    clause = _last_clause_within(sentence, TITLE_LIMIT)
    if clause is not None:
        return clause
    if len(sentence) < LONG_CLAIM:
        return without_full_stop(sentence)
    return sentence[: TITLE_LIMIT - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def first_sentence(text: str) -> str:
    """The text up to the end of its first sentence (the whole text if it has one)."""
    for match in _SENTENCE_END.finditer(text):
        if not _is_abbreviation(text, match.start()):
            return text[: match.end()]
    return text


def is_cut(title: str, text: str) -> bool:
    """Whether ``title`` leaves out part of ``text`` (more than its final full stop)."""
    return without_full_stop(" ".join(text.split())) != title


def _last_clause_within(sentence: str, limit: int) -> str | None:
    cut = None
    for match in _CLAUSE_END.finditer(sentence, 0, limit + 1):
        if match.start() >= MIN_CLAUSE:
            cut = match.start()
    return sentence[:cut].rstrip() if cut is not None else None


def _is_abbreviation(text: str, dot: int) -> bool:
    """Whether the stop at ``dot`` ends an abbreviation or an initial (c., U.S., E.)."""
    if text[dot] != ".":
        return False
    word = text[:dot].rsplit(" ", 1)[-1].lstrip("(\"'“‘[")
    if "." in word:  # U.S., D.C.
        return True
    if len(word) == 1 and word.isupper():  # an initial: Julian E. Barnes
        return True
    return word.casefold() in _ABBREVIATIONS


def without_full_stop(text: str) -> str:
    """The text without the full stop that ends it (an abbreviation keeps its own)."""
    if text.endswith(".") and not text.endswith("..") and not _is_abbreviation(text, len(text) - 1):
        return text[:-1]
    return text

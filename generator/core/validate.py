"""Stage 2, validate: typed models from loaded documents, and the rules of one record.

Rules that look at other records (references, loops, ids) are in ``link``.
"""

from __future__ import annotations

import functools
import re
import typing
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .config import Settings
from .dates import EdtfError, day_key, format_day
from .diagnostics import Location, Problem, did_you_mean, error, warning
from .load import Document, FieldPath, Loaded, RawRecord, describe_value
from .models import MODELS, Actor, Claim, Event, Record, RecordId, Story, field_names
from .panel_lines import panel_problems
from .salvage import partial_model

M = TypeVar("M", bound=Record)


@dataclass(frozen=True)
class Entry(Generic[M]):
    """A valid record: its model, with the document it came from (for locations)."""

    raw: RawRecord
    model: M

    @property
    def id(self) -> RecordId:
        return RecordId(self.raw.id)

    @property
    def doc(self) -> Document:
        return self.raw.doc

    def loc(self, path: FieldPath = ()) -> Location:
        return self.raw.doc.loc(path)


@dataclass(frozen=True)
class GlossaryTerm:
    term: str
    definition: str
    location: Location


@dataclass
class Validated:
    entries: list[Entry[Record]] = field(default_factory=list)
    glossary: list[GlossaryTerm] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: Ids of records that exist but could not be built; their errors are already reported.
    invalid_ids: set[str] = field(default_factory=set)
    #: Partial models of records that could not be built, for their references to be
    #: checked too (see :mod:`generator.core.salvage`).
    partial: list[Entry[Record]] = field(default_factory=list)


def validate(loaded: Loaded, settings: Settings) -> Validated:
    """Build a model for every record and check the rules of each one."""
    result = Validated(problems=list(loaded.problems))
    result.invalid_ids.update(file.id for file in loaded.unloaded)
    result.problems += check_settings(settings)
    for raw in loaded.records:
        entry, problems, partial = check_record(raw, settings)
        result.problems += problems
        if entry is None:
            result.invalid_ids.add(raw.id)
            if partial is not None:
                result.partial.append(partial)
        else:
            result.entries.append(entry)
    result.problems += single_home_story(result.entries)
    if loaded.glossary is not None:
        result.glossary, problems = read_glossary(loaded.glossary)
        result.problems += problems
    return result


def check_settings(settings: Settings) -> list[Problem]:
    try:
        day_key(settings.as_of)
    except EdtfError:
        return [error(Location("mkdocs.yml"), "bad-setting",
                      f"as_of '{settings.as_of}' must be a day such as 2023-09-05",
                      settings.as_of)]
    return []


def validate_record(raw: RawRecord, settings: Settings) -> tuple[Entry[Record] | None,
                                                                  list[Problem]]:
    """One record's entry (None if its model cannot be built) and the problems of its rules."""
    entry, problems, _ = check_record(raw, settings)
    return entry, problems


def check_record(raw: RawRecord, settings: Settings,
                 ) -> tuple[Entry[Record] | None, list[Problem], Entry[Record] | None]:
    """:func:`validate_record`, and for a record whose model cannot be built its partial
    entry (see :mod:`generator.core.salvage`): every rule that can still run has run on it,
    and its references are left for ``link`` to check."""
    problems = list(raw.doc.problems)
    model, model_problems, errors = _model_and_errors(raw)
    problems += model_problems
    if model is not None:
        entry: Entry[Record] = Entry(raw, model)
        return entry, problems + record_rules(entry, settings), None
    partial, aside = partial_model(MODELS[raw.kind], raw.doc.data, errors)
    if partial is None:
        return None, problems, None
    partial_entry: Entry[Record] = Entry(raw, partial)
    return None, problems + record_rules(partial_entry, settings, aside), partial_entry


# ------------------------------------------------------------------- models


def build_model(raw: RawRecord) -> tuple[Record | None, list[Problem]]:
    """The typed model of a record, or None and the reasons it could not be built."""
    model, problems, _ = _model_and_errors(raw)
    return model, problems


def _model_and_errors(raw: RawRecord) -> tuple[Record | None, list[Problem],
                                                list[ErrorDetails]]:
    cls = MODELS[raw.kind]
    problems = list(unknown_fields(cls, raw.doc.data, (), raw.doc))
    try:
        model = cls.model_validate(raw.doc.data)
    except ValidationError as exc:
        errors = exc.errors()
        problems += [pydantic_problem(err, raw.doc) for err in errors]
        return None, problems, errors
    return model, problems, []


def unknown_fields(model: type[BaseModel], data: object, path: FieldPath,
                   doc: Document) -> Iterator[Problem]:
    """Warn about keys the format does not know, recursing into nested models."""
    if not isinstance(data, dict):
        return
    fields = _nested_models(model)
    for key, value in data.items():
        if key not in fields:
            yield warning(doc.key_loc((*path, key)), "unknown-field",
                          f"unknown field '{key}' is ignored", key,
                          did_you_mean(key, fields))
            continue
        nested = fields[key]
        if nested is None:
            continue
        if isinstance(value, list):
            for i, item in enumerate(value):
                yield from unknown_fields(nested, item, (*path, key, i), doc)
        else:
            yield from unknown_fields(nested, value, (*path, key), doc)


@functools.cache
def _nested_models(model: type[BaseModel]) -> dict[str, type[BaseModel] | None]:
    """Each name an editor may write, to the model it holds (if any); once per class."""
    return {name: _nested_model(annotation) for name, annotation in field_names(model).items()}


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _nested_model(arg)
        if found is not None:
            return found
    return None


def pydantic_problem(err: ErrorDetails, doc: Document) -> Problem:
    """Turn one pydantic error into a diagnostic at the offending value."""
    path = tuple(part for part in err["loc"] if isinstance(part, (str, int)))
    name = _field_label(path)
    value = err.get("input")
    kind = err["type"]
    if kind == "missing" and isinstance(path[-1], int):  # a fixed-length list, too short
        return error(doc.loc(path[:-1]), "bad-value",
                     f"{_field_label(path[:-1])} has the wrong number of items")
    if kind == "missing":
        return error(doc.loc(path[:-1]), "missing-field",
                     f"missing required field '{path[-1]}'", path[-1])
    loc = doc.loc(path)
    shown = value if isinstance(value, str) else None
    # The value in words: 'x' for text, "a list", "nothing"… for the rest.
    said = f"'{value}'" if isinstance(value, str) else describe_value(value)
    if kind == "literal_error":
        allowed = re.findall(r"'([^']*)'", err.get("ctx", {}).get("expected", ""))
        return error(loc, "bad-value",
                     f"{name} is {said}, which is not one of: {', '.join(allowed)}",
                     value, did_you_mean(str(value), allowed))
    if kind == "value_error":
        message = str(err.get("ctx", {}).get("error", err["msg"]))
        joiner = " " if message.startswith("must ") else ": "
        return error(loc, "bad-value", f"{name}{joiner}{message}", shown)
    if kind in ("string_too_short", "empty_field"):
        return error(loc, "empty-field", f"{name} must not be empty", shown)
    if kind in ("list_type", "tuple_type"):
        return error(loc, "not-a-list", f"{name} must be a list, not {describe_value(value)}",
                     shown, "write each item on its own line, starting with '- '")
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return error(loc, "not-a-mapping",
                     f"{name} must be a mapping of fields, not {describe_value(value)}", shown)
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return error(loc, "bad-value", f"{name} must be a whole number, not {said}", shown)
    if kind in ("float_parsing", "float_type"):
        return error(loc, "bad-value", f"{name} must be a number, not {said}", shown)
    if kind in ("bool_parsing", "bool_type"):
        return error(loc, "bad-value", f"{name} must be true or false, not {said}", shown)
    if kind in ("too_short", "too_long"):
        return error(loc, "bad-value", f"{name} has the wrong number of items", shown)
    if kind == "string_type":
        return error(loc, "bad-value", f"{name} must be text, not {describe_value(value)}",
                     shown)
    return error(loc, "bad-value", f"{name}: {err['msg']}", shown)


def _field_label(path: FieldPath) -> str:
    """``participants[2].actor`` style, counting list items from 1 for editors."""
    label = ""
    for part in path:
        label += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if label else part)
    return f"'{label}'" if label else "the record"


# -------------------------------------------------------------- record rules


def record_rules(entry: Entry[Record], settings: Settings,
                 aside: frozenset[str] = frozenset()) -> list[Problem]:
    """The rules of one record. ``aside``: fields with errors of their own (in a partial
    model): a rule that reads one of them does not run."""
    model = entry.model
    problems = [] if "sources" in aside else list(sourcing_rule(entry, settings))
    if isinstance(model, Actor):
        problems += relation_types_rule(entry, model, settings)
        problems += country_code_rule(entry, model)
    if isinstance(model, Claim) and not aside & {"responds_to", "stance"}:
        problems += stance_rule(entry, model)
    if isinstance(model, Event) and not aside & {"date", "status"}:
        problems += stale_expected_rule(entry, model, settings)
    if isinstance(model, Story):
        problems += panel_problems(entry.doc.path, entry.raw.body, entry.raw.body_line)
    return problems


def sourcing_rule(entry: Entry[Record], settings: Settings) -> Iterator[Problem]:
    """Every event, claim and relation needs at least one source."""
    if not settings.require_sources:
        return
    model = entry.model
    if isinstance(model, (Event, Claim)) and not model.sources:
        yield error(entry.doc.key_loc(("sources",)), "unsourced",
                    f"{model.kind} '{entry.id}' has no sources", entry.id,
                    "add 'sources:' with at least one source id")
    if isinstance(model, Actor):
        for i, rel in enumerate(model.relations):
            if not rel.sources:
                yield error(entry.loc(("relations", i)), "unsourced",
                            f"relation '{rel.type}' of '{entry.id}' to '{rel.to}' has no sources",
                            rel.to, "add 'sources:' to the relation")


def relation_types_rule(entry: Entry[Record], actor: Actor,
                        settings: Settings) -> Iterator[Problem]:
    known = settings.relation_types
    for i, rel in enumerate(actor.relations):
        if rel.type not in known:
            yield error(entry.loc(("relations", i, "type")), "unknown-relation-type",
                        f"unknown relation type '{rel.type}'", rel.type,
                        did_you_mean(rel.type, known) or
                        "add it under relation_types in the plugin settings")


def country_code_rule(entry: Entry[Record], actor: Actor) -> Iterator[Problem]:
    """A country code says which country a state is; other actors name their state."""
    if actor.country_code and actor.actor_kind != "state":
        yield error(entry.loc(("country_code",)), "country-code-not-state",
                    f"'country_code' is for actors of kind state, not {actor.actor_kind}",
                    actor.country_code, "name the actor's state with 'country: <state id>'")


def stance_rule(entry: Entry[Record], claim: Claim) -> Iterator[Problem]:
    if claim.responds_to and not claim.stance:
        yield error(entry.doc.key_loc(("responds_to",)), "stance-missing",
                    "a claim with 'responds_to' needs a 'stance'", claim.responds_to,
                    "one of denies, disputes, confirms, retracts, clarifies, repeats")
    if claim.stance and not claim.responds_to:
        yield error(entry.loc(("stance",)), "stance-without-response",
                    f"'stance: {claim.stance}' needs 'responds_to' (the claim it answers)",
                    claim.stance)


def stale_expected_rule(entry: Entry[Record], event: Event,
                        settings: Settings) -> Iterator[Problem]:
    if event.status != "expected":
        return
    try:
        as_of = day_key(settings.as_of)
    except EdtfError:
        return
    if event.date.ends_before(as_of):
        yield warning(entry.loc(("date",)), "stale-expected",
                      f"stale: still expected after its date ({event.date.display()}, "
                      f"as of {format_day(as_of)})", event.date.text,
                      "update the status: confirmed, postponed or cancelled")


def single_home_story(entries: list[Entry[Record]]) -> Iterator[Problem]:
    homes = [e for e in entries if isinstance(e.model, Story) and e.model.home]
    return second_homes([(e.id, e.doc.path) for e in homes], lambda n: homes[n])


def second_homes(homes: Sequence[tuple[str, str]],
                 entry_at: Callable[[int], Entry[Record]]) -> Iterator[Problem]:
    """Only one story is the home page. ``homes``: each one's id and path, in order;
    ``entry_at(n)`` is asked only for a story with a problem."""
    for n in range(1, len(homes)):
        yield error(entry_at(n).loc(("home",)), "second-home",
                    f"only one story can be the home page; '{homes[0][0]}' already is",
                    homes[n][0], f"remove 'home: true' here or in {homes[0][1]}")


# ------------------------------------------------------------------ glossary


def read_glossary(doc: Document) -> tuple[list[GlossaryTerm], list[Problem]]:
    if not isinstance(doc.data, dict):
        return [], [*doc.problems, error(doc.loc(), "bad-glossary",
                          f"the glossary must be a mapping of term to definition, "
                          f"not {describe_value(doc.data)}")]
    terms: list[GlossaryTerm] = []
    problems: list[Problem] = list(doc.problems)
    for term, definition in doc.data.items():
        problem = glossary_problem(doc, term, definition)
        if problem is not None:
            problems.append(problem)
        else:
            terms.append(GlossaryTerm(term.strip(), " ".join(definition.split()),
                                      doc.key_loc((term,))))
    return terms, problems


# Characters a glossary term or definition may not hold beyond those no field may hold
# (control characters: control_chars.py): tabs, line breaks, and the other line
# breaks Python's str.splitlines knows.
_NOT_PLAIN_TEXT = re.compile("[\t\n\u2028\u2029]")
# What Python-Markdown's abbreviation rule cannot read in a term ('\\' and ']'),
# and '[' which would open a link.
_NOT_IN_A_TERM = re.compile(r"[\\\[\]]")


def glossary_problem(doc: Document, term: str, definition: object) -> Problem | None:
    """Why a glossary entry cannot be used, or None.

    Each term becomes a line ``*[term]: definition`` under the pages that use it,
    which Python-Markdown's abbreviation rule reads as a tooltip. A line the rule
    cannot read would be an ordinary paragraph instead, with the definition's
    text as Markdown (and HTML): so both must be plain text on one line, and the
    term must hold nothing the rule stops at.
    """
    if not isinstance(definition, str) or not definition.strip():
        return error(doc.loc((term,)), "bad-glossary",
                     f"the definition of '{term}' must be text, "
                     f"not {describe_value(definition)}", term)
    bad = _NOT_PLAIN_TEXT.search(term) or _NOT_IN_A_TERM.search(term)
    if bad is not None and bad.group(0) in "[]":
        return error(doc.key_loc((term,)), "bad-glossary",
                     f"glossary term '{term}' cannot contain brackets", term)
    if bad is not None or not term.strip():
        shown = _character(bad.group(0)) if bad is not None else "only spaces"
        return error(doc.key_loc((term,)), "bad-glossary",
                     f"glossary term '{term}' cannot contain {shown}", term,
                     "a term is plain text on one line, without '\\', '[' or ']'")
    # A definition written over several lines is folded into one, as YAML folds '>'.
    bad = _NOT_PLAIN_TEXT.search(definition.replace("\n", " "))
    if bad is not None:
        return error(doc.loc((term,)), "bad-glossary",
                     f"the definition of '{term}' cannot contain {_character(bad.group(0))}",
                     term, "a definition is plain text")
    if definition.strip() in ("''", '""'):
        return error(doc.loc((term,)), "bad-glossary",
                     f"the definition of '{term}' cannot be an empty pair of quotes", term,
                     "Markdown reads it as 'no tooltip'")
    return None


_CHARACTER_NAMES = {"\t": "a tab", "\n": "a line break", "\r": "a carriage return",
                    "\u2028": "a line separator", "\u2029": "a paragraph separator"}


def _character(ch: str) -> str:
    """A character as a message names it."""
    if ch in _CHARACTER_NAMES:
        return _CHARACTER_NAMES[ch]
    return f"'{ch}'" if ch.isprintable() else f"the control character U+{ord(ch):04X}"

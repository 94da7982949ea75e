"""The JSON Schema of the content format, generated from the pydantic models.

The schema describes records *as editors write them* in YAML, so that an
editor's YAML language server can complete and check a record while it is
typed: dates are EDTF text (or a bare year, which YAML 1.2 reads as a number),
ids are slugs, ``kind`` and ``status`` are enumerations, and unknown fields are
flagged (``explainer check`` warns about them).

The schema is a helper, not the judge: rules that need other fields, settings
or other records (sources required, references that resolve, dates that
exist) stay with ``explainer check``. A differential test
(``tests/test_schema_differential.py``) feeds both the same records, read as
an editor's YAML language server reads them (YAML 1.2); they agree except for
the cases in :data:`DIFFERENCES`, each with its reason, which the schema's own
description lists too.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue, models_json_schema
from pydantic_core import core_schema

from ..core import models
from ..core.load import MAX_ID_LENGTH
from ..core.models import MODELS, Record
from ..core.vocabulary import RELATION_TYPES, RecordKind

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

#: One calendar date of EDTF levels 0 and 1 (see ``dates``), with its qualifier.
_EDTF_PART = (
    r"(?:Y-?[1-9][0-9]{4,}|-?[0-9]{2}(?:[0-9]{2}|[0-9]X|XX)"
    r"(?:-(?:[0-9]{2}|XX)(?:-(?:[0-9]{2}|XX)"
    r"(?:T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:Z|[+-][0-9]{2}(?::[0-9]{2})?)?)?)?)?)[?~%]?"
)
#: The shape of an EDTF date or interval; whether the date exists is the check's job.
EDTF_PATTERN = rf"^(?:{_EDTF_PART}|(?:{_EDTF_PART}|\.\.)?/(?:{_EDTF_PART}|\.\.)?)$"
_DAY_PATTERN = r"^-?[0-9]{4,}-[0-9]{2}-[0-9]{2}(?:T[0-9]{2}:[0-9]{2}:[0-9]{2}" \
               r"(?:Z|[+-][0-9]{2}(?::[0-9]{2})?)?)?$"
_DATE_EXAMPLES = ["2023-09-04", "2023-07", "2022", "2022~", "2023-09?",
                  "2023-07-25/2023-07-27", "2011-12/..", "../2023-08"]

#: Where the schema and ``explainer check`` disagree, and why: (case, examples, reason).
#: The schema sees what a YAML reader makes of a value; the check, the text as typed.
DIFFERENCES: dict[str, tuple[str, str]] = {
    "unknown-field": (
        "title: T and an unknown field such as colour: red",
        "the check warns about an unknown field and goes on; the schema rejects it, so "
        "that the editor sees the misspelling while typing"),
    "date-exists": (
        "date: 2023-02-30, date: 2023-13-01",
        "the schema checks a date's shape; whether the day exists is the check's job"),
    "number-spelling": (
        "order: 3.0, order: 1e3, speaker: +3, tags: [1_000], date: 0x7e6",
        "YAML reads these as the numbers 3, 1000, 3, 1000 and 2022, which the schema "
        "accepts where a number may stand; the check reads the text, which is not a whole "
        "number, an id or a date as written"),
    "year-digits": (
        "date: -43, date: 0999",
        "YAML reads -43 and -0043 as one number, 999 and 0999 as another: the schema "
        "takes a negative number for a BCE year and refuses a year below 1000; the check "
        "wants four digits (-0043, 0999). Quote such a year to be sure"),
    "boolean-word": (
        "speaker: true, language: FALSE",
        "YAML reads these as booleans, which no id or language tag is to the schema; the "
        "check reads the words true and false as an id, and any case of them as a "
        "language tag"),
}

# ------------------------------------------------------------------ field docs

_COMMON = {
    "sources": "Ids of the sources the record's facts come from (sources/<id>.yml).",
    "tags": "Topic slugs such as arms-trade; each tag gets a listing page.",
    "formerly": "Old ids of this record, kept as redirects after a rename.",
    "notes": "For editors only: never published, never exported.",
}

#: What each field means, per model: schema descriptions, scaffold comments, docs.
FIELD_DOCS: dict[str, dict[str, str]] = {
    "Actor": {
        "name": "Display name, such as Kim Jong Un.",
        "kind": "What the actor is.",
        "summary": "One paragraph of inline Markdown; [[id]] links to a record.",
        "aliases": "Other names and spellings, native scripts too (김정은).",
        "body": "Longer Markdown text shown on the actor's page.",
        "country": "Id of the actor's state (an actor of kind state).",
        "country_code": "For a state: its ISO 3166-1 alpha-2 code (KP, RU, US), to shade it"
                        " on maps.",
        "positions": "Titles held, each with the dates it was held.",
        "relations": "Typed links to other actors, shown on both actors' pages.",
        "wikidata": "Wikidata item id, Q followed by digits.",
        "image": "A picture of the actor, with its credit.",
        "name_in_text": "The name as it reads inside a sentence, with its article: "
                        "the White House.",
        **_COMMON,
    },
    "Position": {
        "title": "The title, such as Minister of Defence.",
        "of": "Id of the actor the title is held in (optional).",
        "date": "When the title was held, an EDTF span such as 2012-11/2024-05.",
    },
    "Relation": {
        "type": "Relation type: " + ", ".join(RELATION_TYPES) + " (or one the site adds).",
        "to": "Id of the other actor.",
        "date": "When the relation held (EDTF).",
        "status": "How established the relation is (default confirmed).",
        "note": "A short inline Markdown note.",
        "sources": "Ids of the sources of the relation.",
    },
    "Image": {
        "url": "http or https URL of the image.",
        "credit": "Who made the image, under which licence.",
    },
    "Event": {
        "title": "What happened, as a short headline.",
        "date": "When it happened or is expected (EDTF).",
        "summary": "One paragraph of inline Markdown; [[id]] links to a record.",
        "status": "Whether it happened (default confirmed) or is reported, expected…",
        "place": "Id of the place where it happened.",
        "participants": "Actor ids, or {actor, role} with a free-text role such as host.",
        "body": "Longer Markdown text shown on the event's page.",
        "related": "Ids of related events.",
        "previously": "What was expected or reported before, for developing stories.",
        **_COMMON,
    },
    "Participant": {
        "actor": "Id of the actor taking part.",
        "role": "Free text, such as host or visitor.",
    },
    "Previously": {
        "date": "The date that was expected or reported then (EDTF).",
        "place": "Id of the place that was expected or reported then.",
        "status": "The status the event had then.",
        "note": "A short inline Markdown note.",
        "sources": "Ids of the sources that said so.",
    },
    "Claim": {
        "speaker": "Id of the actor who said it.",
        "date": "When it was said (EDTF).",
        "text": "What was claimed, in the editor's words (inline Markdown).",
        "quote": "The exact words, verbatim.",
        "on_behalf_of": "Id of the actor the speaker spoke for.",
        "headline": "A short title for the claim; without one, the text cut where a "
                    "sentence or clause ends.",
        "about": "Ids of the records the claim is about (any type).",
        "responds_to": "Id of the claim this one answers; needs a stance.",
        "stance": "How this claim answers responds_to; needs responds_to.",
        **_COMMON,
    },
    "Source": {
        "title": "The title of the article, statement or document.",
        "kind": "What kind of source it is.",
        "date": "When it was published (EDTF).",
        "publisher": "Id of the actor that published it.",
        "author": "Who wrote it.",
        "url": "http or https URL.",
        "accessed": "The day the URL was read (YYYY-MM-DD).",
        "archive_url": "http or https URL of an archived copy.",
        "language": "BCP 47 language tag such as en, ko or ru.",
        **_COMMON,
    },
    "Place": {
        "name": "Display name, such as Pyongyang.",
        "kind": "What the place is.",
        "summary": "One paragraph of inline Markdown; [[id]] links to a record.",
        "country": "Id of the state the place is in (an actor of kind state).",
        "coordinates": "[latitude, longitude] in decimal degrees.",
        "aliases": "Other names and spellings.",
        **_COMMON,
    },
    "Story": {
        "title": "The story's headline.",
        "summary": "One paragraph shown in the story list.",
        "date": "The period the story covers (EDTF).",
        "order": "Position in the story list (smaller first).",
        "home": ("true for the one story that is the home page. Its Markdown body (after the "
                 "front matter) may place the home page's panels, each on a line of its own: "
                 "`::: panel NAME`, where NAME is key-facts, timeline, map, latest, disputed "
                 "or next."),
        **_COMMON,
    },
}

_KIND_TITLES: dict[RecordKind, str] = {
    "actor": "An actor: person, organisation, state, armed group or media (actors/<id>.yml)",
    "event": "An event that happened or is reported, alleged or expected (events/<id>.yml)",
    "claim": "A statement attributed to a speaker, or a response to one (claims/<id>.yml)",
    "source": "Where facts come from (sources/<id>.yml)",
    "place": "A city, region, country or facility (places/<id>.yml)",
    "story": "The front matter of a story (stories/<id>.md)",
}


# ------------------------------------------------------------------ generator


#: What a YAML reader may make of text the editor typed plainly: ``title: 1917`` is a
#: number to it, ``title: true`` a boolean. The check reads the text as typed, so a
#: free-text field takes all three.
_SCALAR_TYPES = ["string", "number", "boolean"]
#: An id or a tag written as digits (``2022``, ``007``) is a number to a YAML reader.
_DIGITS = {"type": "integer", "minimum": 0}


def _keywords_after(function: Callable[..., Any], inner: dict[str, Any]) -> dict[str, Any]:
    """The JSON Schema of a value whose after-validator is ``function``."""
    text = {**inner, "type": "string"}
    rules: dict[Callable[..., Any], dict[str, Any]] = {
        models.check_ref: {"anyOf": [{**text, "pattern": models.ID_RE.pattern,
                                      "maxLength": MAX_ID_LENGTH}, _DIGITS]},
        models.check_slug: {"anyOf": [{**text, "pattern": models.ID_RE.pattern}, _DIGITS]},
        models.non_empty: {**inner, "minLength": 1, "pattern": r"\S"},
        models.check_wikidata: {**text, "pattern": models.WIKIDATA_RE.pattern},
        models.check_language: {**text, "pattern": models.BCP47_RE.pattern},
        models.check_country_code: {**text, "pattern": "^[A-Z]{2}$"},
    }
    return rules.get(function, inner)


class ContentSchema(GenerateJsonSchema):
    """pydantic's generator, told what the models' validators check."""

    def function_after_schema(self, schema: core_schema.AfterValidatorFunctionSchema
                              ) -> JsonSchemaValue:
        inner = dict(self.generate_inner(schema["schema"]))
        function = schema["function"]["function"]
        if function is models.check_coordinates:
            inner["prefixItems"] = [
                {"type": "number", "minimum": -90, "maximum": 90, "description": "latitude"},
                {"type": "number", "minimum": -180, "maximum": 180, "description": "longitude"},
            ]
        return _keywords_after(function, inner)

    def function_before_schema(self, schema: core_schema.BeforeValidatorFunctionSchema
                               ) -> JsonSchemaValue:
        inner = self.generate_inner(schema["schema"])
        function = schema["function"]["function"]
        if function is models.one_or_many:
            # participants: a bare actor id, or {actor, role}
            item = inner["items"]
            return {**inner, "items": {"anyOf": [_id_schema(), item]}}
        if function is models.text_only and inner.get("type") == "string":
            return {**inner, "type": _SCALAR_TYPES}
        return inner

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        inner = self.generate_inner(schema["schema"])
        cls = schema["cls"]
        docs = FIELD_DOCS.get(cls.__name__, {})
        properties = {name: _with_dates(prop) for name, prop in inner["properties"].items()}
        for name, prop in properties.items():
            if name in docs:
                prop["description"] = docs[name]
        json_schema: dict[str, Any] = {"title": cls.__name__}
        if issubclass(cls, Record):
            json_schema["description"] = _KIND_TITLES[cls.kind]
        json_schema.update(type="object", properties=properties)
        if inner.get("required"):
            json_schema["required"] = inner["required"]
        json_schema["additionalProperties"] = False
        if cls is models.Claim:  # each needs the other; an empty value is no value
            json_schema["allOf"] = [_needs("responds_to", "stance"),
                                    _needs("stance", "responds_to")]
        return json_schema

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False  # descriptions say more than "Actor Kind"


def _id_schema() -> dict[str, Any]:
    return {"anyOf": [{"type": "string", "pattern": models.ID_RE.pattern,
                       "maxLength": MAX_ID_LENGTH}, _DIGITS]}


def _needs(field: str, other: str) -> dict[str, Any]:
    """``field`` with a value needs ``other`` with a value."""
    given = {"required": [field], "properties": {field: {"not": {"type": "null"}}}}
    return {"if": given, "then": {"required": [other],
                                  "properties": {other: {"not": {"type": "null"}}}}}


def _edtf(description: str) -> dict[str, Any]:
    if description.startswith("EDTF day"):
        return {"type": "string", "pattern": _DAY_PATTERN,
                "description": "A day, YYYY-MM-DD.", "examples": ["2023-09-04"]}
    # A bare year (date: 2022) is a number to a YAML 1.2 reader; the loader keeps it as text.
    # Only a number that can be a year as written counts: 1000 to 9999, or -0001 to -9999
    # (a YAML reader makes -43 of -0043, 44 BCE).
    return {"anyOf": [{"type": "string", "pattern": EDTF_PATTERN},
                      {"type": "integer", "minimum": 1000, "maximum": 9999},
                      {"type": "integer", "minimum": -9999, "maximum": -1}],
            "description": "An EDTF date (levels 0 and 1): a day, month, year, approximate (~) "
                           "or uncertain (?), or an interval with / and open ends (..).",
            "examples": _DATE_EXAMPLES}


def _with_dates(value: Any) -> Any:
    """Dates get their EDTF shape (the models only mark them)."""
    if isinstance(value, list):
        return [_with_dates(item) for item in value]
    if not isinstance(value, dict):
        return value
    own = value.get("description")
    if value.get("type") == "string" and isinstance(own, str) and own.startswith("EDTF"):
        return _edtf(own)
    return {key: _with_dates(item) for key, item in value.items()}


def record_schema(kind: RecordKind) -> dict[str, Any]:
    """A standalone JSON Schema of one record type (data/schemas/<kind>.json)."""
    model = MODELS[kind]
    body = model.model_json_schema(by_alias=True, mode="validation",
                                   schema_generator=ContentSchema)
    defs = body.pop("$defs", None)
    return {"$schema": SCHEMA_DIALECT, **body, **({"$defs": defs} if defs else {})}


def content_schema() -> dict[str, Any]:
    """Every record type in one schema: ``$defs`` per type, a record is any of them."""
    _, top = models_json_schema([(MODELS[kind], "validation") for kind in MODELS],
                                by_alias=True, schema_generator=ContentSchema,
                                ref_template="#/$defs/{model}")
    roots = [MODELS[kind].__name__ for kind in MODELS]
    defs = {name: top["$defs"][name] for name in _reachable(top["$defs"], roots)}
    return {
        "$schema": SCHEMA_DIALECT,
        "title": "Explainer content format (v1)",
        "description": "A record of any type. Each type is in $defs; the folder a file is "
                       "in (actors/, events/, …) says which one applies. Where this schema "
                       "and `explainer check` disagree: " + "; ".join(
                           f"{case} ({reason})" for case, reason in DIFFERENCES.values())
                       + ".",
        "anyOf": [{"$ref": f"#/$defs/{MODELS[kind].__name__}"} for kind in MODELS],
        "$defs": dict(sorted(defs.items())),
    }


def _reachable(defs: dict[str, Any], roots: list[str]) -> set[str]:
    """The definitions the roots use (pydantic also lists unused helper types)."""
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name in seen or name not in defs:
            continue
        seen.add(name)
        todo += [ref.rsplit("/", 1)[1] for ref in _refs(defs[name])]
    return seen


def _refs(value: Any) -> list[str]:
    if isinstance(value, dict):
        own = [value["$ref"]] if isinstance(value.get("$ref"), str) else []
        return own + [r for item in value.values() for r in _refs(item)]
    if isinstance(value, list):
        return [r for item in value for r in _refs(item)]
    return []


def schema_text(kind: RecordKind | None = None) -> str:
    """A schema as the files hold it: stable indentation, one newline at the end."""
    schema = content_schema() if kind is None else record_schema(kind)
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def schema_files() -> dict[str, str]:
    """``schema.json`` and ``<kind>.json`` per record type, keyed by file name."""
    return dict(_schema_files())


@functools.cache  # the schemas come from the code alone: made once per process
def _schema_files() -> tuple[tuple[str, str], ...]:
    files = [("schema.json", schema_text())]
    for kind in MODELS:
        files.append((f"{kind}.json", schema_text(kind)))
    return tuple(files)

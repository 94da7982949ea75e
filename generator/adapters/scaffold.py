"""The text of a new record: its required fields, left empty, with short comments.

An empty required field is an error for ``explainer check`` ("must be text,
not nothing"), so a record cannot be published half-written; once every empty
field is filled in, the record passes the check. The first line points the
editor's YAML language server at the record type's JSON Schema, for
completion and checks while typing.
"""

from __future__ import annotations

import textwrap
import typing
from typing import Any

from ..core.config import Settings
from ..core.models import MODELS, Claim, Event
from ..core.vocabulary import RecordKind
from ..outputs.schema import FIELD_DOCS

_DATE_HINT = "e.g. 2023-09-04, 2023-09, 2022~, 2023-07-25/2023-07-27"
_STORY_BODY = ("Write the story here, in Markdown. Link to a record with its id in double "
               "square brackets, such as `[[kim-jong-un]]`, or `[[kim-jong-un|other words]]`.")


def schema_comment(schema_ref: str) -> str:
    return f"# yaml-language-server: $schema={schema_ref}"


def required_fields(kind: RecordKind, settings: Settings) -> list[str]:
    """The fields a new record must fill in, as editors write them, in model order."""
    model = MODELS[kind]
    names = [info.alias or name for name, info in model.model_fields.items()
             if info.is_required()]
    if settings.require_sources and model in (Event, Claim):
        names.append("sources")
    return names


def optional_fields(kind: RecordKind, settings: Settings) -> list[str]:
    model = MODELS[kind]
    required = set(required_fields(kind, settings))
    fields = [info.alias or name for name, info in model.model_fields.items()]
    own = [f for f in fields if f not in required and f not in ("sources", "tags", "formerly",
                                                                "notes")]
    common = [f for f in ("tags", "sources", "formerly", "notes") if f not in required]
    return own + common


def _comment(kind: RecordKind, name: str) -> str:
    model = MODELS[kind]
    doc = FIELD_DOCS.get(model.__name__, {}).get(name, "")
    annotation = next((info.annotation for field, info in model.model_fields.items()
                       if (info.alias or field) == name), None)
    choices = _literal_values(annotation)
    if choices:
        doc = f"{doc.rstrip('.')}: {', '.join(choices)}"
    elif name == "date":
        doc = f"{doc.rstrip('.')}, {_DATE_HINT}"
    return doc


def _literal_values(annotation: Any) -> list[str]:
    if typing.get_origin(annotation) is typing.Literal:
        return [str(v) for v in typing.get_args(annotation)]
    return []


def scaffold(kind: RecordKind, record_id: str, settings: Settings,
             schema_ref: str | None = None) -> str:
    """The text of a new record file (a story's front matter and body for a story)."""
    lines = [schema_comment(schema_ref)] if schema_ref else []
    lines.append(f"# A new {kind}, id {record_id}. Fill in every empty field, then run "
                 "`explainer check`.")
    for name in required_fields(kind, settings):
        value = " []" if name == "sources" else ""
        lines.append(f"{name}:{value}  # {_comment(kind, name)}")
    optional = "# Optional: " + ", ".join(optional_fields(kind, settings)) + "."
    lines += textwrap.wrap(optional, width=88, subsequent_indent="#   ")
    text = "\n".join(lines) + "\n"
    if kind == "story":
        return f"---\n{text}---\n\n{_STORY_BODY}\n"
    return text

"""Typed records of the content format (v1), as immutable pydantic models.

A record's own id comes from its file name and is a :data:`RecordId`; a field
that points at another record holds a :data:`Ref`. Keeping the two types apart
lets the type checker catch a reference used where an id belongs.

Models check types and field syntax. Rules that need other fields, settings or
other records live in ``validate`` and ``link``.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterator
from typing import Annotated, Any, ClassVar, NewType

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from .dates import Edtf, EdtfError, parse_edtf
from .geo import country_code_hint
from .titles import claim_title
from .vocabulary import (
    ActorKind,
    EventStatus,
    PlaceKind,
    RecordKind,
    RelationStatus,
    SourceKind,
    Stance,
)

RecordId = NewType("RecordId", str)
Ref = NewType("Ref", str)
FieldPath = tuple[str | int, ...]

ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_WIKIDATA_RE = re.compile(r"^Q[1-9][0-9]*$")
# BCP 47 language tags, the common well-formed shapes (language-script-region-variants).
_BCP47_RE = re.compile(
    r"^(?:[a-zA-Z]{2,3}(?:-[a-zA-Z]{3}){0,3}|[a-zA-Z]{4,8})"
    r"(?:-[a-zA-Z]{4})?(?:-(?:[a-zA-Z]{2}|[0-9]{3}))?"
    r"(?:-(?:[a-zA-Z0-9]{5,8}|[0-9][a-zA-Z0-9]{3}))*"
    r"(?:-[0-9a-wy-zA-WY-Z](?:-[a-zA-Z0-9]{2,8})+)*(?:-x(?:-[a-zA-Z0-9]{1,8})+)?$"
    r"|^x(?:-[a-zA-Z0-9]{1,8})+$"
)


def _text_only(value: object) -> object:
    if isinstance(value, (list, dict)):
        kind = "a list" if isinstance(value, list) else "a mapping"
        raise ValueError(f"must be text, not {kind}")
    return value


def _non_empty(value: str) -> str:
    value = value.strip()
    if not value:
        raise PydanticCustomError("empty_field", "must not be empty")
    return value


def _check_ref(value: str) -> Ref:
    if not ID_RE.match(value):
        raise ValueError(f"'{value}' is not a record id (lower-case words joined by hyphens)")
    return Ref(value)


def _check_slug(value: str) -> str:
    if not ID_RE.match(value):
        slug = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
        raise ValueError(f"tag '{value}' must be a slug such as '{slug or 'war-in-ukraine'}'")
    return value


def _parse_date(value: object) -> Edtf:
    if not isinstance(value, str):
        raise ValueError("a date must be written as text, such as 2023-09-04")
    try:
        return parse_edtf(value)
    except EdtfError as exc:
        raise ValueError(exc.message) from None


def _parse_day(value: object) -> Edtf:
    date = _parse_date(value)
    if not date.is_day:
        raise ValueError(f"'{date.text}' must be a single day such as 2023-09-04")
    return date


#: ``str.isspace`` is what ``\s`` matches in a text pattern; then the control characters.
_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f]")


def _check_url(value: str) -> str:
    parts = urllib.parse.urlsplit(value.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise ValueError(f"'{value}' is not an http or https URL")
    if _SPACE_OR_CONTROL.search(value.strip()):
        raise ValueError(f"'{value}' contains spaces or control characters")
    return value.strip()


def _check_wikidata(value: str) -> str:
    if not _WIKIDATA_RE.match(value):
        raise ValueError(f"'{value}' is not a Wikidata id (Q followed by digits, such as Q423)")
    return value


def _check_country_code(value: str) -> str:
    # The code table ships with the map outlines (see geo).
    hint = country_code_hint(value)
    if hint != value:
        advice = f"did you mean '{hint}'?" if hint else "such as KP, RU or US"
        raise ValueError(f"'{value}' is not an ISO 3166-1 alpha-2 country code; {advice}")
    return value


def _check_language(value: str) -> str:
    if not _BCP47_RE.match(value):
        raise ValueError(f"'{value}' is not a BCP 47 language tag such as en, ko or ru")
    return value


def _check_coordinates(value: tuple[float, float]) -> tuple[float, float]:
    lat, lon = value
    if not -90 <= lat <= 90:
        raise ValueError(f"latitude {lat:g} is out of range (-90 to 90)")
    if not -180 <= lon <= 180:
        raise ValueError(f"longitude {lon:g} is out of range (-180 to 180)")
    return value


def _said(value: object) -> str:
    if isinstance(value, str):
        return f"'{value}'"
    return {type(None): "nothing", list: "a list", dict: "a mapping"}.get(type(value), "a value")


#: The spellings of true and false that YAML 1.2 (and so an editor's YAML language
#: server and its JSON Schema) reads as booleans. ``yes``, ``on`` or ``1`` are not.
_BOOLEANS = {"true": True, "True": True, "TRUE": True,
             "false": False, "False": False, "FALSE": False}
_WHOLE_NUMBER = re.compile(r"^[+-]?[0-9]+$")


def _true_or_false(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip() in _BOOLEANS:
        return _BOOLEANS[value.strip()]
    raise ValueError(f"must be true or false, not {_said(value)}")


def _whole_number(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and _WHOLE_NUMBER.match(value.strip()):
        return int(value.strip())
    raise ValueError(f"must be a whole number, not {_said(value)}")


def _one_or_many(value: object) -> object:
    """``participants`` items may be a bare actor id or ``{actor, role}``."""
    if isinstance(value, list):
        return [{"actor": item} if isinstance(item, str) else item for item in value]
    return value


Text = Annotated[str, BeforeValidator(_text_only), AfterValidator(_non_empty)]
InlineMarkdown = Text
BlockMarkdown = Annotated[str, BeforeValidator(_text_only)]
RefField = Annotated[Ref, BeforeValidator(_text_only), AfterValidator(_check_ref)]
IdField = Annotated[RecordId, BeforeValidator(_text_only), AfterValidator(_check_ref)]
Tag = Annotated[str, BeforeValidator(_text_only), AfterValidator(_check_slug)]
Url = Annotated[str, BeforeValidator(_text_only), AfterValidator(_check_url),
                WithJsonSchema({"type": "string", "format": "uri", "pattern": "^https?://"})]
_DATE_SCHEMA = {"type": "string", "description": "EDTF date (levels 0 and 1)"}
EdtfDate = Annotated[Edtf, PlainValidator(_parse_date), WithJsonSchema(_DATE_SCHEMA)]
EdtfDay = Annotated[Edtf, PlainValidator(_parse_day),
                    WithJsonSchema({**_DATE_SCHEMA, "description": "EDTF day (YYYY-MM-DD)"})]
Wikidata = Annotated[str, BeforeValidator(_text_only), AfterValidator(_check_wikidata)]
Language = Annotated[str, BeforeValidator(_text_only), AfterValidator(_check_language)]
CountryCode = Annotated[str, BeforeValidator(_text_only), AfterValidator(_check_country_code)]
Coordinates = Annotated[tuple[float, float], AfterValidator(_check_coordinates)]
YamlBool = Annotated[bool, PlainValidator(_true_or_false), WithJsonSchema({"anyOf": [
    {"type": "boolean"}, {"enum": sorted(_BOOLEANS)}]})]
WholeNumber = Annotated[int, PlainValidator(_whole_number), WithJsonSchema({"anyOf": [
    {"type": "integer"}, {"type": "string", "pattern": _WHOLE_NUMBER.pattern}]})]


class Model(BaseModel):
    """Base of every model: immutable, unknown fields ignored (``validate`` warns)."""

    model_config = ConfigDict(frozen=True, extra="ignore", arbitrary_types_allowed=True,
                              populate_by_name=True)


#: A reference found in a record: where, what it names, and which kinds it may name.
RefSite = tuple[FieldPath, Ref, frozenset[RecordKind], str]
ANY_KIND: frozenset[RecordKind] = frozenset(
    ("actor", "event", "claim", "source", "place", "story"))
ACTOR: frozenset[RecordKind] = frozenset(("actor",))


def _source_refs(sources: tuple[Ref, ...], prefix: FieldPath = ()) -> Iterator[RefSite]:
    for i, ref in enumerate(sources):
        yield (*prefix, "sources", i), ref, frozenset(("source",)), "source"


class Record(Model):
    """Fields common to every record."""

    kind: ClassVar[RecordKind]
    #: Fields holding Markdown, which may contain ``[[id]]`` mentions.
    markdown_fields: ClassVar[tuple[str, ...]] = ()

    sources: tuple[RefField, ...] = ()
    tags: tuple[Tag, ...] = ()
    formerly: tuple[IdField, ...] = ()
    notes: BlockMarkdown | None = None

    def references(self) -> Iterator[RefSite]:
        """Every structured reference, with its field path and allowed target kinds."""
        yield from _source_refs(self.sources)

    def display_name(self) -> str:
        raise NotImplementedError

    def markdown(self) -> Iterator[tuple[FieldPath, str]]:
        """Every Markdown value, with its field path."""
        for name in self.markdown_fields:
            value = getattr(self, name)
            if value:
                yield (name,), value


class Position(Model):
    title: Text
    of: RefField | None = None
    date: EdtfDate


class Relation(Model):
    type: Text
    to: RefField
    date: EdtfDate | None = None
    status: RelationStatus = "confirmed"
    note: InlineMarkdown | None = None
    sources: tuple[RefField, ...] = ()


class Image(Model):
    url: Url
    credit: Text | None = None


class Actor(Record):
    kind: ClassVar[RecordKind] = "actor"
    markdown_fields = ("summary", "body")

    name: Text
    actor_kind: ActorKind = Field(alias="kind")
    summary: InlineMarkdown
    aliases: tuple[Text, ...] = ()
    body: BlockMarkdown | None = None
    country: RefField | None = None
    country_code: CountryCode | None = None
    positions: tuple[Position, ...] = ()
    relations: tuple[Relation, ...] = ()
    wikidata: Wikidata | None = None
    image: Image | None = None
    #: How the name reads inside a sentence, where English wants an article:
    #: "the White House" ("speaking for the White House").
    name_in_text: Text | None = None

    def display_name(self) -> str:
        return self.name

    def running_name(self) -> str:
        """The name as it reads inside a sentence."""
        return self.name_in_text or self.name

    def references(self) -> Iterator[RefSite]:
        yield from super().references()
        if self.country:
            yield ("country",), self.country, ACTOR, "country"
        for i, pos in enumerate(self.positions):
            if pos.of:
                yield ("positions", i, "of"), pos.of, ACTOR, "position"
        for i, rel in enumerate(self.relations):
            yield ("relations", i, "to"), rel.to, ACTOR, "relation"
            yield from _source_refs(rel.sources, ("relations", i))

    def markdown(self) -> Iterator[tuple[FieldPath, str]]:
        yield from super().markdown()
        for i, rel in enumerate(self.relations):
            if rel.note:
                yield ("relations", i, "note"), rel.note


class Participant(Model):
    actor: RefField
    role: Text | None = None


class Previously(Model):
    date: EdtfDate | None = None
    place: RefField | None = None
    status: EventStatus | None = None
    note: InlineMarkdown | None = None
    sources: tuple[RefField, ...] = ()


class Event(Record):
    kind: ClassVar[RecordKind] = "event"
    markdown_fields = ("summary", "body")

    title: Text
    date: EdtfDate
    summary: InlineMarkdown
    status: EventStatus = "confirmed"
    place: RefField | None = None
    participants: Annotated[tuple[Participant, ...], BeforeValidator(_one_or_many)] = ()
    body: BlockMarkdown | None = None
    related: tuple[RefField, ...] = ()
    previously: tuple[Previously, ...] = ()

    def display_name(self) -> str:
        return self.title

    def references(self) -> Iterator[RefSite]:
        yield from super().references()
        if self.place:
            yield ("place",), self.place, frozenset(("place",)), "place"
        for i, part in enumerate(self.participants):
            yield ("participants", i, "actor"), part.actor, ACTOR, "participant"
        for i, ref in enumerate(self.related):
            yield ("related", i), ref, frozenset(("event",)), "related event"
        for i, prev in enumerate(self.previously):
            if prev.place:
                yield ("previously", i, "place"), prev.place, frozenset(("place",)), "place"
            yield from _source_refs(prev.sources, ("previously", i))

    def markdown(self) -> Iterator[tuple[FieldPath, str]]:
        yield from super().markdown()
        for i, prev in enumerate(self.previously):
            if prev.note:
                yield ("previously", i, "note"), prev.note


class Claim(Record):
    kind: ClassVar[RecordKind] = "claim"
    markdown_fields = ("text",)

    speaker: RefField
    date: EdtfDate
    text: InlineMarkdown
    quote: Text | None = None
    on_behalf_of: RefField | None = None
    about: tuple[RefField, ...] = ()
    responds_to: RefField | None = None
    stance: Stance | None = None
    #: A short title; without one, the title is the text cut where a sentence or
    #: clause ends (see ``titles``).
    headline: Text | None = None

    def display_name(self) -> str:
        return claim_title(self.text, self.headline)

    def references(self) -> Iterator[RefSite]:
        yield from super().references()
        yield ("speaker",), self.speaker, ACTOR, "speaker"
        if self.on_behalf_of:
            yield ("on_behalf_of",), self.on_behalf_of, ACTOR, "on_behalf_of"
        for i, ref in enumerate(self.about):
            yield ("about", i), ref, ANY_KIND, "about"
        if self.responds_to:
            yield ("responds_to",), self.responds_to, frozenset(("claim",)), "responds_to"


class Source(Record):
    kind: ClassVar[RecordKind] = "source"

    title: Text
    source_kind: SourceKind = Field(alias="kind")
    date: EdtfDate
    publisher: RefField | None = None
    author: Text | None = None
    url: Url | None = None
    accessed: EdtfDay | None = None
    archive_url: Url | None = None
    language: Language | None = None

    def display_name(self) -> str:
        return self.title

    def references(self) -> Iterator[RefSite]:
        yield from super().references()
        if self.publisher:
            yield ("publisher",), self.publisher, ACTOR, "publisher"


class Place(Record):
    kind: ClassVar[RecordKind] = "place"
    markdown_fields = ("summary",)

    name: Text
    place_kind: PlaceKind = Field(alias="kind")
    summary: InlineMarkdown | None = None
    country: RefField | None = None
    coordinates: Coordinates | None = None
    aliases: tuple[Text, ...] = ()

    def display_name(self) -> str:
        return self.name

    def references(self) -> Iterator[RefSite]:
        yield from super().references()
        if self.country:
            yield ("country",), self.country, ACTOR, "country"


class Story(Record):
    kind: ClassVar[RecordKind] = "story"
    markdown_fields = ("summary",)

    title: Text
    summary: InlineMarkdown | None = None
    date: EdtfDate | None = None
    order: WholeNumber | None = None
    home: YamlBool = False

    def display_name(self) -> str:
        return self.title


MODELS: dict[RecordKind, type[Record]] = {
    model.kind: model for model in (Actor, Event, Claim, Source, Place, Story)
}


def shorten(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def field_names(model: type[BaseModel]) -> dict[str, Any]:
    """The names an editor may write for a model's fields, mapped to their annotations."""
    return {(info.alias or name): info.annotation for name, info in model.model_fields.items()}


# ----------------------------------------------------------- for the JSON Schema

# The field validators whose rules ``outputs.schema`` writes into the JSON Schema,
# by their public names (the schema tells them apart by identity).
check_ref = _check_ref
check_slug = _check_slug
non_empty = _non_empty
check_wikidata = _check_wikidata
check_language = _check_language
check_coordinates = _check_coordinates
check_country_code = _check_country_code
one_or_many = _one_or_many
text_only = _text_only
WIKIDATA_RE = _WIKIDATA_RE
BCP47_RE = _BCP47_RE

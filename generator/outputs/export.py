"""Open data: every record as JSON and CSV, and the content format's JSON Schema.

The files are built from the linked :class:`Site`, so they say what the pages
say: references are resolved to ``{id, type, name, url}``, reverse links are
included (an actor's events and claims, inverse relations, who cites a
source, where a record is mentioned), and dates carry their reading
(``{text, display, earliest, latest}``). Editors' ``notes`` are never
exported: records are built field by field from an explicit list.

Everything is deterministic: records sorted by id, keys in a fixed order,
two-space indentation, UTF-8 without escapes, CSV rows in the same order.
The files go into the site under ``data/`` (see ``render``) and into any
folder with ``explainer export``.

Each file of records is assembled from per-record fragments (:class:`RecordFragment`:
the record's JSON text and CSV rows), made by :func:`record_fragment` from
the site and the id alone; :func:`open_data` takes a ``fragment`` hook so that
a live preview can reuse the fragments of records an edit did not touch.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from json.encoder import encode_basestring
from typing import Any

from ..core import paths
from ..core.dates import DayKey, Edtf
from ..core.link import Site
from ..core.markup import find_mentions
from ..core.models import (
    Actor,
    Claim,
    Event,
    Image,
    Place,
    Record,
    RecordId,
    Source,
    Story,
)
from ..core.plaintext import plain_text
from ..core.validate import Entry
from ..core.vocabulary import FOLDER_OF, FOLDERS, RecordKind
from .schema import schema_files

DATA_DIR = "data"
DATA_PAGE = f"{DATA_DIR}/index.md"
#: The index of an export: what the files are, and the marker of an export folder.
INDEX_FILE = "site.json"
RELATIONS_CSV = "relations.csv"
FORMAT = "explainer-data"
FORMAT_VERSION = 1

Json = dict[str, Any]

# -------------------------------------------------------------------- values


def page_url(site: Site, md_path: str) -> str:
    """The URL MkDocs gives a page, relative to the site root ('' for the home page)."""
    return paths.page_url(md_path, site.settings.directory_urls)


def record_url(site: Site, record_id: str) -> str:
    """The URL of a record's page (the home story is the home page)."""
    return page_url(site, paths.page_path(site, record_id))


def ref(site: Site, record_id: str | None) -> Json | None:
    """A reference, resolved: ``{id, type, name, url}``; None when there is none."""
    return Exporter(site).ref(record_id)


def iso_day(day: DayKey | None) -> str | None:
    """``2023-09-04``; years outside 0000–9999 get a sign (ISO 8601 expanded)."""
    if day is None:
        return None
    year, month, dd = day
    shown = f"{year:04d}" if 0 <= year <= 9999 else f"{year:+05d}"
    return f"{shown}-{month:02d}-{dd:02d}"


def date(value: Edtf | None) -> Json | None:
    """A date as written and as read: ``{text, display, earliest, latest}``."""
    if value is None:
        return None
    return Flat(text=value.text, display=value.display(),
                earliest=iso_day(value.earliest), latest=iso_day(value.latest))


def mentions(site: Site, entry: Entry[Record]) -> list[RecordId]:
    """The records a record mentions with ``[[id]]``, in order of first mention."""
    texts = [value for _, value in entry.model.markdown()]
    if entry.raw.kind == "story":
        texts.append(entry.raw.body)
    found: dict[RecordId, None] = {}
    for text in texts:
        for mention in find_mentions(text):
            target = RecordId(mention.target)
            if target in site.entries and target != entry.id:
                found[target] = None
    return list(found)


def _image(image: Image | None) -> Json | None:
    return None if image is None else {"url": image.url, "credit": image.credit}


# ------------------------------------------------------------------ records


class Flat(dict[str, Any]):
    """An object of strings and nulls (a reference, a date) that carries its JSON
    text: it is written on one line, and a reference into many records."""

    __slots__ = ("json_text",)

    def __init__(self, **fields: str | None) -> None:
        super().__init__(fields)
        self.json_text = "{" + ", ".join([f"{_encode_str(k)}: {_string_or_null(v)}"
                                          for k, v in fields.items()]) + "}"


def _string_or_null(value: str | None) -> str:
    return "null" if value is None else _encode_str(value)


class Exporter:
    """Builds the JSON of records, with each reference worked out once.

    It keeps the references it made, so one exporter serves either one record
    (:func:`record_fragment`) or a whole export, never a site that changed.
    """

    def __init__(self, site: Site) -> None:
        self.site = site
        self._refs: dict[str, Json] = {}
        self._dates: dict[str, Json] = {}

    def date(self, value: Edtf | None) -> Json | None:
        """:func:`date`, each worked out once (an event's date is in each actor's list)."""
        if value is None:
            return None
        made = self._dates.get(value.text)  # the text is what the rest is parsed from
        if made is None:
            made = self._dates[value.text] = date(value)  # type: ignore[assignment]
        return made

    def ref(self, record_id: str | None) -> Json | None:
        """A reference, resolved: ``{id, type, name, url}``; None when there is none."""
        if record_id is None:
            return None
        cached = self._refs.get(record_id)
        if cached is not None:
            return cached
        site = self.site
        if record_id not in site.entries:  # only when content has errors; kept as written
            return {"id": record_id, "type": None, "name": None, "url": None}
        made = Flat(id=record_id, type=site.model(record_id).kind,
                    name=site.name(record_id), url=record_url(site, record_id))
        self._refs[record_id] = made
        return made

    def refs(self, record_ids: Iterable[str]) -> list[Json]:
        return [r for i in record_ids if (r := self.ref(i)) is not None]

    def text(self, markdown: str | None) -> str | None:
        """Markdown reduced to plain text: mentions become names, markup goes."""
        if markdown is None:
            return None
        site = self.site
        return plain_text(markdown, lambda i: self._name(i) if i in site.entries else None)

    def _name(self, record_id: str) -> str:
        made = self.ref(record_id)
        return str(made["name"]) if made else record_id

    def record(self, record_id: str) -> Json:
        """One record as published: its fields, resolved references and reverse links."""
        entry = self.site.entry(record_id)
        rid, model = entry.id, entry.model
        own: Json
        if isinstance(model, Actor):
            own = self._actor(rid, model)
        elif isinstance(model, Event):
            own = self._event(rid, model)
        elif isinstance(model, Claim):
            own = self._claim(rid, model)
        elif isinstance(model, Source):
            own = self._source(rid, model)
        elif isinstance(model, Place):
            own = self._place(rid, model)
        elif isinstance(model, Story):
            own = self._story(entry, model)
        else:  # pragma: no cover - every record type is above
            raise TypeError(f"no export for {type(model).__name__}")
        return {**(self.ref(rid) or {}), **own, **self._tail(entry)}

    def _tail(self, entry: Entry[Record]) -> Json:
        site, rid, model = self.site, entry.id, entry.model
        return {
            "tags": list(model.tags),
            "sources": self.refs(model.sources),
            "formerly": list(model.formerly),
            "claims_about": self.refs(site.claims_about.get(rid, [])),
            "mentions": self.refs(mentions(site, entry)),
            "mentioned_in": self.refs(site.mentioned_in.get(rid, [])),
        }

    def _actor(self, rid: RecordId, actor: Actor) -> Json:
        site = self.site
        relation_types = site.settings.relation_types
        relations = []
        for link in site.relations.get(rid, []):
            rel = link.relation
            labels = relation_types[rel.type]
            relations.append({
                "type": rel.type,
                "direction": "incoming" if link.inverse else "outgoing",
                "label": labels.inverse if link.inverse else labels.label,
                "actor": self.ref(link.other),
                "date": self.date(rel.date), "status": rel.status, "note": rel.note,
                "note_text": self.text(rel.note),
                "sources": self.refs(rel.sources),
            })
        claims_made = []
        for cid in site.claims_by.get(rid, []):
            claim = site.typed(cid, Claim)
            role = "speaker" if site.resolve(claim.speaker) == rid else "on_behalf_of"
            claims_made.append({"claim": self.ref(cid), "role": role})
        return {
            "kind": actor.actor_kind,
            "summary": actor.summary, "summary_text": self.text(actor.summary),
            "aliases": list(actor.aliases),
            "body": actor.body,
            "country": self.ref(actor.country),
            "country_code": actor.country_code,
            "positions": [{"title": p.title, "of": self.ref(p.of), "date": self.date(p.date)}
                          for p in actor.positions],
            "titles_as_of": [p.title for p in site.positions_on(rid, site.as_of)],
            "relations": relations,
            "wikidata": actor.wikidata,
            "image": _image(actor.image),
            "events": [{"event": self.ref(a.event), "role": a.role,
                        "date": self.date(site.typed(a.event, Event).date)}
                       for a in site.appearances.get(rid, [])],
            "claims_made": claims_made,
            "sources_published": self.refs(site.published_by.get(rid, [])),
            "places": self.refs(site.located_in.get(rid, [])),
        }

    def _event(self, rid: RecordId, event: Event) -> Json:
        site = self.site
        participants = []
        for part in event.participants:
            actor = site.resolve(part.actor)
            titles = [p.title for p in site.positions_at(actor, event.date)] if actor else []
            participants.append({"actor": self.ref(part.actor), "role": part.role,
                                 "titles": titles})
        return {
            "title": event.title,
            "date": self.date(event.date),
            "status": event.status,
            "summary": event.summary, "summary_text": self.text(event.summary),
            "place": self.ref(event.place),
            "participants": participants,
            "body": event.body,
            "related": self.refs(event.related),
            "related_from": self.refs(site.related_from.get(rid, [])),
            "previously": [{"date": self.date(p.date), "place": self.ref(p.place),
                            "status": p.status, "note": p.note, "note_text": self.text(p.note),
                            "sources": self.refs(p.sources)}
                           for p in event.previously],
        }

    def _claim(self, rid: RecordId, claim: Claim) -> Json:
        site = self.site
        speaker = site.resolve(claim.speaker)
        return {
            "date": self.date(claim.date),
            "speaker": self.ref(claim.speaker),
            "speaker_titles": [p.title for p in site.positions_at(speaker, claim.date)]
            if speaker else [],
            "on_behalf_of": self.ref(claim.on_behalf_of),
            "text": claim.text, "text_plain": self.text(claim.text),
            "quote": claim.quote,
            "about": self.refs(claim.about),
            "responds_to": self.ref(claim.responds_to),
            "stance": claim.stance,
            "status": site.claim_status(rid),
            "responses": [{"claim": self.ref(r), "stance": site.typed(r, Claim).stance}
                          for r in site.responses.get(rid, [])],
            "thread": self.ref(site.thread_root(rid)),
        }

    def _source(self, rid: RecordId, source: Source) -> Json:
        return {
            "title": source.title,
            "kind": source.source_kind,
            "date": self.date(source.date),
            "publisher": self.ref(source.publisher),
            "author": source.author,
            "source_url": source.url,
            "accessed": self.date(source.accessed),
            "archive_url": source.archive_url,
            "language": source.language,
            "cited_by": self.refs(self.site.cited_by.get(rid, [])),
        }

    def _place(self, rid: RecordId, place: Place) -> Json:
        coords = place.coordinates
        return {
            "kind": place.place_kind,
            "summary": place.summary, "summary_text": self.text(place.summary),
            "aliases": list(place.aliases),
            "country": self.ref(place.country),
            "coordinates": {"latitude": coords[0], "longitude": coords[1]} if coords else None,
            "events": self.refs(self.site.events_at.get(rid, [])),
        }

    def _story(self, entry: Entry[Record], story: Story) -> Json:
        return {
            "title": story.title,
            "summary": story.summary, "summary_text": self.text(story.summary),
            "date": self.date(story.date),
            "order": story.order,
            "home": story.home,
            "body": entry.raw.body,
        }


def record_json(site: Site, record_id: str) -> Json:
    """One record as published: its fields, resolved references and reverse links."""
    return Exporter(site).record(record_id)


def ids_by_kind(site: Site) -> dict[RecordKind, list[RecordId]]:
    """The records of each type (every type, empty or not), sorted by id."""
    ids: dict[RecordKind, list[RecordId]] = {kind: [] for kind in FOLDER_OF}
    for entry in site.entries.values():
        ids[entry.model.kind].append(entry.id)
    return {kind: sorted(members) for kind, members in ids.items()}


def dump_json(value: object) -> str:
    """JSON with two-space indentation, where an object or list of plain values
    (a reference, a date, a list of tags) stays on one line: half the lines, and
    a diff shows one changed reference as one changed line."""
    return _dump(value, 0) + "\n"


def _dump(value: object, level: int) -> str:
    """``value`` as :func:`dump_json` writes it, for a place ``level`` deep."""
    return _layout(value, "  " * level) if _is_nested(value) else _encode(value)


_PLAIN = frozenset((str, int, float, bool, type(None)))


def _is_nested(value: object) -> bool:
    """A dict or list that holds a dict or list: laid out one member a line."""
    members: Iterable[object]
    if isinstance(value, dict):
        members = value.values()
    elif isinstance(value, (list, tuple)):
        members = value
    else:
        return False
    if _PLAIN.issuperset(map(type, members)):  # most often, and decided in C
        return False
    return any(isinstance(v, (dict, list, tuple)) for v in members)


def _layout(value: object, pad: str) -> str:
    """A nested dict or list, one member a line; plain members go to the C encoder."""
    inner = pad + "  "
    if isinstance(value, dict):
        members = [f"{inner}{_encode_str(str(k))}: {_member(v, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(members) + f"\n{pad}}}"
    assert isinstance(value, (list, tuple))
    items = [inner + _member(v, inner) for v in value]
    return "[\n" + ",\n".join(items) + f"\n{pad}]"


def _member(value: object, pad: str) -> str:
    # The common members first, without the encoder's own dispatch.
    if isinstance(value, Flat):
        return value.json_text
    kind = type(value)
    if kind is str:
        return _encode_str(value)  # type: ignore[arg-type]
    if value is None:
        return "null"
    if kind is list and not value:
        return "[]"
    return _layout(value, pad) if _is_nested(value) else _encode(value)


_encode = json.JSONEncoder(ensure_ascii=False).encode
_encode_str: Callable[[str], str] = encode_basestring


# --------------------------------------------------------------------- CSV

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
LIST_SEPARATOR = "; "


class EdtfCell(str):
    """A date cell: EDTF text (``-0043-03-15``) or an ISO day, written as it is.

    It is never given a ``'``: a date is digits, ``-``, ``/`` and EDTF's marks,
    which no spreadsheet can run as anything but arithmetic, and data tools must
    read the date as written (44 BCE is ``-0043``).
    """

    __slots__ = ()


def list_item(text: str) -> str:
    """An item of a list cell: ``\\`` and ``;`` escaped with a backslash, so that the
    items can always be told apart (see the Data page's rule)."""
    return text.replace("\\", "\\\\").replace(";", "\\;") if ("\\" in text or ";" in text) \
        else text


def split_list(cell: str) -> list[str]:
    """The items of a list cell (the inverse of the join): split at each ``;`` that no
    backslash escapes, drop the one space after it, undo the escapes."""
    if not cell:
        return []
    items, current, chars = [], [], iter(cell)
    for char in chars:
        if char == "\\":
            current.append(next(chars, ""))
        elif char == ";":
            items.append("".join(current))
            current = []
            next(chars, "")  # the space after the separator
        else:
            current.append(char)
    items.append("".join(current))
    return items


def safe_cell(value: str) -> str:
    """A cell a spreadsheet will not run: text that starts like a formula gets a ``'``.

    Plain numbers (a negative longitude) are left alone: they are not formulas.
    """
    if value.startswith(_FORMULA_START) and not _NUMBER.match(value):
        return "'" + value
    return value


def _cell(value: object) -> str:
    kind = type(value)
    if kind is str:  # most cells, and most items of lists
        return " ".join(value.split())  # type: ignore[attr-defined]
    if kind is list:
        return LIST_SEPARATOR.join([list_item(_cell(v)) for v in value])  # type: ignore[attr-defined]
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join([list_item(_cell(v)) for v in value])
    if isinstance(value, float):
        return repr(value)
    return " ".join(str(value).split()) if isinstance(value, str) else str(value)


def write_csv(header: list[str], rows: Iterable[Sequence[object]]) -> str:
    """RFC 4180 CSV: every cell quoted when needed, formula-like text neutralised."""
    return csv_rows([header]) + csv_rows(rows)


def csv_rows(rows: Iterable[Sequence[object]]) -> str:
    """Rows of :func:`write_csv` without its header, each ending in CRLF."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerows([_csv_cell(value) for value in row] for row in rows)
    return out.getvalue()


def _csv_cell(value: object) -> str:
    if type(value) is EdtfCell:
        return value
    return safe_cell(_cell(value))


Column = tuple[str, Callable[[Json], object]]


def _ids(key: str) -> Callable[[Json], object]:
    """A list of references (or of ``{<inner>: reference}``) as ids."""
    def get(record: Json) -> object:
        return [_ref_id(item) for item in record[key]]
    return get


def _ref_id(item: Json) -> str:
    if "id" in item and "url" in item:
        return str(item["id"])
    inner = next(v for v in item.values() if isinstance(v, dict))
    return str(inner["id"])


def _one(key: str) -> Callable[[Json], object]:
    return lambda record: (record[key] or {}).get("id")


def _field(key: str) -> Callable[[Json], object]:
    return lambda record: record[key]


def _date_columns(key: str) -> list[Column]:
    def part(name: str) -> Callable[[Json], object]:
        return lambda record: (record[key] or {}).get(name)

    def edtf(name: str) -> Callable[[Json], object]:
        return lambda record: _edtf_cell((record[key] or {}).get(name))
    return [(key, edtf("text")), (f"{key}_display", part("display")),
            (f"{key}_earliest", edtf("earliest")), (f"{key}_latest", edtf("latest"))]


def _edtf_cell(value: object) -> object:
    return EdtfCell(value) if isinstance(value, str) else value


def _with_role(list_key: str, inner: str) -> Callable[[Json], object]:
    def get(record: Json) -> object:
        return [f"{item[inner]['id']} ({item['role']})" if item.get("role")
                else item[inner]["id"] for item in record[list_key]]
    return get


def _positions(record: Json) -> object:
    return [f"{p['title']}" + (f" ({p['of']['id']})" if p["of"] else "")
            + f" {p['date']['text']}" for p in record["positions"]]


def _relations(record: Json) -> object:
    return [f"{r['label']} {r['actor']['id']}" for r in record["relations"]]


def _previously(record: Json) -> object:
    return [" ".join(str(part) for part in (
        (p["date"] or {}).get("text"), (p["place"] or {}).get("id"), p["status"]) if part)
        for p in record["previously"]]


_HEAD: list[Column] = [("id", _field("id")), ("name", _field("name")), ("url", _field("url"))]
_TAIL: list[Column] = [("tags", _field("tags")), ("sources", _ids("sources")),
                       ("formerly", _field("formerly")), ("claims_about", _ids("claims_about")),
                       ("mentions", _ids("mentions")), ("mentioned_in", _ids("mentioned_in"))]

CSV_COLUMNS: dict[RecordKind, list[Column]] = {
    "actor": [*_HEAD, ("kind", _field("kind")), ("summary", _field("summary_text")),
              ("aliases", _field("aliases")), ("country", _one("country")),
              ("country_code", _field("country_code")),
              ("positions", _positions), ("titles_as_of", _field("titles_as_of")),
              ("relations", _relations), ("wikidata", _field("wikidata")),
              ("image_url", lambda r: (r["image"] or {}).get("url")),
              ("image_credit", lambda r: (r["image"] or {}).get("credit")),
              ("events", _with_role("events", "event")),
              ("claims_made", _ids("claims_made")),
              ("sources_published", _ids("sources_published")), ("places", _ids("places")),
              *_TAIL],
    "event": [*_HEAD, *_date_columns("date"), ("status", _field("status")),
              ("summary", _field("summary_text")), ("place", _one("place")),
              ("participants", _with_role("participants", "actor")),
              ("related", _ids("related")), ("related_from", _ids("related_from")),
              ("previously", _previously), *_TAIL],
    "claim": [*_HEAD, *_date_columns("date"), ("speaker", _one("speaker")),
              ("speaker_titles", _field("speaker_titles")),
              ("on_behalf_of", _one("on_behalf_of")), ("text", _field("text_plain")),
              ("quote", _field("quote")), ("about", _ids("about")),
              ("responds_to", _one("responds_to")), ("stance", _field("stance")),
              ("status", _field("status")), ("responses", _ids("responses")),
              ("thread", _one("thread")), *_TAIL],
    "source": [*_HEAD, ("title", _field("title")), ("kind", _field("kind")),
               *_date_columns("date"), ("publisher", _one("publisher")),
               ("author", _field("author")), ("source_url", _field("source_url")),
               ("accessed", lambda r: _edtf_cell((r["accessed"] or {}).get("text"))),
               ("archive_url", _field("archive_url")), ("language", _field("language")),
               ("cited_by", _ids("cited_by")), *_TAIL],
    "place": [*_HEAD, ("kind", _field("kind")), ("summary", _field("summary_text")),
              ("aliases", _field("aliases")), ("country", _one("country")),
              ("latitude", lambda r: (r["coordinates"] or {}).get("latitude")),
              ("longitude", lambda r: (r["coordinates"] or {}).get("longitude")),
              ("events", _ids("events")), *_TAIL],
    "story": [*_HEAD, ("summary", _field("summary_text")), *_date_columns("date"),
              ("order", _field("order")), ("home", _field("home")), *_TAIL],
}

RELATION_COLUMNS = ["actor", "type", "label", "inverse_label", "to", "date", "date_earliest",
                    "date_latest", "status", "note", "sources"]


def _relation_rows(exporter: Exporter, actor_id: RecordId) -> Iterator[list[object]]:
    """The relations an actor states, in its order (``relations.csv`` holds each once)."""
    site = exporter.site
    types = site.settings.relation_types
    for link in site.relations.get(actor_id, []):
        if link.inverse:
            continue
        rel = link.relation
        shown = exporter.date(rel.date) or {}
        yield [actor_id, rel.type, types[rel.type].label, types[rel.type].inverse, link.other,
               _edtf_cell(shown.get("text")), _edtf_cell(shown.get("earliest")),
               _edtf_cell(shown.get("latest")), rel.status,
               exporter.text(rel.note),
               [s for ref_ in rel.sources if (s := site.resolve(ref_))]]


# ------------------------------------------------------------------ fragments


@dataclass(frozen=True, slots=True)
class RecordFragment:
    """One record's share of the open data files.

    ``json`` is its object in ``<folder>.json``, laid out for its place in the
    ``records`` list (its first line unindented, no comma after it); ``csv`` is
    its row of ``<folder>.csv`` and ``relations`` its rows of ``relations.csv``
    (the relations an actor states; empty for other records), each row ending
    in CRLF.
    """

    json: str
    csv: str
    relations: str = ""

    def __reduce__(self) -> tuple[type[RecordFragment], tuple[str, str, str]]:
        # Workers send one a record: a slotted dataclass's own pickling costs twice this.
        return RecordFragment, (self.json, self.csv, self.relations)


#: Gives a record's fragment; see :func:`open_data`.
FragmentOf = Callable[[RecordId], RecordFragment]

#: A record sits two levels deep in its file: ``{"records": [{...}]}``.
_RECORD_LEVEL = 2
_RECORD_PAD = "  " * _RECORD_LEVEL


def record_fragment(site: Site, record_id: RecordId) -> RecordFragment:
    """A record's share of the open data files, from ``site`` alone.

    A pure function of the linked site and the id: everything it reads about
    other records (names, kinds, reverse links) is read through ``site`` during
    the call, nothing is kept between calls, and the order of calls does not
    matter, so a caller may memoise fragments by the site data they read.
    """
    return _fragment(Exporter(site), record_id)  # references kept for this record only


def fragment_maker(site: Site) -> FragmentOf:
    """:func:`record_fragment`, faster for many records: references are worked out once."""
    return partial(_fragment, Exporter(site))


def _fragment(exporter: Exporter, record_id: RecordId) -> RecordFragment:
    record = exporter.record(record_id)
    kind: RecordKind = record["type"]
    row = [get(record) for _, get in CSV_COLUMNS[kind]]
    relations = csv_rows(_relation_rows(exporter, record_id)) if kind == "actor" else ""
    return RecordFragment(json=_dump(record, _RECORD_LEVEL), csv=csv_rows([row]),
                          relations=relations)


def _records_file(kind: RecordKind, pieces: list[str]) -> str:
    """``<folder>.json``: the records' JSON texts within the file's head and tail,
    as :func:`dump_json` lays out ``{"type", "count", "records"}``."""
    if not pieces:
        return dump_json({"type": kind, "count": 0, "records": []})
    head = (f'{{\n  "type": {_encode_str(kind)},\n  "count": {len(pieces)},\n'
            f'  "records": [\n{_RECORD_PAD}')
    parts = [head]
    for n, piece in enumerate(pieces):
        if n:
            parts.append(f",\n{_RECORD_PAD}")
        parts.append(piece)
    parts.append("\n  ]\n}\n")
    return "".join(parts)


# ------------------------------------------------------------------ the files


@dataclass(frozen=True)
class DataFile:
    """One file of the open data, for the index and the data page."""

    name: str
    kind: RecordKind | None
    format: str
    description: str


def data_files(site: Site) -> list[DataFile]:
    files = [DataFile(INDEX_FILE, None, "JSON",
                      "What the export holds: the site, the date it is told from, the files "
                      "and their record counts, relation types, tags and the glossary.")]
    for folder, kind in FOLDERS.items():
        files.append(DataFile(f"{folder}.json", kind, "JSON",
                              f"Every {kind} with resolved references and reverse links."))
        files.append(DataFile(f"{folder}.csv", kind, "CSV", f"One row per {kind}."))
    files.append(DataFile(RELATIONS_CSV, None, "CSV",
                          "Every relation between actors once, as an edge list."))
    files.append(DataFile("schema.json", None, "JSON Schema",
                          "The content format: every record type, as editors write it."))
    for kind in FOLDER_OF:
        files.append(DataFile(f"schemas/{kind}.json", kind, "JSON Schema",
                              f"The content format of one {kind} file."))
    return files


def open_data(site: Site, fragment: FragmentOf | None = None) -> dict[str, str]:
    """Every open data file, keyed by its path inside the data folder, sorted.

    The files of records are assembled from per-record fragments, in id order:
    ``fragment(record_id)`` gives one (default: :func:`record_fragment` of
    ``site``). A caller that rebuilds often (live preview) can pass a function
    that reuses the fragments of records whose inputs did not change, e.g.
    ``open_data(site, lambda rid: memo.get(rid) or record_fragment(site, rid))``;
    it must return what :func:`record_fragment` would. Each type's fragments
    are joined and let go before the next type's are asked for.
    """
    # By default one exporter makes every fragment: each reference is worked out once.
    fragment_of = fragment or fragment_maker(site)
    files: dict[str, str] = {}
    counts: dict[str, int] = {}
    relations = [csv_rows([RELATION_COLUMNS])]
    ids = ids_by_kind(site)
    for folder, kind in FOLDERS.items():
        pieces = [fragment_of(rid) for rid in ids[kind]]
        counts[kind] = len(pieces)
        files[f"{folder}.json"] = _records_file(kind, [p.json for p in pieces])
        header = csv_rows([[name for name, _ in CSV_COLUMNS[kind]]])
        files[f"{folder}.csv"] = header + "".join(p.csv for p in pieces)
        relations += [p.relations for p in pieces if p.relations]
        del pieces
    files[RELATIONS_CSV] = "".join(relations)
    schemas = schema_files()
    files["schema.json"] = schemas.pop("schema.json")
    for name, text in schemas.items():
        files[f"schemas/{name}"] = text
    files[INDEX_FILE] = dump_json(site_index(site, counts))
    return dict(sorted(files.items()))


def site_index(site: Site, counts: dict[str, int]) -> Json:
    settings = site.settings
    types = settings.relation_types
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "site_name": settings.site_name,
        "site_url": settings.site_url or None,
        "as_of": iso_day(site.as_of),
        "records": {FOLDER_OF[kind]: {"type": kind, "count": counts.get(kind, 0),
                                      "json": f"{FOLDER_OF[kind]}.json",
                                      "csv": f"{FOLDER_OF[kind]}.csv",
                                      "schema": f"schemas/{kind}.json"}
                    for kind in FOLDER_OF},
        "relation_types": {name: {"label": t.label, "inverse": t.inverse}
                           for name, t in sorted(types.items())},
        "tags": [{"tag": tag, "url": page_url(site, f"tags/{tag}.md"),
                  "records": len(site.tagged[tag])} for tag in sorted(site.tagged)],
        "glossary": [{"term": t.term, "definition": " ".join(t.definition.split())}
                     for t in site.glossary],
    }


# ------------------------------------------------------------ documentation

_REF = "reference"
_REFS = "references"

#: Every key of an exported record, in order, with its meaning (Markdown), per type.
COMMON_HEAD: list[tuple[str, str]] = [
    ("id", "The record's id: its file name, and the last part of its page URL."),
    ("type", "`actor`, `event`, `claim`, `source`, `place` or `story`."),
    ("name", "Display name as plain text; a claim's is its shortened text."),
    ("url", "The record's page, relative to the site root (the home page's is empty)."),
]
COMMON_TAIL: list[tuple[str, str]] = [
    ("tags", "Topic slugs."),
    ("sources", f"Sources of the record's facts ({_REFS})."),
    ("formerly", "Old ids, which redirect to this record."),
    ("claims_about", f"Claims about this record ({_REFS}, reverse link)."),
    ("mentions", f"Records its Markdown mentions with `[[id]]` ({_REFS})."),
    ("mentioned_in", f"Records whose Markdown mentions this one ({_REFS}, reverse link)."),
]
EXPORT_FIELDS: dict[RecordKind, list[tuple[str, str]]] = {
    "actor": [
        ("kind", "`person`, `organization`, `state`, `government-body`, `armed-group` or "
                 "`media`."),
        ("summary", "One paragraph of Markdown, as written."),
        ("summary_text", "The summary as plain text."),
        ("aliases", "Other names and spellings."),
        ("body", "Longer Markdown text, or null."),
        ("country", f"The actor's state ({_REF})."),
        ("country_code", "For a state, its ISO 3166-1 alpha-2 code, or null."),
        ("positions", f"Titles held: `title`, `of` ({_REF} or null) and `date`."),
        ("titles_as_of", "The titles held on the date the site is told from."),
        ("relations", f"Relations in both directions: `type`, `direction` (`outgoing` when "
                      f"this actor states it, `incoming` when the other actor does), `label` "
                      f"(the inverse label for incoming ones), `actor` (the other actor, a "
                      f"{_REF}), `date`, `status`, `note`, `note_text` and `sources`."),
        ("wikidata", "Wikidata item id, or null."),
        ("image", "`{url, credit}`, or null."),
        ("events", f"Events the actor took part in, in time order: `event` ({_REF}), "
                   f"`role` and `date`."),
        ("claims_made", f"Claims the actor made: `claim` ({_REF}) and `role` (`speaker`, or "
                        f"`on_behalf_of` when someone spoke for it)."),
        ("sources_published", f"Sources the actor published ({_REFS})."),
        ("places", f"Places in this state ({_REFS})."),
    ],
    "event": [
        ("title", "What happened."),
        ("date", "When (a date object)."),
        ("status", "`confirmed`, `reported`, `alleged`, `expected`, `postponed` or "
                   "`cancelled`."),
        ("summary", "One paragraph of Markdown, as written."),
        ("summary_text", "The summary as plain text."),
        ("place", f"Where ({_REF}), or null."),
        ("participants", f"`actor` ({_REF}), `role`, and `titles`: the titles the actor "
                         f"held on the event's date."),
        ("body", "Longer Markdown text, or null."),
        ("related", f"Related events, as the event lists them ({_REFS})."),
        ("related_from", f"Events that list this one as related ({_REFS}, reverse link)."),
        ("previously", f"What was expected or reported before: `date`, `place` ({_REF}), "
                       f"`status`, `note`, `note_text` and `sources`."),
    ],
    "claim": [
        ("date", "When it was said (a date object)."),
        ("speaker", f"Who said it ({_REF})."),
        ("speaker_titles", "The titles the speaker held on that date."),
        ("on_behalf_of", f"Whom the speaker spoke for ({_REF}), or null."),
        ("text", "What was claimed, in the editors' words (Markdown, as written)."),
        ("text_plain", "The text as plain text."),
        ("quote", "The exact words, or null."),
        ("about", f"What the claim is about ({_REFS})."),
        ("responds_to", f"The claim this one answers ({_REF}), or null."),
        ("stance", "How it answers: `denies`, `disputes`, `confirms`, `retracts`, "
                   "`clarifies`, `repeats`, or null."),
        ("status", "`disputed`, `retracted`, `confirmed` (by a response) or `open`, from "
                   "the responses."),
        ("responses", f"Claims that answer this one: `claim` ({_REF}) and `stance`."),
        ("thread", f"The first claim of the thread this one belongs to ({_REF})."),
    ],
    "source": [
        ("title", "The title of the article, statement or document."),
        ("kind", "`news`, `statement`, `briefing`, `state-media`, `report`, `social-post` or "
                 "`other`."),
        ("date", "When it was published (a date object)."),
        ("publisher", f"Who published it ({_REF}), or null."),
        ("author", "Who wrote it, or null."),
        ("source_url", "Where to read it (`url` is the source's page on this site)."),
        ("accessed", "The day the URL was read (a date object), or null."),
        ("archive_url", "An archived copy, or null."),
        ("language", "BCP 47 language tag, or null."),
        ("cited_by", f"Records that cite it ({_REFS}, reverse link)."),
    ],
    "place": [
        ("kind", "`city`, `region`, `country`, `facility` or `other`."),
        ("summary", "One paragraph of Markdown as written, or null."),
        ("summary_text", "The summary as plain text."),
        ("aliases", "Other names and spellings."),
        ("country", f"The state the place is in ({_REF}), or null."),
        ("coordinates", "`{latitude, longitude}` in decimal degrees, or null."),
        ("events", f"Events that took place there ({_REFS}, reverse link)."),
    ],
    "story": [
        ("title", "The story's headline."),
        ("summary", "One paragraph of Markdown as written, or null."),
        ("summary_text", "The summary as plain text."),
        ("date", "The period it covers (a date object), or null."),
        ("order", "Its place in the story list, or null."),
        ("home", "Whether it is the home page."),
        ("body", "The story's Markdown, as written."),
    ],
}


def documented_keys(kind: RecordKind) -> list[str]:
    """The keys of an exported record of this type, in order."""
    return [name for name, _ in (*COMMON_HEAD, *EXPORT_FIELDS[kind], *COMMON_TAIL)]


def _indented(value: object) -> str:
    """JSON as an indented Markdown code block (the site does not enable fences)."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return "\n".join("    " + line for line in text.splitlines())


def data_page_context(site: Site) -> dict[str, Any]:
    """What the data page (templates/data.md.j2) shows."""
    ids = ids_by_kind(site)
    counts = {kind: len(ids[kind]) for kind in FOLDER_OF}
    first = next((rid for kind in FOLDER_OF for rid in ids[kind]), None)
    example_ref = ref(site, first) if first else {
        "id": "kim-jong-un", "type": "actor", "name": "Kim Jong Un",
        "url": "actors/kim-jong-un/"}
    dates = [d for e in site.entries.values()
             if isinstance(d := getattr(e.model, "date", None), Edtf)]
    # a date whose earliest and latest days differ shows best what the object is for
    dated = next((d for d in dates if d.earliest and d.latest and d.earliest != d.latest),
                 dates[0] if dates else None)
    example_date = date(dated) if dated else {
        "text": "2023-07-25/2023-07-27", "display": "25–27 July 2023",
        "earliest": "2023-07-25", "latest": "2023-07-27"}
    return {
        "files": data_files(site),
        "counts": counts,
        "folders": dict(FOLDER_OF),
        "head": COMMON_HEAD,
        "tail": COMMON_TAIL,
        "fields": EXPORT_FIELDS,
        "example_ref": _indented(example_ref),
        "example_date": _indented(example_date),
        "list_separator": LIST_SEPARATOR,
    }

"""Stage 3, link: resolve references and build every reverse link in one pass.

The result, :class:`Site`, is what the renderer reads: each record, and for
each record the records that point at it (the actor's timeline, its claims,
the inverse of its relations, who cites a source, where a record is mentioned).
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import partial
from typing import NamedTuple, TypeVar

from .chronology import event_key
from .config import Settings
from .dates import DayKey, Edtf, day_key
from .diagnostics import Location, Problem, did_you_mean, error
from .load import FieldPath, Span
from .markup import (
    MAX_BRACKET_DEPTH,
    bracket_overflow,
    find_link_targets,
    find_mentions,
    is_safe_link,
    link_as_read,
    nested_footnote,
)
from .models import (
    Actor,
    Claim,
    Event,
    Place,
    Position,
    Record,
    RecordId,
    Ref,
    Relation,
    Source,
    Story,
)
from .plaintext import plain_text
from .titles import claim_title
from .validate import Entry, GlossaryTerm, Validated
from .vocabulary import RecordKind

R = TypeVar("R", bound=Record)

_CHALLENGES = frozenset(("denies", "disputes"))


@dataclass(frozen=True, slots=True)
class Appearance:
    """An actor's part in an event."""

    event: RecordId
    role: str | None


@dataclass(frozen=True, slots=True)
class RelationLink:
    """A relation, seen from either end. ``inverse`` is True on the target's side."""

    subject: RecordId
    other: RecordId
    relation: Relation
    inverse: bool


@dataclass
class Site:
    """Every valid record, with its reverse links."""

    settings: Settings
    as_of: DayKey
    entries: dict[RecordId, Entry[Record]] = field(default_factory=dict)
    glossary: list[GlossaryTerm] = field(default_factory=list)
    redirects: dict[str, RecordId] = field(default_factory=dict)
    appearances: dict[RecordId, list[Appearance]] = field(default_factory=lambda: defaultdict(list))
    claims_by: dict[RecordId, list[RecordId]] = field(default_factory=lambda: defaultdict(list))
    claims_about: dict[RecordId, list[RecordId]] = field(default_factory=lambda: defaultdict(list))
    responses: dict[RecordId, list[RecordId]] = field(default_factory=lambda: defaultdict(list))
    relations: dict[RecordId, list[RelationLink]] = field(default_factory=lambda: defaultdict(list))
    cited_by: dict[RecordId, list[RecordId]] = field(default_factory=lambda: defaultdict(list))
    mentioned_in: dict[RecordId, list[RecordId]] = field(default_factory=lambda: defaultdict(list))
    events_at: dict[RecordId, list[RecordId]] = field(default_factory=lambda: defaultdict(list))
    related_from: dict[RecordId, list[RecordId]] = field(default_factory=lambda: defaultdict(list))
    published_by: dict[RecordId, list[RecordId]] = field(default_factory=lambda: defaultdict(list))
    located_in: dict[RecordId, list[RecordId]] = field(default_factory=lambda: defaultdict(list))
    tagged: dict[str, list[RecordId]] = field(default_factory=lambda: defaultdict(list))
    timeline: list[RecordId] = field(default_factory=list)
    _neighbours: dict[RecordId, tuple[RecordId | None, RecordId | None]] | None = field(
        default=None, repr=False)
    _names: dict[str, str] = field(default_factory=dict, repr=False)
    _actor_names: dict[str, RecordId] | None = field(default=None, repr=False)

    # ------------------------------------------------------------ look-ups

    def resolve(self, ref: Ref | None) -> RecordId | None:
        """The id a reference names, or None if it names no record (already reported)."""
        if ref is None:
            return None
        rid = RecordId(ref)
        return rid if rid in self.entries else None

    def entry(self, record_id: str) -> Entry[Record]:
        return self.entries[RecordId(record_id)]

    def model(self, record_id: str) -> Record:
        return self.entries[RecordId(record_id)].model

    def of_kind(self, kind: RecordKind) -> list[Entry[Record]]:
        return [e for e in self.entries.values() if e.model.kind == kind]

    def typed(self, record_id: str, cls: type[R]) -> R:
        model = self.model(record_id)
        assert isinstance(model, cls), f"{record_id} is not a {cls.__name__}"
        return model

    def name(self, record_id: str) -> str:
        """The record's name as plain text (a claim's is its title: see ``titles``)."""
        name = self._names.get(record_id)
        if name is None:
            model = self.model(record_id)
            name = (claim_title(plain_text(model.text, self._plain_name), model.headline)
                    if isinstance(model, Claim) else model.display_name())
            self._names[record_id] = name
        return name

    def actor_named(self, name: str) -> RecordId | None:
        """The first actor (in load order) with this name or alias."""
        return self.actor_names().get(name) if name else None

    def actor_names(self) -> dict[str, RecordId]:
        """Every actor's name and alias, to the first actor (in load order) that has it."""
        if self._actor_names is None:
            names: dict[str, RecordId] = {}
            for entry in reversed(list(self.entries.values())):
                if isinstance(entry.model, Actor):
                    for known in (entry.model.name, *entry.model.aliases):
                        names[known] = entry.id
            self._actor_names = names
        return self._actor_names

    def _plain_name(self, record_id: str) -> str | None:
        model = self.entries.get(RecordId(record_id))
        return model.model.display_name() if model and not isinstance(model.model, Claim) \
            else None

    @property
    def home_story(self) -> RecordId | None:
        for entry in self.entries.values():
            if isinstance(entry.model, Story) and entry.model.home:
                return entry.id
        return None

    # ---------------------------------------------------- derived, per record

    def positions_at(self, actor_id: str, date: Edtf | None) -> list[Position]:
        """The positions an actor held on a date (all that overlap it)."""
        actor = self.model(actor_id)
        if not isinstance(actor, Actor) or date is None:
            return []
        return [p for p in actor.positions if p.date.overlaps(date)]

    def positions_on(self, actor_id: str, day: DayKey) -> list[Position]:
        actor = self.model(actor_id)
        if not isinstance(actor, Actor):
            return []
        return [p for p in actor.positions if p.date.contains(day)]

    def claim_status(self, claim_id: str) -> str:
        """retracted, disputed, confirmed or open, from the claim's responses."""
        claim = self.typed(claim_id, Claim)
        answers = [self.typed(i, Claim) for i in self.responses.get(RecordId(claim_id), [])]
        stances = {(r.stance, r.speaker == claim.speaker) for r in answers}
        if ("retracts", True) in stances:
            return "retracted"
        if any(stance in _CHALLENGES for stance, _ in stances):
            return "disputed"
        if any(stance == "confirms" for stance, _ in stances):
            return "confirmed"
        return "open"

    def thread_root(self, claim_id: str) -> RecordId:
        """The first claim of the thread this claim belongs to."""
        seen: set[str] = set()
        current = self.typed(claim_id, Claim)
        root = RecordId(claim_id)
        while (parent := self.resolve(current.responds_to)) and root not in seen:
            seen.add(root)
            root = parent
            current = self.typed(root, Claim)
        return root

    def neighbours(self, event_id: str) -> tuple[RecordId | None, RecordId | None]:
        """The previous and next event in time."""
        return self.neighbour_map()[RecordId(event_id)]

    def neighbour_map(self) -> dict[RecordId, tuple[RecordId | None, RecordId | None]]:
        """Each event's previous and next event in time."""
        if self._neighbours is None:
            line: list[RecordId | None] = [None, *self.timeline, None]
            self._neighbours = {rid: (line[n], line[n + 2])
                                for n, rid in enumerate(self.timeline)}
        return self._neighbours


# ---------------------------------------------------------------------- link


def link(validated: Validated, settings: Settings, facts: Sequence[Facts] | None = None,
         unsafe: Sequence[Sequence[Problem]] | None = None,
         partial: Sequence[PartialCheck] | None = None) -> tuple[Site, list[Problem]]:
    """Resolve every reference and mention, and build the reverse links.

    ``facts`` and ``unsafe`` (the unsafe-link problems), one per entry, may come
    from a cache; they are computed from the entries when not given, and so is
    ``partial`` from ``validated.partial``.
    """
    site = Site(settings=settings, as_of=_as_of(settings), glossary=validated.glossary)
    entries = validated.entries
    site.entries = {entry.id: entry for entry in entries}
    if facts is None:
        facts = [facts_of(entry) for entry in entries]
    if partial is None:
        partial = [partial_check(entry) for entry in validated.partial]
    problems, index = check_links(
        facts, validated.invalid_ids, entries.__getitem__,
        (lambda n: _unsafe_links(entries[n])) if unsafe is None else unsafe.__getitem__,
        partial)
    site.redirects = {old: RecordId(new) for old, new in index.redirects.items()}
    _record_mentions(site, facts)
    _build_reverse_links(site)
    site.timeline = _timeline(site)
    return site, problems


def _as_of(settings: Settings) -> DayKey:
    try:
        return day_key(settings.as_of)
    except ValueError:
        return (9999, 12, 31)


# ------------------------------------------------------ rules across records


class Facts(NamedTuple):
    """What the rules across records need from one valid record: small, so it is cached.

    No location is kept: when a rule finds a problem in a record it asks for the
    record's entry again and locates the problem from it, as it always has.
    """

    id: str
    kind: RecordKind
    path: str
    #: Every structured reference: the kinds it may name, with the ids named so.
    refs: tuple[tuple[frozenset[RecordKind], tuple[str, ...]], ...]
    #: Every ``[[id]]`` in the record's prose, in order.
    mentions: tuple[str, ...]
    formerly: tuple[str, ...]
    country: str | None = None
    actor_kind: str | None = None
    responds_to: str | None = None
    home: bool = False


def facts_of(entry: Entry[Record]) -> Facts:
    model = entry.model
    return Facts(
        id=entry.raw.id, kind=model.kind, path=entry.doc.path,
        refs=_refs_by_kinds(model),
        mentions=tuple(m.target for _, text, _ in _prose(entry) for m in find_mentions(text)),
        formerly=tuple(model.formerly),
        country=model.country if isinstance(model, (Actor, Place)) else None,
        actor_kind=model.actor_kind if isinstance(model, Actor) else None,
        responds_to=model.responds_to if isinstance(model, Claim) else None,
        home=isinstance(model, Story) and model.home)


def _refs_by_kinds(model: Record) -> tuple[tuple[frozenset[RecordKind], tuple[str, ...]], ...]:
    groups: dict[frozenset[RecordKind], list[str]] = {}
    for _, ref, kinds, _ in model.references():
        if ref is not None:  # a partial model's field set aside (see generator.core.salvage)
            groups.setdefault(kinds, []).append(ref)
    return tuple((kinds, tuple(refs)) for kinds, refs in groups.items())


@dataclass
class RecordIndex:
    """The valid records by id, as the rules across records see them (no models needed)."""

    kinds: dict[str, RecordKind] = field(default_factory=dict)
    paths: dict[str, str] = field(default_factory=dict)
    actor_kinds: dict[str, str] = field(default_factory=dict)
    #: Former id → the record that has it now.
    redirects: dict[str, str] = field(default_factory=dict)
    _ids_of: dict[frozenset[RecordKind], frozenset[str]] = field(default_factory=dict)

    def ids_of(self, kinds: frozenset[RecordKind]) -> frozenset[str]:
        """The ids of every record of one of these kinds."""
        ids = self._ids_of.get(kinds)
        if ids is None:
            ids = frozenset(i for i, kind in self.kinds.items() if kind in kinds)
            self._ids_of[kinds] = ids
        return ids

    @classmethod
    def of(cls, facts: Iterable[Facts]) -> RecordIndex:
        index = cls()
        for fact in facts:
            index.kinds[fact.id] = fact.kind
            index.paths[fact.id] = fact.path
            if fact.actor_kind is not None:
                index.actor_kinds[fact.id] = fact.actor_kind
        return index


EntryAt = Callable[[int], Entry[Record]]


#: What the references of an invalid record's partial model need (see
#: :mod:`generator.core.salvage`): its facts, its entry (asked for only to locate a
#: problem) and the problems of its links.
PartialCheck = tuple[Facts, Callable[[], Entry[Record]], Sequence[Problem]]


def partial_check(entry: Entry[Record]) -> PartialCheck:
    return facts_of(entry), lambda: entry, unsafe_links(entry)


def check_links(facts: Sequence[Facts], invalid: AbstractSet[str], entry_at: EntryAt,
                unsafe_at: Callable[[int], Iterable[Problem]],
                partial_records: Sequence[PartialCheck] = (),
                ) -> tuple[list[Problem], RecordIndex]:
    """Every problem between records, and the index of records (with the redirects).

    ``facts[n]`` describes ``entry_at(n)``, which is only called for a record
    with a problem (so a cache need not keep entries); ``unsafe_at(n)`` gives
    the problems of its links, which depend on no other record.
    ``partial_records``: invalid records whose references are checked too; they
    are not in the index (a reference to one is not reported: it is invalid).
    """
    index = RecordIndex.of(facts)
    problems = list(_collect_redirects(index, facts, entry_at))
    for n, fact in enumerate(facts):
        problems += record_link_problems(index, fact, invalid, partial(entry_at, n),
                                         unsafe_at(n))
    for fact, entry, unsafe in partial_records:
        problems += record_link_problems(index, fact, invalid, entry, unsafe)
    problems += _responds_to_loops(index, facts, entry_at)
    return problems, index


#: The codes of problems that depend on other records' ids, former ids, home page or
#: responses, rather than on what a record's own references and mentions name.
SHARED_CODES = frozenset(("duplicate-id", "second-home", "formerly-in-use", "formerly-twice",
                          "responds-to-loop"))


def record_link_problems(index: RecordIndex, fact: Facts, invalid: AbstractSet[str],
                         entry: Callable[[], Entry[Record]],
                         unsafe: Iterable[Problem]) -> list[Problem]:
    """The problems of one record's references, mentions and links, given every record.

    ``entry`` is called only if there is a problem to locate.
    """
    problems: list[Problem] = []
    if _has_reference_problem(index, fact, invalid):
        problems += _check_references(index, entry(), invalid)
    if not index.kinds.keys() >= set(fact.mentions) and any(
            t not in index.kinds and t not in invalid for t in fact.mentions):
        problems += _mention_problems(index, entry(), invalid)
    problems += unsafe
    return problems


def _collect_redirects(index: RecordIndex, facts: Sequence[Facts],
                       entry_at: EntryAt) -> Iterator[Problem]:
    redirects = index.redirects
    for n, fact in enumerate(facts):
        for i, old in enumerate(fact.formerly):
            if old in index.kinds:
                yield error(entry_at(n).loc(("formerly", i)), "formerly-in-use",
                            f"former id '{old}' is the id of {index.paths[old]}", old)
            elif old in redirects:
                yield error(entry_at(n).loc(("formerly", i)), "formerly-twice",
                            f"former id '{old}' is already claimed by '{redirects[old]}'",
                            old)
            else:
                redirects[old] = fact.id


def _has_reference_problem(index: RecordIndex, fact: Facts, invalid: AbstractSet[str]) -> bool:
    """Whether ``_check_references`` finds anything (cheap: no locations)."""
    for allowed, refs in fact.refs:
        if not index.ids_of(allowed).issuperset(refs) and any(
                index.kinds.get(ref) not in allowed and ref not in invalid for ref in refs):
            return True
    country = fact.country
    return (country is not None and index.kinds.get(country) == "actor"
            and index.actor_kinds.get(country) != "state")


def _check_references(index: RecordIndex, entry: Entry[Record],
                      invalid: AbstractSet[str]) -> Iterator[Problem]:
    for path, ref, kinds, role in entry.model.references():
        if ref is not None and ref not in invalid:  # a broken record is reported once
            yield from _check_reference(index, entry, path, ref, kinds, role)
    model = entry.model
    if isinstance(model, (Actor, Place)) and model.country in index.kinds:
        country_kind = index.actor_kinds.get(model.country)
        if country_kind is not None and country_kind != "state":
            yield error(entry.loc(("country",)), "country-not-state",
                        f"country '{model.country}' is an actor of kind '{country_kind}', "
                        "not a state", model.country)


def _check_reference(index: RecordIndex, entry: Entry[Record], path: FieldPath, ref: str,
                     kinds: frozenset[RecordKind], role: str) -> Iterator[Problem]:
    target = index.kinds.get(ref)
    if target in kinds:
        return
    wanted = " or ".join(sorted(kinds)) if len(kinds) < 6 else "record"
    loc = entry.loc(path)
    if target is None:
        if ref in index.redirects:
            yield error(loc, "renamed-reference",
                        f"'{ref}' was renamed to '{index.redirects[ref]}'", ref,
                        f"write '{index.redirects[ref]}'")
            return
        candidates = [i for i, kind in index.kinds.items() if kind in kinds]
        yield error(loc, "unknown-reference", f"unknown {wanted} '{ref}' in {role}", ref,
                    did_you_mean(ref, candidates))
    else:
        yield error(loc, "wrong-kind-reference",
                    f"'{ref}' is {_article(target)}, but {role} must name "
                    f"{_article(wanted)}", ref)


def _article(word: str) -> str:
    return f"an {word}" if word[0] in "aeiou" else f"a {word}"


def _record_mentions(site: Site, facts: Sequence[Facts]) -> None:
    """Who mentions each record, from every ``[[id]]`` in Markdown fields and story bodies."""
    for fact in facts:
        rid = RecordId(fact.id)
        for target in fact.mentions:
            if target in site.entries:
                bucket = site.mentioned_in[RecordId(target)]
                if rid not in bucket and target != rid:
                    bucket.append(rid)


def _mention_problems(index: RecordIndex, entry: Entry[Record],
                      invalid: AbstractSet[str]) -> Iterator[Problem]:
    """Every ``[[id]]`` that names no record, located in the file."""
    locator = _Locator(entry)
    for path, text, start in _prose(entry):
        for mention in find_mentions(text):
            target = mention.target
            if target in index.kinds or target in invalid:
                continue
            loc = locator.locate(path, text, start, mention.start, mention.head)
            if target in index.redirects:
                yield error(loc, "renamed-reference",
                            f"'[[{target}]]' names a renamed record", target,
                            f"write '[[{index.redirects[target]}]]'")
            else:
                yield error(loc, "unknown-mention", f"unknown id '{target}' in [[{target}]]",
                            target, did_you_mean(target, index.kinds))


def unsafe_links(entry: Entry[Record]) -> list[Problem]:
    """The problems of one record's links (they depend on no other record)."""
    return list(_unsafe_links(entry))


def _unsafe_links(entry: Entry[Record]) -> Iterator[Problem]:
    """Links in prose may go to http, https, mailto or the site itself, nowhere else.

    And brackets may not nest deeper than Markdown can read in reasonable time.
    """
    locator = _Locator(entry)
    for path, text, start in _prose(entry):
        deep = bracket_overflow(text)
        if deep is not None:
            yield error(locator.locate(path, text, start, deep, text[deep]), "deep-brackets",
                        f"'{text[deep]}' nested or left open more than {MAX_BRACKET_DEPTH} deep",
                        None, "close each '[' and '(', or write a literal one as '\\[' or '\\('")
        nested = nested_footnote(text)
        if nested is not None:
            yield error(locator.locate(path, text, start, nested, "[^"), "nested-footnote",
                        "a footnote definition inside a list, a quote or another footnote is "
                        "not supported (Markdown can fail on it)",
                        text[nested:text.find("]:", nested) + 2],
                        "start each '[^label]:' at the beginning of a line of its own")
        for link in find_link_targets(text):
            if is_safe_link(text, link.start):
                continue
            # Unsafe only with what follows a space or tab ('java script:'): show that too.
            shown = link_as_read(text, link.start) if is_safe_link(link.target) else link.target
            shown = shown if len(shown) <= 60 else shown[:59] + "…"
            head = text[link.start:link.start + 20].split(None, 1)
            loc = locator.locate(path, text, start, link.start,
                                 head[0] if head else text[link.start:link.start + 1])
            yield error(loc, "unsafe-link",
                        f"link to '{shown}' is not allowed: only http, https, mailto and "
                        "links within the site", link.target)


def _prose(entry: Entry[Record]) -> Iterator[tuple[FieldPath, str, int]]:
    """Markdown values with the file offset their source text starts at (-1: unknown)."""
    for path, value in entry.model.markdown():
        yield path, value, -1
    if entry.raw.kind == "story":
        yield ("body",), entry.raw.body, len(entry.doc.text) - len(entry.raw.body)


class _Locator:
    """Line and column of a piece of a prose value, found again in the file's text.

    A YAML value's text is not its source (folding, quoting), so a piece is
    found by counting: the n-th occurrence of its text after the previous piece
    in the value is the n-th one after the previous piece in the source. Pieces
    come in order, so finding them all costs one pass over the value.
    """

    def __init__(self, entry: Entry[Record]) -> None:
        self.doc = entry.doc
        #: Per value: the offsets, in the value and in the file, of the last piece found.
        self.last: dict[FieldPath, tuple[int, int]] = {}
        self.line_starts: list[int] | None = None

    def locate(self, path: FieldPath, text: str, start: int, offset: int,
               head: str) -> Location:
        """Where ``head``, at ``offset`` in the value ``text`` at ``path``, was written.

        ``start`` is the file offset the value's text starts at, or -1 if the
        value is not a verbatim slice of the file.
        """
        if start < 0:
            span: Span = self.doc.span(path)
            in_value, in_source = self.last.get(path, (0, span.start))
            if offset < in_value or not head:
                in_value, in_source = 0, span.start
            found = in_source - 1
            for _ in range(_count(text, head, in_value, offset) + 1):
                found = self.doc.text.find(head, found + 1, span.end)
                if found < 0:
                    return self.doc.loc(path)
            self.last[path] = (offset, found)
            return Location(self.doc.path, *self._line_col(found))
        return Location(self.doc.path, *self._line_col(start + offset))

    def _line_col(self, offset: int) -> tuple[int, int]:
        if self.line_starts is None:
            text, starts = self.doc.text, [0]
            at = text.find("\n")
            while at >= 0:
                starts.append(at + 1)
                at = text.find("\n", at + 1)
            self.line_starts = starts
        line = bisect.bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1


def _count(text: str, piece: str, start: int, end: int) -> int:
    """Occurrences of ``piece`` (overlapping ones too) starting in ``text[start:end]``."""
    count, at = 0, text.find(piece, start, end + len(piece) - 1) if piece else -1
    while 0 <= at < end:
        count += 1
        at = text.find(piece, at + 1, end + len(piece) - 1)
    return count


def _responds_to_loops(index: RecordIndex, facts: Sequence[Facts],
                       entry_at: EntryAt) -> Iterator[Problem]:
    """A chain of responds_to that comes back to itself, reported once per loop."""
    responds = {fact.id: fact.responds_to for fact in facts if fact.kind == "claim"}
    if not any(responds.values()):
        return
    position = {fact.id: n for n, fact in enumerate(facts)}
    reported: set[str] = set()
    for fact in facts:
        chain: list[str] = []
        current: str | None = fact.id
        while current is not None and current not in chain:
            chain.append(current)
            parent = responds.get(current)
            current = parent if parent is not None and parent in index.kinds else None
        if current is None or current in reported:
            continue
        loop = chain[chain.index(current):]
        reported.update(loop)
        first = min(loop)
        names = " → ".join([*_rotate(loop, first), first])
        yield error(entry_at(position[first]).loc(("responds_to",)), "responds-to-loop",
                    f"responds_to loops back on itself: {names}", first,
                    "a response must answer an earlier claim")


def _rotate(loop: list[str], first: str) -> list[str]:
    i = loop.index(first)
    return loop[i:] + loop[:i]


# ------------------------------------------------------------- reverse links


def _build_reverse_links(site: Site) -> None:
    for entry in site.entries.values():
        model, rid = entry.model, entry.id
        for tag in model.tags:
            site.tagged[tag].append(rid)
        for source in _cited_sources(model):
            _add_once(site.cited_by, source, rid)
        if isinstance(model, Event):
            _link_event(site, rid, model)
        elif isinstance(model, Claim):
            _link_claim(site, rid, model)
        elif isinstance(model, Actor):
            _link_actor(site, rid, model)
        elif isinstance(model, Source) and (publisher := site.resolve(model.publisher)):
            site.published_by[publisher].append(rid)
        elif isinstance(model, Place) and (country := site.resolve(model.country)):
            site.located_in[country].append(rid)
    for key, apps in site.appearances.items():
        site.appearances[key] = _by_date(site, apps)
    for lists in (site.claims_by, site.claims_about, site.responses, site.events_at,
                  site.related_from):
        for key, ids in lists.items():
            lists[key] = _by_date(site, ids)


def _add_once(index: dict[RecordId, list[RecordId]], key: str, value: RecordId) -> None:
    bucket = index[RecordId(key)]
    if value not in bucket:
        bucket.append(value)


def _cited_sources(model: Record) -> Iterable[Ref]:
    yield from model.sources
    if isinstance(model, Actor):
        for rel in model.relations:
            yield from rel.sources
    if isinstance(model, Event):
        for prev in model.previously:
            yield from prev.sources


def _link_event(site: Site, rid: RecordId, event: Event) -> None:
    if place := site.resolve(event.place):
        site.events_at[place].append(rid)
    for part in event.participants:
        if actor := site.resolve(part.actor):
            site.appearances[actor].append(Appearance(rid, part.role))
    for ref in event.related:
        if (other := site.resolve(ref)) and other != rid:
            _add_once(site.related_from, other, rid)


def _link_claim(site: Site, rid: RecordId, claim: Claim) -> None:
    for ref in (claim.speaker, claim.on_behalf_of):
        if actor := site.resolve(ref):
            _add_once(site.claims_by, actor, rid)
    for ref in claim.about:
        if target := site.resolve(ref):
            _add_once(site.claims_about, target, rid)
    if parent := site.resolve(claim.responds_to):
        site.responses[parent].append(rid)


def _link_actor(site: Site, rid: RecordId, actor: Actor) -> None:
    for rel in actor.relations:
        if (other := site.resolve(rel.to)) and rel.type in site.settings.relation_types:
            site.relations[rid].append(RelationLink(rid, other, rel, inverse=False))
            site.relations[other].append(RelationLink(other, rid, rel, inverse=True))


T = TypeVar("T", RecordId, Appearance)


def _by_date(site: Site, items: list[T]) -> list[T]:
    """Sort by the record's earliest possible day; ties keep their order."""
    def key(item: RecordId | Appearance) -> tuple[int, int, int]:
        rid = item.event if isinstance(item, Appearance) else item
        date = getattr(site.model(rid), "date", None)
        return date.sort_key() if isinstance(date, Edtf) else (0, 0, 0)
    return sorted(items, key=key)


def _timeline(site: Site) -> list[RecordId]:
    """Every event, in the order of ``chronology`` (fuzzy and expected dates placed by rule)."""
    events = [(e.id, e.model) for e in site.entries.values() if isinstance(e.model, Event)]
    events.sort(key=lambda item: event_key(item[1], site.as_of))
    return [rid for rid, _ in events]

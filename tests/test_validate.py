"""Unit tests of stage 2, validate: typed, immutable models built from loaded documents.

One test per diagnostic code lives in test_rules.py; these check the models the
stage produces, their defaults, and how messages name nested fields.
"""

from __future__ import annotations

import textwrap

import pytest
from conftest import MINIMAL, ContentFactory
from pydantic import ValidationError

from generator.core.dates import Edtf
from generator.core.diagnostics import Location, Problem
from generator.core.load import RawRecord, load_content, parse_yaml
from generator.core.models import (
    ACTOR,
    ANY_KIND,
    Actor,
    Claim,
    Event,
    Image,
    Participant,
    Place,
    Position,
    Previously,
    Record,
    Relation,
    Source,
    Story,
)
from generator.core.validate import Validated, build_model, read_glossary, validate
from generator.core.vocabulary import RecordKind


def _raw(kind: RecordKind, text: str, record_id: str = "x") -> RawRecord:
    folder = {"actor": "actors", "event": "events", "claim": "claims", "source": "sources",
              "place": "places", "story": "stories"}[kind]
    path = f"content/{folder}/{record_id}.yml"
    return RawRecord(kind, record_id, parse_yaml(textwrap.dedent(text), path))


def _build(kind: RecordKind, text: str) -> tuple[Record | None, list[Problem]]:
    return build_model(_raw(kind, text))


def _model(kind: RecordKind, text: str) -> Record:
    model, problems = _build(kind, text)
    assert [p.format() for p in problems] == []
    assert model is not None
    return model


# ----------------------------------------------------------- valid records

ACTOR_TEXT = """\
    name: Sergei Shoigu
    kind: person
    summary: Russia's defence minister, in [[pyongyang]] in July 2023.
    aliases: [Сергей Шойгу, Sergey Shoygu]
    body: |
      A longer text.
    country: russia
    positions:
      - title: Minister of Defence
        of: russia
        date: 2012-11-06/2024-05-12
      - title: Secretary of the Security Council
        date: 2024-05-12/..
    relations:
      - type: leads
        to: russian-ministry-of-defence
        date: 2012-11-06/2024-05-12
        note: Appointed by [[putin]].
        sources: [decree]
      - type: member-of
        to: united-russia
        status: reported
        sources: [report]
    wikidata: Q313082
    image:
      url: https://example.org/shoigu.jpg
      credit: Kremlin
    sources: [decree]
    tags: [arms-trade]
    formerly: [sergey-shoygu]
    """


def test_actor_builds_with_positions_relations_and_image() -> None:
    actor = _model("actor", ACTOR_TEXT)
    assert isinstance(actor, Actor)
    assert actor.name == "Sergei Shoigu"
    assert actor.actor_kind == "person"
    assert actor.aliases == ("Сергей Шойгу", "Sergey Shoygu")
    assert actor.body == "A longer text.\n"
    assert actor.country == "russia"
    assert actor.wikidata == "Q313082"
    assert actor.image == Image(url="https://example.org/shoigu.jpg", credit="Kremlin")
    assert actor.sources == ("decree",)
    assert actor.tags == ("arms-trade",)
    assert actor.formerly == ("sergey-shoygu",)
    assert actor.display_name() == "Sergei Shoigu"

    first, second = actor.positions
    assert isinstance(first, Position)
    assert (first.title, first.of) == ("Minister of Defence", "russia")
    assert isinstance(first.date, Edtf)
    assert first.date.text == "2012-11-06/2024-05-12"
    assert (first.date.earliest, first.date.latest) == ((2012, 11, 6), (2024, 5, 12))
    assert second.of is None
    assert second.date.latest is None

    leads, member = actor.relations
    assert isinstance(leads, Relation)
    assert (leads.type, leads.to, leads.status) == ("leads", "russian-ministry-of-defence",
                                                    "confirmed")
    assert leads.date is not None
    assert leads.date.text == "2012-11-06/2024-05-12"
    assert leads.note == "Appointed by [[putin]]."
    assert leads.sources == ("decree",)
    assert (member.status, member.date, member.note) == ("reported", None, None)


def test_actor_references_name_their_paths_and_target_kinds() -> None:
    actor = _model("actor", ACTOR_TEXT)
    refs = [(path, ref, kinds) for path, ref, kinds, _ in actor.references()]
    assert refs == [
        (("sources", 0), "decree", frozenset({"source"})),
        (("country",), "russia", ACTOR),
        (("positions", 0, "of"), "russia", ACTOR),
        (("relations", 0, "to"), "russian-ministry-of-defence", ACTOR),
        (("relations", 0, "sources", 0), "decree", frozenset({"source"})),
        (("relations", 1, "to"), "united-russia", ACTOR),
        (("relations", 1, "sources", 0), "report", frozenset({"source"})),
    ]


def test_actor_markdown_fields_include_relation_notes() -> None:
    actor = _model("actor", ACTOR_TEXT)
    assert list(actor.markdown()) == [
        (("summary",), "Russia's defence minister, in [[pyongyang]] in July 2023."),
        (("body",), "A longer text.\n"),
        (("relations", 0, "note"), "Appointed by [[putin]]."),
    ]


EVENT_TEXT = """\
    title: Shoigu visits Pyongyang
    date: 2023-07-25/2023-07-27
    summary: A visit.
    place: pyongyang
    participants:
      - sergei-shoigu
      - actor: kim-jong-un
        role: host
      - actor: li-hongzhong
    related: [armistice-day]
    previously:
      - date: 2023-07
        status: expected
        note: First [[rumoured]].
        sources: [early-report]
      - place: vladivostok
    sources: [kcna]
    """


def test_event_participants_may_be_bare_ids_or_actor_and_role() -> None:
    event = _model("event", EVENT_TEXT)
    assert isinstance(event, Event)
    assert event.participants == (
        Participant(actor="sergei-shoigu", role=None),
        Participant(actor="kim-jong-un", role="host"),
        Participant(actor="li-hongzhong", role=None),
    )


def test_event_fields_and_defaults() -> None:
    event = _model("event", EVENT_TEXT)
    assert isinstance(event, Event)
    assert event.title == "Shoigu visits Pyongyang"
    assert event.display_name() == "Shoigu visits Pyongyang"
    assert event.date.text == "2023-07-25/2023-07-27"
    assert event.status == "confirmed"
    assert event.place == "pyongyang"
    assert event.related == ("armistice-day",)
    assert event.body is None
    first, second = event.previously
    assert isinstance(first, Previously)
    assert first.date is not None
    assert first.date.text == "2023-07"
    assert (first.status, first.sources) == ("expected", ("early-report",))
    assert (second.date, second.status, second.place) == (None, None, "vladivostok")


def test_event_references_and_markdown() -> None:
    event = _model("event", EVENT_TEXT)
    refs = [(path, ref, sorted(kinds)) for path, ref, kinds, _ in event.references()]
    assert refs == [
        (("sources", 0), "kcna", ["source"]),
        (("place",), "pyongyang", ["place"]),
        (("participants", 0, "actor"), "sergei-shoigu", ["actor"]),
        (("participants", 1, "actor"), "kim-jong-un", ["actor"]),
        (("participants", 2, "actor"), "li-hongzhong", ["actor"]),
        (("related", 0), "armistice-day", ["event"]),
        (("previously", 0, "sources", 0), "early-report", ["source"]),
        (("previously", 1, "place"), "vladivostok", ["place"]),
    ]
    assert list(event.markdown()) == [
        (("summary",), "A visit."),
        (("previously", 0, "note"), "First [[rumoured]]."),
    ]


def test_claim_builds_with_response_fields() -> None:
    claim = _model("claim", """\
        speaker: kcna
        on_behalf_of: north-korea
        date: 2022-09-22
        text: North Korea has never exported weapons to Russia.
        quote: We have never exported weapons or ammunition.
        about: [north-korea, arms-deal-2022]
        responds_to: white-house-says
        stance: denies
        sources: [kcna-denial]
        """)
    assert isinstance(claim, Claim)
    assert (claim.speaker, claim.on_behalf_of) == ("kcna", "north-korea")
    assert claim.date.text == "2022-09-22"
    assert claim.about == ("north-korea", "arms-deal-2022")
    assert (claim.responds_to, claim.stance) == ("white-house-says", "denies")
    assert claim.quote == "We have never exported weapons or ammunition."
    assert claim.display_name() == "North Korea has never exported weapons to Russia"
    kinds = {path: kinds for path, _, kinds, _ in claim.references()}
    assert kinds[("speaker",)] == ACTOR
    assert kinds[("on_behalf_of",)] == ACTOR
    assert kinds[("about", 1)] == ANY_KIND
    assert kinds[("responds_to",)] == frozenset({"claim"})


def test_claim_display_name_is_shortened_text() -> None:
    # Only a sentence of 200 characters or more with no clause boundary is cut mid-way.
    claim = _model("claim", f"speaker: a\ndate: 2023\ntext: {'word ' * 60}\n")
    assert isinstance(claim, Claim)
    name = claim.display_name()
    assert name.endswith("…")
    assert len(name) <= 120
    whole = _model("claim", f"speaker: a\ndate: 2023\ntext: {'word ' * 39}\n")
    assert isinstance(whole, Claim)
    assert whole.display_name() == " ".join(["word"] * 39)


def test_claim_headline_is_its_name() -> None:
    claim = _model("claim", "speaker: a\ndate: 2023\ntext: Long words.\nheadline: Short.\n")
    assert isinstance(claim, Claim)
    assert claim.headline == "Short."
    assert claim.display_name() == "Short"


def test_claim_defaults() -> None:
    claim = _model("claim", "speaker: a\ndate: 2023\ntext: Something.\n")
    assert isinstance(claim, Claim)
    assert (claim.on_behalf_of, claim.responds_to, claim.stance, claim.quote) == \
        (None, None, None, None)
    assert claim.about == ()
    assert claim.sources == ()


def test_source_builds_with_every_field() -> None:
    source = _model("source", """\
        title: Press briefing
        kind: state-media
        date: 2023-08-30
        publisher: white-house
        author: Press Office
        url: https://example.org/briefing?id=1
        accessed: 2023-09-01
        archive_url: http://archive.example.org/x
        language: en-US
        """)
    assert isinstance(source, Source)
    assert source.source_kind == "state-media"
    assert source.publisher == "white-house"
    assert source.url == "https://example.org/briefing?id=1"
    assert source.accessed is not None
    assert source.accessed.is_day
    assert source.language == "en-US"
    refs = [(path, ref) for path, ref, _, _ in source.references()]
    assert refs == [(("publisher",), "white-house")]


def test_place_builds_with_numeric_coordinates() -> None:
    place = _model("place", """\
        name: Pyongyang
        kind: city
        country: north-korea
        coordinates: [39.0392, 125.7625]
        aliases: [평양]
        summary: The capital.
        """)
    assert isinstance(place, Place)
    assert place.place_kind == "city"
    assert place.coordinates == (39.0392, 125.7625)
    assert all(isinstance(c, float) for c in place.coordinates)
    assert place.aliases == ("평양",)


def test_story_builds_from_front_matter_text() -> None:
    story = _model("story", "title: T\norder: 3\nhome: true\ndate: 2023-09\nsummary: S.\n")
    assert isinstance(story, Story)
    assert (story.order, story.home) == (3, True)
    assert story.date is not None
    assert story.date.text == "2023-09"


def test_story_defaults() -> None:
    story = _model("story", "title: T\n")
    assert isinstance(story, Story)
    assert (story.order, story.home, story.date, story.summary) == (None, False, None, None)


def test_text_is_stripped() -> None:
    actor = _model("actor", "name: '  Alice  '\nkind: person\nsummary: s\n")
    assert isinstance(actor, Actor)
    assert actor.name == "Alice"


def test_defaults_of_relation_and_event_status() -> None:
    relation = Relation.model_validate({"type": "leads", "to": "acme"})
    assert relation.status == "confirmed"
    assert relation.sources == ()
    event = _model("event", "title: T\ndate: 2023\nsummary: S\n")
    assert isinstance(event, Event)
    assert event.status == "confirmed"
    assert event.participants == event.related == event.previously == ()


# ------------------------------------------------------------- ids and refs


def test_validated_entries_carry_ids_documents_and_locations(
        make_content: ContentFactory) -> None:
    settings = make_content()
    validated = validate(load_content(settings), settings)
    assert isinstance(validated, Validated)
    assert validated.problems == []
    by_id = {e.id: e for e in validated.entries}
    assert set(by_id) == {"acme", "alice", "freedonia", "alice-says", "summit", "capital",
                          "report-one", "overview"}
    alice = by_id["alice"]
    assert isinstance(alice.model, Actor)
    assert alice.doc.path == "content/actors/alice.yml"
    assert alice.loc(("positions", 0, "of")) == Location("content/actors/alice.yml", 7, 9)
    assert isinstance(by_id["overview"].model, Story)
    assert by_id["overview"].model.home is True
    assert [t.term for t in validated.glossary] == ["ACME"]


def test_formerly_holds_ids_and_references_hold_refs() -> None:
    with pytest.raises(ValidationError):
        Actor.model_validate({"name": "A", "kind": "person", "summary": "s",
                              "formerly": ["Not An Id"]})
    with pytest.raises(ValidationError):
        Relation.model_validate({"type": "leads", "to": "Bad_Ref"})
    actor = Actor.model_validate({"name": "A", "kind": "person", "summary": "s",
                                  "formerly": ["old-id"], "country": "state-one"})
    assert actor.formerly == ("old-id",)
    # Ids and refs are plain strings at run time (NewType), so they compare with text.
    assert type(actor.formerly[0]) is str
    assert type(actor.country) is str


def test_a_date_that_is_not_text_is_refused() -> None:
    with pytest.raises(ValidationError, match="written as text"):
        Event.model_validate({"title": "T", "date": 2023, "summary": "S"})


# --------------------------------------------------------- unknown fields


def test_unknown_top_level_field_is_a_warning_with_a_hint() -> None:
    model, problems = _build("actor", "name: A\nkind: person\nsummary: s\nsumary: t\n")
    assert model is not None
    [problem] = problems
    assert not problem.is_error
    assert problem.message == "unknown field 'sumary' is ignored"
    assert problem.hint == "did you mean 'summary'?"
    assert problem.location == Location("content/actors/x.yml", 4, 1)


def test_unknown_field_warnings_recurse_into_participants() -> None:
    model, problems = _build("event", """\
        title: T
        date: 2023
        summary: S
        participants:
          - alice
          - actor: bob
            rol: host
        """)
    assert model is not None
    [problem] = problems
    assert problem.message == "unknown field 'rol' is ignored"
    assert problem.hint == "did you mean 'role'?"
    assert problem.location == Location("content/events/x.yml", 7, 5)


def test_unknown_field_in_first_participant() -> None:
    _, problems = _build("event", """\
        title: T
        date: 2023
        summary: S
        participants:
          - actor: bob
            rol: host
        """)
    [problem] = problems
    assert problem.hint == "did you mean 'role'?"
    assert (problem.location.line, problem.location.col) == (6, 5)


@pytest.mark.parametrize(("kind", "text", "key", "hint", "line"), [
    ("actor", "name: A\nkind: person\nsummary: s\npositions:\n  - title: T\n    date: 2020\n"
              "    off: russia\n", "off", "did you mean 'of'?", 7),
    ("actor", "name: A\nkind: person\nsummary: s\nrelations:\n  - type: leads\n    to: b\n"
              "    stauts: alleged\n", "stauts", "did you mean 'status'?", 7),
    ("actor", "name: A\nkind: person\nsummary: s\nimage:\n  url: https://x.org/a.png\n"
              "  credits: me\n", "credits", "did you mean 'credit'?", 6),
    ("event", "title: T\ndate: 2023\nsummary: S\npreviously:\n  - date: 2023-01\n"
              "    notes: x\n", "notes", "did you mean 'note'?", 6),
])
def test_unknown_field_warnings_recurse_into_nested_items(
        kind: RecordKind, text: str, key: str, hint: str, line: int) -> None:
    model, problems = _build(kind, text)
    assert model is not None
    assert [(p.message, p.hint, p.location.line) for p in problems] == [
        (f"unknown field '{key}' is ignored", hint, line)]


def test_unknown_fields_are_reported_even_when_the_record_is_invalid() -> None:
    model, problems = _build("event", "title: T\ndate: 2023-02-30\nsummary: S\ncolour: red\n")
    assert model is None
    codes = sorted(p.code for p in problems)
    assert codes == ["bad-value", "unknown-field"]


# ------------------------------------------------------ messages and labels


def test_field_labels_count_list_items_from_one() -> None:
    model, problems = _build("actor", """\
        name: A
        kind: person
        summary: s
        positions:
          - title: First
            date: 2020
          - title: Second
            date: 2023-02-30
        """)
    assert model is None
    [problem] = problems
    assert problem.message.startswith("'positions[2].date': ")
    assert problem.location == Location("content/actors/x.yml", 8, 11)


def test_field_label_of_a_participant() -> None:
    _, problems = _build("event", """\
        title: T
        date: 2023
        summary: S
        participants:
          - alice
          - Not An Id
        """)
    [problem] = problems
    assert problem.message.startswith("'participants[2].actor': ")
    assert (problem.location.line, problem.location.col) == (6, 5)


def test_field_label_of_a_list_item() -> None:
    _, problems = _build("event", "title: T\ndate: 2023\nsummary: S\nsources: [a, B C]\n")
    [problem] = problems
    assert problem.message.startswith("'sources[2]': ")
    assert (problem.location.line, problem.location.col) == (4, 14)


def test_empty_nested_text_says_it_must_not_be_empty() -> None:
    _, problems = _build("actor", """\
        name: A
        kind: person
        summary: s
        positions:
          - title: First
            date: 2020
          - title: ''
            date: 2021
        """)
    [problem] = problems
    assert problem.message == "'positions[2].title' must not be empty"


def test_every_problem_of_a_record_is_reported() -> None:
    model, problems = _build("event", """\
        title: ''
        date: not-a-date
        summary: S
        status: expectd
        """)
    assert model is None
    paths = sorted((p.location.line, p.message.split(":")[0]) for p in problems)
    assert [line for line, _ in paths] == [1, 2, 4]
    status = next(p for p in problems if p.location.line == 4)
    assert status.hint == "did you mean 'expected'?"


def test_every_invalid_record_is_reported_in_one_run(make_content: ContentFactory) -> None:
    settings = make_content({
        "actors/bob.yml": "name: Bob\nkind: persn\nsummary: s\n",
        "places/town.yml": "name: Town\nkind: city\ncoordinates: [100, 0]\n",
    })
    validated = validate(load_content(settings), settings)
    paths = sorted(p.location.path for p in validated.problems if p.is_error)
    assert paths == ["content/actors/bob.yml", "content/places/town.yml"]
    ids = {e.id for e in validated.entries}
    assert "bob" not in ids
    assert "town" not in ids
    assert "alice" in ids


# ---------------------------------------------------------------- immutability


def test_models_are_frozen() -> None:
    actor = _model("actor", ACTOR_TEXT)
    assert isinstance(actor, Actor)
    with pytest.raises(ValidationError):
        actor.name = "Someone else"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        actor.positions[0].title = "Other"  # type: ignore[misc]
    assert actor.image is not None
    with pytest.raises(ValidationError):
        actor.image.url = "https://evil.example/"  # type: ignore[misc]
    # Collections are tuples, so they cannot be changed in place either.
    assert isinstance(actor.positions, tuple)
    assert isinstance(actor.aliases, tuple)
    with pytest.raises(AttributeError):
        actor.sources.append("x")  # type: ignore[attr-defined]


def test_models_are_hashable_values() -> None:
    a = Participant(actor="alice", role="host")
    b = Participant.model_validate({"actor": "alice", "role": "host"})
    assert a == b
    assert hash(a) == hash(b)


# -------------------------------------------------------------------- glossary


def test_glossary_terms_are_read_with_locations() -> None:
    doc = parse_yaml("DPRK: >-\n  Democratic People's\n  Republic of Korea\nKPA: Korean People's"
                     "   Army\n", "content/glossary.yml")
    terms, problems = read_glossary(doc)
    assert problems == []
    assert [(t.term, t.definition) for t in terms] == [
        ("DPRK", "Democratic People's Republic of Korea"),
        ("KPA", "Korean People's Army"),
    ]
    assert terms[1].location == Location("content/glossary.yml", 4, 1)


def test_minimal_content_is_valid(make_content: ContentFactory) -> None:
    settings = make_content(base=MINIMAL)
    validated = validate(load_content(settings), settings)
    assert validated.problems == []
    assert len(validated.entries) == len(MINIMAL) - 1

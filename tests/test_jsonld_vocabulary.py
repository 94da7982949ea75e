"""Every type, property and range of the JSON-LD, checked against schema.org's vocabulary.

The vocabulary is vendored (tests/data/schemaorg/, schema.org 12.0, CC BY-SA 3.0).
Before issue 15, the default content had 18 range misuses: a state typed
``Country`` as attendee (11), author (2), publisher (1) and parentOrganization (4).
"""

from __future__ import annotations

from typing import Any

import pytest
from conftest import ROOT, ContentFactory
from schemaorg_support import Vocabulary
from test_golden import default_options

from generator.core.config import make_settings
from generator.pipeline import build


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    return Vocabulary.load()


def jsonld_of(settings: Any) -> dict[str, Any]:
    result = build(settings)
    assert result.ok, [p.format() for p in result.problems]
    assert result.rendered is not None
    return result.rendered.jsonld


def misuses(vocabulary: Vocabulary, jsonld: dict[str, Any]) -> list[str]:
    return [line for path, data in sorted(jsonld.items())
            for line in vocabulary.problems(data, path)]


def test_the_checker_finds_misuses(vocabulary: Vocabulary) -> None:
    """The check can fail: the misuses the issue found, and unknown names."""
    event = {"@type": "Event", "attendee": [{"@type": "Country", "name": "Russia"}],
             "eventStatus": "https://schema.org/EventScheduled"}
    assert misuses(vocabulary, {"e": event}) == [
        "e/attendee: a ['Country'] where the range is ['Organization', 'Person']"]
    assert misuses(vocabulary, {"x": {"@type": "Country", "jobTitle": "x"}}) == [
        "x/jobTitle: not a property of ['Country']"]
    assert misuses(vocabulary, {"x": {"@type": "Event", "colour": "red"}}) == [
        "x/colour: unknown property"]
    assert misuses(vocabulary, {"x": {"@type": "Summit"}}) == ["x: unknown type ['Summit']"]
    assert misuses(vocabulary, {"x": {"@type": "Event", "eventStatus": "https://schema.org/Male"}}
                   ) == ["x/eventStatus: Male is not a member of ['EventStatusType']"]
    assert misuses(vocabulary, {"x": {"@type": "Event", "attendee": 3}}) == [
        "x/attendee: a number where the range is ['Organization', 'Person']"]


def test_default_content(vocabulary: Vocabulary) -> None:
    jsonld = jsonld_of(make_settings(ROOT, {**default_options(),
                                            "site_url": "https://example.org/"}))
    assert len(jsonld) > 50
    assert misuses(vocabulary, jsonld) == []


#: States in every role, and every kind of record, actor, source and place.
ROLES: dict[str, str | None] = {
    "actors/acme.yml": """\
        name: Acme Ministry
        kind: government-body
        summary: A ministry.
        relations:
          - type: part-of
            to: freedonia
            sources: [report-one]
          - type: member-of
            to: alice
            sources: [report-one]
        """,
    "actors/alice.yml": """\
        name: Alice Example
        kind: person
        summary: A spokesperson.
        country: freedonia
        wikidata: Q42
        image: {url: "https://example.org/a.jpg", credit: Someone}
        positions:
          - title: Spokesperson
            of: freedonia
            date: 2020/..
        relations:
          - type: spokesperson-for
            to: freedonia
            sources: [report-one]
          - type: member-of
            to: acme
            sources: [report-one]
        """,
    "actors/press.yml": """\
        name: The Press
        kind: media
        summary: A newspaper.
        country: freedonia
        relations:
          - type: state-media-of
            to: freedonia
            sources: [report-one]
        """,
    "actors/rebels.yml": """\
        name: Rebels
        kind: armed-group
        summary: An armed group.
        relations:
          - type: member-of
            to: freedonia
            sources: [report-one]
        """,
    "events/summit.yml": """\
        title: The summit
        date: 2023-07-25/2023-07-27
        summary: Leaders met.
        place: capital
        participants: [alice, freedonia, acme, press, rebels]
        sources: [report-one, report-two]
        tags: [diplomacy]
        """,
    "events/talks.yml": """\
        title: Talks
        date: 2023-10?
        status: expected
        summary: Maybe.
        place: freedonia-land
        participants: [freedonia]
        sources: [report-one]
        """,
    "claims/alice-says.yml": """\
        speaker: freedonia
        on_behalf_of: freedonia
        date: 2023-07-28
        text: The summit went well.
        about: [summit, alice, capital]
        sources: [report-one]
        tags: [diplomacy]
        """,
    "claims/acme-says.yml": """\
        speaker: alice
        on_behalf_of: freedonia
        date: 2023-07
        text: It did not.
        responds_to: alice-says
        stance: denies
        sources: [report-two]
        """,
    "sources/report-one.yml": """\
        title: Report one
        kind: news
        date: 2023-07-28
        publisher: freedonia
        author: Freedonia
        url: https://example.org/one
        archive_url: https://archive.example/one
        language: en
        """,
    "sources/report-two.yml": """\
        title: Report two
        kind: report
        date: 2023-07
        publisher: press
        author: A. Writer
        """,
    "places/capital.yml": """\
        name: Capital City
        kind: city
        country: freedonia
        coordinates: [10.5, 20.25]
        aliases: [The Capital]
        """,
    "places/freedonia-land.yml": """\
        name: Freedonia (the country)
        kind: country
        summary: The land.
        """,
    "stories/overview.md": """\
        ---
        title: What happened
        home: true
        date: 2023-08
        tags: [diplomacy]
        ---
        [[alice]] spoke after [[summit|the summit]].
        """,
}


@pytest.mark.parametrize("site_url", ["", "https://example.org/pr-preview/pr-7/"])
def test_every_role(make_content: ContentFactory, vocabulary: Vocabulary,
                    site_url: str) -> None:
    jsonld = jsonld_of(make_content(ROLES, site_url=site_url))
    assert misuses(vocabulary, jsonld) == []
    summit = jsonld["events/summit.md"]
    assert [(a["name"], a["@type"]) for a in summit["attendee"]] == [
        ("Alice Example", "Person"), ("Freedonia", "GovernmentOrganization"),
        ("Acme Ministry", "GovernmentOrganization"), ("The Press", "NewsMediaOrganization"),
        ("Rebels", "Organization")]
    # a state is a Country on its own page and where it is a place…
    assert jsonld["actors/freedonia.md"]["@type"] == "Country"
    assert jsonld["actors/alice.md"]["nationality"]["@type"] == "Country"
    assert jsonld["places/capital.md"]["containedInPlace"]["@type"] == "Country"
    # …and its government where it acts, with the same @id
    claim = jsonld["claims/alice-says.md"]
    assert claim["author"]["@type"] == "GovernmentOrganization"
    if site_url:  # one node, seen as both (relative ids differ from page to page)
        assert claim["author"]["@id"] == jsonld["actors/freedonia.md"]["@id"]
    assert jsonld["sources/report-one.md"]["publisher"]["@type"] == "GovernmentOrganization"
    assert jsonld["sources/report-one.md"]["author"]["@type"] == "GovernmentOrganization"
    assert jsonld["claims/acme-says.md"]["sourceOrganization"]["@type"] == \
        "GovernmentOrganization"
    acme = jsonld["actors/acme.md"]
    assert acme["parentOrganization"][0]["@type"] == "GovernmentOrganization"
    assert "memberOf" not in acme  # a person is not an organisation one can be a member of
    assert jsonld["actors/alice.md"]["worksFor"][0]["@type"] == "GovernmentOrganization"

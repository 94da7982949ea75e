"""Unit tests of stage 3, link: the reverse links and derived facts the renderer reads.

One test per diagnostic code lives in test_rules.py; these check the Site
built from valid content.
"""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from conftest import ContentFactory

from generator.core.dates import parse_edtf
from generator.core.link import Appearance, RelationLink, Site, link
from generator.core.load import load_content
from generator.core.models import Actor, Relation
from generator.core.validate import validate


def _site(make_content: ContentFactory, files: Mapping[str, str | None] | None = None,
          **options: object) -> Site:
    """The linked site of MINIMAL plus ``files``; the content must have no errors."""
    settings = make_content(files, **options)
    validated = validate(load_content(settings), settings)
    site, problems = link(validated, settings)
    errors = [p.format() for p in [*validated.problems, *problems] if p.is_error]
    assert errors == []
    return site


BOB = """\
    name: Bob Other
    kind: person
    summary: Critic of [[alice]] and [[acme]], not of [[bob|himself]].
    country: freedonia
    positions:
      - title: Minister of Defence
        of: freedonia
        date: 2012-11-06/2024-05-12
      - title: Secretary of the Security Council
        of: freedonia
        date: 2024-05-12/..
    relations:
      - type: opposes
        to: alice
        status: alleged
        sources: [report-two]
    """

RICH: dict[str, str] = {
    "actors/bob.yml": BOB,
    "events/meeting.yml": """\
        title: The meeting
        date: 2023-09-04
        summary: A follow-up to [[summit]].
        place: capital
        participants:
          - alice
          - actor: bob
            role: visitor
        related: [summit]
        previously:
          - date: 2023-08
            status: expected
            sources: [report-three]
        sources: [report-two]
        tags: [talks]
        """,
    "claims/bob-denies.yml": """\
        speaker: bob
        date: 2023-07-29
        text: "[[alice]] is wrong about the summit."
        about: [summit, alice]
        responds_to: alice-says
        stance: denies
        sources: [report-two]
        """,
    "claims/alice-clarifies.yml": """\
        speaker: alice
        date: 2023-07-30
        text: She meant the first day.
        responds_to: bob-denies
        stance: clarifies
        sources: [report-two]
        """,
    "sources/report-two.yml": """\
        title: Report two
        kind: statement
        date: 2023-07-29
        publisher: acme
        tags: [talks]
        """,
    "sources/report-three.yml": """\
        title: Report three
        kind: news
        date: 2023-08-01
        """,
    "stories/background.md": """\
        ---
        title: Background
        ---
        How [[acme]] works. Not a mention: `[[freedonia]]`.

            [[capital]] in an indented block is still written text here.
        """,
}


@pytest.fixture
def rich(make_content: ContentFactory) -> Site:
    return _site(make_content, RICH)


# -------------------------------------------------------------------- basics


def test_site_holds_every_valid_record(rich: Site) -> None:
    assert set(rich.entries) == {
        "acme", "alice", "bob", "freedonia", "alice-says", "bob-denies", "alice-clarifies",
        "meeting", "summit", "capital", "report-one", "report-two", "report-three",
        "overview", "background"}
    assert rich.as_of == (2023, 9, 5)
    assert rich.home_story == "overview"
    assert [e.id for e in rich.of_kind("event")] == ["meeting", "summit"]
    assert isinstance(rich.typed("bob", Actor), Actor)


def test_names_are_plain_text(rich: Site) -> None:
    assert rich.name("alice") == "Alice Example"
    assert rich.name("summit") == "The summit"
    # A claim's name is its text with mentions resolved to names (a title drops the full stop).
    assert rich.name("bob-denies") == "Alice Example is wrong about the summit"


# -------------------------------------------------------------- reverse links


def test_appearances_carry_roles_in_time_order(rich: Site) -> None:
    assert rich.appearances["alice"] == [Appearance("summit", "host"),
                                         Appearance("meeting", None)]
    assert rich.appearances["bob"] == [Appearance("meeting", "visitor")]
    assert "acme" not in rich.appearances


def test_claims_by_speaker_and_on_behalf_of(rich: Site) -> None:
    assert rich.claims_by["alice"] == ["alice-says", "alice-clarifies"]
    assert rich.claims_by["bob"] == ["bob-denies"]
    # alice-says is spoken on behalf of acme.
    assert rich.claims_by["acme"] == ["alice-says"]


def test_claims_by_lists_a_claim_once_when_speaker_speaks_for_itself(
        make_content: ContentFactory) -> None:
    site = _site(make_content, {"claims/acme-says.yml": """\
        speaker: acme
        on_behalf_of: acme
        date: 2023-08-01
        text: Fine.
        sources: [report-one]
        """})
    assert site.claims_by["acme"] == ["alice-says", "acme-says"]


def test_claims_about(rich: Site) -> None:
    assert rich.claims_about["summit"] == ["alice-says", "bob-denies"]
    assert rich.claims_about["alice"] == ["bob-denies"]


def test_responses(rich: Site) -> None:
    assert rich.responses["alice-says"] == ["bob-denies"]
    assert rich.responses["bob-denies"] == ["alice-clarifies"]
    assert "alice-clarifies" not in rich.responses


def test_relations_are_seen_from_both_ends(rich: Site) -> None:
    alice_rel = rich.typed("alice", Actor).relations[0]
    bob_rel = rich.typed("bob", Actor).relations[0]
    assert rich.relations["alice"] == [
        RelationLink("alice", "acme", alice_rel, inverse=False),
        RelationLink("alice", "bob", bob_rel, inverse=True),
    ]
    assert rich.relations["acme"] == [RelationLink("acme", "alice", alice_rel, inverse=True)]
    assert rich.relations["bob"] == [RelationLink("bob", "alice", bob_rel, inverse=False)]
    assert bob_rel.status == "alleged"


def test_relations_of_a_site_defined_type_are_linked(make_content: ContentFactory) -> None:
    site = _site(make_content, {"actors/acme.yml": """\
        name: Acme Ministry
        kind: government-body
        summary: A ministry.
        relations:
          - type: funds
            to: freedonia
            sources: [report-one]
        """}, relation_types={"funds": {"label": "funds", "inverse": "funded by"}})
    assert [(r.other, r.inverse) for r in site.relations["freedonia"]] == [("acme", True)]
    assert [(r.relation.type, r.inverse) for r in site.relations["acme"]] == [
        ("funds", False), ("spokesperson-for", True)]


def test_cited_by_includes_relation_and_previously_sources(rich: Site) -> None:
    # alice cites report-one only in her relation.
    assert rich.cited_by["report-one"] == ["alice", "alice-says", "summit"]
    assert rich.cited_by["report-two"] == ["bob", "alice-clarifies", "bob-denies", "meeting"]
    # meeting cites report-three only in its 'previously' item.
    assert rich.cited_by["report-three"] == ["meeting"]


def test_cited_by_lists_a_record_once(make_content: ContentFactory) -> None:
    site = _site(make_content, {"actors/alice.yml": """\
        name: Alice Example
        kind: person
        summary: A spokesperson.
        sources: [report-one, report-one]
        relations:
          - type: spokesperson-for
            to: acme
            sources: [report-one]
          - type: member-of
            to: acme
            sources: [report-one]
        """})
    assert site.cited_by["report-one"].count("alice") == 1


def test_mentioned_in_from_prose_and_story_bodies(rich: Site) -> None:
    assert rich.mentioned_in["alice"] == ["bob", "bob-denies", "overview"]
    assert rich.mentioned_in["acme"] == ["alice", "bob", "background"]
    assert rich.mentioned_in["summit"] == ["meeting", "overview"]
    assert rich.mentioned_in["capital"] == ["summit", "background"]


def test_mentioned_in_skips_self_mentions_and_code_spans(rich: Site) -> None:
    assert "bob" not in rich.mentioned_in["bob"]
    assert "background" not in rich.mentioned_in["freedonia"]


def test_mentioned_in_lists_a_record_once(make_content: ContentFactory) -> None:
    site = _site(make_content, {"stories/overview.md": """\
        ---
        title: T
        summary: About [[alice]].
        ---
        [[alice]] and [[alice|her]] again.
        """})
    assert site.mentioned_in["alice"] == ["overview"]


def test_events_at_places_in_time_order(rich: Site) -> None:
    assert rich.events_at["capital"] == ["summit", "meeting"]


def test_related_from(rich: Site) -> None:
    assert rich.related_from["summit"] == ["meeting"]
    assert "meeting" not in rich.related_from


def test_published_by_and_located_in(rich: Site) -> None:
    assert rich.published_by["acme"] == ["report-two"]
    assert rich.located_in["freedonia"] == ["capital"]


def test_tagged(rich: Site) -> None:
    assert dict(rich.tagged) == {"talks": ["meeting", "report-two"]}


# ------------------------------------------------------------------ timeline

TIMELINE: dict[str, str] = {
    # Sub-folders load first ('a-sub' < 'alpha.yml'): zeta comes before alpha.
    "events/a-sub/zeta.yml": """\
        title: Zeta
        date: 2023-07
        summary: Z.
        sources: [report-one]
        """,
    "events/alpha.yml": """\
        title: Alpha
        date: 2023-07-01
        summary: A.
        sources: [report-one]
        """,
    "events/early.yml": """\
        title: Early
        date: 2022~
        summary: E.
        sources: [report-one]
        """,
    "events/later.yml": """\
        title: Later
        date: 2023-09-04
        summary: L.
        sources: [report-one]
        """,
    "events/open.yml": """\
        title: Open start
        date: ../2023-08
        summary: O.
        sources: [report-one]
        """,
}


def test_timeline_is_ordered_by_earliest_possible_day(make_content: ContentFactory) -> None:
    site = _site(make_content, TIMELINE)
    assert site.timeline == ["open", "early", "zeta", "alpha", "summit", "later"]


def test_timeline_ties_keep_a_stable_order(make_content: ContentFactory) -> None:
    site = _site(make_content, TIMELINE)
    # zeta (2023-07) and alpha (2023-07-01) share their earliest day; zeta was loaded first.
    assert site.timeline.index("zeta") < site.timeline.index("alpha")
    again = _site(make_content, TIMELINE)
    assert again.timeline == site.timeline


def test_neighbours(make_content: ContentFactory) -> None:
    site = _site(make_content, TIMELINE)
    assert site.neighbours("open") == (None, "early")
    assert site.neighbours("zeta") == ("early", "alpha")
    assert site.neighbours("later") == ("summit", None)


def test_neighbours_of_the_only_event(make_content: ContentFactory) -> None:
    site = _site(make_content)
    assert site.timeline == ["summit"]
    assert site.neighbours("summit") == (None, None)


# -------------------------------------------------------------- claim status


def _response(claim_id: str, speaker: str, stance: str, responds_to: str = "alice-says",
              date: str = "2023-08-01") -> dict[str, str]:
    return {f"claims/{claim_id}.yml": f"""\
        speaker: {speaker}
        date: {date}
        text: Response {claim_id}.
        responds_to: {responds_to}
        stance: {stance}
        sources: [report-one]
        """}


def _with_bob(*responses: dict[str, str]) -> dict[str, str]:
    files = {"actors/bob.yml": BOB, "sources/report-two.yml": RICH["sources/report-two.yml"]}
    for response in responses:
        files.update(response)
    return files


@pytest.mark.parametrize(("responses", "status"), [
    ([], "open"),
    ([("r1", "bob", "denies")], "disputed"),
    ([("r1", "bob", "disputes")], "disputed"),
    ([("r1", "bob", "confirms")], "confirmed"),
    ([("r1", "bob", "clarifies")], "open"),
    ([("r1", "alice", "repeats")], "open"),
    ([("r1", "bob", "confirms"), ("r2", "bob", "denies")], "disputed"),
    ([("r1", "alice", "retracts")], "retracted"),
    ([("r1", "bob", "denies"), ("r2", "alice", "retracts")], "retracted"),
    # A retraction by someone else does not retract the claim.
    ([("r1", "bob", "retracts")], "open"),
    ([("r1", "bob", "retracts"), ("r2", "bob", "disputes")], "disputed"),
])
def test_claim_status(make_content: ContentFactory, responses: list[tuple[str, str, str]],
                      status: str) -> None:
    site = _site(make_content, _with_bob(*(_response(*r) for r in responses)))
    assert site.claim_status("alice-says") == status


def test_claim_status_looks_only_at_direct_responses(make_content: ContentFactory) -> None:
    site = _site(make_content, _with_bob(
        _response("r1", "bob", "clarifies"),
        _response("r2", "alice", "denies", responds_to="r1"),
    ))
    assert site.claim_status("alice-says") == "open"
    assert site.claim_status("r1") == "disputed"


def test_thread_root(rich: Site) -> None:
    assert rich.thread_root("alice-says") == "alice-says"
    assert rich.thread_root("bob-denies") == "alice-says"
    assert rich.thread_root("alice-clarifies") == "alice-says"


def test_thread_root_stops_on_a_loop(make_content: ContentFactory) -> None:
    settings = make_content(_with_bob(
        _response("r1", "bob", "denies", responds_to="r2"),
        _response("r2", "alice", "denies", responds_to="r1"),
    ))
    validated = validate(load_content(settings), settings)
    site, problems = link(validated, settings)
    assert [p.code for p in problems] == ["responds-to-loop"]
    assert site.thread_root("r1") in {"r1", "r2"}
    assert site.thread_root("r2") in {"r1", "r2"}


# ----------------------------------------------------------------- positions


def test_positions_at_picks_the_title_held_on_the_date(rich: Site) -> None:
    titles = [p.title for p in rich.positions_at("bob", parse_edtf("2023-07"))]
    assert titles == ["Minister of Defence"]
    titles = [p.title for p in rich.positions_at("bob", parse_edtf("2023-07-25/2023-07-27"))]
    assert titles == ["Minister of Defence"]
    titles = [p.title for p in rich.positions_at("bob", parse_edtf("2025"))]
    assert titles == ["Secretary of the Security Council"]


def test_positions_at_returns_every_overlapping_position(rich: Site) -> None:
    titles = [p.title for p in rich.positions_at("bob", parse_edtf("2024-05-12"))]
    assert titles == ["Minister of Defence", "Secretary of the Security Council"]
    titles = [p.title for p in rich.positions_at("bob", parse_edtf("2024"))]
    assert titles == ["Minister of Defence", "Secretary of the Security Council"]


def test_positions_at_without_a_date_or_position(rich: Site) -> None:
    assert rich.positions_at("bob", None) == []
    assert rich.positions_at("bob", parse_edtf("2001")) == []
    assert rich.positions_at("acme", parse_edtf("2023")) == []
    assert rich.positions_at("summit", parse_edtf("2023")) == []


def test_positions_on_a_day(rich: Site) -> None:
    assert [p.title for p in rich.positions_on("bob", rich.as_of)] == ["Minister of Defence"]
    assert [p.title for p in rich.positions_on("alice", rich.as_of)] == ["Spokesperson"]
    assert [p.title for p in rich.positions_on("bob", (2024, 5, 13))] == [
        "Secretary of the Security Council"]
    assert rich.positions_on("bob", (2012, 11, 5)) == []
    assert rich.positions_on("capital", rich.as_of) == []


# ----------------------------------------------------------------- redirects


def test_redirects_from_formerly(make_content: ContentFactory) -> None:
    site = _site(make_content, {
        "actors/acme.yml": """\
            name: Acme Ministry
            kind: government-body
            summary: A ministry.
            formerly: [acme-department, old-acme]
            """,
        "places/capital.yml": """\
            name: Capital City
            kind: city
            formerly: [old-capital]
            """,
    })
    assert site.redirects == {"acme-department": "acme", "old-acme": "acme",
                              "old-capital": "capital"}


def test_no_redirects_without_formerly(make_content: ContentFactory) -> None:
    assert _site(make_content).redirects == {}


def test_relation_model_is_shared_by_both_ends(rich: Site) -> None:
    ends = [link for links in rich.relations.values() for link in links
            if link.relation.type == "opposes"]
    assert len(ends) == 2
    assert isinstance(ends[0].relation, Relation)
    assert ends[0].relation is ends[1].relation
    assert {e.inverse for e in ends} == {True, False}

"""The actor network as data: who is related to whom, and who shared events.

Relations are typed edges; taking part in the same event makes a weaker edge
whose weight is the number of shared events. Claims link their speaker to each
actor they are about, and a response that denies, disputes or confirms a claim
links its speaker to the claim's speaker. Pages show a bounded part of it: the
most connected actors on the network page, direct neighbours on an actor's page.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations

from ..core.link import Site
from ..core.models import Actor, Claim, Event, RecordId

#: Stances of a response that link its speaker to the speaker it answers.
RESPONSE_STANCES = ("denies", "disputes", "confirms")


@dataclass(frozen=True, slots=True)
class Link:
    source: RecordId
    target: RecordId
    kind: str  # "relation", "event", "claim" or "response"
    label: str | None = None
    status: str = "confirmed"  # a response's stance
    weight: int = 1
    #: Whether it reads one way only: relations whose inverse label differs, claims, responses.
    directed: bool = False
    #: The claims behind a claim or response link (the responses, for a response link).
    claims: tuple[RecordId, ...] = ()


@dataclass(frozen=True)
class Graph:
    actors: list[RecordId]
    links: list[Link]
    degree: dict[RecordId, int]
    total_actors: int
    #: Each actor's links, so that an ego network costs its degree, not the whole graph.
    by_actor: dict[RecordId, list[Link]] = field(default_factory=dict)
    #: Actors not shown, most connected first (the network page says who they are).
    left_out: list[RecordId] = field(default_factory=list)

    @property
    def truncated(self) -> bool:
        return len(self.actors) < self.total_actors

    @property
    def isolated(self) -> list[RecordId]:
        """Actors shown without any link among those shown."""
        linked = {end for link in self.links for end in (link.source, link.target)
                  if link.source != link.target}
        return [a for a in self.actors if a not in linked]


def full_graph(site: Site) -> Graph:
    """Every actor, every relation, and every pair of actors who shared events."""
    actors = [e.id for e in site.entries.values() if isinstance(e.model, Actor)]
    links = _relation_links(site) + _event_links(site) + _claim_links(site)
    degree: Counter[RecordId] = Counter()
    by_actor: dict[RecordId, list[Link]] = {}
    for link in links:
        for end in (link.source, link.target):
            degree[end] += link.weight
            by_actor.setdefault(end, []).append(link)
    return Graph(actors, links, {a: degree[a] for a in actors}, len(actors), by_actor)


def most_connected(site: Site, graph: Graph, limit: int) -> Graph:
    """The ``limit`` most connected actors (those with no link last) and the links among them."""
    ranked = sorted(graph.actors, key=lambda a: (-graph.degree[a], site.name(a).casefold(), a))
    keep = set(ranked[:limit])
    actors = [a for a in graph.actors if a in keep]
    links = [ln for ln in graph.links if ln.source in keep and ln.target in keep]
    return Graph(actors, links, graph.degree, len(graph.actors), left_out=ranked[limit:])


def ego_graph(site: Site, graph: Graph, actor_id: RecordId, limit: int) -> Graph:
    """An actor and its direct neighbours (the strongest ``limit`` of them)."""
    own = graph.by_actor.get(actor_id, [])
    strength: Counter[RecordId] = Counter()
    for link in own:
        other = link.target if link.source == actor_id else link.source
        if other != actor_id:
            strength[other] += link.weight + (2 if link.kind == "relation" else 0)
    ranked = sorted(strength, key=lambda a: (-strength[a], site.name(a).casefold(), a))
    keep = {actor_id, *ranked[:limit]}
    links = [ln for ln in own if ln.source in keep and ln.target in keep]
    actors = sorted(keep, key=lambda a: (a != actor_id, site.name(a).casefold(), a))
    return Graph(actors, links, graph.degree, len(strength) + 1)


def _relation_links(site: Site) -> list[Link]:
    links: list[Link] = []
    for actor_id, relations in site.relations.items():
        for rel in relations:
            if not rel.inverse:
                kind = site.settings.relation_types[rel.relation.type]
                links.append(Link(actor_id, rel.other, "relation", kind.label,
                                  rel.relation.status, directed=kind.label != kind.inverse))
    return links


def _event_links(site: Site) -> list[Link]:
    shared: Counter[tuple[RecordId, RecordId]] = Counter()
    for event_id in site.timeline:
        event = site.typed(event_id, Event)
        people = sorted({rid for part in event.participants
                         if (rid := site.resolve(part.actor))})
        for pair in combinations(people, 2):
            shared[pair] += 1
    return [Link(a, b, "event", None, "confirmed", count)
            for (a, b), count in sorted(shared.items())]


def _claim_links(site: Site) -> list[Link]:
    """Speaker to each actor a claim is about; responder to the speaker it answers."""
    about: dict[tuple[RecordId, RecordId], list[RecordId]] = {}
    answers: dict[tuple[RecordId, RecordId, str], list[RecordId]] = {}
    claims = sorted(e.id for e in site.entries.values() if isinstance(e.model, Claim))
    for claim_id in claims:
        claim = site.typed(claim_id, Claim)
        speaker = site.resolve(claim.speaker)
        if speaker is None:
            continue
        for ref in claim.about:
            target = site.resolve(ref)
            if target and target != speaker and isinstance(site.model(target), Actor):
                about.setdefault((speaker, target), []).append(claim_id)
        parent = site.resolve(claim.responds_to)
        if parent and claim.stance in RESPONSE_STANCES:
            answered = site.resolve(site.typed(parent, Claim).speaker)
            if answered and answered != speaker:
                answers.setdefault((speaker, answered, claim.stance), []).append(claim_id)
    links = [Link(a, b, "claim", "claim about" if len(ids) == 1 else f"{len(ids)} claims about",
                  "confirmed", len(ids), True, tuple(ids))
             for (a, b), ids in sorted(about.items())]
    links += [Link(a, b, "response", stance, stance, len(ids), True, tuple(ids))
              for (a, b, stance), ids in sorted(answers.items())]
    return links

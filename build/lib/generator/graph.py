"""The actor network as data: who is related to whom, and who shared events.

Relations are typed edges; taking part in the same event makes a weaker edge
whose weight is the number of shared events. Pages show a bounded part of it:
the most connected actors on the network page, direct neighbours on an
actor's page.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations

from .link import Site
from .models import Actor, Event, RecordId


@dataclass(frozen=True, slots=True)
class Link:
    source: RecordId
    target: RecordId
    kind: str  # "relation" or "event"
    label: str | None = None
    status: str = "confirmed"
    weight: int = 1


@dataclass(frozen=True)
class Graph:
    actors: list[RecordId]
    links: list[Link]
    degree: dict[RecordId, int]
    total_actors: int
    #: Each actor's links, so that an ego network costs its degree, not the whole graph.
    by_actor: dict[RecordId, list[Link]] = field(default_factory=dict)

    @property
    def truncated(self) -> bool:
        return len(self.actors) < self.total_actors


def full_graph(site: Site) -> Graph:
    """Every actor, every relation, and every pair of actors who shared events."""
    actors = [e.id for e in site.entries.values() if isinstance(e.model, Actor)]
    links = _relation_links(site) + _event_links(site)
    degree: Counter[RecordId] = Counter()
    by_actor: dict[RecordId, list[Link]] = {}
    for link in links:
        for end in (link.source, link.target):
            degree[end] += link.weight
            by_actor.setdefault(end, []).append(link)
    return Graph(actors, links, {a: degree[a] for a in actors}, len(actors), by_actor)


def most_connected(site: Site, graph: Graph, limit: int) -> Graph:
    """The ``limit`` most connected actors and the links among them."""
    connected = [a for a in graph.actors if graph.degree[a] > 0]
    ranked = sorted(connected, key=lambda a: (-graph.degree[a], site.name(a).casefold(), a))
    keep = set(ranked[:limit])
    actors = [a for a in graph.actors if a in keep]
    links = [ln for ln in graph.links if ln.source in keep and ln.target in keep]
    return Graph(actors, links, graph.degree, len(connected))


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
                label = site.settings.relation_types[rel.relation.type].label
                links.append(Link(actor_id, rel.other, "relation", label, rel.relation.status))
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

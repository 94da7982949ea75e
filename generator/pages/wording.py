"""Generated English that reads naturally: names inside sentences, titles as prose.

- An actor's name inside a sentence is its ``name_in_text`` when it has one
  ("speaking for the White House"), its ``name`` otherwise.
- A position reads "Supreme Leader of North Korea": the title, then "of" and
  the running name of what it is held in.
- Several titles join as English lists do: "A and B", "A, B and C".
- A claim's speaker who speaks for the body they hold a title in is not said
  to speak for it again ("Spokesperson of the National Security Council",
  not "…, speaking for National Security Council").
"""

from __future__ import annotations

from collections.abc import Sequence

from ..core.link import Site
from ..core.models import Actor, Claim, Position
from ..core.plaintext import plain_text


def running_name(site: Site, actor_id: str) -> str:
    """The actor's name as it reads inside a sentence."""
    model = site.model(actor_id)
    return model.running_name() if isinstance(model, Actor) else site.name(actor_id)


def position_phrase(site: Site, position: Position) -> str:
    """``Supreme Leader of North Korea``, as plain text."""
    if site.resolve(position.of):
        return f"{position.title} of {running_name(site, str(position.of))}"
    return position.title


def join_words(parts: Sequence[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    if len(parts) <= 2:
        return " and ".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def titles_text(site: Site, positions: Sequence[Position]) -> str:
    return join_words([position_phrase(site, p) for p in positions])


def speaks_for_own_body(site: Site, claim: Claim) -> bool:
    """Whether the claim's ``on_behalf_of`` is what one of the speaker's titles then is of."""
    if not claim.on_behalf_of:
        return False
    return any(p.of == claim.on_behalf_of for p in site.positions_at(claim.speaker, claim.date))


def summary_states_titles(site: Site, actor_id: str, positions: Sequence[Position]) -> bool:
    """Whether the actor's summary already names each of these titles (so a listing
    line need not print them before it)."""
    model = site.model(actor_id)
    if not isinstance(model, Actor) or not positions:
        return False
    summary = plain_text(model.summary, lambda rid: site.name(rid) if rid in site.entries
                         else None).casefold()
    return all(p.title.casefold() in summary for p in positions)


def possessive(name: str) -> str:
    """``John Kirby's``, ``the Wagner Group's``, ``the United States'``."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"

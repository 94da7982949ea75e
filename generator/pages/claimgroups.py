"""What happened to a claim, for the claims listing: its group and a few words.

A claim's status (``Site.claim_status``) says only whether it stands disputed,
retracted or confirmed. A listing should also say when later claims repeated
or clarified it, and when the claim itself answers an earlier one, instead of
putting all of those under "No recorded response".
"""

from __future__ import annotations

from ..core.link import Site
from ..core.models import Claim, RecordId

#: Group → its heading, in the order the listing shows them.
GROUPS: dict[str, str] = {
    "disputed": "Disputed",
    "retracted": "Retracted",
    "confirmed": "Confirmed by a later claim",
    "repeated": "Repeated by a later claim",
    "clarified": "Clarified by a later claim",
    "response": "Responses to earlier claims",
    "open": "No recorded response",
}


def claim_group(site: Site, claim_id: str) -> str:
    """The listing group of a claim (a key of :data:`GROUPS`)."""
    status = site.claim_status(claim_id)
    if status != "open":
        return status
    stances = {site.typed(r, Claim).stance for r in site.responses.get(RecordId(claim_id), [])}
    if "repeats" in stances:
        return "repeated"
    if "clarifies" in stances:
        return "clarified"
    if site.resolve(site.typed(claim_id, Claim).responds_to):
        return "response"
    return "open"


def responses(site: Site, claim_id: str) -> list[RecordId]:
    """The claims that answer this one directly, in time order."""
    return list(site.responses.get(RecordId(claim_id), []))

"""FtM: the dossier as FollowTheMoney entities, one JSON object a line, for Aleph and the `ftm` tools.

Each line is `{"id", "schema", "properties"}`, properties as lists of strings, as
FollowTheMoney's own JSON gives them; `proof` names the `Document` of every source the
entity's facts cite. The entities and their mapping are `ftmvalues`'s. FollowTheMoney has
no way to say that a date is approximate or inferred, that a value is an estimate or that
it is the editors' and not a source's: those flags are in the statements table.
"""

from __future__ import annotations

from collections.abc import Iterable

from .ftmvalues import FtmEntity
from .lines import Chunks, encoded_lines, json_text


def ftm_lines(entities: Iterable[FtmEntity]) -> Chunks:
    """Every entity (`ftmvalues.ftm_entities`) as a line of JSON."""
    return encoded_lines(json_text({"id": entity.id, "schema": entity.schema, "properties": entity.properties()})
                         for entity in entities)

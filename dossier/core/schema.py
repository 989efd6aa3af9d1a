"""Schema: the vocabulary of a dossier, as data the validator and the docs both read.

Which fields each kind of record has, of which type, and the relation types with
their wording from each side. Nothing here names a particular dossier's subject.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldSpec:
    """One field of a record: its YAML key, the label pages show, and its value type.

    Types: 'text' (a cited string), 'ref' (a cited id of another record),
    'occurrence' (a cited date and place, and who, e.g. a founding or a birth),
    'coordinates' (a place's latitude and longitude, and how precise they are).
    `many` fields hold a list of facts; single fields may list several facts only
    when sources differ.
    """

    key: str
    label: str
    type: str
    many: bool = False
    ref_kinds: tuple[str, ...] = ()
    help: str = ""


KIND_FIELDS: dict[str, tuple[FieldSpec, ...]] = {
    "group": (
        FieldSpec("kind", "Kind", "text", help="what sort of group it is, in the source's words"),
        FieldSpec("founded", "Founded", "occurrence",
                  help="date, place and founders; for a company, when and where it was registered or incorporated"),
        FieldSpec("area", "Area of operations", "ref", many=True, ref_kinds=("place",),
                  help="places where it operates"),
        FieldSpec("composition", "Composition", "text", help="who its members are"),
        FieldSpec("strength", "Strength", "text", help="size, usually an estimate: `estimate: true`"),
        FieldSpec("status", "Status", "text", help="what is known of its state now"),
        FieldSpec("registration_number", "Registration number", "text",
                  help="a company's number in its register, as the source gives it"),
        FieldSpec("jurisdiction", "Jurisdiction", "ref", ref_kinds=("place",),
                  help="the place whose law a company is registered under"),
    ),
    "person": (
        FieldSpec("born", "Born", "occurrence", help="date and place of birth"),
        FieldSpec("nationality", "Nationality", "text", help="only where the source states it"),
        FieldSpec("occupation", "Occupation", "text", help="what the source calls them"),
        FieldSpec("based_in", "Based in", "ref", many=True, ref_kinds=("place",), help="where they work or live"),
        FieldSpec("fate", "Fate", "text", help="alive, dead, detained, or unknown: as the source says"),
    ),
    "place": (
        FieldSpec("kind", "Kind", "text", help="country, province, city, region ..."),
        FieldSpec("country", "Country", "ref", ref_kinds=("place",), help="the country it lies in"),
        FieldSpec("location", "Location", "coordinates",
                  help="where it lies: `lat` and `lon` in decimal degrees (WGS 84) and how precise they are, "
                       "`precision` (exact, town, district, region or country)"),
    ),
}

ENTITY_KEYS = {
    "name": "the name pages use (required)",
    "aliases": "other names and spellings, each a cited fact",
    "summary": "a short cited description (required)",
    "relations": "typed, dated links to other records, written once",
    "quotes": "verbatim words this entity said in a source",
    "reviewed": "disagreements the editor has looked at: the field's name, and why its values stand side by side",
    "previous_ids": "the ids the record had before it was renamed, so its history in the releases follows it",
}
SOURCE_KEYS = {
    "title": "the source's headline (required)",
    "author": "id of the person who wrote it",
    "outlet": "the publication",
    "dateline": "id of the place it is datelined",
    "date": "its date, inferred with a basis if the source does not print one",
    "url": "where it was published (http or https)",
    "text": "the full text that citations quote (required)",
    "reliability": "the editor's grade of the source, A-F, with the reason: {grade, reason}",
    "retrieved": "when its archived copy was taken, in UTC: YYYY-MM-DDTHH:MM:SSZ (written by add-source)",
    "sha256": "the SHA-256 of its archived copy's bytes, 64 hex digits (written by add-source)",
    "text_edited": "the editor's reason for a text that is no longer what was extracted from the archived copy",
    "unchecked": "the fields add-source filled in from the page that the editor has yet to check",
    "previous_ids": "the ids the source had before it was renamed, so its history in the releases follows it",
}
UNCHECKABLE = ("title", "outlet", "date", "url", "text")
"""The fields `add-source` fills in from a page, which `unchecked` may name."""
SUPPORT_KEYS = {
    "cite": "a quote from the default source, {source, quote}, or a list of them",
    "editorial": "instead of cite: the editor's reason, shown as editorial",
    "according_to": "id of the person or group the source attributes the claim to, or a source's outlet by name",
    "estimate": "true if the value is an estimate",
    "inferred": "the editor's reasoning, when the value is inferred from the cited words rather than stated",
    "note": "a short remark shown with the value",
    "credibility": "the editor's grade of the fact, 1-6, with the reason: {grade, reason}",
}
"""What every statement may rest on and be qualified by: a field's fact, a relation, an event, and each
alternative of a disputed part."""
EVENT_KEYS = {
    "date": "when it happened (required); a list of alternatives, each cited, where sources differ",
    "title": "one line saying what happened (required)",
    "place": "id of the place it happened; a list of alternatives, each cited, where sources differ",
    "involves": "ids of the groups and people involved",
    **SUPPORT_KEYS,
    "editorial": "the editor's reason, for an event no source states outright",
    "credibility": "the editor's grade of the event, 1-6, with the reason: {grade, reason}",
    "reviewed": "disputed parts the editor has looked at: the part (date, place), and why its values stand",
    "previous_ids": "the ids the event had before it was renamed, so its history in the releases follows it",
}
FACT_KEYS = {
    "value": "the value (text, or an id for place fields)",
    **SUPPORT_KEYS,
    "as_of": "the date the value held at, as the source says (a rank, a strength then)",
    "period": "instead of as_of: when the value held, {from, to}; `to: present` if it still does",
}
OCCURRENCE_KEYS = {"date": "when", "place": "id of the place",
                   "by": "who: ids of people or groups (one, or a list), or the source's words"}
COORDINATE_KEYS = {"lat": "latitude in decimal degrees, -90 to 90 (north is positive)",
                   "lon": "longitude in decimal degrees, -180 to 180 (east is positive)",
                   "precision": "how precise: exact, town, district, region or country"}
PRECISIONS = {
    "exact": "the spot itself",
    "town": "somewhere in the town or city",
    "district": "somewhere in the district or province",
    "region": "somewhere in the region",
    "country": "somewhere in the country",
}
"""How precise a place's coordinates are: the point is the spot itself, or stands for an area around it."""
RELATION_KEYS = {
    "type": "one of the relation types",
    "target": "id of the other record; a list of alternatives, each cited, where sources differ",
    "role": "the subject's part in it, in the source's words: a title held, a rank, a charge, a sentence",
    "target_role": "the target's part in it, where the type does not say (`related-to`)",
    "period": "{from, to} dates; `to: present` if ongoing; either date may be a list of cited alternatives",
    "on": "instead of period: the one date of a single act (an attack, a split, a pledge)",
    "as_of": "instead of period or on: a date it held at, when the source gives neither start nor end",
    "ended": "how it is known to end, with its own citation: {on: DATE} or {unknown_since: DATE}",
    "amount": "a sum of money (a number: 2500000), for `paid`, `financed`, `awarded-contract-to`",
    "currency": "the ISO 4217 code of the amount's currency: EUR, USD ...",
    "share": "a share in percent (a number: 75 for 75%), for `owner-of`",
    **SUPPORT_KEYS,
    "reviewed": "disputed parts the editor has looked at: the part (target, on, from, to, as_of, amount, share), "
                "and why its values stand",
}
ENDING_KEYS = {
    "on": "the date it ended",
    "unknown_since": "the date since which its state is unknown, as the source says",
}
"""The keys of a relation's `ended`, with the support keys of any statement."""
ALTERNATIVE_KEYS = {"value": "the value this source gives"}
"""An alternative of a disputed part (a target, an amount, a share) holds `value` and the support keys; an
alternative of a date holds a date's keys and the support keys."""
QUOTE_KEYS = {
    "text": "the words, verbatim from the source",
    "source": "id of the source; defaults to the dossier's default source",
    "about": "ids of the records the words are about",
    "date": "when they were said",
    "medium": "how: a tweet, a video, an interview",
    "context": "who exactly spoke, or where, in the source's words",
    "prefix": "the words just before the text in the source, when the text occurs more than once",
    "suffix": "the words just after the text in the source, when the text occurs more than once",
}
CITATION_KEYS = {
    "source": "id of the source (default: the dossier's default source)",
    "quote": "the words, verbatim from the source",
    "prefix": "the words just before the quote, when it occurs more than once",
    "suffix": "the words just after the quote, when it occurs more than once",
}
GRADE_KEYS = {
    "grade": "the grade: A-F for a source's reliability, 1-6 for a fact's credibility",
    "reason": "the editor's reason for the grade (required)",
}
RELIABILITY = {
    "A": "completely reliable", "B": "usually reliable", "C": "fairly reliable",
    "D": "not usually reliable", "E": "unreliable", "F": "reliability cannot be judged",
}
"""A source's reliability, from the NATO/Admiralty code (STANAG 2511)."""
CREDIBILITY = {
    "1": "confirmed by other sources", "2": "probably true", "3": "possibly true",
    "4": "doubtful", "5": "improbable", "6": "truth cannot be judged",
}
"""A piece of information's credibility, from the same code."""
DATE_KEYS = {
    "value": "YYYY, YYYY-MM or YYYY-MM-DD",
    "said": "instead of value: the source's yearless wording, e.g. 'last December 11'",
    "part": "early, mid or late (of a month)",
    "approximate": "true if the source says 'about'",
    "inferred": "why the date is inferred: the reasoning",
}
SETTINGS_KEYS = {
    "title": "the dossier's title (required)",
    "description": "what the dossier covers (required)",
    "default_source": "id of the source that bare `cite:` quotes come from",
    "key_entities": "ids featured on the home page",
    "language": "the pages' language code (default en)",
}


@dataclass(frozen=True)
class RelationFamily:
    """A family of relation types that profiles group together and drawings draw alike."""

    name: str
    """Its key, also the class drawings and legends style it by: 'f-<name>'."""
    title: str


FAMILIES: dict[str, RelationFamily] = {
    f.name: f
    for f in (
        RelationFamily("leadership", "Leadership and membership"),
        RelationFamily("alliance", "Alliances and allegiance"),
        RelationFamily("hostility", "Hostilities"),
        RelationFamily("money", "Ownership, money and employment"),
        RelationFamily("legal", "The law"),
        RelationFamily("statement", "Statements and commentary"),
        RelationFamily("monitoring", "Monitoring"),
        RelationFamily("other", "Other relations"),
    )
}
"""In the order profiles list them."""


@dataclass(frozen=True)
class RelationType:
    """A relation type, how it reads from the subject's page and from the target's, and its family."""

    name: str
    forward: str
    inverse: str
    family: str
    subject_kinds: tuple[str, ...] = ("group", "person")
    target_kinds: tuple[str, ...] = ("group", "person")
    takes: tuple[str, ...] = ()
    """The parts it may have beyond every relation's: 'amount' (with its currency), 'share'."""
    role_word: str = "as"
    """The word its role follows on a page: 'as emir', 'with bribery' (a charge), 'to six years' (a sentence)."""

    @property
    def symmetric(self) -> bool:
        return self.forward == self.inverse


_PEOPLE = ("person",)
_GROUPS = ("group",)
RELATION_TYPES: dict[str, RelationType] = {
    t.name: t
    for t in (
        RelationType("leader-of", "leader of", "led by", "leadership", _PEOPLE, _GROUPS),
        RelationType("member-of", "member of", "has member", "leadership", ("group", "person"), _GROUPS),
        RelationType("founder-of", "founder of", "founded by", "leadership", _PEOPLE, _GROUPS),
        RelationType("branch-of", "branch of", "has branch", "leadership", _GROUPS, _GROUPS),
        RelationType("affiliate-of", "affiliate of", "has affiliate", "leadership", _GROUPS, _GROUPS),
        RelationType("succeeded", "succeeded", "succeeded by", "leadership"),
        RelationType("merged-into", "merged into", "absorbed", "leadership", _GROUPS, _GROUPS),
        RelationType("allied-with", "allied with", "allied with", "alliance"),
        RelationType("aligned-with", "aligned with", "aligned with", "alliance"),
        RelationType("pledged-allegiance-to", "pledged allegiance to", "received a pledge of allegiance from",
                     "alliance"),
        RelationType("fought-alongside", "fought alongside", "fought alongside", "alliance"),
        RelationType("fought-against", "fought against", "fought against", "hostility"),
        RelationType("attacked", "attacked", "attacked by", "hostility", target_kinds=("group", "person", "place")),
        RelationType("vowed-to-fight", "vowed to fight", "the target of a vow to fight by", "hostility"),
        RelationType("rival-of", "rival of", "rival of", "hostility"),
        RelationType("killed", "killed", "killed by", "hostility", target_kinds=_PEOPLE),
        RelationType("split-from", "split from", "was left by", "alliance"),
        RelationType("owner-of", "owner of", "owned by", "money", target_kinds=_GROUPS, takes=("share",)),
        RelationType("director-of", "director of", "has director", "money", target_kinds=_GROUPS),
        RelationType("employed-by", "employed by", "has employee", "money", _PEOPLE, _GROUPS),
        RelationType("paid", "paid", "received a payment from", "money", takes=("amount",), role_word="for"),
        RelationType("financed", "financed", "financed by", "money", takes=("amount",), role_word="for"),
        RelationType("awarded-contract-to", "awarded a contract to", "awarded a contract by", "money",
                     _GROUPS, takes=("amount",), role_word="for"),
        RelationType("charged", "charged", "charged by", "legal", role_word="with"),
        RelationType("convicted", "convicted", "convicted by", "legal", role_word="of"),
        RelationType("sentenced", "sentenced", "sentenced by", "legal", role_word="to"),
        RelationType("arrested", "arrested", "arrested by", "legal", target_kinds=_PEOPLE, role_word="for"),
        RelationType("detained", "detained", "detained by", "legal", role_word="for"),
        RelationType("denounced", "denounced", "denounced by", "statement"),
        RelationType("monitors", "monitors", "monitored by", "monitoring"),
        RelationType("commented-on", "commented on", "commented on by", "statement"),
        RelationType("related-to", "related to", "related to", "other"),
    )
}

RELATION_ROWS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("Leaders", (("leader-of", "target"),)),
    ("Owners", (("owner-of", "target"),)),
    ("Directors", (("director-of", "target"),)),
    ("Allies", (("allied-with", "either"), ("aligned-with", "either"), ("fought-alongside", "either"),
                ("pledged-allegiance-to", "subject"))),
    ("Opponents", (("fought-against", "either"), ("attacked", "either"), ("vowed-to-fight", "either"),
                   ("rival-of", "either"))),
)
"""The infobox's rows drawn from relations: the label, and the relation types it gathers with the side the
profile's record must be on ('target': it is led, owned, directed; 'subject': it pledged; 'either'). A
pledge makes an ally of the one pledged to on the pledger's page only: the other side only received it."""

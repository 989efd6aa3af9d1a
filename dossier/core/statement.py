"""Statement: one claim of the dossier as every output shows it, made once in the link stage.

A statement is a fact of a field, a relation, an event, or a part of a relation or an event
that sources dispute (each alternative is a statement of its own, with its own citations), or
the way a relation is known to end. It carries what is said (`value`), the words it rests on
(`cites`), how sure it is and on whose word (`Qualifiers`), its grade, and its wording from
each side: on the page of the record it is written on, and on the page of the other record
of a relation. Pages, drawings, the search index and the data files all show a fact through
its statement, so none of them words a fact its own way or drops what qualifies it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .frozen import quick_init

if TYPE_CHECKING:
    from .model import Citation, EntityId, Grade

CERTAINTY_MARKS = {"estimate": "est.", "approximate": "c.", "inferred": "?", "editorial": "ed."}
"""The marks drawings use for each word of certainty, where there is no room for the word."""


@quick_init
@dataclass(frozen=True, slots=True)
class Qualifiers:
    """How sure a statement is and on whose word: what every fact, relation and event may carry."""

    according_to: EntityId | None = None
    """The person or group the source gives the claim as theirs."""
    attribution: str = ""
    """'according to Viktor Mikhailov': the words for `according_to`."""
    estimate: bool = False
    approximate: bool = False
    """A date it gives is approximate ('c. 2000')."""
    inferred: str = ""
    """The editor's reasoning, when the statement itself is inferred from its quotes."""
    dates_inferred: str = ""
    """The reasoning of the dates it gives that are inferred (a year counted back from the source's date ...)."""
    editorial: str = ""
    note: str = ""
    credibility: Grade | None = None
    reliability: tuple[str, ...] = ()
    """The reliability grades (A-F) of the sources it cites, each once, in order."""
    disputed: tuple[str, ...] = ()
    """The parts of it on which its sources differ ('amount', 'date' ...)."""
    held: str = ""
    """When a field's value held, as the source says: 'as of 2016', '2012 – present' (a relation's and an
    event's time is their own dates, in their words)."""
    outlet: str = ""
    """Instead of `according_to`: the outlet the source gives the claim as theirs ("as Caravanserai reported")."""

    @property
    def grade(self) -> str:
        """'B2': its sources' reliability, then its credibility, as analysts write them; '' if ungraded."""
        return "".join(self.reliability) + (self.credibility.grade if self.credibility else "")

    @property
    def certainty(self) -> tuple[str, ...]:
        """The words saying how sure it is, in a fixed order: estimate, approximate, inferred, editorial."""
        words = []
        if self.estimate:
            words.append("estimate")
        if self.approximate:
            words.append("approximate")
        if self.inferred or self.dates_inferred:
            words.append("inferred")
        if self.editorial:
            words.append("editorial")
        return tuple(words)

    @property
    def words(self) -> tuple[str, ...]:
        """Everything a reader must know of it, in words: its certainty, whose claim it is, what sources dispute."""
        words = list(self.certainty)
        if self.attribution:
            words.append(self.attribution)
        if self.disputed:
            words.append("sources differ on " + " and ".join(_PART_WORDS.get(p, p) for p in self.disputed))
        return tuple(words)

    @property
    def marks(self) -> tuple[str, ...]:
        """The same, in the few characters a drawing has room for: 'est.', '?' (inferred), 'ed.', 'per Viktor
        Mikhailov', 'disputed', then the grade. An approximate or inferred date is marked on the date
        itself, as drawings write dates ('c. 2000', 'Aug 2015?'), so only the statement's own inference is here."""
        marks = [CERTAINTY_MARKS[word] for word in self.certainty
                 if word != "approximate" and (word != "inferred" or self.inferred)]
        if self.attribution:
            marks.append("per " + self.attribution.removeprefix("according to "))
        if self.disputed:
            marks.append("disputed")
        if self.grade:
            marks.append(self.grade)
        return tuple(marks)

    @property
    def mark_kinds(self) -> tuple[str, ...]:
        """Which marks it gives, by kind ('est.', '?', 'ed.', 'per', 'disputed', 'B2'), for a drawing's legend."""
        return tuple("per" if mark.startswith("per ") else "B2" if mark == self.grade else mark for mark in self.marks)

    @property
    def plain(self) -> bool:
        """Nothing to qualify it: stated by its sources in their own voice, not disputed, not graded doubtful,
        and not a value that held at a time only (a strength 'as of 2016' is no strength now)."""
        return not (self.words or self.held or (self.credibility and self.credibility.grade not in ("1", "2")))


NO_QUALIFIERS = Qualifiers()

_PART_WORDS = {"target": "whom", "on": "the date", "from": "the start", "to": "the end", "as_of": "the date",
               "amount": "the amount", "share": "the share", "date": "the date", "place": "the place"}


def part_words(part: str) -> str:
    """A disputed part in words: 'the amount', 'the date', 'whom'."""
    return _PART_WORDS.get(part, part)


@quick_init
@dataclass(frozen=True, slots=True)
class Statement:
    """One claim, its support and qualifiers, and its words from each side."""

    id: str
    """Stable, and the id its data files give it: 'imu.founded-1', 'usman-ghazi.relation-2',
    'dace.relation-1.amount-2', 'usman-ghazi.relation-1.ended', or an event's id."""
    subject: EntityId
    """The record it is written on (an event's own id for an event)."""
    kind: str
    """'field', 'relation', 'event', 'part' (an alternative of a disputed part) or 'ending'."""
    key: str
    """The field's key, the relation's type, 'event', or the part ('amount', 'date' ...)."""
    value: object
    """The `Fact`, `Relation` or `Event` it states."""
    cites: tuple[Citation, ...]
    qualifiers: Qualifiers
    words: str
    """What it says on its subject's page, without the subject's name: 'leader of Islamic Movement of
    Uzbekistan as emir (the fourth), from 2012'; a field's: 'born 1970, in Tashkent'."""
    inverse_words: str = ""
    """What it says on the other record's page (a relation's target): 'led by Usman Ghazi as emir ...'."""
    subject_name: str = ""
    target: EntityId | None = None
    parent: str = ""
    """The statement a part or an ending belongs to."""

    @property
    def sentence(self) -> str:
        """It in full, with its subject: 'Usman Ghazi: leader of Islamic Movement of Uzbekistan ...'."""
        return f"{self.subject_name}: {self.words}" if self.subject_name else self.words

    @property
    def qualifier_text(self) -> str:
        """Its qualifiers and grade in words: 'estimate; according to Valerii Khan; graded B2', or ''."""
        if self.qualifiers is NO_QUALIFIERS:
            return ""
        extra = list(self.qualifiers.words)
        if self.qualifiers.grade:
            extra.append(f"graded {self.qualifiers.grade}")
        return "; ".join(extra)

    def qualified(self, text: str) -> str:
        """Words of it followed by its qualifiers in brackets: 'about 60 members (estimate; graded B2)'."""
        extra = self.qualifier_text
        return f"{text} ({extra})" if extra else text

    @property
    def qualified_sentence(self) -> str:
        """It in full with every qualifier in words and its grade: what a line of a data file says of it."""
        return self.qualified(self.sentence)

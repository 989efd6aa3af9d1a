"""View data: the plain, typed records templates get (see `views` and `claimviews`, which make them).

Each is frozen data: templates only show it, and StrictUndefined catches a name that is not there.
URLs are paths from the site root; templates prefix them with the page's `root`. A statement's
qualifiers (whose claim it is, how sure, its grade) are the fields every statement view shares.
A profile's view is a `View`, whose relationship map is made only if a template reads it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..core.reads import Read, noted, recording
from .grading import GradeView


@dataclass(frozen=True, slots=True)
class LinkView:
    name: str
    url: str
    kind: str


@dataclass(frozen=True, slots=True)
class DateView:
    label: str
    iso: str
    qualifier: str
    basis: str
    label_in_year: str = ""
    """The label under a heading of its year (the chronology's), which it does not repeat."""


@dataclass(frozen=True, slots=True)
class MarkView:
    """A numbered citation mark: where it sends the reader and the words it rests on."""

    number: int
    anchor: str
    url: str
    quote: str
    source: str


@dataclass(frozen=True, slots=True)
class BackMark:
    """A link from a citation list's entry back to one place that cites it: 'a', 'b' ... ('^' if only one)."""

    label: str
    anchor: str


@dataclass(frozen=True, slots=True)
class ReferenceView:
    """An entry of a page's citation list: the passage, its source, and links back to each place citing it."""

    number: int
    anchor: str
    url: str
    quote: str
    source: str
    backs: tuple[BackMark, ...]
    copy_url: str = ""
    """The same place in the source's archived copy, where its format allows (see `copies`)."""
    copy_label: str = ""


@dataclass(frozen=True, slots=True)
class PeriodView:
    start: DateView | None
    end: DateView | None
    ongoing: bool


@dataclass(frozen=True, slots=True)
class AlternativeView:
    """One value sources give for a disputed part of a relation or an event, on whose word, with its marks."""

    text: str
    link: LinkView | None
    date: DateView | None
    sources: tuple[str, ...]
    according_to: LinkView | None
    estimate: bool
    inferred: str
    editorial: str
    note: str
    marks: tuple[MarkView, ...]
    grade: GradeView | None
    statement: str = ""
    """The id of the statement it shows (pages carry it as `data-statement`)."""
    qualified: bool = False
    """Whether it has a qualifier to show (estimate, inferred, according to, a note, editorial)."""
    according_to_outlet: str = ""
    """Instead of `according_to`: the outlet the source gives the claim as theirs, which has no page."""


@dataclass(frozen=True, slots=True)
class DisputeView:
    """A part of a relation or an event its sources dispute ('the amount'), and each value given."""

    part: str
    alternatives: tuple[AlternativeView, ...]


@dataclass(frozen=True, slots=True)
class FactView:
    text: str = ""
    link: LinkView | None = None
    date: DateView | None = None
    place: LinkView | None = None
    by: str = ""
    by_links: tuple[LinkView, ...] = ()
    according_to: LinkView | None = None
    according_to_outlet: str = ""
    """Instead of `according_to`: the outlet the source gives the claim as theirs, which has no page."""
    estimate: bool = False
    editorial: str = ""
    note: str = ""
    marks: tuple[MarkView, ...] = ()
    grade: GradeView | None = None
    sources: tuple[str, ...] = ()
    """The short titles of the sources it cites, shown beside it where the sources differ."""
    as_of: DateView | None = None
    held: PeriodView | None = None
    inferred: str = ""
    """The editor's reasoning, when the value is read from its quotes rather than stated in them."""
    statement: str = ""
    """The id of the statement it shows (pages carry it as `data-statement`)."""
    qualified: bool = False
    """Whether it has a qualifier to show (estimate, inferred, according to, a note, editorial)."""


@dataclass(frozen=True, slots=True)
class SideView:
    """One value sources give where they differ, who gives it, and the citation marks saying so."""

    value: str
    sources: tuple[str, ...]
    marks: tuple[MarkView, ...]


@dataclass(frozen=True, slots=True)
class DisagreementView:
    """Where a profile's sources differ: a field, the part they differ on, and each side."""

    label: str
    part: str
    sides: tuple[SideView, ...]
    one_source: bool = False
    """Every value comes from one source (or one person or outlet it quotes): it differs with itself."""


@dataclass(frozen=True, slots=True)
class RowView:
    label: str
    facts: tuple[FactView, ...]
    differ: bool = False
    one_source: bool = False
    """Its values differ, but all come from one source (see `DisagreementView`)."""


@dataclass(frozen=True, slots=True)
class EndingView:
    """How a relation is known to end: 'unknown since' a date, or 'ended' on one, with its own support."""

    words: str
    date: DateView | None
    according_to: LinkView | None
    estimate: bool
    inferred: str
    editorial: str
    note: str
    marks: tuple[MarkView, ...]
    grade: GradeView | None
    statement: str = ""
    """The id of the statement it shows (pages carry it as `data-statement`)."""
    qualified: bool = False
    """Whether it has a qualifier to show (estimate, inferred, according to, a note, editorial)."""
    according_to_outlet: str = ""
    """Instead of `according_to`: the outlet the source gives the claim as theirs, which has no page."""


@dataclass(frozen=True, slots=True)
class RelationView:
    label: str
    other: LinkView
    role: str
    """The roles as they follow the other's name: 'as emir (the fourth)', '(Ana Pell as defendant; ...)'."""
    period: PeriodView | None
    inverse: bool
    editorial: str
    marks: tuple[MarkView, ...]
    grade: GradeView | None = None
    anchor: str = ""
    on: DateView | None = None
    """The one date of a single act, shown instead of a period."""
    as_of: DateView | None = None
    """The date it held at, shown instead of a period."""
    sums: str = ""
    """Its amount or share, undisputed: 'EUR 2,500,000', 'a 75% share'."""
    according_to: LinkView | None = None
    according_to_outlet: str = ""
    """Instead of `according_to`: the outlet the source gives the claim as theirs, which has no page."""
    estimate: bool = False
    inferred: str = ""
    note: str = ""
    ending: EndingView | None = None
    disputes: tuple[DisputeView, ...] = ()
    statement: str = ""
    qualified: bool = False


@dataclass(frozen=True, slots=True)
class RelationRowView:
    """A row of the infobox drawn from relations ('Leaders', 'Allies'): each relation as the list gives it,
    with its own words when the row holds more than one type."""

    label: str
    relations: tuple[RelationView, ...]
    worded: bool
    """Each entry says its relation's words ('allied with', 'pledged allegiance to'), as the row's types vary."""


@dataclass(frozen=True, slots=True)
class FamilyView:
    """One family of a profile's relations, in date order."""

    name: str
    title: str
    anchor: str
    relations: tuple[RelationView, ...]


@dataclass(frozen=True, slots=True)
class EventView:
    anchor: str
    url: str
    date: DateView
    title: str
    place: LinkView | None
    involves: tuple[LinkView, ...]
    editorial: str
    marks: tuple[MarkView, ...]
    grade: GradeView | None = None
    according_to: LinkView | None = None
    according_to_outlet: str = ""
    """Instead of `according_to`: the outlet the source gives the claim as theirs, which has no page."""
    estimate: bool = False
    inferred: str = ""
    note: str = ""
    dates: tuple[DateView, ...] = ()
    """Every date its sources give, where they dispute it (shown joined by 'or')."""
    disputes: tuple[DisputeView, ...] = ()
    statement: str = ""
    qualified: bool = False


@dataclass(frozen=True, slots=True)
class QuoteView:
    text: str
    speaker: LinkView
    context: str
    medium: str
    date: DateView | None
    about: tuple[LinkView, ...]
    marks: tuple[MarkView, ...]


class Deferred:
    """A part of a view made only when a template first reads it (a drawing the built-in theme no longer
    shows, which a project's templates may), then kept. Like a `Memo`, it keeps what making it read and
    notes those reads again at every later read, so each page that shows it records them, and a page that
    does not show it does not."""

    __slots__ = ("_make", "_value", "_reads")

    def __init__(self, make: Callable[[], Any]):
        self._make: Callable[[], Any] | None = make
        self._value: Any = None
        self._reads: frozenset[Read] = frozenset()

    def value(self) -> Any:
        if self._make is not None:
            with recording() as reads:
                self._value = self._make()
            self._reads, self._make = frozenset(reads), None
        else:
            noted(self._reads)
        return self._value


class View(dict):  # type: ignore[type-arg]
    """A page's view: a plain dict, whose `deferred` entries are made when first read (`view[key]`, `e.key`
    in a template); they are not among its keys until then, and never stored in it, so that every read of
    one notes its reads."""

    __slots__ = ("deferred",)

    def __init__(self, values: dict[str, Any], deferred: dict[str, Deferred]):
        super().__init__(values)
        self.deferred = deferred

    def __missing__(self, key: str) -> Any:
        deferred = self.deferred.get(key)
        if deferred is None:
            raise KeyError(key)
        return deferred.value()

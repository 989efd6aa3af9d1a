"""Kept model's pickling: how the linked model is written into the kept model's file and made
again from it (see `keptmodel` for the file, and why it can be trusted).

Dataclasses are written as their fields' values (`_REDUCERS`, through `valuedigests.field_values`
made once per type, as the pages' digests write them) and made again by the class itself where
its `__init__` is the quick one (`core.frozen`), else by `restore`: pickle's own way for frozen
dataclasses with slots calls `dataclasses.fields` for every object, a third of the time of
writing the model. Equal dates, periods and mentions are written once (`INTERNED`).

The collections a run may leave unread (`DEFERRED`) are written a group of keys at a time, each
group its own pickle, holding the objects it shares with the rest of the model (`SHARED`) as
their numbers in a table the model's pickle holds first, and a statement of another collection
(a link's) as its id; the model's pickle holds each such collection as its keys and where its
groups lie, and the unpickler makes it a `DeferredValues`.

The unpickler makes only the model's own types (`ALLOWED_MODULES`) and the functions below,
never a function of another module: a file that asks for anything else is refused.
"""

from __future__ import annotations

import builtins
import dataclasses
import functools
import gc
import io
import marshal
import pickle
import sys
import types
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..core.diagnostics import Diagnostic
from ..core.frozen import is_quick
from ..core.model import Dossier, Entity, Event
from ..core.reads import RecordedMapping
from ..core.statement import Statement
from .deferred import DeferredValues
from .parsedjson import Untrusted
from .valuedigests import field_values

if TYPE_CHECKING:
    from ..link.stage import NameResolver

ALLOWED_MODULES = ("dossier.core.", "dossier.link.")
"""The modules whose classes a kept model may be made of: the linked model's."""
DEFERRED: dict[str, Callable[[Any], Any]] = {
    "statements": lambda statement: statement.split(".", 1)[0],
    "citations": lambda page: page,
    "cited_by": lambda source: source,
    "links": lambda entity: entity,
}
"""The collections of the model left unread until a run asks for them (see the module), each with
the group a key's value is written in: the statements of one record together (the checks of a run
that links notes into the model read none, and a page those of a few records); a page's citations
alone; a source's sentences' citers, as its page reads them; an entity's relations as seen from
its side alone (the checks ask only which entities have some)."""

@dataclass(frozen=True)
class Linked:
    """A linked model and the diagnostics found while reading, validating and linking it."""

    dossier: Dossier
    diagnostics: tuple[Diagnostic, ...]
    linked_from: int
    """The index of the first diagnostic the link stage found: those before it, loading and
    validating found."""
    numbered: bool = True
    """Whether each page's citations are numbered (see `link.link_dossier`): a run that only
    checks the dossier leaves them out."""
    checked: dict[str, tuple[Diagnostic, ...]] | None = None
    """What the checks that read records alone found in it (see `check.checks.RECORDS_ALONE`), if
    they ran: a model kept holds them, for a run that links notes into it to take."""
    resolver: NameResolver | None = None
    """Its names, as notes' wikilinks are resolved against them: a model kept holds them, for a run
    that links notes into it to take (they are the same while its records are)."""


def restore(cls: type, values: tuple[Any, ...]) -> Any:
    """An object of a dataclass from its fields' values, without its `__init__`."""
    return _RESTORERS[cls](values)


class _Restorers(dict):  # type: ignore[type-arg]
    """Dataclass -> a function making one of its objects from its fields' values, written for the
    class as `dataclasses` writes `__init__`: the values unpacked and each set by the slot's own
    setter where the field is a slot, else by `object.__setattr__` with its name. A kept model
    restores about 1.3 million objects at 10,000 entities; a loop over the fields took four
    times as long."""

    def __missing__(self, cls: type) -> Callable[[tuple[Any, ...]], Any]:
        if not dataclasses.is_dataclass(cls):
            raise TypeError(f"{cls!r} is not a dataclass")
        names = field_values(cls)[0]
        scope: dict[str, Any] = {"new": object.__new__, "cls": cls}
        lines = ["def restorer(values):", "    made = new(cls)"]
        if names:
            lines.append(f"    {', '.join(f'v{i}' for i in range(len(names)))}, = values")
        else:
            lines.append("    () = values")
        for i, name in enumerate(names):
            scope[f"s{i}"] = _setter(cls, name)
            lines.append(f"    s{i}(made, v{i})")
        lines.append("    return made")
        exec("\n".join(lines), scope)  # noqa: S102 (the code is made of field numbers alone)
        restorer = scope["restorer"]
        self[cls] = restorer
        return restorer


def _setter(cls: type, name: str) -> Callable[[Any, Any], None]:
    for klass in cls.__mro__:
        slot = klass.__dict__.get(name)
        if isinstance(slot, types.MemberDescriptorType):
            return slot.__set__
    return functools.partial(_set_named, name)


def _set_named(name: str, made: Any, value: Any) -> None:
    object.__setattr__(made, name, value)


_RESTORERS = _Restorers()


class _Reducers(dict):
    """Type -> how to pickle it, made when a type is first met: dataclasses by their fields' values,
    made again by the class (its quick `__init__`) or by `restore` (a `__reduce__` of their own
    may leave out what a digest need not see, such as a release's bytes); any other type
    (KeyError) the usual way."""

    def __missing__(self, cls: type) -> Callable[[Any], Any]:
        if not dataclasses.is_dataclass(cls):
            raise KeyError(cls)
        values = field_values(cls)[1]
        if is_quick(cls):
            def reduce(obj: Any) -> tuple[Any, ...]:
                return cls, values(obj)
        else:
            def reduce(obj: Any) -> tuple[Any, ...]:
                return restore, (cls, values(obj))
        self[cls] = reduce
        return reduce


_REDUCERS = _Reducers()


def recorded(name: str, data: dict[Any, Any] | DeferredValues) -> RecordedMapping[Any, Any]:
    """A collection of the model as it was kept (its mapping as it is, not copied)."""
    made = RecordedMapping.__new__(RecordedMapping)
    made.name, made.data = name, data  # type: ignore[assignment]
    return made


SHARED = ("Citation", "Event", "Fact", "Pos", "Qualifiers", "Relation")
"""The classes of `dossier.core` a deferred group shares with the rest of the model: a mark's
citation is its fact's, and where the citing statement is written is the statement's place; a
link's relation is its record's; a statement's fact, relation or event is its record's, its
citations theirs, and its qualifiers those of every statement qualified alike. A link's statement
is one of the statements, written as its id (`named_statement`)."""
INTERNED = ("DateValue", "Period", "Mention")
"""The classes of `dossier.core` whose equal objects are written once, the first one's place for
the others: 60% of the mentions at 10,000 entities are another's equal, and 90% of the periods."""


class Table:
    """The objects deferred groups share with the rest of the model, numbered in the order met."""

    def __init__(self) -> None:
        self.objects: list[Any] = []
        self.numbers: dict[int, int] = {}

    def number(self, obj: Any) -> int:
        found = self.numbers.get(id(obj))
        if found is None:
            found = self.numbers[id(obj)] = len(self.objects)
            self.objects.append(obj)  # held while numbered, so no other object takes its id
        return found


def shared(number: int) -> Any:
    """An object a deferred group shares with the rest of the model (see `SHARED`): its name in
    the file; the unpickler gives the object numbered so."""
    raise pickle.UnpicklingError("a shared object of a kept model is given by its unpickler")


def named_statement(statement_id: str) -> Any:
    """A statement a deferred group of another collection holds (a link's): its name in the file;
    the unpickler gives the model's statement of that id."""
    raise pickle.UnpicklingError("a named statement of a kept model is given by its unpickler")


class Shared:
    """What the deferred groups of a model being read take from the rest of it, once it is made:
    the objects of its table (see `SHARED`) and its statements."""

    def __init__(self) -> None:
        self.objects: list[Any] = []
        self.statements: Mapping[str, Any] = {}


class _ModelReducers(dict):  # type: ignore[type-arg]
    """`_REDUCERS`, with the model's collections written as a name and their mapping, those whose
    values were written apart (by id: see `_write_groups`) as where they were written; in a
    deferred group, the objects it shares with the rest of the model as their numbers in `table`;
    and the equal objects of an interned class (`INTERNED`) as the first of them. A group of a
    collection but the statements writes a statement as its id."""

    def __init__(self, deferred: dict[int, tuple[Any, ...]], table: Table | None, statements: bool = False):
        super().__init__()
        self.deferred = deferred
        self[RecordedMapping] = self._collection
        self.first: dict[Any, Any] = {}
        """A strict key of each value of an interned class met (see `_key`) -> the first object met."""
        for cls in _INTERNED_FIELDS:
            self[cls] = self._interned(cls)
        if table is not None:
            for cls in _SHARED_CLASSES:
                self[cls] = lambda obj, number=table.number: (shared, (number(obj),))
            if not statements:
                self[Statement] = _named

    def __missing__(self, cls: type) -> Callable[[Any], Any]:
        found = self[cls] = _REDUCERS[cls]
        return found

    def _collection(self, collection: RecordedMapping[Any, Any]) -> tuple[Any, ...]:
        written = self.deferred.get(id(collection))
        if written is not None:
            return ModelUnpickler.deferred_collection, written
        data = collection.data
        return recorded, (collection.name, data.whole() if isinstance(data, DeferredValues) else data)

    def _interned(self, cls: type) -> Callable[[Any], Any]:
        reduce, first, key = _REDUCERS[cls], self.first, self._key

        def interned(obj: Any) -> Any:
            try:
                found = first.setdefault(key(obj), obj)
            except ValueError:  # a field marshal does not write (none is such yet): written as it is
                return reduce(obj)
            # the first one is already written, so pickle writes a reference to it, and `min` of the
            # one-tuple holding it gives it back, made by no code of the model
            return reduce(obj) if found is obj else (min, ((found,),))
        return interned

    def _key(self, obj: Any) -> bytes:
        """A key equal only for objects of one class whose fields are of the same types and values
        (1, 1.0 and True are equal, but would not be written the same): marshal writes each type
        apart, and an interned field is written as its own key."""
        name, values = _INTERNED_FIELDS[type(obj)]
        return marshal.dumps((name, *(self._key(v) if type(v) in _INTERNED_FIELDS else v for v in values(obj))))


def _named(statement: Statement) -> tuple[Any, ...]:
    return named_statement, (statement.id,)


def _model_classes(names: tuple[str, ...]) -> list[type]:
    from ..core import dates, diagnostics, model, statement  # the model's own modules, already imported
    return [getattr(module, name) for name in names for module in (dates, diagnostics, model, statement)
            if isinstance(getattr(module, name, None), type) and getattr(module, name).__module__ == module.__name__]


_INTERNED_FIELDS = {cls: (cls.__name__, field_values(cls)[1]) for cls in _model_classes(INTERNED)}
_SHARED_CLASSES = _model_classes(SHARED)


class ModelPickler(pickle.Pickler):
    """Writes the model, or a deferred group sharing objects with it through `table`."""

    def __init__(self, file: Any, deferred: dict[int, tuple[Any, ...]] | None = None, table: Table | None = None,
                 statements: bool = False):
        super().__init__(file, protocol=5)
        self.dispatch_table = _ModelReducers(deferred or {}, table, statements)


def decode_checked(body: bytes, rel: str) -> tuple[Any, list[Diagnostic]]:
    """A record's check as the cache keeps it (see `validate.kept`): its model record (an entity, an
    event or None) and its diagnostics, made by `ModelUnpickler`; Untrusted if it is not that."""
    try:
        item, diagnostics = ModelUnpickler(io.BytesIO(body)).load()
    except Exception as exc:  # a damaged entry may fail in any way unpickling can
        raise Untrusted(f"the check of {rel} does not decode ({type(exc).__name__})") from None
    if not (item is None or isinstance(item, (Entity, Event))) or not isinstance(diagnostics, list) or \
            not all(isinstance(d, Diagnostic) and d.pos.path == rel for d in diagnostics):
        raise Untrusted(f"the check of {rel} is not one dossier writes")
    return item, diagnostics


class ModelUnpickler(pickle.Unpickler):
    """Makes the model again, or a deferred group from the objects `shared` with it."""

    def __init__(self, file: io.BytesIO, groups: bytes = b"", shared: Shared | None = None):
        super().__init__(file)
        self.groups = groups
        """The bytes of the deferred collections' groups (see `_write_groups`)."""
        self.shared = shared
        """What the groups take from the rest of the model, once it is made."""

    def deferred_collection(self, name: str, keys: tuple[Any, ...], numbers: tuple[int, ...],
                            spans: tuple[tuple[int, int], ...]) -> RecordedMapping[Any, Any]:
        """A collection whose values were written apart, each group made when first asked for."""
        groups, table = self.groups, self.shared
        if name not in DEFERRED or table is None or \
                not all(0 < start <= end <= len(groups) for start, end in spans):
            raise pickle.UnpicklingError(f"a kept model holds no deferred collection {name!r} there")

        def make(number: int) -> Any:
            start, end = spans[number]
            paused = gc.isenabled()
            gc.disable()
            try:
                made = ModelUnpickler(io.BytesIO(groups[start:end]), shared=table).load()
            finally:
                if paused:
                    gc.enable()
            if not isinstance(made, dict):
                raise pickle.UnpicklingError(f"a group of {name} is not a mapping")
            return made
        return recorded(name, DeferredValues(keys, numbers, make))

    def find_class(self, module: str, name: str) -> Any:
        if module == __name__ and name in ("restore", "Linked", "recorded"):
            return {"restore": restore, "Linked": Linked, "recorded": recorded}[name]
        if module == __name__ and name == "ModelUnpickler.deferred_collection" and self.groups:
            return self.deferred_collection
        if module == __name__ and name == "shared" and self.shared is not None and not self.groups:
            return self.shared.objects.__getitem__
        if module == __name__ and name == "named_statement" and self.shared is not None and not self.groups:
            return self.shared.statements.__getitem__
        if module.startswith(ALLOWED_MODULES) and module in sys.modules:
            found = getattr(sys.modules[module], name, None)
            if isinstance(found, type) and found.__module__ == module:
                return found
        if module == "builtins" and name in ("frozenset", "set", "slice", "range", "complex", "min"):
            return getattr(builtins, name)
        raise pickle.UnpicklingError(f"a kept model does not hold {module}.{name}")

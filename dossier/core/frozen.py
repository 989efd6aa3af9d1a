"""Frozen records made quickly: a frozen dataclass's `__init__` that sets its slots directly.

Takes a frozen dataclass with slots; gives the same class with an `__init__` of the same
parameters, defaults and effect. The `__init__` dataclasses writes for a frozen class sets each
field through `object.__setattr__`, looked up and called field by field (its own `__setattr__`
refuses), which costs about as much again as the rest of making the record. A read of a large
dossier makes millions of them (a place, a citation, a fact, a statement for every claim): this
one calls each field's slot descriptor instead, which sets the slot as `object.__setattr__`
would, in about 60% of the time. The class stays frozen: assigning a field afterwards still
raises `FrozenInstanceError`, and equality, hashing, ordering, `replace` and pickling are the
dataclass's own.
"""

from __future__ import annotations

import copyreg
import dataclasses
import io
import operator
import pickle
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T", bound=type)


def quick_init(cls: T) -> T:
    """Give a frozen dataclass with slots the quicker `__init__` (see the module docstring).

    Only for a class whose every field is set by `__init__` from a parameter (no default factory,
    keyword-only field, init=False field or `__post_init__`): anything else is refused at import.
    """
    params = getattr(cls, "__dataclass_params__", None)
    fields = dataclasses.fields(cls)
    if params is None or not params.frozen or "__slots__" not in cls.__dict__ or hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__}: quick_init is for frozen dataclasses with slots and no __post_init__")
    names: dict[str, object] = {}
    parameters: list[str] = []
    for field in fields:
        slot = cls.__dict__.get(field.name)
        if (not field.init or field.kw_only or field.default_factory is not dataclasses.MISSING
                or not hasattr(slot, "__set__")):
            raise TypeError(f"{cls.__name__}.{field.name}: quick_init sets plain fields only")
        names[f"_set_{field.name}"] = slot.__set__  # type: ignore[union-attr]
        if field.default is dataclasses.MISSING:
            parameters.append(field.name)
        else:
            names[f"_default_{field.name}"] = field.default
            parameters.append(f"{field.name}=_default_{field.name}")
    body = "".join(f"        _set_{field.name}(self, {field.name})\n" for field in fields) or "        pass\n"
    source = (f"def _make({', '.join(names)}):\n"
              f"    def __init__(self, {', '.join(parameters)}):\n{body}"
              "    return __init__\n")
    namespace: dict[str, object] = {}
    exec(source, namespace)  # noqa: S102 - the source is made above from the field names alone
    init = namespace["_make"](**names)  # type: ignore[operator]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    init.__quick_init__ = True  # type: ignore[attr-defined]  # see `is_quick`
    cls.__init__ = init  # type: ignore[misc]
    _QUICK_REDUCERS[cls] = _reducer(cls, [field.name for field in fields])
    return cls


_QUICK_REDUCERS: dict[type, Callable[[Any], tuple[type, tuple[Any, ...]]]] = {}
"""Each class given the quick `__init__`, and how `dumps_quick` writes one of its records."""


def _reducer(cls: type, names: list[str]) -> Callable[[Any], tuple[type, tuple[Any, ...]]]:
    if len(names) == 1:
        name = names[0]
        return lambda record: (cls, (getattr(record, name),))
    values = operator.attrgetter(*names) if names else (lambda record: ())
    return lambda record: (cls, values(record))


def dumps_quick(value: Any) -> bytes:
    """`value` pickled with each record of a quick class written as its class and its fields' values,
    so `pickle.loads` makes it again by calling the class (its quick `__init__`): pickle's own way for a
    frozen dataclass with slots looks up its fields and sets them one by one, about three times as long
    to load. (For values passed between this program's own processes: see `validate.sharing`.)"""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = {**copyreg.dispatch_table, **_QUICK_REDUCERS}  # type: ignore[assignment]
    pickler.dump(value)
    return buffer.getvalue()


def is_quick(cls: type) -> bool:
    """Whether a class's `__init__` is the quick one, which sets each field from its parameter and
    nothing else: calling the class with every field's value, in order, makes the record."""
    return getattr(cls.__dict__.get("__init__"), "__quick_init__", False) is True

"""Frozen records made quickly (core/frozen.py): the same records as the dataclass's own `__init__`
makes, as frozen, and only for the classes it can make them for."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from dossier.core.diagnostics import Pos
from dossier.core.frozen import quick_init
from dossier.core.model import Citation, Fact, Relation
from dossier.core.statement import Statement


@dataclasses.dataclass(frozen=True, slots=True)
class Plain:
    name: str
    count: int = 3
    tags: tuple[str, ...] = ()


@quick_init
@dataclasses.dataclass(frozen=True, slots=True)
class Quick:
    name: str
    count: int = 3
    tags: tuple[str, ...] = ()


@pytest.mark.parametrize("args, kwargs", [(("a",), {}), (("a", 5), {}), (("a",), {"tags": ("x",)}),
                                          ((), {"name": "b", "count": 0, "tags": ("y", "z")})])
def test_a_quick_record_holds_what_the_dataclass_init_would_give_it(args, kwargs):
    quick, plain = Quick(*args, **kwargs), Plain(*args, **kwargs)
    assert dataclasses.astuple(quick) == dataclasses.astuple(plain)
    assert repr(quick).replace("Quick", "Plain") == repr(plain)
    assert quick == Quick(*args, **kwargs) and hash(quick) == hash(Quick(*args, **kwargs))
    assert pickle.loads(pickle.dumps(quick)) == quick
    assert dataclasses.replace(quick, count=9).count == 9 and quick.count == dataclasses.astuple(plain)[1]


def test_a_quick_record_refuses_what_the_dataclass_init_refuses():
    with pytest.raises(TypeError):
        Quick()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Quick("a", 1, (), "extra")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Quick("a", colour="red")  # type: ignore[call-arg]
    with pytest.raises(dataclasses.FrozenInstanceError):
        Quick("a").count = 4  # type: ignore[misc]


def test_the_model_records_are_made_quickly_and_stay_frozen():
    at = Pos("people/x.yml", 3, 5)
    cited = Citation("s", "words", at)
    assert (cited.prefix, cited.start, cited.sentences, cited.verbatim) == (None, -1, (), "")
    with pytest.raises(dataclasses.FrozenInstanceError):
        cited.quote = "other"  # type: ignore[misc]
    for cls in (Pos, Citation, Fact, Relation, Statement):
        assert cls.__init__.__qualname__ == f"{cls.__qualname__}.__init__"
        assert "_set_" in cls.__init__.__code__.co_freevars[0]


def test_a_class_it_cannot_make_quickly_is_refused_at_once():
    @dataclasses.dataclass(frozen=True, slots=True)
    class Listed:
        items: list[str] = dataclasses.field(default_factory=list)

    @dataclasses.dataclass(frozen=True)
    class Unslotted:
        name: str

    @dataclasses.dataclass(slots=True)
    class Mutable:
        name: str

    for cls in (Listed, Unslotted, Mutable):
        with pytest.raises(TypeError):
            quick_init(cls)


def test_only_a_class_given_the_quick_init_is_said_to_have_it():
    from dossier.core.frozen import is_quick
    assert is_quick(Quick) and is_quick(Pos) and is_quick(Citation)
    assert not is_quick(Plain) and not is_quick(object)

    class Sub(Quick):  # inherits the quick __init__, but may set more: not said to have its own
        __slots__ = ()
    assert not is_quick(Sub)
    assert Quick(*dataclasses.astuple(Quick("a", 5, ("x",)))) == Quick("a", 5, ("x",))

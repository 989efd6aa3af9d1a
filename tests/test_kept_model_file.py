"""The kept model's file (cache/keptmodel.py, cache/deferred.py): what is read back is the model
that was written, the collections left unread are made only when asked for and then as they
were, and a file damaged anywhere is refused whole."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from dossier.build.read import read_linked
from dossier.cache.deferred import DeferredValues
from dossier.cache.folder import SNAPSHOT
from dossier.cache.keptmodel import DEFERRED, MAGIC, Linked, checksum, read_kept, write_kept
from dossier.cache.valuedigests import ValueDigests
from dossier.core.reads import RecordedMapping, recording
from dossier.link.references import _profile_items

SEED = Path(__file__).resolve().parents[1] / "content"


@pytest.fixture(scope="module")
def linked() -> Linked:
    """The seed dossier read whole, numbered, as a run keeps it."""
    return read_linked(SEED, numbered=True)


@pytest.fixture
def kept(tmp_path: Path, linked: Linked) -> tuple[Path, str]:
    return tmp_path, write_kept(tmp_path, linked)


def test_the_model_read_back_is_the_model_written(kept, linked):
    folder, expected = kept
    taken = read_kept(folder, expected)
    assert taken is not None and taken is not linked
    assert taken == linked
    digests, again = ValueDigests(), ValueDigests()
    for name in ("entities", "statements", "links", "citations", "cited_by"):
        for key in getattr(linked.dossier, name):
            assert digests.of(getattr(linked.dossier, name)[key]) == again.of(getattr(taken.dossier, name)[key]), \
                (name, key)


def test_the_deferred_collections_are_made_a_group_at_a_time_when_asked_for(kept, linked):
    folder, expected = kept
    taken = read_kept(folder, expected)
    assert taken is not None
    for name in DEFERRED:
        collection = getattr(taken.dossier, name)
        original = getattr(linked.dossier, name)
        assert isinstance(collection, RecordedMapping) and isinstance(collection.data, DeferredValues)
        assert len(original) > (0 if name == "cited_by" else 1), name  # the seed has more than one of each, but sources
        values: DeferredValues = collection.data  # type: ignore[assignment]
        assert "0 groups made" in repr(values)
        assert list(collection.keys()) == list(original.keys()) and len(collection) == len(original)
        first = next(iter(original))
        assert first in collection and ("no such key", -1) not in collection
        with recording() as reads:
            assert collection[first] == original[first]
        assert reads == {(name, first)}  # a read noted as the collection's own mapping notes it
        assert "1 groups made" in repr(values)
        assert collection.get(("no such key", -1), "absent") == "absent"
        with pytest.raises(KeyError):
            collection[("no such key", -1)]  # noqa: B018
        assert list(collection.items()) == list(original.items())  # every group, in the collection's order
        assert list(collection.values()) == list(original.values())
        assert pickle.loads(pickle.dumps(values)) == dict(original.items())


def test_a_mark_holds_its_facts_citation_itself_as_linked(kept, linked):
    folder, expected = kept
    taken = read_kept(folder, expected)
    assert taken is not None
    for model in (linked, taken):  # as the link stage made it, and as read back
        checked = 0
        for entity_id in model.dossier.entities:
            page = model.dossier.citations[entity_id]
            for slot, _, cites, statement in _profile_items(model.dossier, entity_id):
                marks = page.of(slot)
                assert len(marks) == len(cites)
                assert all(mark.citation is cite and mark.statement is statement for mark, cite in zip(marks, cites))
                checked += len(marks)
        assert checked > 10


def test_a_link_holds_its_records_relation_and_its_statement_itself_as_linked(kept, linked):
    folder, expected = kept
    taken = read_kept(folder, expected)
    assert taken is not None
    for model in (linked, taken):
        relations = {id(relation) for entity in model.dossier.entities.values() for relation in entity.relations}
        statements = {id(statement) for statement in model.dossier.statements.values()}
        links = [link for found in model.dossier.links.values() for link in found]
        assert links and all(id(link.relation) in relations for link in links)
        assert all(id(link.statement) in statements for link in links if link.statement is not None)


def test_a_statement_holds_its_records_fact_relation_or_event_itself_as_linked(kept, linked):
    folder, expected = kept
    taken = read_kept(folder, expected)
    assert taken is not None
    for model in (linked, taken):
        dossier = model.dossier
        facts = [fact for entity in dossier.entities.values()
                 for fact in (*entity.summary, *entity.aliases, *(f for _, found in entity.fields for f in found))]
        parts = {id(part) for part in facts} | {id(event) for event in dossier.events}
        parts |= {id(relation) for entity in dossier.entities.values() for relation in entity.relations}
        cites = {id(cite) for fact in facts for cite in fact.cites}
        kinds = {statement.kind for statement in dossier.statements.values()}
        assert {"field", "relation", "event"} <= kinds
        held = [statement for statement in dossier.statements.values() if statement.kind in ("field", "relation", "event")]
        assert all(id(statement.value) in parts for statement in held)
        fields = [statement for statement in held if statement.kind == "field"]
        assert all(id(cite) in cites for statement in fields for cite in statement.cites)


def test_equal_dates_and_mentions_are_read_back_as_one_object(kept, linked):
    folder, expected = kept
    taken = read_kept(folder, expected)
    assert taken is not None
    mentions = [mention for found in taken.dossier.mentions.values() for mention in found]
    assert len({id(m) for m in mentions}) == len(set(mentions)) < len(mentions)
    assert mentions == [mention for found in linked.dossier.mentions.values() for mention in found]


@pytest.mark.parametrize("where", ["start", "groups", "model", "end"])
def test_a_file_damaged_anywhere_is_refused(kept, where):
    folder, expected = kept
    path = folder / SNAPSHOT
    data = bytearray(path.read_bytes())
    start = int.from_bytes(data[-8:], "little")
    at = {"start": 3, "groups": (len(MAGIC) + start) // 2, "model": (start + len(data)) // 2, "end": len(data) - 2}[where]
    data[at] ^= 0x10
    path.write_bytes(bytes(data))
    assert read_kept(folder, expected) is None
    path.write_bytes(bytes(data[:-1]))  # cut short
    assert read_kept(folder, expected) is None


def test_the_checksum_is_of_every_byte_and_their_count():
    assert checksum(b"abc") != checksum(b"abd") != checksum(b"abc\0")
    assert checksum(b"") != checksum(b"\0")


def test_deferred_values_answer_as_a_dictionary():
    made: list[int] = []
    groups = {0: {"a": 1, "c": 3}, 1: {"b": 2}}

    def make(group: int) -> dict[str, int]:
        made.append(group)
        return groups[group]
    values = DeferredValues(("a", "b", "c"), (0, 1, 0), make)
    assert list(values) == ["a", "b", "c"] and len(values) == 3 and "b" in values and "d" not in values
    assert made == []
    assert values["c"] == 3 and values["a"] == 1 and made == [0]
    assert values.get("d", 9) == 9 and made == [0]
    assert list(values.items()) == [("a", 1), ("b", 2), ("c", 3)] and made == [0, 1]
    assert values == {"a": 1, "b": 2, "c": 3}


def test_deferred_values_refuse_a_group_holding_another_groups_keys():
    values = DeferredValues(("a", "b"), (0, 1), lambda group: {"a": 1, "b": 2})
    with pytest.raises(ValueError):
        values["a"]  # noqa: B018

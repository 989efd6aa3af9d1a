"""Value digests (see `cache.valuedigests.ValueDigests`): what a page read is compared between runs by a
digest of its content, so that digest must be a function of the content alone: the same for values
equal in content however their parts are shared, the same in every process, different when any
part, however deep, changes, and never the same twice for a value it cannot write faithfully.
"""

from __future__ import annotations

import copy
import dataclasses
import os
import subprocess
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from dossier.build.read import read_dossier
from dossier.cache import pagereads
from dossier.cache.pagereads import Decoded, PagePlan, ReadDigests, decode_reads
from dossier.cache.valuedigests import SHARED, ValueDigests
from dossier.core.dates import DateValue
from dossier.core.model import Dossier
from dossier.core.project import load_project
from dossier.core.reads import ALL, KEYS, PagesReads, RecordedMapping

ROOT = Path(__file__).resolve().parent.parent
GLOBAL = b"global digest..."


def read_seed() -> Dossier:
    project = load_project(ROOT)
    dossier, _ = read_dossier(project.content_dir, archive_dir=project.archive_dir,
                              releases_dir=project.releases_dir)
    return dossier


@pytest.fixture(scope="module")
def seed() -> Dossier:
    return read_seed()


def every_read(dossier: Dossier) -> list[tuple[str, object]]:
    """Each key of each recorded collection, and each collection's ALL and KEYS."""
    reads: list[tuple[str, object]] = [("events", ALL)]
    for field in dataclasses.fields(dossier):
        collection = getattr(dossier, field.name)
        if isinstance(collection, RecordedMapping):
            reads += [(field.name, key) for key in collection.data] + [(field.name, ALL), (field.name, KEYS)]
    return reads


def hex_digests(dossier: Dossier) -> list[str]:
    digests = ReadDigests(dossier, GLOBAL)
    return [f"{name} {key!r} {digests.read(name, key).hex()}" for name, key in every_read(dossier)]


def test_values_equal_in_content_have_equal_digests_however_their_parts_are_shared(seed):
    copied = copy.deepcopy(seed)
    assert hex_digests(copied) == hex_digests(seed)
    statement = next(s for s in seed.statements.data.values() if s.cites)
    apart = replace(statement, cites=tuple(copy.copy(c) for c in statement.cites))  # not the shared objects
    values = ValueDigests()
    assert values.of(statement) == values.of(apart) == ValueDigests().of(apart)


def test_a_change_however_deep_changes_the_digest(seed):
    statement = next(s for s in seed.statements.data.values() if s.cites)
    cite = statement.cites[0]
    values = ValueDigests()
    before = values.of(statement)
    moved = replace(statement, cites=(replace(cite, quote=cite.quote + "."), *statement.cites[1:]))
    assert values.of(moved) != before
    assert values.of(replace(statement, cites=(replace(cite, pos=replace(cite.pos, line=cite.pos.line + 1)),
                                               *statement.cites[1:]))) != before
    entity = next(e for e in seed.entities.data.values() if e.relations)
    relation = entity.relations[0]
    later = replace(relation, period=replace(relation.period, ongoing=not relation.period.ongoing))
    assert values.of(replace(entity, relations=(later, *entity.relations[1:]))) != values.of(entity)
    assert values.of(("a", 1)) != values.of(("a", True)) != values.of(["a", 1])


def test_the_digests_are_the_same_in_another_process(seed, tmp_path):
    script = ("from tests.test_cache_digests import hex_digests, read_seed\n"
              "print('\\n'.join(hex_digests(read_seed())))\n")
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    found = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                           check=True).stdout.splitlines()
    assert found == hex_digests(seed)


@dataclass(frozen=True)
class Box:
    value: object


def test_a_field_that_held_strings_and_then_a_record_is_digested_as_it_would_be_first(seed):
    values = ValueDigests()
    assert values.of(Box("2020")) == ValueDigests().of(Box("2020"))
    dated = Box(DateValue(2020))
    assert values.of(dated) == ValueDigests().of(dated) != values.of(Box("2020"))
    boxes = (Box("a"), Box("b"))
    assert values.of(boxes) == ValueDigests().of(boxes)
    mixed = (Box("a"), Box(DateValue(2021)))
    assert values.of(mixed) == ValueDigests().of(mixed) != values.of((Box("a"), Box(DateValue(2022))))


def test_a_value_that_cannot_be_written_faithfully_fails_closed():
    values = ValueDigests()
    odd = Box(lambda: None)
    assert values.of(odd) != values.of(odd)
    assert values.of((Box("a"), odd)) != values.of((Box("a"), odd))
    assert values.of(Box("a")) == values.of(Box("a"))  # and the next value is digested as ever


def test_the_shared_parts_are_the_model_s_own_classes():
    from dossier.core import model, statement
    names = {f"{cls.__module__}.{cls.__qualname__}" for cls in (model.Citation, model.Relation, model.Event,
                                                               statement.Statement)}
    assert SHARED == names


def test_a_site_s_records_are_each_page_s_record(seed):
    pages = {"a.html": {("entities", key) for key in list(seed.entities.data)[:3]} | {("events", ALL)},
             "b.html": {("statements", key) for key in list(seed.statements.data)[:5]} | {("entities", KEYS)},
             "c.html": set(), "d.html": {("cited_by", ("nowhere", 3)), ("entities", "missing")}}
    recorded = list(ReadDigests(seed, GLOBAL).records(pages))
    assert [url for url, _, _ in recorded] == list(pages)
    for url, digest, text in recorded:
        assert (digest, text) == ReadDigests(seed, GLOBAL).record(pages[url])
        assert set(decode_reads(text)) == pages[url]
        assert ReadDigests(seed, GLOBAL).recorded_page(decode_reads(text)) == digest


def test_reads_digested_by_forked_workers_have_the_digests_this_process_gives_them(seed, monkeypatch):
    every = [(name, key) for name in ("entities", "statements", "cited_by", "citations", "mentions")
             for key in getattr(seed, name).data]
    pages = PagesReads()
    for start in range(0, len(every), 5):
        pages[f"{start}.html"] = frozenset(every[start:start + 5])
    pages["odd.html"] = frozenset({("no such collection", "x"), ("events", ALL), ("entities", "missing")})
    here = ReadDigests(seed, GLOBAL)
    here.digest_all(pages, jobs=1)
    monkeypatch.setattr(pagereads, "PARALLEL_THRESHOLD", 1)  # every few reads a task: many chunks, shared out
    monkeypatch.setattr(pagereads, "READS_A_TASK", 1)
    monkeypatch.setattr(pagereads, "DIGEST_CHUNK", 7)
    shared = ReadDigests(seed, GLOBAL)
    shared.digest_all(pages, jobs=2)
    assert len(pages.distinct) > 100
    assert shared.found() == here.found() and len(here.found()) >= len(pages.distinct) - 1
    assert not shared.valued_all and ("no such collection", "x") not in shared.found()  # kept for this run alone
    drawn_here = {url: digest for url, digest, _ in here.records(pages)}
    assert {url: digest for url, digest, _ in shared.records(pages) if url != "odd.html"} == \
        {url: digest for url, digest in drawn_here.items() if url != "odd.html"}


def test_reads_digested_ahead_by_a_forked_process_are_those_this_process_gives_them(seed, monkeypatch):
    """A build digests its pages' reads in a forked process while it checks links and zips the
    bundle (`digest_ahead`); `digest_all` takes them, keeping a digest made here meanwhile."""
    every = [(name, key) for name in ("entities", "statements", "cited_by", "citations", "mentions")
             for key in getattr(seed, name).data]
    pages = PagesReads()
    for start in range(0, len(every), 5):
        pages[f"{start}.html"] = frozenset(every[start:start + 5])
    pages["odd.html"] = frozenset({("no such collection", "x"), ("events", ALL)})
    here = ReadDigests(seed, GLOBAL)
    here.digest_all(pages, jobs=1)
    monkeypatch.setattr(pagereads, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr(pagereads, "READS_A_TASK", 1)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    one = ReadDigests(seed, GLOBAL)
    one.digest_ahead(pages, jobs=1)  # one process asked for: nothing forked
    assert one._ahead is None
    ahead = ReadDigests(seed, GLOBAL)
    ahead.digest_ahead(pages)
    assert ahead._ahead is not None and len(ahead._ahead[0]) == len(pages.distinct)
    meanwhile = every[0]
    mine = ahead.read(*meanwhile)  # digested here before the forked process is heard from
    monkeypatch.setattr(ReadDigests, "_digest", lambda *args: pytest.fail(f"{args[1:]} digested again here"))
    ahead.digest_all(pages)
    assert ahead._ahead is None and ahead.found()[meanwhile] is mine
    assert ahead.found() == here.found() and not ahead.valued_all
    assert ("no such collection", "x") not in ahead.found()  # unvalued there: kept for this run alone


def test_digesting_ahead_cancelled_or_failed_leaves_the_reads_to_digest_all(seed, monkeypatch):
    pages = PagesReads()
    pages["a.html"] = frozenset(("entities", key) for key in seed.entities.data)
    monkeypatch.setattr(pagereads, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr(pagereads, "READS_A_TASK", 1)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    cancelled = ReadDigests(seed, GLOBAL)
    cancelled.digest_ahead(pages)
    pid = cancelled._ahead[1]._pid
    cancelled.cancel_ahead()
    assert cancelled._ahead is None and cancelled.found() == {}
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # stopped and reaped
    digested = pagereads._digested
    monkeypatch.setattr(pagereads, "_digested", lambda digests, reads: os._exit(3))  # the forked process dies
    failed = ReadDigests(seed, GLOBAL)
    failed.digest_ahead(pages)
    monkeypatch.setattr(pagereads, "_digested", digested)
    failed.digest_all(pages, jobs=1)
    here = ReadDigests(seed, GLOBAL)
    here.digest_all(pages, jobs=1)
    assert failed._ahead is None and failed.found() == here.found() and len(here.found()) == len(seed.entities.data)


def test_the_pages_reads_kept_compactly_are_each_page_s_and_each_read_once(seed):
    pages = {"a.html": frozenset({("entities", "imu"), ("events", ALL), ("cited_by", ("s", 3))}),
             "b.html": frozenset({("entities", "imu"), ("entities", KEYS)}), "c.html": frozenset()}
    kept = PagesReads()
    for url, reads in pages.items():
        kept[url] = frozenset(copy.deepcopy(list(reads)))  # as a worker sends them: copies of the same reads
    assert dict(kept) == pages and list(kept) == list(pages) and "b.html" in kept and "d.html" not in kept
    assert sorted(kept.distinct) == sorted(set().union(*pages.values()))  # each read held once
    assert {kept.distinct[n] for n in kept.numbers("b.html")} == pages["b.html"]
    assert PagesReads.of(kept) is kept and dict(PagesReads.of(pages)) == pages
    assert list(ReadDigests(seed, GLOBAL).records(kept)) == list(ReadDigests(seed, GLOBAL).records(pages))
    del kept["a.html"]
    assert list(kept) == ["b.html", "c.html"]


def test_a_page_plan_takes_the_reads_an_earlier_plan_decoded_only_for_the_very_text_recorded(seed):
    first, other = list(seed.entities.data)[:2]
    digest, text = ReadDigests(seed, GLOBAL).record([("entities", first)])
    planted: Decoded = {"a.html": (text, [("entities", other)])}
    plan = PagePlan(ReadDigests(seed, GLOBAL), {"a.html": (digest, text)}, planted)
    assert not plan.unchanged("a.html")  # the very text: its reads taken as decoded before
    again = "".join(list(text))  # the same reads, recorded again: another text
    assert again == text and again is not text
    plan = PagePlan(ReadDigests(seed, GLOBAL), {"a.html": (digest, again)}, planted)
    assert plan.unchanged("a.html") and planted["a.html"] == (again, [("entities", first)])


def test_a_record_edited_moves_the_pages_that_read_it_and_no_other(seed, monkeypatch):
    """After a record is edited no read's digest is known: every page's reads are digested anew,
    by the quick way once each class's fields are known (`valuedigests`), and the pages that read
    the edited record, and only those, must be found out of date, in this process as in a worker."""
    every = [(name, key) for name in ("entities", "statements", "cited_by", "citations", "links", "mentions")
             for key in getattr(seed, name).data]
    pages = {f"{start}.html": set(every[start:start + 7]) | {("entities", KEYS)} for start in range(0, len(every), 7)}
    pages["all.html"] = {("entities", ALL), ("events", ALL)}
    recorded = {url: (digest, text) for url, digest, text in ReadDigests(seed, GLOBAL).records(pages)}
    renamed = next(entity for entity in seed.entities.data.values()
                   if entity.relations and any(facts for _, facts in entity.fields))
    fact = next(facts[0] for _, facts in renamed.fields if facts)
    relation = renamed.relations[0]
    edits = {"name": replace(renamed, name=renamed.name + " 2"),
             "fact": replace(renamed, fields=tuple((key, (replace(facts[0], estimate=not facts[0].estimate), *facts[1:]))
                                                   if facts and facts[0] is fact else (key, facts)
                                                   for key, facts in renamed.fields)),
             "relation": replace(renamed, relations=(replace(relation, period=replace(
                 relation.period, ongoing=not relation.period.ongoing)), *renamed.relations[1:]))}
    reading = {url for url, reads in pages.items() if ("entities", renamed.id) in reads or url == "all.html"}
    monkeypatch.setattr(pagereads, "PARALLEL_THRESHOLD", 1)  # every few reads a task: shared out
    monkeypatch.setattr(pagereads, "READS_A_TASK", 1)
    monkeypatch.setattr(pagereads, "DIGEST_CHUNK", 11)
    assert {url for url in pages if not PagePlan(ReadDigests(seed, GLOBAL), recorded).unchanged(url)} == set()
    for what, entity in edits.items():
        edited = replace(seed, entities={**seed.entities.data, renamed.id: entity})
        plan = PagePlan(ReadDigests(edited, GLOBAL), recorded)
        assert {url for url in pages if not plan.unchanged(url)} == reading, what
        shared = ReadDigests(edited, GLOBAL)
        shared.digest_all(PagesReads.of(pages), jobs=2)
        plan = PagePlan(shared, recorded)
        assert {url for url in pages if not plan.unchanged(url)} == reading, what

"""The cache's pieces: what a file gave survives the round trip through JSON exactly (the place of
every value included), an entry that is not what dossier writes is refused, stamps tell a changed
file even when its time is put back, and a stamp taken too soon after a change is not trusted."""

from __future__ import annotations

import os
import time

import pytest

from dossier.cache.parsedjson import Untrusted, decode_parsed, encode_parsed
from dossier.core.diagnostics import Diagnostics
from dossier.core.filestamps import RACY_SECONDS, file_stamp, scan_folder, trusted_stamp
from dossier.load.files import CachedFile, load_content, load_file
from tests.helpers import MINIMAL, ROOT

STAMP = (1, 2, 3, 4)


def round_trip(found: CachedFile) -> CachedFile:
    rel = found.item.path if found.item is not None else "people/x.yml"
    return decode_parsed(encode_parsed(found), rel, STAMP)


@pytest.mark.parametrize("content", [ROOT / "content", MINIMAL / "content"], ids=["real", "minimal"])
def test_every_record_and_note_comes_back_exactly_places_included(content):
    loaded = load_content(content, Diagnostics())
    for item in [loaded.settings, *loaded.records, *loaded.notes]:
        back = round_trip(CachedFile(STAMP, item, [])).item
        assert back == item
        if hasattr(item, "positions"):
            assert list(back.positions.items()) == list(item.positions.items())  # the same order, too
            assert list(back.key_positions.items()) == list(item.key_positions.items())
            for path in item.positions:
                assert back.pos(path) == item.pos(path) and back.key_pos(path) == item.key_pos(path)


@pytest.mark.parametrize("path", sorted((ROOT / "tests" / "hostile" / "yaml").glob("*.yml")), ids=lambda p: p.name)
def test_what_a_hostile_file_gave_comes_back_the_same_diagnostics_included(path, tmp_path):
    folder = tmp_path / "people"
    folder.mkdir()
    copy = folder / path.name
    copy.write_bytes(path.read_bytes())
    found = Diagnostics()
    item = load_file(tmp_path, copy, "person", found)
    cached = CachedFile(STAMP, item, found.items)
    back = decode_parsed(encode_parsed(cached), f"people/{path.name}", STAMP)
    assert back == cached


@pytest.mark.parametrize("body", [
    '[["record","person","x","people/x.yml",{"name":"X"},[1],[2]],[]]',  # a place too few
    '[["record","person","x","people/x.yml",{"name":"X"},[1,2,3],[2]],[]]',  # a place too many
    '[["record","person","x","people/x.yml",{"name":7},[1,2],[2]],[]]',  # a number YAML never gives here
    '[["record","person","x","people/x.yml",{"name":"X"},[1,"2"],[2]],[]]',  # a place that is text
    '[["record","person","x","people/other.yml",{"name":"X"},[1,2],[2]],[]]',  # another file's entry
    '[["note","person","x","people/x.yml",["text"]],[]]',
    '[["pickle","x"],[]]',
    '[null,[["people/x.yml",1,1,"error","m","no.such-code"]]]',
    "not json",
])
def test_an_entry_that_is_not_what_dossier_writes_is_refused(body):
    with pytest.raises(Untrusted):
        decode_parsed(body, "people/x.yml", STAMP)


def test_a_file_rewritten_with_its_old_time_put_back_has_another_stamp(tmp_path):
    path = tmp_path / "x.yml"
    path.write_text("name: A\n")
    before = path.stat()
    path.write_text("name: B\n")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert after.st_mtime_ns == before.st_mtime_ns and after.st_size == before.st_size
    assert file_stamp(after) != file_stamp(before)


def test_a_stamp_taken_within_the_racy_window_of_a_change_is_not_trusted(tmp_path):
    path = tmp_path / "x.yml"
    path.write_text("name: A\n")
    stamp = file_stamp(path.stat())
    assert trusted_stamp(stamp) is None
    later = time.time_ns() + (RACY_SECONDS + 1) * 1_000_000_000
    assert trusted_stamp(stamp, later) == stamp


def test_a_scan_that_follows_links_stamps_their_targets_and_never_loops(tmp_path):
    theme, elsewhere = tmp_path / "theme", tmp_path / "elsewhere"
    (theme / "partials").mkdir(parents=True)
    elsewhere.mkdir()
    (elsewhere / "base.html").write_text("shared")
    (theme / "base.html").symlink_to(elsewhere / "base.html")
    (theme / "shared").symlink_to(elsewhere)
    (theme / "partials" / "up").symlink_to(theme)  # a loop: the scan does not walk into it
    (theme / "gone.html").symlink_to(tmp_path / "nowhere")
    found = scan_folder(theme, skip_hidden=False, follow_links=True)
    target = file_stamp((elsewhere / "base.html").stat())
    assert found["base.html"] == ("l", target) and found["shared/base.html"] == ("f", target)
    assert found["partials/up"] == found["gone.html"] == found["shared"] == ("l", None)
    assert not any(rel.startswith("partials/up/") for rel in found)
    assert scan_folder(theme)["base.html"] == ("l", None)  # not followed unless asked (content refuses links)


def test_files_parsed_in_a_worker_are_kept_as_those_parsed_here(tmp_path, monkeypatch):
    """A large dossier's files are parsed, and made into the cache's entries, in a forked worker as well
    as here: the next run recalls from those entries exactly what parsing gives."""
    import shutil

    import dossier.load.files
    import dossier.load.parsing
    from dossier.cache.store import open_store
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "people" / "broken.yml").write_text("name: [unclosed\n")
    (content / "groups" / "huge.md").write_text("A note. " * 20000)  # refused where it is read, kept nowhere
    monkeypatch.setattr(dossier.load.parsing, "PARALLEL_FILES", 1)
    counted: list[int] = []
    parse_files = dossier.load.files.parse_files
    monkeypatch.setattr(dossier.load.files, "parse_files", lambda steps, parse: counted.append(len(steps))
                        or parse_files(steps, parse))
    parsed = Diagnostics()
    here = load_content(content, parsed)
    for _ in range(2):  # the first run parses and keeps every file, the second recalls them all
        with open_store(tmp_path, "test", print) as store:
            found = Diagnostics()
            loaded = load_content(content, found, store=store)
            store.commit()
        assert [str(d) for d in found.items] == [str(d) for d in parsed.items]
        assert loaded.records == here.records and loaded.notes == here.notes
        assert [r.places.tolist() for r in loaded.records] == [r.places.tolist() for r in here.records]
    assert counted[1] > 20 and counted[2] == 1  # the file too large to read is read (and refused) again
    assert any(d.code == "load.too-large" for d in parsed.items)

"""Search in the offline bundle: as one types, by any recorded spelling, from the keyboard, offline.

The index is a plain script (assets/search-index.js) so that it loads from
file://; names are folded the same way in Python (dossier/core/names.py, which builds
the index) and in the page (templates/assets/search.js, which folds queries).
"""

from __future__ import annotations

import unicodedata

import pytest

from dossier.build.read import read_dossier
from dossier.core.names import fold
from dossier.core.urls import entity_url, event_url
from tests.browser import harness
from tests.helpers import row_words

TRICKY_NAMES = [
    "Yo'ldosh", "Yoʻldosh", "Yo’ldosh", "Yoldosh", "YOʼLDOSH", "Yo＇ldosh", "Yo‘ldosh", "Yo`ldosh",
    "Abū Bakr al-Baghdādī", "Abu Bakr al Baghdadi", "Muʿāwiya", "Muʾmin", "Qurʼonov",
    "Abu Dher al-Barmi", "Ḥasan Ṣabbāḥ", "Nguyễn Văn Thiệu", "Łódź", "Straße", "İstanbul",
    "ΣΟΦΟΣ", "Ибрагим Йўлдош", "Тоҳир Йўлдошев", "ʻUmar", "O'Brien-Smith", "ﬁnal ﬂag",
    "Ｆｕｌｌｗｉｄｔｈ ＡＢＣ", "ŉ", "Çelik  Öztürk\t_x_", "हिंदी", "العربية", "ﻻ", "Ⅻ", "x²", "",
]

EQUAL_SPELLINGS = [["Yo'ldosh", "Yoʻldosh", "Yo’ldosh", "Yoldosh", "YOʼLDOSH", "Yo＇ldosh", "yo`ldosh"],
                   ["Abū Bakr al-Baghdādī", "abu bakr al baghdadi", "ABU BAKR AL-BAGHDADI"],
                   ["Muʿāwiya", "Muawiya", "mu'awiya"]]


@pytest.fixture(scope="module")
def dossier():
    model, diagnostics = read_dossier(harness.ROOT / "content")
    assert diagnostics.errors == []
    return model


@pytest.fixture
def home(bundle, open_page):
    visit = open_page(bundle.url("index.html"))
    visit.page.wait_for_function("window.DossierSearch && !document.querySelector('.search').hidden")
    return visit


def _quiet(visit):
    assert visit.foreign_requests() == [] and visit.console_errors == []
    assert visit.page_errors == [] and visit.dialogs == []


def test_the_page_folds_names_exactly_as_python_does(home):
    in_page = home.page.evaluate("names => names.map(n => window.DossierSearch.fold(n))", TRICKY_NAMES)
    assert dict(zip(TRICKY_NAMES, in_page)) == {n: fold(n) for n in TRICKY_NAMES}


def test_the_page_folds_every_assigned_character_as_python_does(home):
    """Each character of planes 0-2 that Python's Unicode database knows, between two letters.

    Characters go 64 to a string, each as 'a<c>b' between spaces: a space starts a new
    combining sequence, so characters cannot affect each other's folding."""
    chars = [chr(i) for i in range(0x20, 0x30000) if unicodedata.category(chr(i)) not in ("Cn", "Cs", "Co")]
    chunks = [chars[i:i + 64] for i in range(0, len(chars), 64)]
    samples = [" ".join(f"a{c}b" for c in chunk) for chunk in chunks]
    in_page = home.page.evaluate("xs => xs.map(x => window.DossierSearch.fold(x))", samples)
    differ = [f"U+{ord(chunk[0]):04X}..U+{ord(chunk[-1]):04X}"
              for chunk, sample, js in zip(chunks, samples, in_page) if fold(sample) != js]
    assert len(chars) > 100_000 and differ == []


@pytest.mark.parametrize("spellings", EQUAL_SPELLINGS, ids=lambda s: s[0])
def test_apostrophe_case_and_accent_variants_fold_to_one_key(home, spellings):
    assert len({fold(s) for s in spellings}) == 1
    assert set(home.page.evaluate("ns => ns.map(n => window.DossierSearch.fold(n))", spellings)) == {fold(spellings[0])}


def test_every_name_and_alias_finds_its_record_first(home, dossier):
    queries = {(n, entity_url(e.kind, e.id)) for e in dossier.entities.values()
               for n in [e.name, *(str(a.value) for a in e.aliases)]}
    assert len(queries) > len(dossier.entities)  # aliases are there
    found = home.page.evaluate("qs => qs.map(([q, url]) => [q, url, window.DossierSearch.search(q).map(h => h.url)])",
                               sorted(queries))
    wrong = [(q, url, hits[:3]) for q, url, hits in found if url not in hits[:1]
             and not _names_shared(dossier, q)]
    assert wrong == []


def _names_shared(dossier, name):
    """True when two records carry the same folded name (then either may come first)."""
    owners = {e.id for e in dossier.entities.values() for n in [e.name, *(str(a.value) for a in e.aliases)]
              if fold(n) == fold(name)}
    return len(owners) > 1


def test_every_event_and_source_can_be_found_by_its_title(home, dossier):
    queries = [(e.title, event_url(e.id)) for e in dossier.events]
    queries += [(s.title, entity_url("source", s.id)) for s in dossier.sources.values()]
    found = home.page.evaluate("qs => qs.map(([q, url]) => window.DossierSearch.search(q).map(h => h.url))", queries)
    assert [q for (q, url), hits in zip(queries, found) if url not in hits] == []


def test_summaries_and_notes_are_searched_too(home, dossier):
    """A word found only in a record's summary or note still leads to that record."""
    texts = [" ".join(words) for words in row_words(home.page.evaluate("window.DOSSIER_INDEX"))]
    checked = 0
    for entity in dossier.entities.values():
        for text in (dossier.notes.get(entity.id, ""), str(entity.summary[0].value) if entity.summary else ""):
            words = [w for w in fold(text).split() if len(w) > 6 and w not in fold(entity.name)]
            rarest = min(words, key=lambda w: sum(f" {w} " in f" {t} " for t in texts), default=None)
            if rarest is None:
                continue
            hits = home.page.evaluate("q => window.DossierSearch.search(q).map(h => h.url)", rarest)
            assert entity_url(entity.kind, entity.id) in hits, (entity.id, rarest, hits)
            checked += 1
    assert checked > len(dossier.entities)


def test_an_event_is_found_by_its_year_and_its_date_first(home, dossier):
    """A year, a date in words or in numbers finds the events of that date, before anything that
    only mentions it in its text."""
    for event in dossier.events:
        for query in {str(event.date.year), event.date.label, event.date.iso}:
            dated = {event_url(e.id) for e in dossier.events if fold(query) in (fold(e.date.label), fold(e.date.iso))
                     or (query.isdigit() and e.date.year == int(query))}
            hits = home.page.evaluate("q => window.DossierSearch.search(q).map(h => h.url)", query)
            assert event_url(event.id) in dated and set(hits[:len(dated)]) == dated, (query, hits)
    hits = home.page.evaluate("q => window.DossierSearch.search(q).map(h => [h.kind, h.url])", "1999")
    assert hits[0] == ["Event", event_url("1999-attacks-in-uzbekistan")]


def test_a_word_only_a_source_text_holds_finds_the_source(home, dossier):
    """Words of a source's text that no title, name, summary or note holds lead to the source."""
    [source] = dossier.sources.values()
    elsewhere = " ".join(fold(" ".join([e.name, *(str(a.value) for a in e.aliases), str(e.summary[0].value)
                                        if e.summary else "", dossier.notes.get(e.id, "")])) for e in dossier.entities.values())
    elsewhere += " " + " ".join(fold(f"{e.title} {e.date.label}") for e in dossier.events) + " " + fold(source.title)
    only_there = [w for w in dict.fromkeys(fold(source.text).split()) if len(w) > 5 and f" {w} " not in f" {elsewhere} "]
    assert len(only_there) > 20
    for word in only_there:
        hits = home.page.evaluate("q => window.DossierSearch.search(q).map(h => h.url)", word)
        assert hits == [entity_url("source", source.id)], word


def test_an_alias_typed_into_the_box_leads_to_the_profile_by_keyboard(bundle, home):
    page = home.page
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")
    while page.evaluate("document.activeElement.id") != "search-input":
        page.keyboard.press("Tab")
    page.keyboard.type("Abu Dher al-Barmi", delay=10)
    results = page.locator("#search-results a")
    results.first.wait_for()
    assert results.first.inner_text().startswith("Abu Dher Azzam")
    assert page.locator("#search-status").inner_text().endswith("results") or \
        page.locator("#search-status").inner_text() == "1 result"
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.textContent").startswith("Abu Dher Azzam")
    if results.count() > 1:
        page.keyboard.press("ArrowDown")
        assert page.evaluate("document.activeElement === document.querySelectorAll('#search-results a')[1]")
        page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "search-input"
    page.keyboard.press("ArrowDown")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == bundle.url("people/abu-dher-azzam.html")
    assert page.locator("h1").inner_text() == "Abu Dher Azzam"
    _quiet(home)


def test_enter_in_the_box_opens_the_best_match_and_escape_closes(bundle, home):
    page = home.page
    box = page.locator("#search-input")
    box.focus()
    page.keyboard.type("ÚSMAN ĠHAZI")
    page.locator("#search-results a").first.wait_for()
    page.keyboard.press("Escape")
    assert page.locator("#search-results").is_hidden() and box.input_value() == "ÚSMAN ĠHAZI"
    page.keyboard.press("Escape")
    assert box.input_value() == ""
    page.keyboard.type("usman ghazi")
    page.locator("#search-results a").first.wait_for()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == bundle.url("people/usman-ghazi.html")
    _quiet(home)


def test_a_name_finds_the_profile_before_the_events_and_sources_that_carry_it(bundle, home):
    page = home.page
    box = page.locator("#search-input")
    box.focus()
    page.keyboard.type("Azzam")
    first = page.locator("#search-results a").first
    first.wait_for()
    assert first.locator("mark").first.inner_text() == "Azzam"
    kinds = page.locator("#search-results .hit-kind").all_inner_texts()
    assert kinds[0] == "Person" and "Event" in kinds  # the events naming him come after
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == bundle.url("people/abu-dher-azzam.html")
    _quiet(home)


def test_matched_words_are_highlighted_however_they_were_typed(home):
    page = home.page
    page.locator("#search-input").fill("USMAN ghaz")
    page.locator("#search-results a").first.wait_for()
    marks = page.locator("#search-results li").first.locator(".hit-title mark").all_inner_texts()
    assert marks == ["Usman", "Ghazi"]
    _quiet(home)


def test_an_event_result_lands_on_its_place_in_the_chronology(bundle, home, dossier):
    event = next(e for e in dossier.events if "azzam" in e.id)
    page = home.page
    page.locator("#search-input").fill(event.title)
    link = page.locator("#search-results a", has_text=event.title).first
    link.click()
    page.wait_for_load_state()
    assert page.url == bundle.url(event_url(event.id))
    assert page.locator(f"[id='e-{event.id}']").is_visible()
    _quiet(home)


def test_search_from_a_page_in_a_folder_links_from_there(bundle, open_page):
    visit = open_page(bundle.url("people/usman-ghazi.html"))
    page = visit.page
    page.locator("#search-input").fill("kandahar")
    page.locator("#search-results a").first.click()
    page.wait_for_load_state()
    assert page.url == bundle.url("places/kandahar.html")
    _quiet(visit)


def test_no_match_says_so(home):
    home.page.locator("#search-input").fill("zzqxj")
    assert home.page.locator("#search-results").inner_text() == "No matches"
    assert home.page.locator("#search-status").inner_text() == "0 results"


def test_open_results_have_no_serious_accessibility_problems(home):
    home.page.locator("#search-input").fill("imu")
    home.page.locator("#search-results a").first.wait_for()
    bad = [v for v in harness.run_axe(home.page) if v["impact"] in ("serious", "critical")]
    assert bad == [], harness.format_violations(bad)

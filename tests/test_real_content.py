"""The real dossier in content/: it builds cleanly, covers the article, and every citation checks out."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from dossier.build.read import read_dossier
from dossier.build.site import build_files
from dossier.core.project import load_project
from dossier.validate.citations import split_source
from tests.helpers import ROOT


@pytest.fixture(scope="module")
def dossier():
    model, diagnostics = read_dossier(ROOT / "content")
    assert diagnostics.errors == [], "\n".join(map(str, diagnostics.errors))
    return model


@pytest.fixture(scope="module")
def files():
    return build_files(load_project(ROOT)).files


def test_real_content_has_no_errors_or_warnings():
    _, diagnostics = read_dossier(ROOT / "content")
    assert [str(d) for d in diagnostics.sorted()] == []


@pytest.mark.parametrize("entity", ["imu", "isil", "isil-khorasan", "imam-bukhari-jamaat", "afghan-taliban",
                                    "usman-ghazi", "abu-dher-azzam", "abu-bakr-al-baghdadi", "valerii-khan",
                                    "viktor-mikhailov", "maksim-yeniseyev"])
def test_every_named_group_and_person_has_a_profile(dossier, files, entity):
    kind = dossier.entities[entity].kind
    assert f"{'groups' if kind == 'group' else 'people'}/{entity}.html" in files


def test_every_quote_in_content_occurs_verbatim_in_its_source(dossier):
    quotes = []
    for entity in dossier.entities.values():
        facts = [f for _, fs in entity.fields for f in fs] + list(entity.summary) + list(entity.aliases)
        quotes += [c for f in facts for c in f.cites]
        quotes += [c for r in entity.relations for c in r.cites]
        quotes += [(q.source, q.text) for q in entity.quotes]
    quotes += [c for e in dossier.events for c in e.cites]
    assert len(quotes) > 80
    for item in quotes:
        source, text = (item.source, item.quote) if hasattr(item, "quote") else item
        assert split_source(dossier.sources[source].text).find(text), text


def test_every_dated_event_of_the_article_is_in_the_chronology(dossier):
    labels = [e.date.text for e in dossier.events]
    for expected in ["1993", "1996", "1999", "2012", "August 2015", "11 December 2015 (year inferred)",
                     "14 June 2016 (year inferred)", "mid-July 2016 (year inferred)",
                     "19 July 2016 (year inferred)", "August 2016 (year inferred)"]:
        assert expected in labels


def test_a_fate_the_article_calls_unknown_stays_unknown(dossier):
    [fate] = dossier.entities["usman-ghazi"].field("fate")
    assert fate.value == "unknown" and "unknown to the outside world" in fate.cites[0].quote


def test_every_citation_link_resolves_to_a_highlighted_sentence(files):
    marks = 0
    for page, data in files.items():
        for source, anchor in re.findall(rb'<a id="c-\d+" href="(?:\.\./)*sources/([\w-]+)\.html#(s-\d+)"', data):
            marks += 1
            assert f'<span class="cited" id="{anchor.decode()}"'.encode() in files[f"sources/{source.decode()}.html"], page
    assert marks > 150


def test_mkdocs_build_strict_gives_the_same_pages(tmp_path, files):
    out = tmp_path / "mkdocs-site"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    for page in ("index.html", "chronology.html", "people/usman-ghazi.html"):
        assert (out / page).read_bytes() == files[page]


def test_dossier_package_does_not_import_mkdocs():
    code = "import sys, dossier.build.site, dossier.cli; print(any(m.startswith('mkdocs') for m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.stdout.strip() == "False"


def test_every_body_sentence_of_the_article_is_cited(dossier):
    source = dossier.sources["caravanserai-imu-cuts-ties-with-isil"]
    split = split_source(source.text)
    cites = [c for e in dossier.entities.values()
             for f in [f for _, fs in e.fields for f in fs] + list(e.summary) + list(e.aliases) for c in f.cites]
    cites += [c for e in dossier.entities.values() for r in e.relations for c in r.cites]
    cites += [q.cite for e in dossier.entities.values() for q in e.quotes]
    cites += [c for e in dossier.events for c in e.cites]
    cited = {s.number for c in cites for s in split.locate(c.quote, start=c.start)}
    assert [s.text for s in split.sentences if s.heading] == [
        "Irrelevant in Uzbekistan", "IMU always a pariah in Uzbekistan", "Other terrorist organisations leave ISIL"]
    assert [s.text for s in split.sentences if not s.heading and s.number not in cited] == []


def facts_of(dossier, entity_id, field="summary"):
    entity = dossier.entities[entity_id]
    return entity.summary if field == "summary" else entity.field(field)


def test_mikhailovs_claims_about_ghazi_are_his_and_graded_as_an_interviewees(dossier):
    """Everything the article has from Viktor Mikhailov (Ghazi's birth, his move to Tajikistan, his IMU
    membership then) says it is his, and is graded, so it reads apart from the article's own reporting."""
    [tajikistan] = facts_of(dossier, "tajikistan")
    [born] = facts_of(dossier, "usman-ghazi", "born")
    [ghazi] = facts_of(dossier, "usman-ghazi")
    assert "According to Viktor Mikhailov, he moved to Tajikistan" in ghazi.value
    [membership] = [r for r in dossier.entities["usman-ghazi"].relations if r.type == "member-of"]
    events = [e for e in dossier.events if e.id in ("1970-usman-ghazi-born", "2000-usman-ghazi-moves-to-tajikistan")]
    his = [tajikistan, born, membership, *events]
    assert len(his) == 5
    assert all(s.according_to == "viktor-mikhailov" and s.credibility and s.credibility.grade == "3" for s in his)


def test_the_article_itself_is_ungraded_and_only_accounts_it_attributes_are_graded(dossier):
    [source] = dossier.sources.values()
    assert source.reliability is None
    graded = [f for e in dossier.entities.values() for _, facts in e.fields for f in facts if f.credibility]
    graded += [r for e in dossier.entities.values() for r in e.relations if r.credibility]
    graded += [r.ended for e in dossier.entities.values() for r in e.relations if r.ended and r.ended.credibility]
    graded += [e for e in dossier.events if e.credibility]
    assert graded and all(s.according_to for s in graded)


def test_ghazis_membership_is_as_of_his_move_not_from_it(dossier):
    """The quote puts him in the IMU when he moved ("as an IMU member"), not joining it then."""
    [membership] = [r for r in dossier.entities["usman-ghazi"].relations if r.type == "member-of"]
    assert membership.as_of and membership.as_of.year == 2000 and membership.as_of.approximate
    assert membership.period.start is None


def test_ghazis_leadership_ends_unknown_since_the_battle(dossier):
    [leadership] = [r for r in dossier.entities["usman-ghazi"].relations if r.type == "leader-of"]
    ending = leadership.ended
    assert ending.value.unknown and ending.value.date.iso == "2015-12-11"
    assert any("fate has been unknown" in c.quote for c in ending.cites)


def test_the_imus_alignment_with_isil_khorasan_ends_by_the_survivors_break(dossier):
    [alignment] = [r for r in dossier.entities["imu"].relations if r.type == "aligned-with"]
    ending = alignment.ended
    assert not ending.value.unknown and ending.value.date.iso == "2016-06-14" and ending.value.date.approximate
    assert ending.according_to == "self-identified-imu-survivors" and ending.inferred
    [split] = [r for r in dossier.entities["imu"].relations if r.type == "split-from"]
    assert split.according_to == "self-identified-imu-survivors"


def test_what_the_article_does_not_say_is_not_stated(dossier):
    baghdadi = dossier.entities["abu-bakr-al-baghdadi"]
    assert "al-Baghdadi" not in [a.value for a in baghdadi.aliases]  # the article never uses it alone
    areas = [f.value for f in dossier.entities["imam-bukhari-jamaat"].field("area")]
    assert areas == ["syria"]  # it "used to fight" in Idlib; where it is now, the article does not say
    [pledge] = [r for r in dossier.entities["imam-bukhari-jamaat"].relations if r.type == "pledged-allegiance-to"]
    assert pledge.according_to_outlet == "Caravanserai"  # "as Caravanserai reported earlier"
    [source] = dossier.sources.values()
    assert source.url.endswith("/2016/10/07/feature-02") and source.date.iso == "2016-10-07"
    assert "2016/10/07" in source.date.inferred


def test_the_taliban_is_the_afghan_taliban_only_by_the_editors_reading(dossier):
    article_says_taliban = [r for r in dossier.entities["imam-bukhari-jamaat"].relations if r.target == "afghan-taliban"]
    article_says_taliban += [r for r in dossier.entities["imu"].relations if r.type == "fought-alongside"]
    article_says_taliban += list(dossier.entities["afghan-taliban"].aliases)
    article_says_taliban += [e for e in dossier.events if "the Taliban" in e.title]
    assert len(article_says_taliban) == 5
    assert all(fact.editorial and "Afghan Taliban" in fact.editorial for fact in article_says_taliban)
    [summary] = facts_of(dossier, "afghan-taliban")
    assert all("Afghan Taliban" in c.quote for c in summary.cites if "Taliban" in c.quote)


def test_ghazi_is_not_placed_at_the_zabul_battle(dossier):
    [battle] = [e for e in dossier.events if e.id == "2015-12-11-taliban-decimate-imu-in-zabul"]
    assert "usman-ghazi" not in battle.involves
    assert "survived" not in dossier.notes["usman-ghazi"]


def test_azzams_isil_membership_ends_when_he_renounces_it(dossier):
    [membership] = [r for r in dossier.entities["abu-dher-azzam"].relations
                    if r.type == "member-of" and r.target == "isil"]
    assert membership.period.end and membership.period.end.label == "c. August 2016"
    assert membership.period.end.inferred and not membership.period.ongoing


def test_the_dossier_quotes_khan_and_the_analysts_as_the_article_does(dossier):
    assert "no more than 100" not in dossier.notes["imu"]
    assert '"It\'s unlikely to\nhave more than 100 members"' in dossier.notes["imu"]
    [khan] = facts_of(dossier, "valerii-khan")
    assert "danger" not in khan.value
    [uzbekistan] = facts_of(dossier, "uzbekistan")
    assert any("Uzbekistani analysts see no danger" in c.quote for c in uzbekistan.cites)


def test_the_home_page_does_not_claim_every_fact_cites_the_article(dossier):
    assert "Every fact cites\n  the article;" not in (ROOT / "content" / "dossier.yml").read_text()
    assert "except those marked editorial" in dossier.settings.description


@pytest.mark.parametrize("entity, quote", [
    ("afghanistan", "The IMU was founded in Kandahar, Afghanistan, in 1996"),
    ("pakistan", "ISIL, which operates in Syria, Iraq, Afghanistan, Pakistan and Libya."),
    ("syria", "the Imam Bukhari Jamaat, a predominantly Uzbek militant group in Syria"),
    ("uzbekistan", "by Uzbekistani extremists who fled their homeland in 1993"),
    ("isil", "ISIL commander Abu Bakr al-Baghdadi"),
    ("imu", "IMU's casualties were high"),
    ("imu", "are expressing disillusionment with"),
])
def test_summaries_cite_the_words_that_carry_them(dossier, entity, quote):
    [summary] = facts_of(dossier, entity)
    assert any(quote in c.quote for c in summary.cites)
    assert not any("he's only the leader of ISIL" in c.quote for c in summary.cites)


def test_isils_kind_and_azzams_renunciation_rest_on_their_own_words(dossier):
    [kind] = facts_of(dossier, "isil", "kind")
    assert kind.editorial and "disunity among terrorists" in kind.cites[0].quote
    [renounces] = [e for e in dossier.events if e.id == "2016-08-azzam-renounces-isil-on-video"]
    assert any("After a year in ISIL" in c.quote for c in renounces.cites)


@pytest.mark.parametrize("quote, code", [
    ("Ghaz", "cite.not-in-source"), ("aliba", "cite.not-in-source"), ("born in 197", "cite.not-in-source"),
    ("a", "cite.ambiguous"), ("Tashkent-based", "cite.ambiguous"), ("Abu Dher Azzam", "cite.ambiguous"),
    ("Irrelevant in Uzbekistan Whatever atrocities", "cite.spans-boundary"),
    ("The Uzbekistani public always rejected it. IMU members fought", "cite.spans-boundary"),
])
def test_the_audits_bad_quotes_are_refused(dossier, quote, code):
    from dossier.core.diagnostics import Pos
    from dossier.core.model import Citation, EntityId
    from dossier.validate.quotecheck import check_citation
    source = dossier.sources["caravanserai-imu-cuts-ties-with-isil"]
    checked, found, _ = check_citation(split_source(source.text), Citation(EntityId(source.id), quote, Pos("x")))
    assert checked is None and found == code


def test_the_index_pages_keep_whose_account_a_summary_is(seed_site):
    """Tajikistan's summary is Viktor Mikhailov's account: the places index says so, as the page does, and the
    editor's identification of 'the Taliban' stays marked in the groups index."""
    files, _ = seed_site
    places = re.sub(r"<[^>]+>", "", files["places/index.html"].decode())
    assert ("where he learned the basics of terrorism as an IMU member. (according to Viktor Mikhailov; graded 3)"
            in places)
    groups = re.sub(r"<[^>]+>", "", files["groups/index.html"].decode())
    assert "also Taliban (editorial)" in groups

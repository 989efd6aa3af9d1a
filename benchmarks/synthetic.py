"""Synthetic dossiers of realistic shape, from a fixed seed, for the benchmark.

`generate(n, folder)` writes a complete project (mkdocs.yml, content/, the
repository's theme) with `n` entities: about 30% groups, 50% people and 20%
places, each with aliases, a cited summary and the fields of its kind, about 5
typed and dated relations (groups and people), a 300-word note with
[[wikilinks]] (by name, id, alias, and with a label) and its part in about 3
events. There is one source per 10 entities; every quote the records cite is a
sentence of their source's text, so every citation checks out. Same `n` and
seed, same bytes. The dossier validates with no errors (warnings are allowed).

    python -m benchmarks.synthetic 1000 /tmp/dossier-1k
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.markdown_corpus import WORDS
from dossier.core.names import fold

REPO = Path(__file__).resolve().parent.parent
ENTITIES_PER_SOURCE = 10

_ONSETS = "b d f g h k l m n p r s t v z sh kh ch zh br dr gr kr st tr".split()
_VOWELS = "a e i o u a o ai ei ou".split()
_CODAS = ["", "", "n", "r", "l", "m", "s", "k", "v", "d"]
_GROUP_ADJ = ("Northern Southern Eastern Western Free United Black Red Green Iron Crescent Mountain River "
              "Coastal Desert Sacred Popular Revolutionary Loyal Silent Golden").split()
_GROUP_NOUN = ("Front Brigade Movement Council League Army Guard Union Battalion Network Circle Alliance "
               "Committee Legion Syndicate Company Assembly").split()
_PLACE_SUFFIX = ["Province", "District", "", "", "Valley", "Coast", "Island"]
_OCCUPATIONS = ["commander", "financier", "courier", "preacher", "recruiter", "analyst", "journalist", "smuggler"]
_GROUP_KINDS = ["armed group", "militant movement", "smuggling network", "political wing", "militia"]
_PERSON_RELATIONS = [("leader-of", "group"), ("member-of", "group"), ("founder-of", "group"),
                     ("allied-with", "any"), ("fought-alongside", "any"), ("fought-against", "any"),
                     ("denounced", "any"), ("commented-on", "any"), ("pledged-allegiance-to", "any")]
_GROUP_RELATIONS = [("member-of", "group"), ("branch-of", "group"), ("allied-with", "any"),
                    ("aligned-with", "any"), ("fought-against", "any"), ("attacked", "any"),
                    ("split-from", "group"), ("monitors", "any"), ("denounced", "any")]
_VERBS = {"leader-of": "led", "member-of": "was a member of", "founder-of": "founded", "branch-of": "was a branch of",
          "allied-with": "allied with", "aligned-with": "aligned with", "fought-against": "fought against",
          "fought-alongside": "fought alongside", "attacked": "attacked", "split-from": "split from",
          "monitors": "monitored", "denounced": "denounced", "commented-on": "commented on",
          "pledged-allegiance-to": "pledged allegiance to"}
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"]


@dataclass
class _Entity:
    index: int
    kind: str
    id: str
    name: str
    aliases: list[str]
    source: int
    lines: dict = field(default_factory=dict)   # yaml text, built later
    sentences: list[str] = field(default_factory=list)


def _syllables(rng: random.Random, count: int) -> str:
    return "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS) for _ in range(count))


def _slug(name: str) -> str:
    return "-".join(fold(name).split())


class _Names:
    """Unique names and aliases: no two entities share a folded name, so wikilinks resolve."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def claim(self, name: str) -> bool:
        key = fold(name)
        if key in self.taken:
            return False
        self.taken.add(key)
        return True


def _make_name(rng: random.Random, kind: str) -> str:
    if kind == "person":
        return f"{_syllables(rng, 2).title()} {_syllables(rng, rng.randint(2, 3)).title()}"
    if kind == "group":
        return f"{rng.choice(_GROUP_ADJ)} {_syllables(rng, 2).title()} {rng.choice(_GROUP_NOUN)}"
    return f"{_syllables(rng, rng.randint(2, 3)).title()} {rng.choice(_PLACE_SUFFIX)}".strip()


def _accented(name: str) -> str:
    return name.replace("a", "á", 1).replace("o", "ö", 1)


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def _year(rng: random.Random, lo: int, hi: int) -> int:
    return rng.randint(lo, hi)


def generate(n: int, folder: Path | str, seed: int = 7) -> Path:
    """Write a project with `n` entities into `folder` (replaced); returns the folder."""
    rng = random.Random(f"dossier-synthetic:{seed}:{n}")
    folder = Path(folder)
    shutil.rmtree(folder, ignore_errors=True)
    content = folder / "content"
    for sub in ("groups", "people", "places", "sources", "events"):
        (content / sub).mkdir(parents=True)
    shutil.copytree(REPO / "templates", folder / "templates")
    (folder / "mkdocs.yml").write_text(
        f"site_name: Synthetic dossier ({n} entities)\ndocs_dir: content\nsite_dir: site\n"
        "use_directory_urls: false\nstrict: true\ntheme:\n  name: null\n  custom_dir: templates\n"
        "plugins:\n  - dossier\n", encoding="utf-8")

    names = _Names()
    entities: list[_Entity] = []
    n_sources = max(1, -(-n // ENTITIES_PER_SOURCE))
    kinds = ["group"] * 3 + ["person"] * 5 + ["place"] * 2
    for i in range(n):
        kind = kinds[i % 10]
        while True:
            name = _make_name(rng, kind)
            if names.claim(name):
                break
        aliases = []
        for candidate in ([_accented(name)] if kind != "place" else []) + [
                f"Abu {_syllables(rng, 2).title()}" if kind == "person" else
                "".join(w[0] for w in name.split()).upper() + _syllables(rng, 1).upper() if kind == "group" else
                f"{_syllables(rng, 2).title()}"]:
            if fold(candidate) == fold(name) or names.claim(candidate):
                aliases.append(candidate)
        entities.append(_Entity(i, kind, _slug(name) + f"-{i}", name, aliases, i // ENTITIES_PER_SOURCE))
    groups = [e for e in entities if e.kind == "group"]
    people = [e for e in entities if e.kind == "person"]
    places = [e for e in entities if e.kind == "place"]
    actors = groups + people
    group_position = {g.id: k for k, g in enumerate(groups)}
    countries = places[: max(1, len(places) // 20)]
    source_ids = [f"report-{s:05d}" for s in range(n_sources)]
    source_sentences: list[list[list[str]]] = [[] for _ in range(n_sources)]

    def cite(entity: _Entity, sentence: str, indent: str) -> str:
        entity.sentences.append(sentence)
        if entity.source == 0:
            return f"{indent}cite: {_q(sentence)}\n"
        return f"{indent}cite:\n{indent}  source: {source_ids[entity.source]}\n{indent}  quote: {_q(sentence)}\n"

    for e in entities:
        out = [f"name: {_q(e.name)}\n"]
        if e.aliases:
            out.append("aliases:\n")
            for alias in e.aliases:
                out.append(f"  - value: {_q(alias)}\n")
                out.append(cite(e, f"{e.name} is also known as {alias}.", "    "))
        summary = f"{e.name} is a {_words(rng, 2)} {e.kind} that {_words(rng, 6)} near {_words(rng, 3)}."
        out.append(f"summary:\n  value: {_q(summary)}\n" + cite(e, summary, "  "))
        if e.kind == "person":
            born, place = _year(rng, 1940, 1970), rng.choice(places)
            out.append(f"born:\n  date: \"{born}\"\n  place: {place.id}\n"
                       + cite(e, f"{e.name} was born in {born} in {place.name}.", "  "))
            occupation = rng.choice(_OCCUPATIONS)
            out.append(f"occupation:\n  value: {occupation}\n"
                       + cite(e, f"{e.name} worked as a {occupation} for {_words(rng, 3)} years.", "  "))
            base = rng.choice(places)
            out.append(f"based_in:\n  - value: {base.id}\n"
                       + cite(e, f"{e.name} was based in {base.name} during the {_words(rng, 2)}.", "    "))
            out.append("fate:\n  value: unknown\n" + cite(e, f"The fate of {e.name} is unknown.", "  "))
        elif e.kind == "group":
            founded, place = _year(rng, 1950, 1980), rng.choice(places)
            out.append(f"founded:\n  date: \"{founded}\"\n  place: {place.id}\n"
                       + cite(e, f"The {e.name} was founded in {founded} in {place.name}.", "  "))
            gkind = rng.choice(_GROUP_KINDS)
            out.append(f"kind:\n  value: {gkind}\n" + cite(e, f"The {e.name} is a {gkind} of {_words(rng, 3)}.", "  "))
            area = rng.sample(places, min(2, len(places)))
            out.append("area:\n")
            for p in area:
                out.append(f"  - value: {p.id}\n" + cite(e, f"The {e.name} operates in {p.name}.", "    "))
            strength = rng.randint(2, 90) * 10
            out.append(f"strength:\n  value: about {strength} fighters\n  estimate: true\n"
                       + cite(e, f"The {e.name} has about {strength} fighters, {_words(rng, 3)} said.", "  "))
        else:
            kind = "country" if e in countries else rng.choice(["province", "city", "district", "region"])
            out.append(f"kind:\n  value: {kind}\n" + cite(e, f"{e.name} is a {kind} of {_words(rng, 3)}.", "  "))
            if e not in countries:
                country = rng.choice(countries)
                out.append(f"country:\n  value: {country.id}\n" + cite(e, f"{e.name} lies in {country.name}.", "  "))
        if e.kind != "place":
            relations = []
            table = _PERSON_RELATIONS if e.kind == "person" else _GROUP_RELATIONS
            for _ in range(5):
                rtype, target_kind = rng.choice(table)
                pool = groups if target_kind == "group" else actors
                if e.kind == "group" and rtype in ("member-of", "branch-of"):
                    # a group is part only of an earlier group, so no group ends up part of itself
                    earlier = group_position[e.id]
                    target = groups[rng.randrange(earlier)] if earlier else e
                else:
                    target = rng.choice(pool)
                if target is e:
                    continue
                start = _year(rng, 1985, 2012)
                period = f"    period:\n      from: \"{start}\"\n"
                until = ""
                if rng.random() < 0.3:
                    period += "      to: present\n"
                elif rng.random() < 0.5:
                    end_year, end_month = start + rng.randint(0, 8), rng.randint(1, 12)
                    period += f"      to: \"{end_year}-{end_month:02d}\"\n"
                    until = f" until {_MONTHS[end_month - 1]} {end_year}"  # the quote gives every date it supports
                sentence = f"In {start} {e.name} {_VERBS[rtype]} the {target.name}{until}, {_words(rng, 4)}."
                relations.append(f"  - type: {rtype}\n    target: {target.id}\n"
                                 + (f"    role: {rng.choice(_OCCUPATIONS)}\n" if rtype == "member-of" else "")
                                 + period + cite(e, sentence, "    "))
            if relations:
                out.append("relations:\n" + "".join(relations))
        if e.kind == "person" and rng.random() < 0.3:
            about = rng.choice(groups)
            said = f"We will never forgive the {about.name} for the {_words(rng, 3)}, {e.name} said."
            e.sentences.append(said)
            out.append(f"quotes:\n  - text: {_q(said)}\n"
                       + (f"    source: {source_ids[e.source]}\n" if e.source else "")
                       + f"    about: [{about.id}]\n    medium: interview\n")
        (content / {"group": "groups", "person": "people", "place": "places"}[e.kind] / f"{e.id}.yml").write_text(
            "".join(out), encoding="utf-8")
        (content / {"group": "groups", "person": "people", "place": "places"}[e.kind] / f"{e.id}.md").write_text(
            note_text(rng, entities, e), encoding="utf-8")

    for e in entities:
        others = rng.sample(actors, 2)
        involves = list(dict.fromkeys([e.id] + [o.id for o in others if o is not e]))
        place = rng.choice(places)
        year, month, day = _year(rng, 1985, 2020), rng.randint(1, 12), rng.randint(1, 28)
        title = f"{e.name} and the {_words(rng, 2)} in {place.name}"
        sentence = f"On {day} {_MONTHS[month - 1]} {year} {e.name} was seen in {place.name} with {_words(rng, 4)}."
        e.sentences.append(sentence)
        event_id = f"{year}-{month:02d}-{day:02d}-{e.id}"[:80].rstrip("-")
        (content / "events" / f"{event_id}.yml").write_text(
            f"date: \"{year}-{month:02d}-{day:02d}\"\ntitle: {_q(title)}\nplace: {place.id}\n"
            f"involves: [{', '.join(involves)}]\n"
            + (f"cite: {_q(sentence)}\n" if e.source == 0 else
               f"cite:\n  source: {source_ids[e.source]}\n  quote: {_q(sentence)}\n"), encoding="utf-8")

    for e in entities:
        filler = [f"{_words(rng, rng.randint(8, 14)).capitalize()}." for _ in range(3)]
        source_sentences[e.source].append(e.sentences + filler)
    for s, paragraphs in enumerate(source_sentences):
        text = "\n\n".join(" ".join(p) for p in paragraphs)
        body = "".join(f"  {line}\n" if line else "\n" for line in text.split("\n"))
        dateline = places[s % len(places)].id if places else None
        (content / "sources" / f"{source_ids[s]}.yml").write_text(
            f"title: {_q('Report ' + str(s) + ': ' + _words(rng, 4))}\noutlet: Synthetic Wire\n"
            + (f"dateline: {dateline}\n" if dateline else "")
            + f"date: \"2021-{s % 12 + 1:02d}-{s % 28 + 1:02d}\"\ntext: |\n{body}", encoding="utf-8")

    key = " ".join(f"\n  - {e.id}" for e in actors[:7])
    (content / "dossier.yml").write_text(
        f"title: Synthetic dossier of {n} entities\n"
        f"description: A generated dossier for benchmarks, seed {seed}.\n"
        f"default_source: {source_ids[0]}\nkey_entities:{key}\nlanguage: en\n", encoding="utf-8")
    return folder


def note_text(rng: random.Random, entities: list[_Entity], e: _Entity, words: int = 300) -> str:
    """About `words` words of Markdown: paragraphs, a list, emphasis and ~6 wikilinks."""
    paragraphs: list[str] = []
    count = 0
    while count < words:
        sentences = []
        for _ in range(rng.randint(3, 5)):
            ws = _words(rng, rng.randint(8, 14)).split()
            if rng.random() < 0.35:
                other = rng.choice(entities)
                style = rng.random()
                if style < 0.4:
                    link = f"[[{other.name}]]"
                elif style < 0.6:
                    link = f"[[{other.id}]]"
                elif style < 0.8 and other.aliases:
                    link = f"[[{other.aliases[-1]}]]"
                else:
                    link = f"[[{other.id}|{_words(rng, 2)}]]"
                ws.insert(rng.randrange(len(ws)), link)
            elif rng.random() < 0.15:
                k = rng.randrange(len(ws))
                ws[k] = f"*{ws[k]}*"
            text = " ".join(ws)
            sentences.append(text[0].upper() + text[1:] + ".")
            count += len(ws)
        paragraphs.append(" ".join(sentences))
        if len(paragraphs) == 2:
            paragraphs.append("\n".join(f"- {_words(rng, 6)}" for _ in range(3)))
            count += 18
    return "\n\n".join(paragraphs) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of entities")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    generate(args.n, args.folder, args.seed)


if __name__ == "__main__":
    main()

"""Cite: find words in a source's text by validation's own rules, and give the citation to paste.

Takes a project, a source id and the words; gives a `Found`: the YAML citation (block
style) when the words occur once as whole words within one paragraph; when they occur
several times, one citation per place, each with the shortest `prefix` or `suffix` that
settles it; otherwise what is wrong, as validation would say it (only inside longer
words, across a paragraph break or into a heading, or not there, with the closest
passages). It calls the validator's matcher (`validate.citations`, `validate.quotecheck`),
so what it proposes is what validation accepts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from ..core.diagnostics import Diagnostics, Pos, did_you_mean
from ..core.model import Citation, EntityId
from ..core.project import Project
from ..load.files import load_content
from ..validate.citations import SourceText, normalise, split_source
from ..validate.quotecheck import check_citation, clip, settle

CLOSEST = 3


class CiteError(Exception):
    """The source cannot be looked in (no such source, no text); a usage error."""


@dataclass
class Found:
    ok: bool
    message: str
    """For the person: what was found, where, or what is wrong."""
    citations: list[tuple[str, str]] = field(default_factory=list)
    """(where it is, the YAML to paste) for each place."""


def find_words(project: Project, source_id: str, words: str) -> Found:
    text, default = _source_text(project, source_id)
    split = split_source(text)
    quote = " ".join(words.split())
    if not quote:
        raise CiteError("give the words to cite")
    citation = Citation(EntityId(source_id), quote, Pos(""))
    checked, code, message = check_citation(split, citation, nearest=False)
    source_key = None if source_id == default else source_id
    if checked is not None:
        sentence = checked.sentences[0] if checked.sentences else 0
        return Found(True, f"found once, in sentence {sentence}: {split.context(checked.start, len(normalise(quote)))}",
                     [(f"sentence {sentence}", citation_yaml(quote, source_key))])
    located = split.occurrences(quote)
    if code == "cite.ambiguous":
        places = []
        for at in located.starts:
            sentence = split.sentences_at(at, located.length)[0].number
            prefix, suffix = settle(split, quote, at)
            where = f"sentence {sentence}: {split.context(at, located.length)}"
            if prefix is None and suffix is None:
                places.append((where + " (no prefix or suffix of six words tells it apart: quote more)", ""))
            else:
                places.append((where, citation_yaml(quote, source_key, prefix, suffix)))
        return Found(False, f"'{clip(quote)}' occurs {len(located.starts)} times in source '{source_id}'; "
                            "each place below with the words that settle it", places)
    if code == "cite.spans-boundary":
        return Found(False, message.replace(f"quote '{clip(quote)}' ", f"'{clip(quote)}' ", 1))
    inside = split.inside_words(quote)
    if inside >= 0:
        return Found(False, f"'{clip(quote)}' occurs in source '{source_id}' only as part of longer words "
                            f"({split.context(inside, len(normalise(quote)), 2)}): quote whole words")
    return Found(False, f"'{clip(quote)}' is not in source '{source_id}'" + _closest(split, quote))


def citation_yaml(quote: str, source: str | None, prefix: str | None = None, suffix: str | None = None) -> str:
    """The citation as a block-style YAML mapping under `cite:`, ready to paste."""
    fields = {k: v for k, v in (("source", source), ("quote", quote), ("prefix", prefix), ("suffix", suffix)) if v}
    body = yaml.safe_dump(fields, default_flow_style=False, sort_keys=False, allow_unicode=True, width=10**6)
    return "cite:\n" + "".join(f"  {line}\n" for line in body.splitlines())


def _closest(split: SourceText, quote: str) -> str:
    passages = split.closest_passages(quote, CLOSEST)
    if not passages:
        return ""
    return "; the closest passages are:\n" + "\n".join(f"  - {clip(split.sentence_text(p), 160)}" for p in passages)


def _source_text(project: Project, source_id: str) -> tuple[str, str | None]:
    """The source's text as its record holds it, and the dossier's default source."""
    loaded = load_content(project.content_dir, Diagnostics())
    sources = {r.id: r for r in loaded.records if r.kind == "source"}
    record = sources.get(source_id)
    if record is None:
        raise CiteError(f"no source '{source_id}' in {project.content_dir / 'sources'}."
                        + did_you_mean(source_id, sources))
    text = record.data.get("text") if isinstance(record.data, dict) else None
    if not isinstance(text, str) or not text.strip():
        raise CiteError(f"source '{source_id}' has no text to cite ({record.path})")
    settings = loaded.settings.data if loaded.settings is not None else {}
    default = settings.get("default_source") if isinstance(settings, dict) else None
    return text, default if isinstance(default, str) else None

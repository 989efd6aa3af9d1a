"""Deterministic synthetic Markdown corpus for build benchmarks.

Every builder under test must chew the same input, and a rerun must produce
byte-identical pages, so timings compare builders rather than corpora. Pages
are ~700 words with headings, paragraphs, bullet and numbered lists, inline
emphasis and relative links to other pages (``page-00042.md``), which both
MkDocs and Hugo (through our theme's link render hook) turn into ``.html``
links. Front matter is plain YAML with a ``title`` that both tools read.

    python -m benchmarks.markdown_corpus 1000 /tmp/corpus
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

WORDS = (
    "agent asset border cable channel cipher contact convoy courier cover dossier "
    "embassy field file handler harbour informant intercept ledger liaison meeting "
    "network officer operation outpost passport port province radio report route "
    "safehouse satellite signal source station surveillance target telegram transit "
    "vessel witness winter archive bridge capital coast district factory frontier "
    "garrison island market mountain railway river summit valley minister colonel "
    "analyst bureau committee council delegation directorate envoy ministry "
    "observed reported confirmed denied travelled met received sent photographed "
    "recruited arrested crossed delivered intercepted decoded returned vanished "
    "quietly reportedly allegedly twice nightly briefly openly secretly again"
).split()
TARGET_WORDS = 650  # stop adding sections past this; pages average ~700 words


def page_name(i: int) -> str:
    return f"page-{i:05d}.md"


def _title(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 4))).title()


def _sentence(rng: random.Random, n_pages: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 16))]
    roll = rng.random()
    if roll < 0.15:
        k = rng.randrange(len(words) - 2)
        target = page_name(rng.randrange(n_pages))
        words[k : k + 2] = [f"[{words[k]} {words[k + 1]}]({target})"]
    elif roll < 0.25:
        k = rng.randrange(len(words))
        words[k] = f"**{words[k]}**"
    elif roll < 0.30:
        k = rng.randrange(len(words))
        words[k] = f"`{words[k]}`"
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random, n_pages: int) -> str:
    return " ".join(_sentence(rng, n_pages) for _ in range(rng.randint(3, 6)))


def _list(rng: random.Random, n_pages: int) -> str:
    numbered = rng.random() < 0.3
    items = []
    for k in range(rng.randint(3, 6)):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 10)))
        if rng.random() < 0.2:
            text += f" — see [{rng.choice(WORDS)}]({page_name(rng.randrange(n_pages))})"
        items.append(f"{k + 1}. {text}" if numbered else f"- {text}")
    return "\n".join(items)


def render_page(i: int, n_pages: int, seed: int = 0) -> str:
    """Return page ``i`` of an ``n_pages`` corpus; same arguments, same text."""
    rng = random.Random(f"{seed}:{i}")
    title = _title(rng)
    blocks = [f"---\ntitle: \"{title}\"\n---", f"# {title}"]
    words = 0
    while words < TARGET_WORDS:
        section = [f"## {_title(rng)}"]
        section += [_paragraph(rng, n_pages) for _ in range(rng.randint(1, 2))]
        if rng.random() < 0.6:
            section.append(_list(rng, n_pages))
        blocks += section
        words += sum(len(b.split()) for b in section)
    return "\n\n".join(blocks) + "\n"


def generate(n: int, out_dir: Path | str, seed: int = 0) -> list[Path]:
    """Write pages ``page-00000.md`` … into ``out_dir`` and return their paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = out / page_name(i)
        path.write_text(render_page(i, n, seed), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of pages")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    generate(args.n, args.out_dir, args.seed)


if __name__ == "__main__":
    main()

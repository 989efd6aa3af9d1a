"""Bytes per page: what each part of a built site weighs, raw and in the offline zip.

The zip deflates each file on its own, so a part's weight in the zip is what the
file's deflated size loses when the part is cut out of it (its share of the raw
size says little: a part repeated within a page costs a few bytes the second
time). Pages are grouped by kind (profiles of each kind, sources, whole-dossier
pages), and each HTML page is cut into parts found by pattern: the JSON-LD, the
rest of the head, the masthead, inline drawings, citation tips and the labels of
citation marks, the citation list, the indentation that templates leave. Other
files are counted whole (data exports, search index, assets).

    python -m benchmarks.pagebytes SITE_FOLDER [--sample N]   # prints a table (Markdown)
"""

from __future__ import annotations

import argparse
import re
import zlib
from collections import defaultdict
from pathlib import Path

JSON_LD = re.compile(r'<script type="application/ld\+json">.*?</script>', re.S)
PARTS: list[tuple[str, re.Pattern[str]]] = [
    ("JSON-LD", JSON_LD),
    ("head, the rest (without the JSON-LD)", re.compile(r"<head>.*?</head>", re.S)),
    ("masthead (navigation, search box)", re.compile(r'<header class="masthead">.*?</header>', re.S)),
    ("inline drawings (SVG)", re.compile(r"<svg\b.*?</svg>", re.S)),
    ("citation tips", re.compile(r'<span class="tip" aria-hidden="true">.*?</span>', re.S)),
    ("citation marks' labels", re.compile(r' aria-label="Citation [^"]*"')),
    ("citation list", re.compile(r'<section class="references".*?</section>', re.S)),
    ("footer", re.compile(r"<footer\b.*?</footer>", re.S)),
    ("indentation", re.compile(r"(?<=\n)[ \t]+")),
]


def deflated(data: bytes, level: int = 6) -> int:
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    return len(compressor.compress(data) + compressor.flush())


def kind_of(rel: str) -> str:
    parts = rel.split("/")
    if len(parts) == 1:
        return rel if rel.endswith(".html") else f"other: {rel}"
    if parts[0] == "data":
        return f"data/{parts[1]}" if len(parts) == 2 else "data/schema/*"
    if parts[0] == "assets":
        return f"assets/{parts[1]}"
    if parts[-1] == "index.html":
        return f"{parts[0]}/index.html"
    return f"{parts[0]}/*.html"


def measure(site: Path, sample: int) -> tuple[dict, dict]:
    """Per kind: [files, raw, deflated]; per (kind, part): [raw, zip share] over the sampled pages."""
    files: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    parts: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0])
    sampled: dict[str, int] = defaultdict(int)
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        kind, data = kind_of(rel), path.read_bytes()
        whole = deflated(data)
        row = files[kind]
        row[0] += 1
        row[1] += len(data)
        row[2] += whole
        if not rel.endswith(".html") or sampled[kind] >= sample:
            continue
        sampled[kind] += 1
        text = data.decode("utf-8")
        for name, pattern in PARTS:
            base = JSON_LD.sub("", text) if name.startswith("head") else text
            cut = pattern.sub("", base)
            base_zip = whole if base is text else deflated(base.encode())
            parts[kind, name][0] += len(base.encode()) - len(cut.encode())
            parts[kind, name][1] += base_zip - deflated(cut.encode())
    scaled = {key: [v * files[key[0]][0] / sampled[key[0]] for v in values] for key, values in parts.items()}
    return files, scaled


def table(site: Path, sample: int) -> str:
    files, parts = measure(site, sample)
    total_raw, total_zip = sum(r[1] for r in files.values()), sum(r[2] for r in files.values())
    lines = [f"Site {total_raw / 2**20:.1f} MiB, deflated file by file {total_zip / 2**20:.1f} MiB", "",
             "| file or part | files | raw MiB | zip MiB | share of zip |", "|---|---:|---:|---:|---:|"]
    for kind, (count, raw, zipped) in sorted(files.items(), key=lambda item: -item[1][2]):
        share = 100 * zipped / total_zip
        lines.append(f"| {kind} | {count} | {raw / 2**20:.2f} | {zipped / 2**20:.2f} | {share:.1f}% |")
        for (of, name), (part_raw, part_zip) in sorted(parts.items(), key=lambda item: -item[1][1]):
            if of == kind and part_raw >= 0.005 * 2**20:
                lines.append(f"| · {name} | | {part_raw / 2**20:.2f} | {part_zip / 2**20:.2f} | "
                             f"{100 * part_zip / total_zip:.1f}% |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--sample", type=int, default=200, help="pages of each kind cut into parts (default 200)")
    arguments = parser.parse_args()
    print(table(arguments.site, arguments.sample))


if __name__ == "__main__":
    main()

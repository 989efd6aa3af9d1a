"""A generated dossier big enough that a build takes a while: for killing builds part-way."""

from __future__ import annotations

import random
import shutil
import string
from pathlib import Path

from tests.helpers import MINIMAL, ROOT


def write_big_project(root: Path, people: int) -> Path:
    """The minimal dossier plus `people` members of its syndicate, each with a note; returns the project."""
    shutil.copytree(MINIMAL / "content", root / "content")
    shutil.copytree(ROOT / "templates", root / "templates")
    (root / "mkdocs.yml").write_text((MINIMAL / "mkdocs.yml").read_text().replace("../../../templates", "templates"))
    for n in range(people):
        person = root / "content" / "people" / f"member-{n:04d}.yml"
        person.write_text(
            f"name: Member {n}\n"
            f"summary:\n  value: Member number {n} of the syndicate.\n  editorial: Generated for fault tests.\n"
            "relations:\n  - type: member-of\n    target: northwind-syndicate\n    editorial: Generated.\n",
            encoding="utf-8")
        person.with_suffix(".md").write_text(f"Works with [[Ada Varga]] and [[member-{(n + 1) % people:04d}]].\n",
                                             encoding="utf-8")
    return root


def rename_everyone(project: Path, label: str = "Renamed member") -> None:
    """A content change that alters every member's page, so a half-written site would show."""
    for path in (project / "content" / "people").glob("member-*.yml"):
        first, rest = path.read_text().split("\n", 1)
        path.write_text(f"name: {label} {first.rsplit(' ', 1)[1]}\n{rest}", encoding="utf-8")


def add_incompressible_sources(project: Path, count: int, size: int) -> None:
    """Sources of random letters: their pages zip to over half their size, so the zip of the site is
    larger than any one of its files (a file-size limit between the two fails only the zip)."""
    rng = random.Random(size)
    for n in range(count):
        words = " ".join("".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(2, 9)))
                         for _ in range(size // 6))
        (project / "content" / "sources" / f"noise-{n:02d}.yml").write_text(
            f"title: Noise {n}\ntext: |\n  {words[:size]}\n", encoding="utf-8")

"""Progress: a build at a terminal says each stage with counts and time; elsewhere it says nothing more."""

from __future__ import annotations

import io
import re

from dossier.build.publish import build_site
from dossier.core.progress import Progress
from dossier.core.project import load_project
from tests.test_cli import run


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_build_at_a_terminal_reports_every_stage(minimal_project):
    screen = Terminal()
    build_site(load_project(minimal_project), progress=Progress(screen))
    lines = [line.split("\x1b[2K")[-1] for line in screen.getvalue().split("\n") if line]
    said = [line.split(" in ")[0] for line in lines]
    assert said[:4] == ["read 13 records and 1 note", "validated 13 records",
                        "linked 7 entities, 4 events and 2 sources", "checked them: 0 errors, 1 warning"]
    assert said[4] == "kept 0 unchanged pages of the last site"  # no cache given: nothing is known of it
    assert re.fullmatch(r"rendered \d+ pages and \d+ other files", said[5])  # assets, search index, data files
    assert re.fullmatch(r"checked the links of \d+ files", said[6]) and len(said) == 7
    assert all(line.endswith("s") and " in " in line for line in lines)


def test_a_stage_that_counts_draws_a_bar(monkeypatch):
    monkeypatch.setattr("dossier.core.progress.REDRAW_SECONDS", 0)
    screen = Terminal()
    with Progress(screen).stage("rendering", 4, "pages") as stage:
        stage.advance(2)
        stage.done("rendered 4 pages")
    assert "rendering [############............] 2/4 pages" in screen.getvalue()


def test_nothing_extra_is_printed_when_the_output_is_not_a_terminal(minimal_project):
    result = run("--project", str(minimal_project), "build")
    assert result.returncode == 0
    assert "rendering" not in result.stderr and "\x1b" not in result.stderr
    quiet = Progress(io.StringIO())
    with quiet.stage("reading") as stage:
        stage.done("read")
    assert quiet.stream.getvalue() == ""

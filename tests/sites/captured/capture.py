"""How this dossier's sources were captured: four pages served on the loopback address, each taken
by `add-source` at a fixed time. Run from the repository (`python -m tests.sites.captured.capture`)
to make them again; the editing of the source records that followed (`unchecked` taken out, the
ruling's date dropped, the headline left out of the courier's text with `text_edited`) and the other
records were done by hand."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from dossier.capture.add import add_source
from dossier.core.project import load_project
from tests.capturekit import article, loopback, make_pdf

HERE = Path(__file__).resolve().parent
AT = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)

ARTICLE = article(
    "Lantern Cove smugglers jailed", "By Ines Morrow",
    "LANTERN COVE -- Three members of the Greywater Crew were jailed on Monday for running tobacco "
    "through the old cannery.",
    "The crew was set up in 2016 by Piet Halloran, a former ferry pilot, the court heard.",
    "<h2>A ferry pilot's plan</h2>",
    "Halloran, who was born in 1969 in Lantern Cove, used the ferry timetable to hide the crossings. "
    "The crew used the cannery for storage. The crew used the cannery for years.",
    outlet="The Cove Courier", published="2024-11-04T09:30:00Z")
RULING = make_pdf([["Court of Lantern Cove. Ruling in the Greywater case.",
                    "The court finds that the Greywater Crew moved tobacco through the cannery from 2016."],
                   ["Piet Halloran is sentenced to four years.",
                    "The cannery is to be sold."]], title="Ruling in the Greywater case")
NOTICE = ("Harbour notice\n\nThe cannery pier is closed to all boats\nuntil further notice.\n\n"
          "Questions go to the harbour master.\n")
HOSTILE = (
    '<!doctype html><html><head><title>Greywater crew statement</title>'
    '<meta http-equiv="refresh" content="0;url=http://127.0.0.1:9/refresh">'
    '<base href="http://127.0.0.1:9/base/"><link rel="stylesheet" href="http://127.0.0.1:9/style.css">'
    '<link rel="prefetch" href="http://127.0.0.1:9/prefetch"><script src="http://127.0.0.1:9/script.js"></script>'
    '<script>alert("script ran"); fetch("http://127.0.0.1:9/fetch")</script>'
    '<style>@import url("http://127.0.0.1:9/import.css"); body{background:url(http://127.0.0.1:9/bg.png)}</style>'
    '</head><body onload="alert(\'onload\')"><article><h1>Greywater crew statement</h1>'
    '<p>The crew says in a statement that it never used the cannery, and that the ruling is wrong.</p>'
    '<img src="http://127.0.0.1:9/img.png" onerror="alert(\'onerror\')">'
    '<iframe src="http://127.0.0.1:9/frame"></iframe><object data="http://127.0.0.1:9/object"></object>'
    '<video poster="http://127.0.0.1:9/poster.png"></video><svg><image href="http://127.0.0.1:9/svg.png"/></svg>'
    '<form action="http://127.0.0.1:9/form"><input autofocus onfocus="alert(\'focus\')"></form>'
    '<p>The statement was posted on the crew\'s own page, which tries to run scripts and to load things '
    'from elsewhere.</p></article></body></html>')


def main() -> None:
    project = load_project(HERE)
    for folder in (HERE / "archive",):
        shutil.rmtree(folder, ignore_errors=True)
    for record in (HERE / "content" / "sources").glob("*.yml"):
        record.unlink()
    with loopback() as site:
        captures = [(site.page("/2024/11/04/lantern-cove-smugglers-jailed", ARTICLE), "cove-courier-smugglers-jailed"),
                    (site.page("/rulings/greywater.pdf", RULING, "application/pdf"), "greywater-ruling"),
                    (site.page("/notices/pier.txt", NOTICE, "text/plain; charset=utf-8"), "harbour-notice"),
                    (site.page("/statement", HOSTILE), "greywater-statement")]
        for url, source_id in captures:
            add_source(project, url, source_id, now=AT)


if __name__ == "__main__":
    main()

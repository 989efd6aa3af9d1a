"""Helpers for real-browser tests of the generated site.

The dossiers must work offline from plain files, be accessible and be valid
HTML, and no unit test can show that: these helpers drive Debian's Chromium
through Playwright, record what a page did (network requests, console and
script errors, dialogs), run axe-core and the Nu HTML checker from the pinned
npm tools in tools/node_modules, and save screenshots and printed PDFs for a
person to look at. Run tools/ensure-browser.sh first to install the tools.
"""

import json
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ROOT / "tools" / "node_modules"
AXE_JS = TOOLS / "axe-core" / "axe.min.js"
VNU_JAR = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
OUTPUT = ROOT / "tests" / "output"
SCREENSHOTS = OUTPUT / "screenshots"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def launch_browser(playwright):
    """Start Debian's Chromium (Playwright downloads no browser of its own)."""
    return playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )


@dataclass
class Visit:
    """A loaded page and what it did since it was opened."""

    page: object
    requests: list = field(default_factory=list)  # every request URL
    console_errors: list = field(default_factory=list)
    page_errors: list = field(default_factory=list)  # uncaught exceptions
    dialogs: list = field(default_factory=list)  # (type, message), dismissed

    def foreign_requests(self):
        """Request URLs that are not local files (an offline page has none)."""
        return [u for u in self.requests if not u.startswith("file://")]


def open_page(browser, url, **context_options):
    """Open url in a fresh context and record its activity into a Visit.

    Listeners are attached before navigation, so the page's own requests and
    errors during load are caught. Dialogs are dismissed and recorded. The
    caller closes visit.page.context when done (the fixture does it).
    """
    context = browser.new_context(**context_options)
    visit = Visit(page=context.new_page())

    def on_console(msg):
        if msg.type == "error":
            visit.console_errors.append(msg.text)

    def on_dialog(dialog):
        visit.dialogs.append((dialog.type, dialog.message))
        dialog.dismiss()

    context.on("request", lambda req: visit.requests.append(req.url))
    visit.page.on("console", on_console)
    visit.page.on("pageerror", lambda exc: visit.page_errors.append(str(exc)))
    visit.page.on("dialog", on_dialog)
    visit.page.goto(url, wait_until="load")
    return visit


def run_axe(page, options=None):
    """Run axe-core on the page; return its violations (a list of dicts).

    Each violation has "id", "impact", "help", "helpUrl" and "nodes" (each
    with "target" and "html"). options go to axe.run, e.g.
    {"runOnly": ["wcag2a", "wcag2aa"]}; "preload" defaults to false, since
    axe would otherwise re-fetch stylesheets by XHR, which file:// pages
    refuse with console errors. axe is evaluated through the DevTools
    protocol, not added as a <script>: a page's Content-Security-Policy
    would block an inline script tag (and log that as a console error).
    """
    page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;0")
    result = page.evaluate(
        "async (options) => await axe.run(document, options)",
        {"preload": False, **(options or {})},
    )
    return result["violations"]


def format_violations(violations):
    """One line per violation, for assertion messages."""
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + ", ".join(str(n["target"]) for n in v["nodes"])
        for v in violations
    )


def validate_html(paths):
    """Check HTML files with the Nu checker; return error messages.

    All files go to one Java process, since starting it costs about three
    seconds. Messages read "path:line:column: type: message".
    """
    paths = [str(p) for p in paths]
    if not paths:
        return []
    missing = [p for p in paths if not Path(p).is_file()]
    if missing:  # vnu skips a missing file without a word
        raise FileNotFoundError(", ".join(missing))
    proc = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json",
         "--stdout", *paths],
        capture_output=True, text=True, check=False,
    )
    try:
        messages = json.loads(proc.stdout)["messages"]
    except (ValueError, KeyError):
        raise RuntimeError(f"vnu failed: {proc.stdout}{proc.stderr}") from None
    errors = []
    for m in messages:
        where = m.get("url", "").removeprefix("file:")
        pos = f"{m.get('lastLine', '?')}:{m.get('firstColumn', '?')}"
        errors.append(f"{where}:{pos}: {m.get('type')}: {m.get('message')}")
    return errors


def screenshot(page, name, width, height=800):
    """Save a full-page PNG at the given viewport width; return its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": height})
    path = SCREENSHOTS / f"{name}-{width}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def print_pdf(page, path, **options):
    """Print the page to a PDF as the browser would (print CSS); return path.

    Defaults to A4 with backgrounds; options go to page.pdf.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.pdf(path=str(path), **{"format": "A4", "print_background": True,
                                **options})
    return path


def pdf_to_pngs(pdf, prefix, dpi=50):
    """Render each PDF page to prefix-N.png with pdftoppm (poppler-utils)."""
    prefix = Path(prefix)
    prefix.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(prefix)],
                   check=True)
    return sorted(prefix.parent.glob(f"{prefix.name}-*.png"))

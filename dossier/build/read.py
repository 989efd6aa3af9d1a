"""Read: a project's linked model and its diagnostics, for every command that needs them.

`read_dossier` runs load -> validate -> link (`read_linked`) -> checks (`check_linked`).
`check_project` does so through the project's planner, for a run that cannot replay the last
run's findings (`Planner.replay`): the model a run kept (see `cache.keptmodel`) with the notes
edited since linked again, as `serve` links them (`link.relink_notes`), or else the whole
dossier read again, kept for the next run if an editor is at work on notes.

Linking notes again gives what reading everything would: a note feeds only its own page,
the mentions of what it links to, search, and the diagnostics at its own file, and its
links are checked with the rest of the checks, which run again on the whole model. An edit
the shortcut cannot take (a note that no longer reads, or whose record found a problem with
it while loading or validating) falls back to reading everything.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..cache.keptmodel import Linked
from ..cache.planner import Planner
from ..check.checks import check_dossier
from ..core.diagnostics import Diagnostic, Diagnostics, passing
from ..core.memory import release_free_memory
from ..core.model import Dossier, EntityId
from ..core.parallel import collector_paused
from ..core.progress import SILENT, Progress, counted
from ..core.project import DEFAULT_PUBLISHED_COPY_BYTES, Project
from ..core.timings import timed
from ..link.history import HistoryCache
from ..link.references import link_citations
from ..link.stage import link_dossier, relink_notes
from ..load.files import KIND_FOLDERS, LoadedFiles, ParsedStore, RawNote, load_content, load_file
from ..render.theme import Theme, as_theme
from ..render.themecheck import check_theme

if TYPE_CHECKING:
    from ..validate.kept import CheckedStore


def read_dossier(content_dir: Path, loaded: LoadedFiles | None = None, theme: Theme | Path | None = None, *,
                 progress: Progress = SILENT, store: ParsedStore | None = None,
                 archive_dir: Path | None = None,
                 publish_up_to: int = DEFAULT_PUBLISHED_COPY_BYTES, releases_dir: Path | None = None,
                 history_cache: HistoryCache | None = None, numbered: bool = True) -> tuple[Dossier, Diagnostics]:
    """The linked model and every diagnostic found on the way (`loaded`, `store`: see `load_content`).

    `archive_dir` is the project's folder of captured copies (see `load.archive`): each source is
    checked against its copy there, and copies of up to `publish_up_to` bytes are published with
    the site. Without it the content is checked alone. `releases_dir` is the project's releases
    (see `build.release`), from which the dossier's history is made, what comparing them found kept
    in `history_cache` between runs. Without `numbered`, the model lacks its numbered citations and
    the citers of source sentences (see `link_dossier`) unless a note's link into a page needs them.

    With the `theme` the pages will be drawn in, its project's templates are checked for
    what has changed in the built-in theme since they were written (see `themecheck`), and
    the links notes make into the site are checked against its pages (see `notecheck`).
    """
    with collector_paused():
        linked = read_linked(content_dir, loaded, progress=progress, store=store, archive_dir=archive_dir,
                             publish_up_to=publish_up_to, releases_dir=releases_dir, history_cache=history_cache,
                             numbered=numbered)
        return check_linked(linked, theme, progress)


def read_linked(content_dir: Path, loaded: LoadedFiles | None = None, *, progress: Progress = SILENT,
                store: ParsedStore | None = None, checked: CheckedStore | None = None, archive_dir: Path | None = None,
                publish_up_to: int = DEFAULT_PUBLISHED_COPY_BYTES, releases_dir: Path | None = None,
                history_cache: HistoryCache | None = None, numbered: bool = True) -> Linked:
    """The dossier read, validated and linked, with what each stage found (see `read_dossier`); with
    `checked`, each record's check taken from the cache while what it read is unchanged (see `validate.kept`)."""
    # loaded here: a run that takes the kept model never reads, validates or links the whole dossier
    from ..load.archive import load_archive
    from ..load.releases import load_releases
    from ..validate.stage import validate_content
    diagnostics = Diagnostics()
    with progress.stage("reading") as stage:
        raw = load_content(content_dir, diagnostics, loaded, store)
        copies = load_archive(archive_dir, diagnostics, publish_up_to) if archive_dir is not None else None
        releases = load_releases(releases_dir, diagnostics) if releases_dir is not None else ()
        stage.done(f"read {counted(len(raw.records), 'record')} and {counted(len(raw.notes), 'note')}")
    release_free_memory()  # the files' bytes, and what the cache stores of them
    with progress.stage("validating") as stage:
        valid = validate_content(raw, diagnostics, copies, checked)
        del raw  # the raw records and the place of every value: a fifth of the peak of memory
        release_free_memory()
        stage.done(f"validated {counted(len(valid.entities) + len(valid.events) + len(valid.sources), 'record')}")
    linked_from = len(diagnostics.items)
    with progress.stage("linking") as stage:
        dossier = link_dossier(valid, diagnostics, releases, history_cache, numbered)
        stage.done(f"linked {counted(len(dossier.entities), 'entity', 'entities')}, "
                   f"{counted(len(dossier.events), 'event')} and {counted(len(dossier.sources), 'source')}")
    release_free_memory()
    return Linked(dossier, tuple(diagnostics.items), linked_from, numbered)


def check_linked(linked: Linked, theme: Theme | Path | None,
                 progress: Progress = SILENT) -> tuple[Dossier, Diagnostics]:
    """The linked model, and every diagnostic of it: those found making it, and the checks' of the
    whole (the model numbered, if it was not and the note check renders a page, see `read_dossier`)."""
    dossier = linked.dossier
    diagnostics = Diagnostics()
    diagnostics.extend(linked.diagnostics)
    with progress.stage("checking") as stage:
        check_dossier(dossier, diagnostics, linked.checked)
        if theme is not None:
            check_theme(as_theme(theme), diagnostics)
        if theme is not None and not diagnostics.errors:
            if dossier.note_links:  # the check draws pages: the renderer is loaded only for it
                from .notecheck import check_note_links
                if not linked.numbered and _links_into_pages(dossier):  # the pages it renders show them
                    dossier = link_citations(dossier)
                check_note_links(dossier, theme, diagnostics)
        stage.done(f"checked them: {counted(len(diagnostics.errors), 'error')}, "
                   f"{counted(len(diagnostics.warnings), 'warning')}")
    return dossier, diagnostics


def _links_into_pages(dossier: Dossier) -> bool:
    """Whether a note links to an id of a page, which the note check renders to look for it."""
    return any(link.fragment for links in dossier.note_links.values() for link in links)


def require_valid(content_dir: Path, loaded: LoadedFiles | None = None, theme: Theme | Path | None = None, *,
                  ignore: frozenset[str] = frozenset(), strict: bool = False,
                  progress: Progress = SILENT, store: ParsedStore | None = None,
                  archive_dir: Path | None = None,
                  publish_up_to: int = DEFAULT_PUBLISHED_COPY_BYTES,
                  releases_dir: Path | None = None,
                  history_cache: HistoryCache | None = None) -> tuple[Dossier, list[Diagnostic]]:
    """The model, or DossierError with all errors (with `strict`, warnings too); the warnings
    not in `ignore` are returned. `theme`, `archive_dir`, `releases_dir`: see `read_dossier`."""
    dossier, diagnostics = read_dossier(content_dir, loaded, theme, progress=progress, store=store,
                                        archive_dir=archive_dir, publish_up_to=publish_up_to,
                                        releases_dir=releases_dir, history_cache=history_cache)
    return dossier, passing(diagnostics.errors + diagnostics.warnings, ignore, strict)


def check_project(project: Project, planner: Planner, progress: Progress = SILENT,
                  numbered: bool = True) -> tuple[Dossier, list[Diagnostic], tuple[int, int, int]]:
    """The model, every diagnostic (errors, then warnings) and the counts of entities, events and
    sources, read whole or from the model the planner kept (a run that may replay the last
    run's findings asks the planner first: `Planner.replay`). `numbered`: see `read_dossier` (a
    run that only checks needs no more, and draws no pages while a model read whole is kept: see
    `cache.keeper`; a kept model read without is numbered when taken by a run that needs it)."""
    with collector_paused():
        kept = planner.kept_model()
        relinked = _relinked(project, *kept, progress) if kept is not None else None
        if relinked is not None:
            linked = relinked
            if numbered and not linked.numbered:
                linked = replace(linked, dossier=link_citations(linked.dossier), numbered=True)
        else:
            # records' checks kept from a project's second run on: a first run (a fresh clone, CI)
            # would pay for keeping them and never take them back
            checked = planner.store if planner.store.usable and planner.store.remembers_a_run else None
            linked = read_linked(project.content_dir, progress=progress, store=planner.store, checked=checked,
                                 archive_dir=project.archive_dir, publish_up_to=project.publish_copies_up_to,
                                 releases_dir=project.releases_dir, history_cache=planner.store,
                                 numbered=numbered)
            planner.keep_model(linked, pages_follow=numbered)
        dossier, diagnostics = check_linked(linked, project.templates_dir, progress)
    found = diagnostics.errors + diagnostics.warnings
    counts = (len(dossier.entities), len(dossier.events), len(dossier.sources))
    planner.keep_run(found, counts)
    return dossier, found, counts


def require_project(project: Project, planner: Planner, strict: bool = False,
                    progress: Progress = SILENT) -> tuple[Dossier, list[Diagnostic]]:
    """`require_valid` for a project, through its planner: a run that would fail as the last one
    with the same inputs fails at once."""
    replayed = planner.replay()
    if replayed is not None:
        passing(replayed.diagnostics, project.ignore, strict)
    dossier, found, _ = check_project(project, planner, progress)
    return dossier, passing(found, project.ignore, strict)


def _relinked(project: Project, kept: Linked, changed: list[str], progress: Progress) -> Linked | None:
    """The kept model with the notes at `changed` (content paths) linked again (see
    `link.relink_notes`); None if one of them cannot be taken that way (then the whole dossier
    is read)."""
    dossier, texts, paths = kept.dossier, dict[EntityId, str](), set(changed)
    made_before_linking = {d.pos.path for d in kept.diagnostics[:kept.linked_from]}
    with progress.stage("reading") as stage, timed("linking notes again"):
        for rel in changed:
            found = Diagnostics()
            kind = KIND_FOLDERS.get(rel.split("/")[0])
            note = load_file(project.content_dir, project.content_dir / rel, kind, found) if kind else None
            entity = dossier.entities.get(EntityId(note.id)) if isinstance(note, RawNote) else None
            if found.items or entity is None or entity.kind != kind or rel in made_before_linking:
                return None
            texts[entity.id] = note.text  # type: ignore[union-attr]
        diagnostics = Diagnostics()
        diagnostics.extend(d for d in kept.diagnostics if d.pos.path not in paths)
        relinked = relink_notes(dossier, texts, diagnostics, kept.resolver)[0] if texts else dossier
        stage.done(f"kept the model the last run read, {counted(len(texts), 'note')} linked again")
    return replace(kept, dossier=relinked, diagnostics=tuple(diagnostics.items))

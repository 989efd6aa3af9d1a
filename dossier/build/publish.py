"""Publish: `site/` built and published in one atomic step, or left as it is when nothing changed.

The check that nothing changed is the whole of a run most of the time an editor builds, so
this module imports only the planner: the renderer (`site`) is imported once a build is due.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..cache.planner import Planner
from ..core.diagnostics import Diagnostic, passing
from ..core.progress import SILENT, Progress
from ..core.project import Project
from ..core.timings import timed
from ..write.atomic import replacing_folder


@dataclass(frozen=True)
class Written:
    paths: list[str]
    warnings: list[Diagnostic]
    changed: bool = True
    """False when nothing had changed, so nothing was written."""


def build_site(project: Project, jobs: int | None = None, strict: bool = False,
               progress: Progress = SILENT, planner: Planner | None = None) -> Written:
    """Build and publish `site/` in one atomic step; nothing at all if the `planner` finds the
    site the last build's from the same inputs, untouched since (see `cache.planner`). Without
    a planner, one that remembers nothing: everything is built."""
    if planner is None:
        planner = Planner.forgetful(project)
    with timed("looking for a change to the site"):
        unchanged = planner.site_unchanged()
    if unchanged is not None:
        replayed = planner.replay()
        if replayed is not None:
            return Written(unchanged, passing(replayed.diagnostics, project.ignore, strict), changed=False)
    from .site import build_into  # the renderer and every stage: only once a build is due
    with replacing_folder(project.site_dir) as folder:
        return build_into(project, folder, planner, jobs, strict, progress)

#!/usr/bin/env python3
"""The dossier command line: validate, build, bundle, serve, new.

Exit codes: 0 success, 1 content errors (each printed with file and line; with
--strict, warnings too), 2 usage errors (bad arguments, no project), 3 the output
could not be written.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dossier.cli import main  # noqa: E402
from dossier.parallel import exit_now  # noqa: E402

if __name__ == "__main__":
    # Every file is written and closed when main returns; exiting at once skips freeing
    # the model object by object (see dossier.parallel).
    exit_now(main(sys.argv[1:]))

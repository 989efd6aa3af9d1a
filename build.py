#!/usr/bin/env python3
"""The dossier command line: validate, build, bundle, release, serve, new.

Exit codes: 0 success, 1 content errors (each printed with file and line; with
--strict, warnings too), 2 usage errors (bad arguments, no project), 3 the output
could not be written, 130 interrupted.
"""

from __future__ import annotations

import os  # os and sys are loaded with the interpreter: importing them cannot be interrupted
import sys

sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))


def run(argv: list[str]) -> int:
    """The command; Ctrl-C before it has started, while modules still load, is a quiet exit too."""
    try:
        from dossier.cli import main
        return main(argv)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    code = run(sys.argv[1:])
    sys.stdout.flush()
    sys.stderr.flush()
    # Every file is written and closed by now; exiting at once skips freeing the model
    # object by object (as dossier.core.parallel.exit_now does; that module may never have
    # been imported if Ctrl-C came during start-up).
    os._exit(code)

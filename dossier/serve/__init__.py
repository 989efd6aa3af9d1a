"""Serve: the live preview, an adapter over the engine.

`server` watches the project and serves the site with live reload; `rebuilder` rebuilds
what an edit touches; `handler` answers the browser; `preview` decorates pages on their way
to it (never on disk) with the reload script and the problems of the last rebuild (`assets/`).
"""

"""Serve: the live preview, an adapter over the engine.

`server` watches the project, rebuilds what an edit touches and serves the site with live
reload; `preview` decorates pages on their way to the browser (never on disk) with the
reload script and the problems of the last rebuild (`assets/`).
"""

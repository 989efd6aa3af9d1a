"""Build: the one orchestrator that runs the stages in order for every command.

`site` reads, validates, links, checks, renders, exports, checks links and publishes
(`build_site`, `check_project`, `export_data`); `notecheck` checks the links a note makes
into the site against the pages the theme draws; `bundle` makes the offline bundle from a
built site.
"""

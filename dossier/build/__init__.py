"""Build: the one orchestrator that runs the stages in order for every command.

`read` reads, validates, links and checks, or takes the model a run kept (`check_project`);
`site` renders, exports, checks links and publishes (`build_site`, `export_data`);
`notecheck` checks the links a note makes into the site against the pages the theme draws;
`bundle` makes the offline bundle from a built site.
"""

"""Core: what every stage shares and none owns.

The record kinds (`kinds`) and the record format (`schema`), the typed model (`model`),
dates (`dates`), names and URLs (`names`, `urls`), refused characters (`characters`),
diagnostics and their codes (`diagnostics`, `codes`), the project's settings (`project`),
file stamps (`filestamps`), safe Markdown (`markup`), forked workers (`parallel`) and the
progress line (`progress`). Core imports nothing of the stages.
"""

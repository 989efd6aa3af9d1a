"""Cache: what runs remember, beside the pipeline and never inside a stage.

`store` is the SQLite database of parsed files, run diagnostics and page records
(`open_store`; a `NullStore` that remembers nothing when caching is off); `planner` answers,
for every command, what is out of date and what must be redone; `pagereads` tells an
out-of-date page from what it read of the dossier when it was drawn; `inputs` fingerprints
what a run reads; `parsedjson` stores parsed files as plain data; `folder` makes and opens
the cache folder's files without following what may be planted there.
"""

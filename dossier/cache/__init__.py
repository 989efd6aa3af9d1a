"""Cache: what runs remember, beside the pipeline and never inside a stage.

`store` is the SQLite database of parsed files, run diagnostics and page digests
(`open_cache`); `builds` plans a build from it: what is unchanged, which pages are kept;
`inputs` fingerprints what a build reads; `parsedjson` stores parsed files as plain data;
`pageinputs` digests what each page reads; `folder` makes and opens the cache folder's
files without following what may be planted there.
"""

"""Build-speed benchmarks: how fast dossier builds a site compared with MkDocs and Hugo."""

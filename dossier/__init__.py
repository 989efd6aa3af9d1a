"""dossier: a static site generator for curated intelligence dossiers.

The pipeline runs one way: load -> validate -> link -> render -> write.
Importing this package never imports MkDocs; only `dossier.mkdocs_plugin` does.
"""

__version__ = "0.1.0"

"""Load: the content folder read into raw records and notes, every value with its file and line.

`files` walks the folder and composes YAML by hand (`yamlguard` refuses what a record never
needs); `notetext` reads a Markdown note. The stage function is `load_content`.
"""

from .files import LoadedContent, load_content

__all__ = ["LoadedContent", "load_content"]

"""Lines: a large text file's bytes made from its lines, a few thousand at a time; JSON text that stays on its line.

A file is handed on as the chunks of its encoded lines (`Chunks`), which the caller writes
as they come: at 10,000 entities the statements table is 150 MB, and a file made whole
would be held whole, beside the model, at the build's peak of memory. Every JSON of the
output (data files, search index, JSON-LD) is made by `json_text`, which keeps U+2028 and
U+2029 escaped.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

BATCH = 4096

Chunks = Iterator[bytes]
"""A file's bytes, in order, made as they are asked for."""


def encoded_lines(lines: Iterable[str]) -> Chunks:
    """The lines, each ended by '\\n', as UTF-8, `BATCH` lines a chunk."""
    batch: list[str] = []
    for line in lines:
        batch.append(line)
        if len(batch) == BATCH:
            yield ("\n".join(batch) + "\n").encode("utf-8")
            batch = []
    if batch:
        yield ("\n".join(batch) + "\n").encode("utf-8")


_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
"""What `json.dumps` with these settings makes a new one of at each call (a data file's line each)."""
_C_ENCODER = getattr(json.encoder, "c_make_encoder", None)
_ENCODE = (None if _C_ENCODER is None else
           _C_ENCODER(None, _COMPACT.default, json.encoder.encode_basestring, None, ":", ",", False, False, True))
"""The C encoder `_COMPACT.encode` makes anew at each call (its settings, without the check for circular
references, which the engine's data never has), made once: a quarter quicker for a line of a data file."""
_LINE_SEPARATORS = (("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def json_text(data: Any, indent: int | None = None) -> str:
    """JSON with the text as it is (not escaped to ASCII), but for U+2028 LINE SEPARATOR and U+2029
    PARAGRAPH SEPARATOR, escaped: Unicode-aware line splitters (Python's `str.splitlines`, editors,
    JavaScript before ES2019) take them for line breaks, so a JSON-lines file would read as more
    lines than it has, and a line cut in two does not parse. Compact unless `indent` is given."""
    if indent is not None:
        text = json.dumps(data, ensure_ascii=False, indent=indent)
    elif _ENCODE is not None and not isinstance(data, str):
        text = "".join(_ENCODE(data, 0))
    else:
        text = _COMPACT.encode(data)
    for char, escaped in _LINE_SEPARATORS:  # str.replace: several times faster than str.translate
        if char in text:
            text = text.replace(char, escaped)
    return text

"""Validate: raw records checked against the schema and made into typed records.

`stage` runs it (`validate_content`); `records` and `values` check fields and values,
`citations` splits a source into sentences and finds quotes in it, `quotecheck` and
`support` check that a quote carries its value. Every problem is collected; none stops
the others.
"""

from .stage import ValidContent, validate_content

__all__ = ["ValidContent", "validate_content"]

"""The README documents every error code, record field and relation type the engine knows."""

import re

import pytest

from dossier import schema
from tests.helpers import ROOT

README = (ROOT / "README.md").read_text()
CODES = sorted(set(re.findall(r'"((?:load|yaml|id|field|type|url|text|ref|relation|date|cite|fact|note|wikilink|'
                              r'check|link|template|grade)\.[a-z-]+)"',
                              "".join(p.read_text() for p in (ROOT / "dossier").glob("*.py")))))


def test_codes_were_found():
    assert len(CODES) > 40


@pytest.mark.parametrize("code", CODES)
def test_every_error_code_is_documented(code):
    assert f"`{code}`" in README


FIELDS = sorted({spec.key for specs in schema.KIND_FIELDS.values() for spec in specs}
                | set(schema.ENTITY_KEYS) | set(schema.SOURCE_KEYS) | set(schema.EVENT_KEYS)
                | set(schema.FACT_KEYS) | set(schema.OCCURRENCE_KEYS) | set(schema.RELATION_KEYS)
                | set(schema.QUOTE_KEYS) | set(schema.DATE_KEYS) | set(schema.SETTINGS_KEYS)
                | set(schema.CITATION_KEYS) | set(schema.GRADE_KEYS))


@pytest.mark.parametrize("field", FIELDS)
def test_every_record_field_is_documented(field):
    assert f"`{field}`" in README


@pytest.mark.parametrize("relation", sorted(schema.RELATION_TYPES))
def test_every_relation_type_is_documented(relation):
    assert f"`{relation}`" in README

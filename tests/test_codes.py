"""The registry of diagnostic codes: a diagnostic needs a registered code at its severity, and a
project's ignore list names warning codes only."""

from __future__ import annotations

import pytest

from dossier.core.codes import CODES, WARNING_CODES, UnregisteredCode, ignored_codes
from dossier.core.diagnostics import Diagnostic, Diagnostics, Pos


def test_a_registered_code_at_its_severity_is_collected():
    diagnostics = Diagnostics()
    diagnostics.error(Pos("people/a.yml", 3, 5), "ref.unknown-entity", "unknown person 'b'")
    diagnostics.warning(Pos("people/a.yml", 1), "check.unlinked", "nothing links to person 'a'")
    assert [d.code for d in diagnostics.errors] == ["ref.unknown-entity"]
    assert [d.code for d in diagnostics.warnings] == ["check.unlinked"]


def test_an_unregistered_code_is_refused():
    with pytest.raises(UnregisteredCode, match="'ref.unknown-entiy' is not registered"):
        Diagnostics().error(Pos("people/a.yml"), "ref.unknown-entiy", "unknown person 'b'")


def test_a_code_at_the_wrong_severity_is_refused():
    with pytest.raises(UnregisteredCode, match="'check.unlinked' is registered as warning, used as error"):
        Diagnostics().error(Pos("people/a.yml"), "check.unlinked", "nothing links to person 'a'")
    with pytest.raises(UnregisteredCode, match="'yaml.syntax' is registered as error, used as warning"):
        Diagnostics().warning(Pos("people/a.yml"), "yaml.syntax", "invalid YAML")


def test_a_diagnostic_made_directly_is_checked_too():
    with pytest.raises(UnregisteredCode):
        Diagnostic(Pos("site/index.html"), "error", "broken link 'x'", "link.brokn")


def test_the_warning_codes_are_the_registered_warnings():
    assert WARNING_CODES == {name for name, code in CODES.items() if code.severity == "warning"}
    assert {"check.sources-differ", "check.unlinked", "text.mixed-script", "cite.unsupported-date"} <= WARNING_CODES
    assert all(CODES[code].severity == "warning" for code in WARNING_CODES)


def test_an_ignore_list_of_warning_codes_is_read():
    assert ignored_codes(["check.unlinked", "text.mixed-script"]) == {"check.unlinked", "text.mixed-script"}
    assert ignored_codes(None) == frozenset() and ignored_codes([]) == frozenset()


def test_an_unknown_code_in_the_ignore_list_suggests_the_close_one():
    with pytest.raises(ValueError, match=r"unknown code 'check.unlinkd'\. Did you mean 'check.unlinked'\?"):
        ignored_codes(["check.unlinkd"])


def test_an_error_code_cannot_be_ignored():
    with pytest.raises(ValueError, match="'link.broken' is an error, and errors cannot be ignored; warnings are: "
                                         + ", ".join(sorted(WARNING_CODES))):
        ignored_codes(["link.broken"])


@pytest.mark.parametrize("value", ["check.unlinked", {"check.unlinked": True}, [["check.unlinked"]], [3]])
def test_an_ignore_list_that_is_not_a_list_of_codes_is_refused(value):
    with pytest.raises(ValueError, match="expected a list of warning codes"):
        ignored_codes(value)

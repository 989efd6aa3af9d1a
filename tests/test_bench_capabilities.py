"""The capability table of `make bench` times functions by their names in the engine's modules:
each name must still be there, or the benchmark stops with an AttributeError after minutes of
building."""

from benchmarks.capabilities import LINES, STAGES, Meter


def test_every_timed_function_is_where_the_table_says():
    meter = Meter()
    with meter.installed():
        assert len(meter._undo) == len(LINES) + len(STAGES) + 1


def test_the_timers_are_taken_off_again():
    import dossier.build.read as read

    original = read.check_dossier
    with Meter().installed():
        assert read.check_dossier is not original
    assert read.check_dossier is original


def test_a_build_is_measured_line_by_line(minimal_project):
    from benchmarks.capabilities import measure

    found = measure(minimal_project)
    assert found["total"] > 0
    assert found["render: templates of profiles"] > 0
    assert found["bundle: zip"] > 0
    assert (minimal_project / "site" / "index.html").is_file()

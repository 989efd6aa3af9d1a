"""Alias bombs as text, for files the tests write themselves (mkdocs.yml)."""

LEVELS = 9
BOMB_CONFIG = "site_name: lol\nl0: &l0 [" + ", ".join(['"lol"'] * 10) + "]\n" + "".join(
    f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 10) + "]\n" for n in range(1, LEVELS)) + f"docs_dir: *l{LEVELS - 1}\n"
"""10**9 strings if expanded; str() of it would never finish."""

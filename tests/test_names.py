"""Folding names: the fast path for ASCII text gives what the general path gives."""

from __future__ import annotations

import random
import string

import pytest

from dossier.core.names import fold, fold_any


@pytest.mark.parametrize("text, folded", [
    ("Yo'ldosh", "yoldosh"),
    ("Yoʻldosh", "yoldosh"),
    ("Abu_Dher  al-Barmi!", "abu dher al barmi"),
    ("  FIve  Ｆｕｌｌ-width ", "five full width"),
    ("", ""),
])
def test_names_fold_the_way_readers_type_them(text, folded):
    assert fold(text) == folded


def test_the_ascii_fast_path_agrees_with_the_general_path():
    chars = [chr(code) for code in range(128)]
    rng = random.Random(7)
    samples = ["".join(rng.choice(chars) for _ in range(rng.randint(0, 40))) for _ in range(20_000)]
    samples += [string.printable, string.punctuation + string.whitespace]
    assert [fold(t) for t in samples] == [fold_any(t) for t in samples]

"""Grading: the editor's NATO/Admiralty grades as pages show them.

A fact is shown with the reliability of the sources it cites (A to F) and its own
credibility (1 to 6), run together as analysts write them: "B2" is a usually
reliable source and a probably true fact. Grades are optional; a dossier with none
shows none, and has no legend page.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ..core.model import Citation, Dossier, Grade
from ..core.schema import CREDIBILITY, RELIABILITY

LEGEND = "grades.html"


@dataclass(frozen=True, slots=True)
class GradeView:
    """'B2', what it means in words, and the editor's reasons for it."""

    text: str
    meaning: str
    reasons: str


def grade_view(dossier: Dossier, credibility: Grade | None, cites: Iterable[Citation]) -> GradeView | None:
    """The grade beside a fact: its cited sources' reliability, then its credibility; None if ungraded."""
    graded = {c.source: dossier.sources[c.source].reliability for c in cites}
    reliability = sorted({g.grade: g for g in graded.values() if g}.items())
    if not reliability and credibility is None:
        return None
    meaning = [f"source {grade}: {RELIABILITY[grade]}" for grade, _ in reliability]
    reasons = [f"{grade}: {g.reason}" for grade, g in reliability]
    if credibility is not None:
        meaning.append(f"fact {credibility.grade}: {CREDIBILITY[credibility.grade]}")
        reasons.append(f"{credibility.grade}: {credibility.reason}")
    text = "".join(grade for grade, _ in reliability) + (credibility.grade if credibility else "")
    return GradeView(text, "; ".join(meaning), " ".join(reasons))


def reliability_view(reliability: Grade | None) -> dict[str, str] | None:
    """A source's own grade as its page shows it: the letter, what it means, the editor's reason."""
    if reliability is None:
        return None
    return {"grade": reliability.grade, "meaning": RELIABILITY[reliability.grade], "reason": reliability.reason}


def has_grades(dossier: Dossier) -> bool:
    """Whether any source or fact is graded (then the site has a legend page)."""
    if any(s.reliability for s in dossier.sources.values()) or any(e.credibility for e in dossier.events):
        return True
    for entity in dossier.entities.values():
        facts = [f for facts in (entity.summary, entity.aliases, *(f for _, f in entity.fields)) for f in facts]
        if any(f.credibility for f in facts) or any(r.credibility for r in entity.relations):
            return True
    return False


def grade_summary(dossier: Dossier, cites: Iterable[Citation], credibilities: Iterable[Grade | None]) -> list[str]:
    """How much of a page rests on each grade: its citations by source reliability, its facts by
    credibility; [] when nothing on the page is graded."""
    reliability = Counter(g.grade if (g := dossier.sources[c.source].reliability) else "" for c in cites)
    credibility = Counter(g.grade if g else "" for g in credibilities)
    if set(reliability) <= {""} and set(credibility) <= {""}:
        return []
    lines = []
    for counts, noun, scale in ((reliability, "citation", RELIABILITY), (credibility, "fact", CREDIBILITY)):
        parts = [f"{counts[grade]} graded {grade} ({words})" for grade, words in scale.items() if counts[grade]]
        if counts[""]:
            parts.append(f"{counts['']} ungraded")
        if parts:
            lines.append(f"{noun.capitalize()}s: " + ", ".join(parts))
    return lines

"""Statistics for small areas: indicators, Wilson intervals, disclosure control, panel change.

Pure functions over counts; the database work is in ``services.reports``.

Disclosure rules (applied once, in the summary, so every rendering shows the same cells):

1. A cell from fewer than ``MIN_CELL`` (10) respondents is suppressed: ``"suppressed": true``
   and null share and interval (its ``n`` stays, so readers see why).
2. Gender: the published total is woman + man + the rest (gender "prefer not to say" or
   unknown; the rest is never a cell of its own). Woman and man cells are shown only when
   both have at least 10 respondents and the rest is empty or has at least 10; otherwise
   both are suppressed, because total − man would reveal women (or the rest) by subtraction.
3. Time: a rolling 4-week cell is the sum of its four weeks, so a hidden week (1–9
   respondents) could be recovered by subtracting the shown weeks or a neighbouring
   window. A rolling cell is shown only when it has at least 10 respondents and its four
   weeks are either all "known" (0 or ≥ 10 respondents: shown or empty) or all hidden
   (1–9 each). Overlapping windows over a run of hidden weeks then never pin down one week.
   The rule looks only at the window's own weeks, so every summary makes the same choice.
4. Panel counts use the same rule over the weeks in which the later waves were completed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

MIN_CELL = 10
Z_95 = 1.96
ROLLING_WEEKS = 4
GENDER_CODES = {"woman": 1, "man": 2}  # 3 = prefer not to say; never a cell of its own


@dataclass(frozen=True)
class Indicator:
    """A yes/no indicator from one poll question: positive codes over valid codes."""

    name: str
    question_id: str
    positive_codes: tuple[int, ...]
    valid_codes: tuple[int, ...]
    label_en: str
    rule_en: str


INDICATORS: dict[str, Indicator] = {
    ind.name: ind
    for ind in (
        Indicator(
            "trust",
            "trust_police",
            (1, 2),
            (1, 2, 3, 4),
            "Trust the police a great deal or quite a lot",
            "share of codes 1-2 of trust_police among answers 1-4",
        ),
        Indicator(
            "safe",
            "safe_after_dark",
            (1, 2),
            (1, 2, 3, 4),
            "Feel very or fairly safe walking alone after dark",
            "share of codes 1-2 of safe_after_dark among answers 1-4; "
            "code 5 (never go out alone at night) is left out",
        ),
        Indicator(
            "respect",
            "police_respect",
            (1, 2),
            (1, 2, 3, 4),
            "Police treat people with respect very often or often",
            "share of codes 1-2 of police_respect among answers 1-4",
        ),
        Indicator(
            "would_report",
            "report_crime",
            (1, 2),
            (1, 2, 3, 4),
            "Very or fairly likely to report a crime to the station",
            "share of codes 1-2 of report_crime among answers 1-4",
        ),
        Indicator(
            "women_access",
            "women_access",
            (1,),
            (1, 2, 3),
            "A woman of the family could go to the station alone",
            "share of code 1 of women_access among answers 1-3",
        ),
    )
}
QUESTION_INDICATOR = {ind.question_id: ind for ind in INDICATORS.values()}


@dataclass(frozen=True)
class Tally:
    """Positive answers out of valid answers for one indicator in one cell."""

    successes: int = 0
    n: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.successes + other.successes, self.n + other.n)

    def __sub__(self, other: Tally) -> Tally:
        return Tally(self.successes - other.successes, self.n - other.n)


def tally_codes(indicator: Indicator, code_counts: Mapping[int, int]) -> Tally:
    """Tally answer codes (code -> count); codes outside the valid set are left out."""
    n = sum(count for code, count in code_counts.items() if code in indicator.valid_codes)
    yes = sum(count for code, count in code_counts.items() if code in indicator.positive_codes)
    return Tally(yes, n)


def wilson_interval(successes: int, n: int, z: float = Z_95) -> tuple[float, float]:
    """Wilson score interval for a proportion (not Agresti–Coull), clamped to [0, 1]."""
    if n <= 0 or not 0 <= successes <= n:
        raise ValueError("wilson_interval needs 0 <= successes <= n and n > 0")
    p = successes / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator
    # At 0 or n successes the bound is exactly 0 or 1; say so instead of rounding noise.
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return low, high


def cell(tally: Tally, *, publish: bool = True) -> dict[str, Any]:
    """The CELL of the summary JSON; suppressed below MIN_CELL or when told not to publish."""
    if tally.n < MIN_CELL or not publish:
        return suppressed_cell(tally.n)
    low, high = wilson_interval(tally.successes, tally.n)
    return {
        "n": tally.n,
        "share": round(tally.successes / tally.n, 4),
        "ci_low": round(low, 4),
        "ci_high": round(high, 4),
        "suppressed": False,
    }


def suppressed_cell(n: int) -> dict[str, Any]:
    return {"n": n, "share": None, "ci_low": None, "ci_high": None, "suppressed": True}


def gender_cells(total: Tally, woman: Tally, man: Tally) -> dict[str, dict[str, Any]]:
    """Woman and man cells with complementary suppression against the total (rule 2)."""
    rest = total.n - woman.n - man.n
    publish = woman.n >= MIN_CELL and man.n >= MIN_CELL and (rest == 0 or rest >= MIN_CELL)
    return {"woman": cell(woman, publish=publish), "man": cell(man, publish=publish)}


def window_publishable(weekly_n: Sequence[int]) -> bool:
    """Whether a window's sum may be shown next to its weeks without exposing one (rule 3)."""
    known = [n == 0 or n >= MIN_CELL for n in weekly_n]
    return sum(weekly_n) >= MIN_CELL and (all(known) or not any(known))


def rolling_cells(weekly: Sequence[Tally], weeks: int = ROLLING_WEEKS) -> list[dict[str, Any]]:
    """Rolling cells for each week from index ``weeks - 1`` on (each over itself + 3 before)."""
    cells = []
    for end in range(weeks - 1, len(weekly)):
        window = weekly[end - weeks + 1 : end + 1]
        total = sum(window, Tally())
        cells.append(cell(total, publish=window_publishable([t.n for t in window])))
    return cells


def change(current: dict[str, Any], previous: dict[str, Any], z: float = Z_95) -> dict[str, Any]:
    """Difference of two independent shown shares with Newcombe's hybrid score interval."""
    if current["suppressed"] or previous["suppressed"]:
        return {"difference": None, "ci_low": None, "ci_high": None, "suppressed": True}
    p1, l1, u1 = current["share"], current["ci_low"], current["ci_high"]
    p2, l2, u2 = previous["share"], previous["ci_low"], previous["ci_high"]
    difference = p1 - p2
    return {
        "difference": round(difference, 4),
        "ci_low": round(difference - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), 4),
        "ci_high": round(difference + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2), 4),
        "suppressed": False,
    }


@dataclass(frozen=True)
class PanelCounts:
    """Respondents in both waves: moved to a positive answer (up), away from it (down)."""

    up: int = 0
    down: int = 0
    same: int = 0

    @property
    def n(self) -> int:
        return self.up + self.down + self.same

    def __add__(self, other: PanelCounts) -> PanelCounts:
        return PanelCounts(self.up + other.up, self.down + other.down, self.same + other.same)


def panel_cell(counts: PanelCounts, *, publish: bool = True) -> dict[str, Any]:
    """Panel change for one indicator, with McNemar's exact test; suppressed under MIN_CELL."""
    if counts.n < MIN_CELL or not publish:
        return {
            "n": counts.n,
            "up": None,
            "down": None,
            "same": None,
            "mcnemar_p": None,
            "suppressed": True,
        }
    return {
        "n": counts.n,
        "up": counts.up,
        "down": counts.down,
        "same": counts.same,
        "mcnemar_p": round(mcnemar_exact_p(counts.up, counts.down), 4),
        "suppressed": False,
    }


def mcnemar_exact_p(up: int, down: int) -> float:
    """Two-sided exact McNemar p-value: discordant pairs against Binomial(up + down, 1/2)."""
    discordant = up + down
    if discordant == 0:
        return 1.0
    tail = sum(math.comb(discordant, k) for k in range(min(up, down) + 1)) / 2**discordant
    return min(1.0, 2 * tail)


def panel_move(indicator: Indicator, before: int | None, after: int | None) -> str | None:
    """'up', 'down' or 'same' for one respondent, or None when either wave has no valid answer."""
    if before not in indicator.valid_codes or after not in indicator.valid_codes:
        return None
    was, now = before in indicator.positive_codes, after in indicator.positive_codes
    if was == now:
        return "same"
    return "up" if now else "down"

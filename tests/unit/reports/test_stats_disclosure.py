"""The time rule, checked by linear algebra: no hidden week can be solved for.

Published facts are the shown weekly cells (n = 0 or >= 10) and the shown rolling sums.
A hidden week (1-9 respondents) is exposed if its count is a linear combination of
them, i.e. if its unit vector lies in the row space of the published windows,
restricted to the hidden weeks.
"""

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from feedback_bot.stats import MIN_CELL, ROLLING_WEEKS, Tally, rolling_cells


def hidden(n):
    return 0 < n < MIN_CELL


def solvable_weeks(weekly_n, shown_windows):
    """Indices of hidden weeks whose value the shown windows determine exactly."""
    columns = [i for i, n in enumerate(weekly_n) if hidden(n)]
    rows = []
    for end in shown_windows:
        window = range(end - ROLLING_WEEKS + 1, end + 1)
        row = [Fraction(1 if i in window else 0) for i in columns]
        if any(row):
            rows.append(row)
    # Reduced row echelon form; a row with a single non-zero entry pins that week.
    pivot_row = 0
    for col in range(len(columns)):
        pivot = next((r for r in range(pivot_row, len(rows)) if rows[r][col] != 0), None)
        if pivot is None:
            continue
        rows[pivot_row], rows[pivot] = rows[pivot], rows[pivot_row]
        lead = rows[pivot_row][col]
        rows[pivot_row] = [v / lead for v in rows[pivot_row]]
        for r in range(len(rows)):
            if r != pivot_row and rows[r][col] != 0:
                factor = rows[r][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[pivot_row], strict=True)]
        pivot_row += 1
    return {
        columns[row.index(next(v for v in row if v != 0))]
        for row in rows
        if sum(1 for v in row if v != 0) == 1
    }


def shown_windows(weekly_n):
    cells = rolling_cells([Tally(0, n) for n in weekly_n])
    return [i + ROLLING_WEEKS - 1 for i, c in enumerate(cells) if not c["suppressed"]]


def test_the_checker_finds_the_obvious_leak():
    # Without the rule, the window over 12, 15, 4, 20 gives away the 4.
    assert solvable_weeks([12, 15, 4, 20], [3]) == {2}
    assert solvable_weeks([3, 4, 2, 5], [3]) == set()


@settings(max_examples=400)
@given(
    st.lists(st.one_of(st.just(0), st.integers(1, 9), st.integers(10, 30)), min_size=4, max_size=16)
)
def test_shown_rolling_cells_never_pin_down_a_hidden_week(weekly_n):
    assert solvable_weeks(weekly_n, shown_windows(weekly_n)) == set()

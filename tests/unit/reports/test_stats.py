import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from feedback_bot.stats import (
    INDICATORS,
    PanelCounts,
    Tally,
    cell,
    change,
    gender_cells,
    mcnemar_exact_p,
    panel_cell,
    panel_move,
    rolling_cells,
    tally_codes,
    wilson_interval,
    window_publishable,
)


@pytest.mark.parametrize(
    ("successes", "n", "low", "high"),
    [
        # Newcombe (1998), Statistics in Medicine 17:857-872, Table I, method 3 (score).
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0000, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_matches_published_values(successes, n, low, high):
    got = wilson_interval(successes, n)
    assert got == pytest.approx((low, high), abs=5e-5)


def test_wilson_is_not_agresti_coull():
    # Agresti–Coull for 0/20 gives a negative lower bound before clamping and a higher
    # upper bound (0.1898); Wilson's upper bound is 0.1611.
    assert wilson_interval(0, 20)[1] == pytest.approx(0.1611, abs=5e-5)
    assert wilson_interval(20, 20) == pytest.approx((0.8389, 1.0), abs=5e-5)


def test_wilson_rejects_impossible_counts():
    for successes, n in [(0, 0), (5, 4), (-1, 3)]:
        with pytest.raises(ValueError):
            wilson_interval(successes, n)


@given(
    st.integers(min_value=1, max_value=5000).flatmap(
        lambda n: st.tuples(st.integers(min_value=0, max_value=n), st.just(n))
    )
)
def test_wilson_contains_the_share_and_stays_in_unit_interval(pair):
    successes, n = pair
    low, high = wilson_interval(successes, n)
    assert 0.0 <= low <= successes / n <= high <= 1.0


def test_indicator_rules_follow_the_codebook():
    assert {
        name: (i.question_id, i.positive_codes, i.valid_codes) for name, i in INDICATORS.items()
    } == {
        "trust": ("trust_police", (1, 2), (1, 2, 3, 4)),
        "safe": ("safe_after_dark", (1, 2), (1, 2, 3, 4)),
        "respect": ("police_respect", (1, 2), (1, 2, 3, 4)),
        "would_report": ("report_crime", (1, 2), (1, 2, 3, 4)),
        "women_access": ("women_access", (1,), (1, 2, 3)),
    }


def test_safe_leaves_never_go_out_alone_out_of_the_denominator():
    counts = {1: 3, 2: 4, 3: 2, 4: 1, 5: 6}
    assert tally_codes(INDICATORS["safe"], counts) == Tally(7, 10)
    assert tally_codes(INDICATORS["women_access"], {1: 4, 2: 3, 3: 3, 4: 9}) == Tally(4, 10)


def test_twelve_respondents_nine_trusting():
    got = cell(Tally(9, 12))
    assert got == {
        "n": 12,
        "share": 0.75,
        "ci_low": 0.4677,
        "ci_high": 0.9111,
        "suppressed": False,
    }


def test_cells_under_ten_are_suppressed_with_nulls():
    assert cell(Tally(9, 9)) == {
        "n": 9,
        "share": None,
        "ci_low": None,
        "ci_high": None,
        "suppressed": True,
    }
    assert cell(Tally(9, 10))["share"] == 0.9
    assert cell(Tally(9, 10), publish=False)["suppressed"] is True


def test_gender_complementary_suppression():
    # Women 8 (hidden) and men 14: showing men next to the total 22 would reveal women.
    cells = gender_cells(Tally(15, 22), Tally(5, 8), Tally(10, 14))
    assert cells["woman"]["suppressed"] and cells["man"]["suppressed"]
    assert cells["man"]["share"] is None
    both = gender_cells(Tally(20, 25), Tally(8, 11), Tally(12, 14))
    assert not both["woman"]["suppressed"] and both["man"]["share"] == round(12 / 14, 4)


def test_prefer_not_to_say_is_protected_from_subtraction():
    # 11 women + 11 men + 3 "prefer not to say": total − women − men would expose the 3.
    cells = gender_cells(Tally(20, 25), Tally(8, 11), Tally(9, 11))
    assert cells["woman"]["suppressed"] and cells["man"]["suppressed"]
    # With 10 or more in the rest, the rest is a safe cell of its own.
    cells = gender_cells(Tally(25, 32), Tally(8, 11), Tally(9, 11))
    assert not cells["woman"]["suppressed"] and not cells["man"]["suppressed"]


def test_window_rule_blocks_recovery_of_a_hidden_week():
    assert window_publishable([12, 15, 11, 20])
    assert window_publishable([0, 15, 0, 20])
    assert window_publishable([3, 4, 2, 5])
    assert not window_publishable([2, 3, 1, 3])  # only 9 in all
    # One hidden week beside shown weeks: sum minus shown weeks = the hidden week.
    assert not window_publishable([12, 15, 4, 20])
    assert not window_publishable([0, 3, 4, 5])


def test_rolling_cells_sum_four_weeks():
    weekly = [Tally(2, 3), Tally(3, 4), Tally(1, 2), Tally(4, 5), Tally(6, 12)]
    cells = rolling_cells(weekly)
    assert len(cells) == 2
    assert cells[0]["n"] == 14 and cells[0]["share"] == round(10 / 14, 4)
    assert cells[1]["suppressed"]  # mixes hidden weeks with a shown one (12)


def test_change_uses_newcombe_hybrid_score_interval():
    # Newcombe (1998) Table II example: 56/70 - 48/80, method 10: 0.0524 to 0.3339.
    got = change(cell(Tally(56, 70)), cell(Tally(48, 80)))
    assert got["difference"] == pytest.approx(0.2, abs=1e-4)
    assert got["ci_low"] == pytest.approx(0.0524, abs=2e-4)
    assert got["ci_high"] == pytest.approx(0.3339, abs=2e-4)
    assert change(cell(Tally(5, 9)), cell(Tally(48, 80)))["difference"] is None


def test_panel_moves_and_mcnemar():
    trust = INDICATORS["trust"]
    assert panel_move(trust, 3, 1) == "up"
    assert panel_move(trust, 2, 4) == "down"
    assert panel_move(trust, 1, 2) == "same"
    assert panel_move(trust, 1, None) is None
    assert panel_move(INDICATORS["safe"], 5, 1) is None
    # Exact two-sided McNemar: 1 vs 9 discordant -> 2 * P(X <= 1 | 10, 1/2) = 22/1024.
    assert mcnemar_exact_p(9, 1) == pytest.approx(22 / 1024)
    assert mcnemar_exact_p(0, 0) == 1.0
    assert mcnemar_exact_p(5, 5) == 1.0
    shown = panel_cell(PanelCounts(up=9, down=1, same=2))
    assert shown == {
        "n": 12,
        "up": 9,
        "down": 1,
        "same": 2,
        "mcnemar_p": round(22 / 1024, 4),
        "suppressed": False,
    }
    hidden = panel_cell(PanelCounts(up=5, down=1, same=3))
    assert hidden["suppressed"] and hidden["up"] is None and hidden["n"] == 9


def test_mcnemar_is_symmetric_and_bounded():
    for up in range(12):
        for down in range(12):
            p = mcnemar_exact_p(up, down)
            assert p == mcnemar_exact_p(down, up)
            assert 0.0 < p <= 1.0 and not math.isnan(p)
